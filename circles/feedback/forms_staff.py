"""Forms for the people looking after a concern (supervisors and admins)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from circles.accounts.models import Membership
from circles.feedback.models import Complaint

MESSAGE_MAX = 5000


class MessageForm(forms.Form):
    """A reply the person who raised the concern will see, or a note for colleagues."""

    text = forms.CharField(
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Please write something before sending."),
            "max_length": _("Please keep this under %(limit_value)d characters."),
        },
    )

    def __init__(self, *args: Any, internal: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "note" if internal else "reply")
        super().__init__(*args, **kwargs)
        self.fields["text"].label = (
            _("Your note for colleagues") if internal else _("Your reply to them")
        )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Please write something before sending."))
        return text


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("It is now"),
        choices=Complaint.Status.choices,
        error_messages={"invalid_choice": _("Please choose one of the options in the list.")},
    )


class AssignForm(forms.Form):
    handler = forms.TypedChoiceField(
        label=_("Pass it to"),
        coerce=int,
        error_messages={
            "required": _("Please choose who should look after it."),
            "invalid_choice": _(
                "That person cannot look after this concern (it may be about them or "
                "their group). Please choose someone from the list."
            ),
        },
    )

    def __init__(self, *args: Any, handlers: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.handlers = {m.pk: m for m in handlers}
        self.fields["handler"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose a person")),
            *[(m.pk, f"{m.user.display_name} ({m.get_role_display()})") for m in handlers],
        ]

    def chosen(self) -> Membership:
        return self.handlers[self.cleaned_data["handler"]]
