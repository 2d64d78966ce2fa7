"""The end-of-session sheet: answered on a phone with no account, and the link for the room.

Answering (``feedback_start``, ``feedback_answer``) is public. Nothing that could
point to a person is kept: no session write, no audit event, no log line of our
own. One answer per device is kept with a signed cookie that lists only the
tokens answered on this device, as live polls do; it is a courtesy, not a
guarantee, so answers are also limited per address bucket and per meeting by the
day (circles.lib.ratelimit, see docs/feedback.md). Mistyped codes are limited per
address bucket, with or without cookies.

Those running a meeting (and supervisors and admins) open ``meeting_feedback``
for the link, the code and a QR to show or print; the run-of-show's closing
item and the printable agenda show the same box (the ``feedback_box`` template tag).
"""

from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from circles.accounts.access import org_member
from circles.accounts.models import Membership
from circles.feedback.access import get_link_meeting_for
from circles.feedback.actions import record_response
from circles.feedback.models import (
    QUESTION_COUNT,
    SCORE_MAX,
    SCORE_MIN,
    FeedbackResponse,
    FeedbackSettings,
)
from circles.feedback.sheet import closes_at, meeting_date, opens_at, window_state
from circles.lib import codes, ratelimit
from circles.lib.anonymous import private_page
from circles.lib.qr import qr_svg
from circles.meetings.models import Meeting

# The signed cookie listing the meetings answered on this device (tokens only).
ANSWERED_COOKIE = "circles_feedback_answered"
ANSWERED_SALT = "circles.feedback.answered"
# Longer than the longest window an organisation can set (30 days).
ANSWERED_MAX_AGE = 60 * 60 * 24 * 40
ANSWERED_KEEP = 50
# Unknown codes per address bucket: past 10 in 10 minutes an unknown code is told to wait
# (a right one still works); past 30 no code is looked up at all.
CODE_GUESSES = ratelimit.Limit("feedback-code-guess", allowed=10, window=10 * 60, ceiling=30)
# Answers by the day (the only time an answer carries): from one address bucket, which a
# whole venue's Wi-Fi may share, and for one meeting.
ANSWERS_FROM_ADDRESS = ratelimit.Limit("feedback-answer-address", allowed=60, window=ratelimit.DAY)
ANSWERS_PER_MEETING = ratelimit.Limit("feedback-answer-meeting", allowed=80, window=ratelimit.DAY)
TEXT_MAX = 2000
SCALE = list(range(SCORE_MIN, SCORE_MAX + 1))


class SheetForm(forms.Form):
    """Four numbers from 0 to 10, all needed; two optional short texts."""

    helped = forms.CharField(
        label=gettext_lazy("What helped?"),
        required=False,
        max_length=TEXT_MAX,
        error_messages={
            "max_length": gettext_lazy(
                "Thank you for writing so much. Please keep this to %(limit_value)d "
                "characters (it has %(show_value)d now); everything you wrote is still here."
            )
        },
    )
    better = forms.CharField(
        label=gettext_lazy("What could be better?"),
        required=False,
        max_length=TEXT_MAX,
        error_messages={
            "max_length": gettext_lazy(
                "Thank you for writing so much. Please keep this to %(limit_value)d "
                "characters (it has %(show_value)d now); everything you wrote is still here."
            )
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number in range(1, QUESTION_COUNT + 1):
            self.fields[f"score_{number}"] = forms.TypedChoiceField(
                choices=[(str(n), str(n)) for n in SCALE],
                coerce=int,
                error_messages={
                    "required": gettext_lazy(
                        "Please choose a number for this question, from 0 to 10."
                    ),
                    "invalid_choice": gettext_lazy(
                        "Please choose a number for this question, from 0 to 10."
                    ),
                },
            )

    def scores(self) -> list[int]:
        return [self.cleaned_data[f"score_{n}"] for n in range(1, QUESTION_COUNT + 1)]


def _questions(form: SheetForm, wording: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each question with its wording, what was chosen and its problem, for the template."""
    rows = []
    for number in range(1, QUESTION_COUNT + 1):
        name = f"score_{number}"
        words = wording[number - 1] if number - 1 < len(wording) else {}
        rows.append(
            {
                "number": number,
                "name": name,
                "text": words.get("text", ""),
                "low": words.get("low", ""),
                "high": words.get("high", ""),
                "chosen": str(form[name].value() or "") if form.is_bound else "",
                "errors": form.errors.get(name, []),
            }
        )
    return rows


def answered_tokens(request: HttpRequest) -> set[str]:
    value = request.get_signed_cookie(
        ANSWERED_COOKIE, default="", salt=ANSWERED_SALT, max_age=ANSWERED_MAX_AGE
    )
    return {token for token in str(value).split(",") if token}


def _find_meeting(request: HttpRequest, code: str) -> ratelimit.Guess[int]:
    """The id of the meeting with this code, counted as a guess when there is none."""
    return ratelimit.guess(
        CODE_GUESSES,
        [ratelimit.address_bucket(request)],
        lambda: Meeting.objects.filter(feedback_token=code).values_list("pk", flat=True).first(),
    )


def complaint_url(meeting: Meeting) -> str:
    """Where to raise a concern about this organisation."""
    return f"{reverse('complaint_new')}?{urlencode({'org': meeting.organization.slug})}"


def _start_page(request: HttpRequest, typed: str, problem: str, status: int) -> HttpResponse:
    return render(
        request,
        "feedback/sheet_start.html",
        {"typed": typed, "problem": problem},
        status=status,
    )


@private_page
def feedback_start(request: HttpRequest) -> HttpResponse:
    """Type the code printed under the QR; unknown codes count towards a pause."""
    if request.method != "POST":
        return _start_page(request, "", "", 200)
    typed = request.POST.get("code", "")[:40]
    code = codes.normalise(typed)
    if not code:
        return _start_page(request, typed, _("Please type the code you were given."), 400)
    found = _find_meeting(request, code)
    if found.slow_down:
        problem = _(
            "That is a lot of codes in a short time. Please wait a few minutes and try "
            "again, or ask the person who ran the meeting for the code."
        )
        return _start_page(request, typed, problem, 429)
    if found.found is not None:
        return redirect("feedback_answer", code)
    problem = _(
        "We could not find a meeting with that code. Please check it and try again; "
        "small or capital letters, spaces and dashes all work."
    )
    return _start_page(request, typed, problem, 404)


def _remember(response: HttpResponse, request: HttpRequest, answered: set[str], token: str) -> None:
    kept = [t for t in sorted(answered) if t != token][-(ANSWERED_KEEP - 1) :]
    response.set_signed_cookie(
        ANSWERED_COOKIE,
        ",".join([*kept, token]),
        salt=ANSWERED_SALT,
        max_age=ANSWERED_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


@private_page
def feedback_answer(request: HttpRequest, token: str) -> HttpResponse:
    canonical = codes.normalise(token)
    if canonical != token:
        return redirect("feedback_answer", canonical)
    found = ratelimit.guess(
        CODE_GUESSES,
        [ratelimit.address_bucket(request)],
        lambda: (
            Meeting.objects.select_related("group", "organization")
            .filter(feedback_token=canonical)
            .first()
        ),
    )
    meeting = found.found
    if meeting is None:
        if found.slow_down:
            return redirect("feedback_start")
        problem = _("We could not find a meeting with that code. Please check it and try again.")
        return _start_page(request, canonical, problem, 404)

    answered = answered_tokens(request)
    state = window_state(meeting)
    context: dict[str, Any] = {
        "meeting": meeting,
        "group_name": meeting.group.name,
        "meeting_date": meeting_date(meeting),
        "state": state,
        "complaint_url": complaint_url(meeting),
    }
    if meeting.feedback_token in answered:
        context["state"] = "thanks" if request.GET.get("sent") == "1" else "already"
    elif state == "not_yet":
        zone = ZoneInfo(meeting.organization.timezone)
        context["opens_at"] = timezone.localtime(opens_at(meeting), zone)
    if context["state"] != "open":
        return render(request, "feedback/sheet_answer.html", context)

    settings = FeedbackSettings.of(meeting.organization)
    form = SheetForm(request.POST if request.method == "POST" else None)
    too_many = False
    if request.method == "POST" and form.is_valid():
        too_many = ratelimit.take_all(
            [
                (ANSWERS_FROM_ADDRESS, ratelimit.address_bucket(request)),
                (ANSWERS_PER_MEETING, ratelimit.target("meeting", meeting.pk)),
            ]
        ).refused
    if request.method == "POST" and form.is_valid() and not too_many:
        record_response(
            meeting,
            form.scores(),
            helped=form.cleaned_data["helped"],
            better=form.cleaned_data["better"],
        )
        response = redirect(reverse("feedback_answer", args=[meeting.feedback_token]) + "?sent=1")
        _remember(response, request, answered, meeting.feedback_token)
        return response
    context.update(
        {
            "state": "ask",
            "form": form,
            "questions": _questions(form, settings.questions),
            "scale": SCALE,
            "text_max": TEXT_MAX,
            "too_many": too_many,
        }
    )
    return render(
        request,
        "feedback/sheet_answer.html",
        context,
        status=429 if too_many else 400 if form.errors else 200,
    )


# For the people running a meeting.


def display_code(token: str) -> str:
    """The code in two groups of five, easier to read out and type."""
    return codes.grouped(token, 5, " ")


def feedback_qr(url: str) -> SafeString:
    return qr_svg(
        url, label=_("QR code that opens the feedback sheet for this meeting"), css_class="fb-qr"
    )


def link_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    """The link, code and QR for the feedback box (also the ``feedback_box`` tag's)."""
    url = request.build_absolute_uri(reverse("feedback_answer", args=[meeting.feedback_token]))
    return {
        "feedback_url": url,
        "feedback_start_url": request.build_absolute_uri(reverse("feedback_start")),
        "feedback_code": display_code(meeting.feedback_token),
        "feedback_qr": feedback_qr(url),
    }


@org_member()
def meeting_feedback(request: HttpRequest, membership: Membership, meeting_id: int) -> HttpResponse:
    meeting = get_link_meeting_for(membership, meeting_id)
    meeting.organization = membership.organization  # the same row, already loaded
    settings = FeedbackSettings.of(meeting.organization)
    zone = ZoneInfo(membership.organization.timezone)
    context: dict[str, Any] = {
        "meeting": meeting,
        "group": meeting.group,
        "state": window_state(meeting),
        "opens_at": timezone.localtime(opens_at(meeting), zone),
        "closes_at": timezone.localtime(closes_at(meeting, settings), zone),
        "fixed": meeting.feedback_closes_at is not None,
        "answers": FeedbackResponse.objects.filter(meeting=meeting).count(),
        **link_context(request, meeting),
    }
    with timezone.override(zone):
        return render(request, "feedback/meeting_link.html", context)


org_urls: list[URLPattern] = [
    path("meetings/<int:meeting_id>/feedback/", meeting_feedback, name="meeting_feedback"),
]
public_urls: list[URLPattern] = [
    path("feedback/", feedback_start, name="feedback_start"),
    path("feedback/<str:token>/", feedback_answer, name="feedback_answer"),
]
