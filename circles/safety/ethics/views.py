"""Pages for the code of ethics in daily work."""

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from circles.accounts.access import org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import ADMIN_ROLES, OVERSIGHT_ROLES, STAFF_ROLES, Membership, User
from circles.safety.ethics import actions, queries
from circles.safety.ethics.access import get_my_relationship_for, get_my_step_back_for
from circles.safety.ethics.forms import (
    GiftForm,
    PublishCodeForm,
    RelationshipForm,
    SignForm,
    StepBackForm,
)
from circles.safety.ethics.models import DualRelationship, EthicsCode, Gift, StepBack

# The team's log shows this many gifts, newest first.
GIFT_LOG_LENGTH = 200


def _mine(membership: Membership) -> HttpResponse:
    return redirect("ethics_mine", org_slug=membership.organization.slug)


@org_member(roles=STAFF_ROLES)
def ethics_mine(request: CirclesRequest, membership: Membership) -> Any:
    """The worker's own page: their signature, declared relationships, gifts and time away."""
    organization = membership.organization
    today = queries.org_today(membership.organization)
    relationships = (
        DualRelationship.objects.for_org(organization)
        .current()
        .filter(worker=membership.user_id)
        .select_related("person")
        .order_by("-declared_at")
    )
    context = {
        "status": queries.my_status(membership, today),
        "relationships": list(relationships),
        "gifts": list(
            Gift.objects.for_org(organization).filter(worker=membership.user_id).with_people()[:50]
        ),
        "away": [
            (a, a.state(today))
            for a in StepBack.objects.for_org(organization)
            .filter(worker=membership.user_id, handed_back_at__isnull=True)
            .with_people()
        ],
    }
    return render(request, "safety/ethics_mine.html", context)


@org_member(roles=STAFF_ROLES)
def ethics_code(request: CirclesRequest, membership: Membership) -> Any:
    """Read the current code and sign it."""
    organization = membership.organization
    code = EthicsCode.objects.current_for(organization)
    form = SignForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            actions.sign_code(organization, request.user, code)  # type: ignore[arg-type]
            messages.success(request, _("Thank you. Your signature is saved."))
            return _mine(membership)
        status = 400
    context = {"code": code, "form": form, "status": queries.my_status(membership)}
    return render(request, "safety/ethics_code.html", context, status=status)


@org_member(roles=ADMIN_ROLES)
def ethics_code_publish(request: CirclesRequest, membership: Membership) -> Any:
    """Admins load the organisation's own text as a new version; staff then sign it again."""
    organization = membership.organization
    current = EthicsCode.objects.current_for(organization)
    if request.method == "POST":
        form = PublishCodeForm(request.POST)
        if form.is_valid():
            actions.publish_code(
                organization,
                form.cleaned_data["title"],
                form.cleaned_data["points"],
                actor=request.user,
            )
            messages.success(
                request, _("The new version is published. Staff are asked to sign it.")
            )
            return redirect("ethics_team", org_slug=organization.slug)
        status = 400
    else:
        form = PublishCodeForm(
            initial={"title": current.shown_title(), "points": "\n\n".join(current.shown_points())}
        )
        status = 200
    context = {"form": form, "current": current}
    return render(request, "safety/ethics_publish.html", context, status=status)


def _people_to_declare(membership: Membership) -> QuerySet[User]:
    """Anyone active here except oneself and those already declared."""
    organization = membership.organization
    declared = (
        DualRelationship.objects.for_org(organization)
        .current()
        .filter(worker=membership.user_id)
        .values("person_id")
    )
    return (
        User.objects.filter(memberships__organization=organization, memberships__is_active=True)
        .exclude(pk=membership.user_id)
        .exclude(pk__in=declared)
        .order_by("preferred_name", "email")
    )


@org_member(roles=STAFF_ROLES)
def ethics_relationship_new(request: CirclesRequest, membership: Membership) -> Any:
    people = _people_to_declare(membership)
    if request.method == "POST":
        form = RelationshipForm(request.POST, people=people)
        if form.is_valid():
            person = form.cleaned_data["person"]
            actions.declare_relationship(
                membership.organization,
                request.user,  # type: ignore[arg-type]
                person,
                form.cleaned_data["note"],
            )
            messages.success(
                request,
                _(
                    "Thank you for saying so. %(name)s will not be on your caseload, in your "
                    "breakout groups or in meetings you observe."
                )
                % {"name": person.display_name},
            )
            return _mine(membership)
        status = 400
    else:
        form = RelationshipForm(people=people)
        status = 200
    return render(request, "safety/ethics_relationship.html", {"form": form}, status=status)


@require_POST
@org_member(roles=STAFF_ROLES)
def ethics_relationship_end(
    request: CirclesRequest, membership: Membership, relationship_id: int
) -> HttpResponse:
    relationship = get_my_relationship_for(membership, relationship_id)
    actions.end_relationship(relationship, actor=request.user)
    messages.success(request, _("That relationship is no longer on your list."))
    return _mine(membership)


@org_member(roles=STAFF_ROLES)
def ethics_gift_new(request: CirclesRequest, membership: Membership) -> Any:
    if request.method == "POST":
        form = GiftForm(request.POST)
        if form.is_valid():
            actions.log_gift(
                membership.organization,
                form.save(commit=False),
                request.user,  # type: ignore[arg-type]
            )
            messages.success(request, _("Thank you. Your supervisor can see this in the log."))
            return _mine(membership)
        status = 400
    else:
        form = GiftForm(initial={"offered_on": queries.org_today(membership.organization)})
        status = 200
    return render(request, "safety/ethics_gift.html", {"form": form}, status=status)


def _colleagues(membership: Membership) -> QuerySet[User]:
    return (
        User.objects.filter(
            memberships__organization=membership.organization,
            memberships__is_active=True,
            memberships__role__in=STAFF_ROLES,
            is_active=True,
        )
        .exclude(pk=membership.user_id)
        .order_by("preferred_name", "email")
    )


@org_member(roles=STAFF_ROLES)
def ethics_step_back_new(request: CirclesRequest, membership: Membership) -> Any:
    """Step back for a while. Nobody asks why."""
    colleagues = _colleagues(membership)
    away = StepBack.objects.for_org(membership.organization).filter(handed_back_at__isnull=True)
    if request.method == "POST":
        form = StepBackForm(request.POST, colleagues=colleagues, away=away)
        if form.is_valid():
            actions.step_back(
                membership.organization,
                request.user,  # type: ignore[arg-type]
                form.cleaned_data["cover"],
                form.cleaned_data["starts_on"],
                form.cleaned_data["ends_on"],
            )
            messages.success(
                request,
                _(
                    "Take good care. %(name)s covers for you, and your supervisor is told only "
                    "that you are away and who covers."
                )
                % {"name": form.cleaned_data["cover"].display_name},
            )
            return _mine(membership)
        status = 400
    else:
        today = queries.org_today(membership.organization)
        form = StepBackForm(colleagues=colleagues, away=away, initial={"starts_on": today})
        status = 200
    return render(request, "safety/ethics_step_back.html", {"form": form}, status=status)


@require_POST
@org_member(roles=STAFF_ROLES)
def ethics_step_back_end(
    request: CirclesRequest, membership: Membership, step_back_id: int
) -> HttpResponse:
    away = get_my_step_back_for(membership, step_back_id)
    actions.come_back(away, actor=request.user)
    messages.success(request, _("Welcome back. Your cover no longer facilitates your groups."))
    return _mine(membership)


@org_member(roles=OVERSIGHT_ROLES)
def ethics_team(request: CirclesRequest, membership: Membership) -> Any:
    """Supervisors and admins: who needs to sign, and who is away with whom covering."""
    organization = membership.organization
    today = queries.org_today(membership.organization)
    rows = queries.staff_signing(organization, today)
    away = [
        (a, a.state(today))
        for a in StepBack.objects.for_org(organization)
        .filter(handed_back_at__isnull=True)
        .with_people()
    ]
    context = {
        "rows": rows,
        "attention": sum(1 for r in rows if r.status.needs_attention),
        "away": away,
        "code": EthicsCode.objects.current_for(organization),
    }
    return render(request, "safety/ethics_team.html", context)


@org_member(roles=OVERSIGHT_ROLES)
def ethics_team_boundaries(request: CirclesRequest, membership: Membership) -> Any:
    """Supervisors and admins: declared relationships and the gift log."""
    organization = membership.organization
    gifts = list(Gift.objects.for_org(organization).with_people()[:GIFT_LOG_LENGTH])
    if gifts:
        actions.note_gifts_read(organization, actor=request.user)
    context = {
        "relationships": list(
            DualRelationship.objects.for_org(organization)
            .current()
            .select_related("worker", "person")
            .order_by("-declared_at")
        ),
        "gifts": gifts,
        "gift_log_length": GIFT_LOG_LENGTH,
    }
    return render(request, "safety/ethics_boundaries.html", context)
