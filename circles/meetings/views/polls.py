"""Live polls: opened by the people running a meeting (or staff, for a training
session), answered anonymously on a phone with a short code, results shown live.

Live results use HTMX polling (hx-get every 2 seconds on a partial), not
server-sent events: polling works behind any proxy or load balancer that
buffers responses, needs no long-lived connection (so sync gunicorn workers are
never tied up by a room full of screens), and without JavaScript the page still
works with a plain "Refresh results" link.
"""

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from circles.accounts.access import org_member
from circles.accounts.actions import audit
from circles.accounts.models import STAFF_ROLES, Membership, Role
from circles.lib import codes, ratelimit
from circles.lib.anonymous import private_page
from circles.lib.qr import qr_svg
from circles.meetings.access import get_meeting_for, get_run_meeting_for
from circles.meetings.models import Meeting, Poll, PollAnswer
from circles.meetings.polls import (
    MAX_OPTIONS,
    MIN_OPTIONS,
    TEMPLATES,
    results,
    template_by_key,
)

# The signed cookie listing the poll codes answered on this device.
ANSWERED_COOKIE = "circles_polls_answered"
ANSWERED_SALT = "circles.meetings.polls.answered"
ANSWERED_MAX_AGE = 60 * 60 * 24 * 90
# Unknown codes per address bucket: past 10 in 10 minutes an unknown code is told to wait
# (a right one still works); past 30 no code is looked up at all.
CODE_GUESSES = ratelimit.Limit("poll-code-guess", allowed=10, window=10 * 60, ceiling=30)
# Answers by the day, with or without the device cookie: from one address bucket (a whole
# training room may share one) and for one poll.
ANSWERS_FROM_ADDRESS = ratelimit.Limit("poll-answer-address", allowed=300, window=ratelimit.DAY)
ANSWERS_PER_POLL = ratelimit.Limit("poll-answer-poll", allowed=1000, window=ratelimit.DAY)


class PollForm(forms.Form):
    """Either one of the ready-made questions, or a question with 2 to 8 options."""

    template = forms.ChoiceField(
        label=gettext_lazy("A ready-made question"),
        required=False,
        widget=forms.RadioSelect,
    )
    question = forms.CharField(
        label=gettext_lazy("Or write your own question"), required=False, max_length=300
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [  # type: ignore[attr-defined]
            ("", gettext_lazy("I will write my own")),
            *[(t.key, t.question) for t in TEMPLATES],
        ]
        for number in range(1, MAX_OPTIONS + 1):
            self.fields[f"option_{number}"] = forms.CharField(
                label=gettext_lazy("Option %(number)s") % {"number": number},
                required=False,
                max_length=120,
            )

    def option_fields(self) -> list[forms.BoundField]:
        return [self[f"option_{n}"] for n in range(1, MAX_OPTIONS + 1)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = template_by_key(data.get("template") or "")
        if chosen is not None:
            data["final_question"] = str(chosen.question)
            data["final_options"] = [str(o) for o in chosen.options]
            return data
        question = (data.get("question") or "").strip()
        options = [(data.get(f"option_{n}") or "").strip() for n in range(1, MAX_OPTIONS + 1)]
        options = [o for o in options if o]
        if not question:
            self.add_error(
                "question",
                _("Please choose a ready-made question above, or type your own question here."),
            )
        if len(options) < MIN_OPTIONS:
            self.add_error(
                "option_1",
                _("Please type at least %(min)s options for people to choose from.")
                % {"min": MIN_OPTIONS},
            )
        data["final_question"] = question
        data["final_options"] = options
        return data


def _create_poll(
    request: HttpRequest, membership: Membership, form: PollForm, meeting: Meeting | None
) -> Poll:
    poll = Poll.objects.create(
        organization=membership.organization,
        meeting=meeting,
        question=form.cleaned_data["final_question"],
        options=form.cleaned_data["final_options"],
        created_by=request.user,  # type: ignore[misc]
    )
    audit("poll.open", actor=request.user, organization=membership.organization, obj=poll)
    return poll


@org_member()
def meeting_polls(request: HttpRequest, membership: Membership, meeting_id: int) -> HttpResponse:
    meeting = get_run_meeting_for(membership, meeting_id)
    form = PollForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        poll = _create_poll(request, membership, form, meeting)
        return redirect("poll_results", membership.organization.slug, poll.pk)
    polls = list(Poll.objects.for_org(membership.organization).filter(meeting=meeting))
    return render(
        request,
        "meetings/polls.html",
        {"form": form, "polls": polls, "meeting": meeting},
        status=400 if form.errors else 200,
    )


@org_member(roles=STAFF_ROLES)
def org_polls(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = PollForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        poll = _create_poll(request, membership, form, None)
        return redirect("poll_results", membership.organization.slug, poll.pk)
    polls = Poll.objects.for_org(membership.organization).filter(meeting__isnull=True)
    if membership.role != Role.ADMIN:
        polls = polls.filter(created_by=request.user)  # type: ignore[misc]
    return render(
        request,
        "meetings/polls.html",
        {"form": form, "polls": list(polls), "meeting": None},
        status=400 if form.errors else 200,
    )


def _get_poll_for(membership: Membership, poll_id: int) -> Poll:
    """A poll its creator, admins and the people running its meeting may run."""
    try:
        poll = Poll.objects.for_org(membership.organization).get(pk=poll_id)
    except Poll.DoesNotExist as exc:
        raise Http404("No such poll here.") from exc
    if membership.role == Role.ADMIN or poll.created_by_id == membership.user_id:
        return poll
    if poll.meeting_id is not None:
        _meeting, runs = get_meeting_for(membership, poll.meeting_id)
        if runs:
            return poll
    raise PermissionDenied("Only the person who opened this poll and admins see its results.")


@org_member()
def poll_results(request: HttpRequest, membership: Membership, poll_id: int) -> HttpResponse:
    poll = _get_poll_for(membership, poll_id)
    rows, total = results(poll)
    context: dict[str, Any] = {"poll": poll, "rows": rows, "total": total}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "meetings/poll_results.html#live", context)
    answer_url = request.build_absolute_uri(reverse("poll_answer", args=[poll.code]))
    start_url = request.build_absolute_uri(reverse("poll_start"))
    context.update(
        {
            "answer_url": answer_url,
            "start_url": start_url,
            "qr": qr_svg(
                answer_url, label=_("QR code that opens this poll on a phone"), css_class="poll-qr"
            ),
            "back_url": (
                reverse("meeting_polls", args=[membership.organization.slug, poll.meeting_id])
                if poll.meeting_id
                else reverse("org_polls", args=[membership.organization.slug])
            ),
        }
    )
    return render(request, "meetings/poll_results.html", context)


@require_POST
@org_member()
def poll_close(request: HttpRequest, membership: Membership, poll_id: int) -> HttpResponse:
    poll = _get_poll_for(membership, poll_id)
    poll.is_open = request.POST.get("open") == "1"
    poll.save(update_fields=["is_open"])
    audit(
        "poll.reopen" if poll.is_open else "poll.close",
        actor=request.user,
        organization=membership.organization,
        obj=poll,
    )
    if request.POST.get("next") == "list":
        if poll.meeting_id:
            return redirect("meeting_polls", membership.organization.slug, poll.meeting_id)
        return redirect("org_polls", membership.organization.slug)
    return redirect("poll_results", membership.organization.slug, poll.pk)


# Answering: public, no account.


def answered_codes(request: HttpRequest) -> set[str]:
    value = request.get_signed_cookie(
        ANSWERED_COOKIE, default="", salt=ANSWERED_SALT, max_age=ANSWERED_MAX_AGE
    )
    return {code for code in str(value).split(",") if code}


def _find_poll(request: HttpRequest, code: str) -> ratelimit.Guess[Poll]:
    """The poll with this code, counted as a guess when there is none."""
    return ratelimit.guess(
        CODE_GUESSES,
        [ratelimit.address_bucket(request)],
        lambda: Poll.objects.filter(code=code).first(),
    )


@private_page
def poll_start(request: HttpRequest) -> HttpResponse:
    typed = request.POST.get("code", "") if request.method == "POST" else ""
    problem = ""
    status = 200
    if request.method == "POST":
        code = codes.normalise(typed)
        found = _find_poll(request, code) if code else None
        if found is None:
            problem = _("Please type the code you see on the screen.")
            status = 400
        elif found.slow_down:
            problem = _(
                "That is a lot of codes in a short time. Please wait a few minutes, "
                "then try again, or ask the person running the session for the code."
            )
            status = 429
        elif found.found is not None:
            return redirect("poll_answer", code)
        else:
            problem = _(
                "We could not find a poll with that code. Please check it against the "
                "screen and try again; letters can be typed in small or capital letters."
            )
            status = 404
    return render(
        request, "meetings/poll_start.html", {"typed": typed, "problem": problem}, status=status
    )


@private_page
def poll_answer(request: HttpRequest, code: str) -> HttpResponse:
    canonical = codes.normalise(code)
    if canonical != code:
        return redirect("poll_answer", canonical)
    found = _find_poll(request, canonical)
    poll = found.found
    if poll is None:
        if found.slow_down:
            return redirect("poll_start")
        return render(
            request,
            "meetings/poll_start.html",
            {
                "typed": code,
                "problem": _(
                    "We could not find a poll with that code. Please check it against the "
                    "screen and try again."
                ),
            },
            status=404,
        )
    answered = answered_codes(request)
    context: dict[str, Any] = {
        "poll": poll,
        "state": "ask",
        "options": list(enumerate(poll.options)),
    }
    if poll.code in answered:
        context["state"] = "already"
    elif not poll.is_open:
        context["state"] = "closed"
    elif request.method == "POST":
        try:
            option = int(request.POST.get("option", ""))
        except ValueError:
            option = -1
        if not 0 <= option < len(poll.options):
            context["problem"] = _("Please choose one of the answers, then press “Send my answer”.")
            return render(request, "meetings/poll_answer.html", context, status=400)
        taken = ratelimit.take_all(
            [
                (ANSWERS_FROM_ADDRESS, ratelimit.address_bucket(request)),
                (ANSWERS_PER_POLL, ratelimit.target("poll", poll.pk)),
            ]
        )
        if taken.refused:
            context["chosen"] = option
            context["problem"] = _(
                "Thank you for answering. So many answers have reached us from here or for "
                "this poll today that we cannot count another one. Your choice is still "
                "marked below."
            )
            return render(request, "meetings/poll_answer.html", context, status=429)
        with transaction.atomic():
            PollAnswer.objects.create(poll=poll, option=option)
        response = redirect("poll_answer", poll.code)
        response.set_signed_cookie(
            ANSWERED_COOKIE,
            ",".join(sorted(answered | {poll.code})[-50:]),
            salt=ANSWERED_SALT,
            max_age=ANSWERED_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
        request.session["poll_thanks"] = poll.code
        return response
    thanked = request.method == "GET" and request.session.get("poll_thanks") == poll.code
    if context["state"] == "already" and thanked:
        # Straight after answering: say thank you once; later visits say it was counted.
        del request.session["poll_thanks"]
        context["state"] = "thanks"
    return render(request, "meetings/poll_answer.html", context)


org_urls: list[URLPattern] = [
    path("meetings/<int:meeting_id>/polls/", meeting_polls, name="meeting_polls"),
    path("polls/", org_polls, name="org_polls"),
    path("polls/<int:poll_id>/", poll_results, name="poll_results"),
    path("polls/<int:poll_id>/close/", poll_close, name="poll_close"),
]
public_urls: list[URLPattern] = [
    path("p/", poll_start, name="poll_start"),
    path("p/<str:code>/", poll_answer, name="poll_answer"),
]
