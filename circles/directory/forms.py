from django import forms
from django.utils.translation import gettext_lazy as _

from circles.directory.models import DirectorySettings

MONTHS = _("Please give a whole number of months from 1 to 36.")


class DirectorySettingsForm(forms.ModelForm):
    class Meta:
        model = DirectorySettings
        fields = ["publish_to_everyone", "check_every_months"]
        widgets = {"check_every_months": forms.NumberInput(attrs={"min": 1, "max": 36})}
        error_messages = {
            "check_every_months": {
                "required": MONTHS,
                "invalid": MONTHS,
                "min_value": MONTHS,
                "max_value": MONTHS,
            }
        }
