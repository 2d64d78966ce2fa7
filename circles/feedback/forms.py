"""Forms for the public side of feedback: raising a concern and following it up.

Nothing here reads anything from the signed-in person except which groups to
offer and whether they are a member (only members see the staff's names; anyone
else chooses a role); the account is never stored with a concern and never
prefills a field.
"""

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from circles.accounts.models import STAFF_ROLES, Membership, Organization, Role, User
from circles.feedback.complaints import today_for
from circles.feedback.models import Complaint
from circles.groups.models import GroupMembership, SupportGroup, Venue
from circles.meetings.models import Meeting

TEXT_MAX = 10_000
SOMEONE_ELSE = "other"
ROLE_PREFIX = "role:"
# The roles someone may raise a concern about, in the words of a person who may
# not know how the organisation names them.
ROLE_CHOICES = (
    (Role.SPECIALIST, gettext_lazy("A peer specialist or group facilitator")),
    (Role.SUPERVISOR, gettext_lazy("A supervisor")),
    (Role.ADMIN, gettext_lazy("Someone who runs the organisation (an admin)")),
)
GONE = gettext_lazy(
    "That choice is no longer on our list. Please choose again, or describe it in your own words."
)


class ComplaintForm(forms.Form):
    about = forms.ChoiceField(
        label=gettext_lazy("What is it about?"),
        choices=Complaint.About.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Please choose what your concern is about."),
            "invalid_choice": gettext_lazy("Please choose what your concern is about."),
        },
    )
    group = forms.ModelChoiceField(
        label=gettext_lazy("Which group?"),
        queryset=SupportGroup.objects.none(),
        required=False,
        empty_label=gettext_lazy("Choose a group"),
        error_messages={"invalid_choice": GONE},
        help_text=gettext_lazy("Only needed if it is about a group or a particular meeting."),
    )
    meeting_date = forms.DateField(
        label=gettext_lazy("The date of the meeting"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy(
            "Only needed if it is about a particular meeting. Choose its group above too."
        ),
        error_messages={
            "invalid": gettext_lazy("Please give the date like 2026-03-17 (year, month, day).")
        },
    )
    person = forms.ChoiceField(
        label=gettext_lazy("Which person?"),
        required=False,
        help_text=gettext_lazy("Only needed if it is about a person in a role here."),
        error_messages={"invalid_choice": GONE},
    )
    venue = forms.ModelChoiceField(
        label=gettext_lazy("Which place?"),
        queryset=Venue.objects.none(),
        required=False,
        empty_label=gettext_lazy("Choose a place"),
        error_messages={"invalid_choice": GONE},
        help_text=gettext_lazy("Only needed if it is about a place where we meet."),
    )
    text = forms.CharField(
        label=gettext_lazy("What happened?"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=TEXT_MAX,
        help_text=gettext_lazy("In your own words. Take the time you need."),
        error_messages={
            "required": gettext_lazy(
                "Please tell us a little about what happened, so we can look into it."
            ),
            "max_length": gettext_lazy(
                "This is longer than we can take in one go (%(limit_value)s characters). "
                "Please shorten it; you can add more later with your receipt code."
            ),
        },
    )
    hoped_for = forms.CharField(
        label=gettext_lazy("What would help put it right? (optional)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_MAX,
        required=False,
    )
    contact = forms.ChoiceField(
        label=gettext_lazy("Would you like us to be able to contact you?"),
        choices=[
            ("no", gettext_lazy("No, keep me anonymous")),
            ("yes", gettext_lazy("Yes, you may contact me")),
        ],
        initial="no",
        widget=forms.RadioSelect,
    )
    contact_name = forms.CharField(
        label=gettext_lazy("Your name (optional)"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Only if you chose “Yes, you may contact me”."),
    )
    contact_way = forms.CharField(
        label=gettext_lazy("Your email or phone number"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Only if you chose “Yes, you may contact me”."),
    )

    def __init__(
        self,
        *args: Any,
        organization: Organization,
        user: User | None = None,
        member: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization
        groups = Q(pk__in=SupportGroup.objects.for_org(organization).public().values("pk"))
        if user is not None and user.is_authenticated:
            mine = GroupMembership.objects.for_org(organization).current().filter(user=user)
            groups |= Q(pk__in=mine.values("group_id")) | Q(facilitators=user)
        self.fields["group"].queryset = (  # type: ignore[attr-defined]
            SupportGroup.objects.for_org(organization)
            .filter(groups, is_archived=False)
            .distinct()
            .order_by("name")
        )
        self.fields["venue"].queryset = Venue.objects.for_org(organization).order_by("name")  # type: ignore[attr-defined]
        roles = [(ROLE_PREFIX + role, label) for role, label in ROLE_CHOICES]
        someone_else = (SOMEONE_ELSE, _("Someone else, I will describe them in my own words"))
        self.people: dict[str, User] = {}
        if not member:
            # Staff names are for the organisation's own members; anyone may name a role.
            self.fields["person"].help_text = _(
                "Only needed if it is about a person in a role here. Choose their role; "
                "you can say who they are in your own words below."
            )
            self.fields["person"].choices = [  # type: ignore[attr-defined]
                ("", _("Choose their role")),
                *roles,
                someone_else,
            ]
            return
        staff = (
            Membership.objects.for_org(organization)
            .active()
            .filter(role__in=STAFF_ROLES, user__is_active=True)
            .select_related("user")
            .order_by("user__preferred_name", "user__email")
        )
        self.people = {str(m.user_id): m.user for m in staff}
        self.fields["person"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose a person or their role")),
            (
                _("People here"),
                [
                    (str(m.user_id), f"{m.user.display_name} ({m.get_role_display()})")
                    for m in staff
                ],
            ),
            (_("Or their role"), roles),
            someone_else,
        ]

    def clean_meeting_date(self) -> date | None:
        when: date | None = self.cleaned_data.get("meeting_date")
        if when is not None and when > today_for(self.organization):
            raise forms.ValidationError(
                _("That date is still to come. Please choose the day the meeting took place.")
            )
        return when

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        about = data.get("about")
        if about in (Complaint.About.GROUP, Complaint.About.MEETING) and not data.get("group"):
            self.add_error("group", _("Please choose the group this is about."))
        if (
            about == Complaint.About.MEETING
            and not data.get("meeting_date")
            and "meeting_date" not in self.errors
        ):
            self.add_error("meeting_date", _("Please give the date of the meeting."))
        if about == Complaint.About.PERSON and not data.get("person"):
            self.add_error(
                "person",
                _(
                    "Please choose the person or their role, or “Someone else” to describe "
                    "them in your words."
                ),
            )
        if about == Complaint.About.VENUE and not data.get("venue"):
            self.add_error("venue", _("Please choose the place this is about."))
        if data.get("contact") == "yes" and not (data.get("contact_way") or "").strip():
            self.add_error(
                "contact_way",
                _(
                    "Please give an email address or phone number, or choose "
                    "“No, keep me anonymous” above."
                ),
            )
        return data

    def submission(self) -> dict[str, Any]:
        """Keyword arguments for submit_complaint: only what the chosen subject needs."""
        data = self.cleaned_data
        about = data["about"]
        found: dict[str, Any] = {"about": about, "text": data["text"]}
        found["hoped_for"] = data.get("hoped_for") or ""
        if about in (Complaint.About.GROUP, Complaint.About.MEETING):
            found["group"] = data["group"]
        if about == Complaint.About.MEETING:
            found["meeting_date"] = data["meeting_date"]
            found["meeting"] = meeting_on(data["group"], data["meeting_date"], self.organization)
        if about == Complaint.About.PERSON:
            chosen = data["person"]
            if chosen.startswith(ROLE_PREFIX):
                found["about_role"] = chosen.removeprefix(ROLE_PREFIX)
            else:
                found["about_person"] = self.people.get(chosen)
        if about == Complaint.About.VENUE:
            found["venue"] = data["venue"]
        if data.get("contact") == "yes":
            found["contact_name"] = data.get("contact_name") or ""
            found["contact_way"] = data.get("contact_way") or ""
        return found


def meeting_on(group: SupportGroup, day: date, organization: Organization) -> Meeting | None:
    """The group's meeting on that local date, if there was one."""
    zone = ZoneInfo(organization.timezone)
    start = datetime.combine(day, time.min, tzinfo=zone)
    return (
        Meeting.objects.for_org(organization)
        .filter(group=group, starts_at__gte=start, starts_at__lt=start + timedelta(days=1))
        .order_by("starts_at")
        .first()
    )


class LookupForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Your receipt code"),
        max_length=300,
        help_text=gettext_lazy(
            "Twenty letters and numbers. Spaces, dashes and small letters are fine."
        ),
        error_messages={"required": gettext_lazy("Please type the receipt code you were given.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        typed: str = self.cleaned_data["code"]
        # Someone may paste the whole follow-up address instead of the code.
        parts = [part for part in typed.split("/") if part.strip()]
        return parts[-1] if parts else typed


class AddMoreForm(forms.Form):
    more = forms.CharField(
        label=gettext_lazy("What would you like to add?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=TEXT_MAX,
        help_text=gettext_lazy(
            "Anything you would like to add or ask. The people looking into it will see it."
        ),
        error_messages={
            "required": gettext_lazy("Please write what you would like to add, then send it."),
            "max_length": gettext_lazy(
                "This is longer than we can take in one go (%(limit_value)s characters). "
                "Please send it in two parts."
            ),
        },
    )
