"""Answering requests: the list (overdue first), the proposals and the person's choice."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from circles.accounts.access import org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import OVERSIGHT_ROLES, Membership, User
from circles.peerwork.access import get_request_for
from circles.peerwork.actions import caseload_counts, choose_specialist
from circles.peerwork.forms import ChooseForm
from circles.peerwork.models import Person, Proposal, SpecialistProfile, today_for
from circles.safety.ethics.queries import kept_apart_user_ids


@org_member(roles=OVERSIGHT_ROLES)
def request_list(request: CirclesRequest, membership: Membership) -> HttpResponse:
    organization = membership.organization
    people = list(
        Person.objects.for_org(organization)
        .seeking()
        .select_related("user", "specialist")
        .prefetch_related("proposals__specialist")
        .order_by("answer_by", "requested_at")
    )
    return render(
        request,
        "peerwork/request_list.html",
        {"people": people, "today": today_for(organization)},
    )


def _choices(membership: Membership, person: Person) -> tuple[list[Proposal], list[User]]:
    """The proposals, and every other specialist with room (the person may prefer someone else)."""
    organization = membership.organization
    proposals = list(
        Proposal.objects.for_org(organization).filter(person=person).select_related("specialist")
    )
    loads = caseload_counts(organization)
    proposed = {p.specialist_id for p in proposals}
    # Never offer someone the person has a dual relationship with.
    apart = kept_apart_user_ids(organization, person.user_id) if person.user_id else set()
    others = [
        profile.user
        for profile in SpecialistProfile.objects.for_org(organization)
        .taking_people()
        .filter(user__memberships__organization=organization, user__memberships__is_active=True)
        .select_related("user")
        .order_by("user__preferred_name", "user__email")
        if profile.user_id not in proposed
        and profile.user_id not in apart
        and profile.user_id != person.specialist_id
        and profile.capacity > loads.get(profile.user_id, 0)
    ]
    return proposals, others


@org_member(roles=OVERSIGHT_ROLES)
def proposals(request: CirclesRequest, membership: Membership, person_id: int) -> HttpResponse:
    person = get_request_for(membership, person_id)
    found, others = _choices(membership, person)
    form = _choose_form(person, found, others, None)
    return _proposal_page(request, person, found, others, form)


def _choose_form(
    person: Person, found: list[Proposal], others: list[User], data: object
) -> ChooseForm:
    choices = [(p.specialist_id, p.specialist.display_name) for p in found]
    choices += [(u.pk, u.display_name) for u in others]
    can_invite = person.user_id is None and bool(person.email) and person.invitation_id is None
    return ChooseForm(data, choices=choices, can_invite=can_invite)


def _proposal_page(
    request: CirclesRequest,
    person: Person,
    found: list[Proposal],
    others: list[User],
    form: ChooseForm,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "peerwork/proposals.html",
        {
            "person": person,
            "proposals": found,
            "others": others,
            "form": form,
            "preferences": person.preferences,
        },
        status=status,
    )


@org_member(roles=OVERSIGHT_ROLES)
def choose(request: CirclesRequest, membership: Membership, person_id: int) -> HttpResponse:
    """POST makes the choice; a plain visit goes to the proposals it is made from."""
    person = get_request_for(membership, person_id)
    if request.method != "POST":
        return redirect(
            "peer_proposals", org_slug=membership.organization.slug, person_id=person.pk
        )
    found, others = _choices(membership, person)
    form = _choose_form(person, found, others, request.POST)
    if not form.is_valid():
        return _proposal_page(request, person, found, others, form, status=400)
    chosen = next(
        (p.specialist for p in found if p.specialist_id == form.cleaned_data["specialist"]),
        None,
    ) or next(u for u in others if u.pk == form.cleaned_data["specialist"])
    token = choose_specialist(
        person, chosen, by=membership.user, invite=bool(form.cleaned_data.get("invite"))
    )
    messages.success(
        request,
        _("%(name)s is now supported by %(specialist)s.")
        % {"name": person.display_name, "specialist": chosen.display_name},
    )
    if token:
        messages.info(request, _("An invitation email is on its way to them."))
    return redirect("peer_requests", org_slug=membership.organization.slug)
