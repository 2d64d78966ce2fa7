"""Writes of one-to-one support: each in a transaction, each audited."""

from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from circles.accounts.actions import audit, create_invitation
from circles.accounts.models import Membership, Organization, Role, User
from circles.peerwork import matching
from circles.peerwork.models import (
    PREFERENCE_KEYS,
    CheckIn,
    CheckInPlan,
    ContactNote,
    NoteAddendum,
    PeerworkSettings,
    Person,
    Proposal,
    SpecialistProfile,
    answer_by_for,
    today_for,
)
from circles.safety.actions import acknowledge_confidentiality
from circles.safety.confidentiality import current_statement, told_user_ids
from circles.safety.ethics.queries import kept_apart_pairs
from circles.safety.models import ConfidentialityStatement

# Asking -------------------------------------------------------------------------------


def submit_request(
    organization: Organization,
    *,
    source: str,
    user: User | None = None,
    name: str = "",
    phone: str = "",
    email: str = "",
    text_ok: bool = False,
    when_good: str = "",
    wants: str = "",
    preferences: dict[str, Any] | None = None,
) -> Person:
    """A request for a peer specialist reaches the organisation's request list."""
    now = timezone.now()
    person = Person(
        organization=organization,
        user=user,
        source=source,
        name=name,
        phone=phone,
        email=email,
        text_ok=text_ok,
        when_good=when_good,
        wants=wants,
        requested_at=now,
        answer_by=answer_by_for(organization, now),
    )
    person.set_preferences(preferences or {})
    with transaction.atomic():
        person.save()
        audit(
            "peerwork.request.received",
            actor=user,
            organization=organization,
            obj=person,
            detail={"source": source},
        )
        refresh_proposals(organization)
    return person


def ask_for_change(person: Person, by: User) -> None:
    """The person asks for another peer specialist; no reason needed. It reaches supervisors."""
    with transaction.atomic():
        person.change_requested_at = timezone.now()
        person.save(update_fields=["change_requested_at"])
        audit("peerwork.change.asked", actor=by, organization=person.organization, obj=person)
        refresh_proposals(person.organization)


# Matching -----------------------------------------------------------------------------


def _kept_apart(organization: Organization, user_ids: list[int]) -> dict[int, frozenset[int]]:
    """Specialist id -> user ids of people they must never be proposed to (dual relationships)."""
    apart: dict[int, set[int]] = {pk: set() for pk in user_ids}
    for pair in kept_apart_pairs(organization):
        for one in pair:
            if one in apart:
                apart[one] |= pair - {one}
    return {pk: frozenset(ids) for pk, ids in apart.items()}


def refresh_proposals(organization: Organization) -> int:
    """Rebuild the proposals for everyone waiting, or asking for a change, in one optimisation."""
    seekers_qs = list(Person.objects.for_org(organization).seeking())
    profiles = list(
        SpecialistProfile.objects.for_org(organization)
        .taking_people()
        .filter(
            user__memberships__organization=organization,
            user__memberships__is_active=True,
            user__memberships__role__in=[Role.SPECIALIST, Role.SUPERVISOR, Role.ADMIN],
        )
    )
    loads = caseload_counts(organization)
    kept = _kept_apart(organization, [p.user_id for p in profiles])
    today = today_for(organization)
    seekers = [
        matching.Seeker(
            id=p.pk,
            prefs=p.preferences,
            waited_days=max(0, (today - timezone.localtime(p.requested_at).date()).days),
        )
        for p in seekers_qs
    ]
    by_person = {p.pk: p for p in seekers_qs}
    offers = []
    for profile in profiles:
        # A person asking for a change is never offered the specialist they have.
        apart = {
            p.pk
            for p in seekers_qs
            if (p.user_id is not None and p.user_id in kept[profile.user_id])
            or p.specialist_id == profile.user_id
        }
        offers.append(
            matching.Offer(
                id=profile.user_id,
                facts=profile.facts(),
                room=profile.capacity - loads.get(profile.user_id, 0),
                kept_apart=frozenset(apart),
            )
        )
    facts = {o.id: o.facts for o in offers}
    proposed = matching.propose(seekers, offers)
    rows = [
        Proposal(
            organization=organization,
            person_id=person_id,
            specialist_id=specialist_id,
            rank=rank,
            reasons=matching.reasons(by_person[person_id].preferences, facts[specialist_id]),
        )
        for person_id, specialist_ids in proposed.items()
        for rank, specialist_id in enumerate(specialist_ids, start=1)
    ]
    with transaction.atomic():
        Proposal.objects.for_org(organization).delete()
        Proposal.objects.bulk_create(rows)
    return len(rows)


def caseload_counts(organization: Organization) -> dict[int, int]:
    return {
        row["specialist"]: row["n"]
        for row in Person.objects.for_org(organization)
        .supported()
        .values("specialist")
        .annotate(n=Count("id"))
    }


def save_profile(
    organization: Organization, user: User, values: dict[str, Any]
) -> SpecialistProfile:
    profile = SpecialistProfile.objects.for_org(organization).filter(user=user).first()
    profile = profile or SpecialistProfile(organization=organization, user=user)
    for key in (*PREFERENCE_KEYS, "capacity", "is_taking_people"):
        setattr(profile, key, values.get(key) if values.get(key) is not None else "")
    profile.updated = timezone.now()
    with transaction.atomic():
        profile.save()
        audit("peerwork.profile.saved", actor=user, organization=organization, obj=profile)
        refresh_proposals(organization)
    return profile


def choose_specialist(person: Person, specialist: User, *, by: User, invite: bool) -> str | None:
    """The person's choice, made with them: they join that specialist's caseload.

    Returns the invitation link's token when an invitation was made (shown once).
    """
    organization = person.organization
    token = None
    with transaction.atomic():
        previous = person.specialist_id if person.status == Person.Status.SUPPORTED else None
        person.specialist = specialist
        person.status = Person.Status.SUPPORTED
        person.change_requested_at = None
        if previous is None:
            person.since = today_for(organization)
        if invite and person.user_id is None and person.email and person.invitation_id is None:
            invitation, token = create_invitation(organization, person.email, Role.PARTICIPANT, by)
            person.invitation = invitation
        person.save(
            update_fields=["specialist", "status", "change_requested_at", "since", "invitation"]
        )
        audit(
            "peerwork.specialist.chosen",
            actor=by,
            organization=organization,
            obj=person,
            detail={
                "specialist": specialist.pk,
                "previous": previous,
                "invited": token is not None,
            },
        )
        refresh_proposals(organization)
    return token


def end_support(person: Person, by: User) -> None:
    with transaction.atomic():
        person.status = Person.Status.CLOSED
        person.save(update_fields=["status"])
        CheckInPlan.objects.for_org(person.organization).filter(
            person=person, stopped_on__isnull=True
        ).update(stopped_on=today_for(person.organization))
        audit("peerwork.support.ended", actor=by, organization=person.organization, obj=person)
        refresh_proposals(person.organization)


# Notes --------------------------------------------------------------------------------


def write_note(person: Person, by: User, values: dict[str, Any], *, visible: bool) -> ContactNote:
    note = ContactNote(
        organization=person.organization,
        person=person,
        written_by=by,
        on=values["on"],
        minutes=values["minutes"],
        mode=values["mode"],
        support_types=list(values["support_types"]),
        what_we_did=values["what_we_did"],
        next_steps=values.get("next_steps") or "",
        visible_to_person=visible,
        concern=values.get("concern"),
    )
    with transaction.atomic():
        note.save()
        if values.get("next_contact"):
            person.next_contact = values["next_contact"]
            person.save(update_fields=["next_contact"])
        audit(
            "peerwork.note.written",
            actor=by,
            organization=person.organization,
            obj=note,
            detail={"person": person.pk},
        )
    return note


def ask_cosign(note: ContactNote, by: User) -> None:
    with transaction.atomic():
        note.cosign_asked_at = timezone.now()
        note.save(update_fields=["cosign_asked_at"])
        audit("peerwork.note.cosign_asked", actor=by, organization=note.organization, obj=note)


def cosign(note: ContactNote, by: User, comment: str) -> None:
    """A supervisor's signature and comment, with its time; the note is locked from now on."""
    with transaction.atomic():
        note.cosigned_by = by
        note.cosigned_at = timezone.now()
        note.cosign_comment = comment
        note.save(update_fields=["cosigned_by", "cosigned_at", "cosign_comment"])
        audit("peerwork.note.cosigned", actor=by, organization=note.organization, obj=note)


def add_addendum(note: ContactNote, by: User, text: str) -> NoteAddendum:
    addendum = NoteAddendum(organization=note.organization, note=note, text=text, written_by=by)
    with transaction.atomic():
        addendum.save()
        audit(
            "peerwork.note.addendum",
            actor=by,
            organization=note.organization,
            obj=note,
            detail={"addendum": addendum.pk},
        )
    return addendum


NOTES_READ = "peerwork.notes.read"


def record_notes_read(membership: Membership, person: Person, note_ids: list[int]) -> None:
    """Someone other than the person read notes about them: the person can see this."""
    if not note_ids or (person.user_id is not None and person.user_id == membership.user_id):
        return
    audit(
        NOTES_READ,
        actor=membership.user,
        organization=membership.organization,
        obj=person,
        detail={"notes": note_ids, "role": membership.role},
    )


def record_told(person: Person, statement: ConfidentialityStatement, by: User, how: str) -> None:
    """The person was told about confidentiality and its one limit (the current version)."""
    with transaction.atomic():
        ack = acknowledge_confidentiality(
            statement=statement, user=person.user, recorded_by=by, how=how
        )
        if person.user_id is None:
            person.confidentiality_ack = ack
            person.save(update_fields=["confidentiality_ack"])


def told_person_ids(organization: Organization, people: list[Person]) -> set[int]:
    """Of ``people``, those told the current version of the confidentiality statement."""
    statement = current_statement(organization)
    if statement is None:
        return set()
    told_users = told_user_ids(organization, [p.user_id for p in people if p.user_id])
    return {
        p.pk
        for p in people
        if (p.user_id is not None and p.user_id in told_users)
        or (
            p.user_id is None
            and p.confidentiality_ack_id is not None
            and p.confidentiality_ack is not None
            and p.confidentiality_ack.statement_id == statement.pk
        )
    }


# Check-ins ----------------------------------------------------------------------------


def add_checkin_plan(person: Person, by: User, weekday: int, way: str) -> CheckInPlan:
    plan = CheckInPlan(
        organization=person.organization,
        person=person,
        weekday=weekday,
        way=way,
        agreed_on=today_for(person.organization),
    )
    with transaction.atomic():
        plan.save()
        audit("peerwork.checkin.planned", actor=by, organization=person.organization, obj=plan)
    return plan


def record_checkin(plan: CheckInPlan, by: User, result: str, note: str) -> CheckIn:
    today = today_for(plan.organization)
    with transaction.atomic():
        checkin, _created = CheckIn.objects.update_or_create(
            plan=plan,
            on=today,
            defaults={
                "organization": plan.organization,
                "result": result,
                "note": note if result == CheckIn.Result.TALKED else "",
                "by": by,
            },
        )
        if result == CheckIn.Result.STOP:
            plan.stopped_on = today
            plan.save(update_fields=["stopped_on"])
        audit(
            "peerwork.checkin.recorded",
            actor=by,
            organization=plan.organization,
            obj=checkin,
            detail={"result": result},
        )
    return checkin


def update_settings(settings: PeerworkSettings, by: User) -> None:
    with transaction.atomic():
        settings.save()
        audit(
            "peerwork.settings.changed",
            actor=by,
            organization=settings.organization,
            obj=settings,
        )
        refresh_proposals(settings.organization)
