import zoneinfo
from typing import Any

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from circles.accounts.models import (
    ACCESS_FEATURES,
    CrisisLine,
    Membership,
    Organization,
    Role,
    User,
)


def timezone_choices() -> list[tuple[str, str]]:
    return [(zone, zone.replace("_", " ")) for zone in sorted(zoneinfo.available_timezones())]


class OrganizationSettingsForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    timezone = forms.ChoiceField(
        label=_("timezone"),
        choices=timezone_choices,
        help_text=_("Meeting times are shown in this timezone."),
    )

    class Meta:
        model = Organization
        fields = [
            "name",
            "about",
            "contact_phone",
            "contact_email",
            "website",
            "timezone",
            "language",
            "require_staff_mfa",
            "staff_idle_minutes",
        ]
        widgets = {"about": forms.Textarea(attrs={"rows": 3})}

    def clean_staff_idle_minutes(self) -> int:
        minutes = self.cleaned_data["staff_idle_minutes"]
        if not 5 <= minutes <= 720:
            raise forms.ValidationError(_("Please choose between 5 and 720 minutes."))
        return minutes


class CrisisLineForm(forms.ModelForm):
    class Meta:
        model = CrisisLine
        fields = ["name", "way", "contact", "hours", "description", "position"]
        labels = {"position": _("order on the page (smaller comes first)")}


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Their email address"))
    role = forms.ChoiceField(label=_("Their role"), choices=Role.choices, initial=Role.PARTICIPANT)

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        self.organization = organization
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if Membership.objects.for_org(self.organization).filter(user__email__iexact=email).exists():
            raise forms.ValidationError(
                _("This person already has a membership here. You can change it in the list.")
            )
        return email


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class JoinForm(forms.Form):
    """A new person accepting an invitation chooses a name and a password."""

    preferred_name = forms.CharField(
        label=_("What should we call you?"),
        max_length=100,
        required=False,
        help_text=_("A first name is enough. You can leave it empty."),
    )
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "At least 10 characters. A few words you will remember make a strong password."
        ),
    )
    password2 = forms.CharField(
        label=_("Type the password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords are not the same. Please try again."))
        elif p1:
            try:
                password_validation.validate_password(p1, User(email=self.email))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ProfileForm(forms.ModelForm):
    # Only the languages Circles is offered in (a complete catalogue), not every one it knows.
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    access_needs = forms.MultipleChoiceField(
        label=_("What you need at a venue"),
        choices=ACCESS_FEATURES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Tick anything you need so you can come to a group. If a group you belong to "
            "meets somewhere that lacks it, its facilitators see that someone in the group "
            "needs it, never who."
        ),
    )

    class Meta:
        model = User
        fields = [
            "preferred_name",
            "pronouns",
            "language",
            "access_notes",
            "access_needs",
            "email_about_groups",
        ]
        widgets = {"access_notes": forms.Textarea(attrs={"rows": 4})}

    def clean_access_needs(self) -> list[str]:
        chosen = set(self.cleaned_data["access_needs"])
        return [key for key, _label in ACCESS_FEATURES if key in chosen]


class LoginForm(AllauthLoginForm):
    """allauth's sign-in form, with the reset link moved out of the password's help text."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = ""
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["password"].widget.attrs.pop("placeholder", None)
