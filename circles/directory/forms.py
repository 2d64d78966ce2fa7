from django import forms

from circles.directory.models import DirectorySettings


class DirectorySettingsForm(forms.ModelForm):
    class Meta:
        model = DirectorySettings
        fields = ["publish_to_everyone", "check_every_months"]
        widgets = {"check_every_months": forms.NumberInput(attrs={"min": 1, "max": 36})}
