"""Live polls: opened by the people running a meeting (or staff, for a training
session), answered anonymously on a phone with a short code, results shown live.

Live results use HTMX polling (hx-get every 2 seconds on a partial), not
server-sent events: polling works behind any proxy or load balancer that
buffers responses, needs no long-lived connection (so sync gunicorn workers are
never tied up by a room full of screens), and without JavaScript the page still
works with a plain "Refresh results" link.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from circles.accounts.access import org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import STAFF_ROLES, Membership
from circles.lib import codes, ratelimit
from circles.lib.anonymous import private_page
from circles.lib.qr import qr_svg
from circles.meetings import actions
from circles.meetings.access import get_poll_for, get_run_meeting_for
from circles.meetings.forms import AnswerForm, PollForm
from circles.meetings.models import Meeting, Poll
from circles.meetings.polls import results

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


def _create_poll(
    request: CirclesRequest, membership: Membership, form: PollForm, meeting: Meeting | None
) -> Poll:
    return actions.open_poll(
        membership.organization,
        meeting,
        form.cleaned_data["final_question"],
        form.cleaned_data["final_options"],
        actor=request.user,
    )


@org_member()
def meeting_polls(request: CirclesRequest, membership: Membership, meeting_id: int) -> HttpResponse:
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
def org_polls(request: CirclesRequest, membership: Membership) -> HttpResponse:
    form = PollForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        poll = _create_poll(request, membership, form, None)
        return redirect("poll_results", membership.organization.slug, poll.pk)
    polls = Poll.objects.for_org(membership.organization).filter(meeting__isnull=True)
    if not membership.is_admin:
        polls = polls.filter(created_by_id=membership.user_id)
    return render(
        request,
        "meetings/polls.html",
        {"form": form, "polls": list(polls), "meeting": None},
        status=400 if form.errors else 200,
    )


@org_member()
def poll_results(request: CirclesRequest, membership: Membership, poll_id: int) -> HttpResponse:
    poll = get_poll_for(membership, poll_id)
    rows, total = results(poll)
    context: dict[str, Any] = {"poll": poll, "rows": rows, "total": total}
    if request.htmx:
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


def _set_open(
    request: CirclesRequest, membership: Membership, poll_id: int, is_open: bool
) -> HttpResponse:
    poll = get_poll_for(membership, poll_id)
    actions.set_poll_open(poll, is_open, actor=request.user)
    if request.POST.get("next") == "list":
        if poll.meeting_id:
            return redirect("meeting_polls", membership.organization.slug, poll.meeting_id)
        return redirect("org_polls", membership.organization.slug)
    return redirect("poll_results", membership.organization.slug, poll.pk)


@require_POST
@org_member()
def poll_close(request: CirclesRequest, membership: Membership, poll_id: int) -> HttpResponse:
    return _set_open(request, membership, poll_id, is_open=False)


@require_POST
@org_member()
def poll_reopen(request: CirclesRequest, membership: Membership, poll_id: int) -> HttpResponse:
    return _set_open(request, membership, poll_id, is_open=True)


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
        form = AnswerForm(request.POST, options=poll.options)
        if not form.is_valid():
            context["problem"] = _("Please choose one of the answers, then press “Send my answer”.")
            return render(request, "meetings/poll_answer.html", context, status=400)
        option = form.cleaned_data["option"]
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
        actions.answer_poll(poll, option)
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
