"""The caseload, the team's caseloads, a person's page, and the person's own page."""

from typing import Any

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from circles.accounts.access import org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import OVERSIGHT_ROLES, STAFF_ROLES, AuditEvent, Membership, User
from circles.meetings.models import Attendance
from circles.peerwork.access import (
    get_person_for,
    get_supported_for,
    is_their_specialist,
    may_read_note,
)
from circles.peerwork.actions import (
    NOTES_READ,
    ask_for_change,
    end_support,
    record_notes_read,
    record_told,
    submit_request,
    told_person_ids,
)
from circles.peerwork.forms import AddendumForm, CosignForm, MemberRequestForm, ToldForm
from circles.peerwork.models import (
    CheckIn,
    CheckInPlan,
    ContactNote,
    NoteAddendum,
    PeerworkSettings,
    Person,
    SpecialistProfile,
    today_for,
)
from circles.safety.access import may_raise, visible_concerns
from circles.safety.confidentiality import current_statement
from circles.safety.ethics.queries import covering


def covered_for(membership: Membership) -> list[int]:
    """Colleagues stepped back today whom this person covers."""
    organization = membership.organization
    cover = covering(organization, today_for(organization))
    return [away for away, by in cover.items() if by == membership.user_id]


def todays_checkins(membership: Membership, away: list[int]) -> list[CheckInPlan]:
    """The check-ins this specialist has today, with today's result where there is one."""
    organization = membership.organization
    today = today_for(organization)
    return list(
        CheckInPlan.objects.for_org(organization)
        .active()
        .filter(
            Q(person__specialist=membership.user) | Q(person__specialist__in=away),
            weekday=today.weekday(),
            person__status=Person.Status.SUPPORTED,
        )
        .select_related("person", "person__user")
        .prefetch_related(
            Prefetch(
                "checkins",
                queryset=CheckIn.objects.for_org(organization).filter(on=today),
                to_attr="today",
            )
        )
        .order_by("id")
    )


@org_member(roles=STAFF_ROLES)
def caseload(request: CirclesRequest, membership: Membership) -> HttpResponse:
    organization = membership.organization
    away = covered_for(membership)
    people = list(
        Person.objects.for_org(organization)
        .of_specialist(membership.user, away)
        .select_related("user", "specialist", "confidentiality_ack")
        .order_by("next_contact", "since", "id")
    )
    return render(
        request,
        "peerwork/caseload.html",
        {
            "people": people,
            "checkins": todays_checkins(membership, away),
            "result_choices": CheckIn.Result.choices,
            "today": today_for(organization),
            "told": told_person_ids(organization, people),
        },
    )


@org_member(roles=OVERSIGHT_ROLES)
def team(request: CirclesRequest, membership: Membership) -> HttpResponse:
    organization = membership.organization
    today = today_for(organization)
    rows: dict[int, dict[str, Any]] = {
        row["specialist"]: dict(row)
        for row in Person.objects.for_org(organization)
        .supported()
        .values("specialist")
        .annotate(
            people=Count("id"),
            overdue=Count("id", filter=Q(next_contact__lt=today)),
            changes=Count("id", filter=Q(change_requested_at__isnull=False)),
        )
    }
    profiles = {
        p.user_id: p for p in SpecialistProfile.objects.for_org(organization).select_related("user")
    }
    users = {
        u.pk: u
        for u in User.objects.filter(
            Q(pk__in=[k for k in rows if k is not None]) | Q(pk__in=list(profiles))
        )
    }
    none: dict[str, Any] = {}
    team_rows = sorted(
        (
            {
                "user": user,
                "people": rows.get(pk, none).get("people", 0),
                "overdue": rows.get(pk, none).get("overdue", 0),
                "changes": rows.get(pk, none).get("changes", 0),
                "capacity": profiles[pk].capacity if pk in profiles else None,
            }
            for pk, user in users.items()
        ),
        key=lambda r: r["user"].display_name.lower(),
    )
    waiting = Person.objects.for_org(organization).seeking().count()
    return render(
        request,
        "peerwork/team.html",
        {"team": team_rows, "waiting": waiting},
    )


def _readable_notes(
    membership: Membership, person: Person, settings: PeerworkSettings
) -> list[ContactNote]:
    notes = (
        ContactNote.objects.for_org(membership.organization)
        .filter(person=person)
        .with_people()
        .prefetch_related(
            Prefetch("addenda", queryset=NoteAddendum.objects.select_related("written_by"))
        )
    )
    if not is_their_specialist(membership, person) and not settings.notes_shared_with_supervision:
        notes = notes.filter(cosign_asked_at__isnull=False)
    return [n for n in notes if may_read_note(membership, person, n, settings)]


def groups_attended(person: Person) -> list[Attendance]:
    if person.user_id is None:
        return []
    return list(
        Attendance.objects.for_org(person.organization)
        .filter(user_id=person.user_id)
        .select_related("meeting__group")
        .order_by("-meeting__starts_at")[:20]
    )


@org_member(roles=STAFF_ROLES)
def person_page(request: CirclesRequest, membership: Membership, person_id: int) -> HttpResponse:
    person = get_person_for(membership, person_id)
    settings = PeerworkSettings.of(membership.organization)
    notes = _readable_notes(membership, person, settings)
    record_notes_read(membership, person, [n.pk for n in notes])
    own = is_their_specialist(membership, person)
    hidden = 0
    if not own and not settings.notes_shared_with_supervision:
        hidden = (
            ContactNote.objects.for_org(membership.organization)
            .filter(person=person, cosign_asked_at__isnull=True)
            .count()
        )
    plans = list(CheckInPlan.objects.for_org(membership.organization).filter(person=person))
    statement = current_statement(membership.organization)
    linked = [n.concern_id for n in notes if n.concern_id]
    open_concerns = (
        set(visible_concerns(membership).filter(pk__in=linked).values_list("pk", flat=True))
        if linked
        else set()
    )
    return render(
        request,
        "peerwork/person.html",
        {
            "person": person,
            "own": own,
            "notes": notes,
            "hidden_notes": hidden,
            "plans": plans,
            "attended": groups_attended(person),
            "today": today_for(membership.organization),
            "addendum_form": AddendumForm(),
            "cosign_form": CosignForm(),
            "told": person.pk in told_person_ids(membership.organization, [person]),
            "statement": statement,
            "told_form": ToldForm(),
            "open_concerns": open_concerns,
            "may_raise": may_raise(membership),
        },
    )


@org_member(roles=STAFF_ROLES)
@require_POST
def end(request: CirclesRequest, membership: Membership, person_id: int) -> HttpResponse:
    person = get_supported_for(membership, person_id)
    end_support(person, membership.user)
    messages.success(request, _("Support with %(name)s has ended.") % {"name": person.display_name})
    return redirect("peer_caseload", org_slug=membership.organization.slug)


@org_member(roles=STAFF_ROLES)
@require_POST
def told(request: CirclesRequest, membership: Membership, person_id: int) -> HttpResponse:
    """Their specialist records that the person was told about confidentiality and its limit."""
    person = get_supported_for(membership, person_id)
    statement = current_statement(membership.organization)
    form = ToldForm(request.POST)
    if statement is None:
        messages.error(
            request,
            _("Your organisation has not written its confidentiality statement yet."),
        )
    elif form.is_valid():
        record_told(person, statement, membership.user, form.cleaned_data["how"])
        messages.success(request, _("Recorded: they have been told about confidentiality."))
    else:
        messages.error(request, _("Please choose how you told them."))
    return redirect("peer_person", org_slug=membership.organization.slug, person_id=person.pk)


# The person's own page ----------------------------------------------------------------


def own_record(membership: Membership) -> Person | None:
    return (
        Person.objects.for_org(membership.organization)
        .of_user(membership.user)
        .open()
        .select_related("specialist")
        .order_by("-requested_at")
        .first()
    )


@org_member()
def mine(request: CirclesRequest, membership: Membership) -> HttpResponse:
    organization = membership.organization
    person = own_record(membership)
    settings = PeerworkSettings.of(organization)
    notes: list[ContactNote] = []
    readers: list[dict[str, Any]] = []
    if person is not None:
        if settings.notes_visible_to_person:
            notes = list(
                ContactNote.objects.for_org(organization)
                .filter(person=person, visible_to_person=True)
                .with_people()
                .prefetch_related("addenda")
            )
        events = list(
            AuditEvent.objects.for_org(organization)
            .filter(action=NOTES_READ, object_type="peerwork.person", object_id=str(person.pk))
            .order_by("-id")[:30]
        )
        names = {
            u.pk: u.display_name
            for u in User.objects.filter(pk__in={e.actor_id for e in events if e.actor_id})
        }
        readers = [
            {
                "when": e.created,
                "who": names.get(e.actor_id or 0, _("Someone no longer here")),
                "count": len(e.detail.get("notes", [])),
            }
            for e in events
        ]
    return render(
        request,
        "peerwork/mine.html",
        {"person": person, "notes": notes, "readers": readers, "settings": settings},
    )


@org_member()
def ask(request: CirclesRequest, membership: Membership) -> HttpResponse:
    organization = membership.organization
    existing = own_record(membership)
    if existing is not None:
        return redirect("peer_mine", org_slug=organization.slug)
    settings = PeerworkSettings.of(organization)
    form = MemberRequestForm(request.POST or None)
    form.set_areas(settings)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        submit_request(
            organization,
            source=Person.Source.MEMBER,
            user=membership.user,
            phone=data["phone"],
            text_ok=data["text_ok"],
            when_good=data["when_good"],
            wants=data["wants"],
            preferences=form.preferences(),
        )
        messages.success(
            request,
            _("Thank you. Someone will be in touch within %(days)s days.")
            % {"days": settings.answer_within_days},
        )
        return redirect("peer_mine", org_slug=organization.slug)
    return render(
        request,
        "peerwork/ask.html",
        {"form": form, "days": settings.answer_within_days},
        status=400 if form.errors else 200,
    )


@org_member()
@require_POST
def change(request: CirclesRequest, membership: Membership) -> HttpResponse:
    person = own_record(membership)
    if person is not None and person.status == Person.Status.SUPPORTED:
        if person.change_requested_at is None:
            ask_for_change(person, membership.user)
        messages.success(
            request,
            _("Thank you. A supervisor will be in touch about another peer specialist."),
        )
    return redirect("peer_mine", org_slug=membership.organization.slug)
