"""Breakout groups: split the people present, shuffle, move someone by hand."""

import secrets
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from circles.accounts.access import org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import STAFF_ROLES, Membership
from circles.meetings import actions
from circles.meetings import breakouts as algorithm
from circles.meetings.access import get_run_meeting_for
from circles.meetings.forms import MoveForm, SizeForm
from circles.meetings.keep_apart import kept_apart_pairs
from circles.meetings.models import Attendance, Breakout, BreakoutSeat, Meeting

# How many earlier meetings of the group count when looking for new pairs.
HISTORY = 12


def present(meeting: Meeting) -> list[Attendance]:
    return list(
        Attendance.objects.for_org(meeting.organization)
        .filter(meeting=meeting)
        .select_related("user")
        .order_by("created", "id")
    )


def people_for(meeting: Meeting, here: list[Attendance]) -> list[algorithm.Person]:
    """Tag everyone present: staff (facilitators, the leader, staff roles) or lived."""
    user_ids = [a.user_id for a in here if a.user_id]
    staff_ids = set(
        Membership.objects.for_org(meeting.organization)
        .filter(user_id__in=user_ids, role__in=STAFF_ROLES)
        .values_list("user_id", flat=True)
    )
    staff_ids.update(f.pk for f in meeting.group.facilitators.all())
    if meeting.leader_id:
        staff_ids.add(meeting.leader_id)
    return [
        algorithm.Person(a.pk, algorithm.STAFF if a.user_id in staff_ids else algorithm.LIVED)
        for a in here
    ]


def seen_pairs(meeting: Meeting, here: list[Attendance]) -> list[tuple[int, int]]:
    """Pairs (as attendance ids here) who shared a room in earlier meetings of the group."""
    by_user = {a.user_id: a.pk for a in here if a.user_id}
    latest: dict[int, int] = {}
    for breakout_id, meeting_id in (
        Breakout.objects.for_org(meeting.organization)
        .filter(meeting__group_id=meeting.group_id, meeting__starts_at__lt=meeting.starts_at)
        .order_by("-meeting__starts_at", "-created")
        .values_list("pk", "meeting_id")
    ):
        if meeting_id not in latest and len(latest) < HISTORY:
            latest[meeting_id] = breakout_id
    rooms: dict[tuple[int, int], list[int]] = {}
    for breakout_id, room, user_id in BreakoutSeat.objects.filter(
        breakout_id__in=latest.values(), attendance__user_id__in=by_user
    ).values_list("breakout_id", "room", "attendance__user_id"):
        rooms.setdefault((breakout_id, room), []).append(by_user[user_id])
    return algorithm.pairs_in(rooms.values())


def apart_pairs(meeting: Meeting, here: list[Attendance]) -> list[tuple[int, int]]:
    """Pairs (as attendance ids here) who must not share a room."""
    by_user = {a.user_id: a.pk for a in here if a.user_id}
    found = []
    for pair in kept_apart_pairs(meeting.organization):
        ids = [by_user[u] for u in pair if u in by_user]
        if len(ids) == 2:
            found.append((ids[0], ids[1]))
    return found


def _latest(meeting: Meeting) -> Breakout | None:
    return Breakout.objects.for_org(meeting.organization).filter(meeting=meeting).first()


def _split(meeting: Meeting, here: list[Attendance], size: int) -> None:
    seen = seen_pairs(meeting, here)
    people = people_for(meeting, here)
    apart = apart_pairs(meeting, here)
    actions.make_breakout(meeting, people, size, secrets.randbelow(2**31), seen, apart)


def _page(meeting: Meeting) -> HttpResponse:
    return redirect("meeting_breakouts", org_slug=meeting.organization.slug, meeting_id=meeting.pk)


@org_member()
def meeting_breakouts(request: CirclesRequest, membership: Membership, meeting_id: int) -> Any:
    meeting = get_run_meeting_for(membership, meeting_id)
    here = present(meeting)
    breakout = _latest(meeting)
    size_form = SizeForm(initial={"group_size": breakout.group_size if breakout else 4})
    return render_page(request, meeting, here, breakout, size_form)


@require_POST
@org_member()
def meeting_breakouts_split(
    request: CirclesRequest, membership: Membership, meeting_id: int
) -> HttpResponse:
    meeting = get_run_meeting_for(membership, meeting_id)
    here = present(meeting)
    if len(here) < 2:
        return _page(meeting)
    size_form = SizeForm(request.POST)
    if not size_form.is_valid():
        return render_page(request, meeting, here, _latest(meeting), size_form, status=400)
    _split(meeting, here, size_form.cleaned_data["group_size"])
    return _page(meeting)


@require_POST
@org_member()
def meeting_breakouts_shuffle(
    request: CirclesRequest, membership: Membership, meeting_id: int
) -> HttpResponse:
    meeting = get_run_meeting_for(membership, meeting_id)
    here = present(meeting)
    breakout = _latest(meeting)
    if breakout is not None and len(here) >= 2:
        _split(meeting, here, breakout.group_size)
    return _page(meeting)


@require_POST
@org_member()
def meeting_breakouts_move(
    request: CirclesRequest, membership: Membership, meeting_id: int
) -> HttpResponse:
    meeting = get_run_meeting_for(membership, meeting_id)
    breakout = _latest(meeting)
    if breakout is None:
        return _page(meeting)
    seats = list(breakout.seats.all())
    form = MoveForm(request.POST, seats=seats, rooms=max((s.room for s in seats), default=1))
    if not form.is_valid():
        messages.error(request, _("Please choose one of the groups listed for each person."))
    elif _puts_apart_together(meeting, seats, form.moves()):
        messages.error(
            request,
            _(
                "Some people here are kept in separate groups, and that move would put them "
                "together. Please choose another group. Nothing was moved."
            ),
        )
    elif actions.move_people(seats, form.moves()):
        messages.success(request, _("Moves saved."))
    return _page(meeting)


def _puts_apart_together(
    meeting: Meeting, seats: list[BreakoutSeat], moves: dict[int, int]
) -> bool:
    """Whether the rooms after these moves hold a pair who must be kept apart."""
    here = present(meeting)
    apart = apart_pairs(meeting, here)
    if not apart:
        return False
    before = {seat.attendance_id: seat.room for seat in seats}
    room = {aid: moves.get(aid, r) for aid, r in before.items()}
    moved = {aid for aid in room if room[aid] != before[aid]}
    return any(
        a in room and b in room and room[a] == room[b] and (a in moved or b in moved)
        for a, b in apart
    )


def render_page(
    request: HttpRequest,
    meeting: Meeting,
    here: list[Attendance],
    breakout: Breakout | None,
    size_form: SizeForm,
    status: int = 200,
) -> HttpResponse:
    names = {a.pk: a.name for a in here}
    rooms: list[dict[str, Any]] = []
    seated: set[int] = set()
    if breakout is not None:
        by_room: dict[int, list[dict[str, Any]]] = {}
        for seat in breakout.seats.all():
            if seat.attendance_id in names:
                seated.add(seat.attendance_id)
                by_room.setdefault(seat.room, []).append(
                    {"id": seat.attendance_id, "name": names[seat.attendance_id], "room": seat.room}
                )
        rooms = [
            {"number": number, "people": people, "names": ", ".join(p["name"] for p in people)}
            for number, people in sorted(by_room.items())
        ]
    not_seated = [a.name for a in here if a.pk not in seated] if breakout else []
    context = {
        "meeting": meeting,
        "here": here,
        "breakout": breakout,
        "rooms": rooms,
        "room_numbers": [r["number"] for r in rooms],
        "not_seated": not_seated,
        "size_form": size_form,
    }
    return render(request, "meetings/breakouts.html", context, status=status)
