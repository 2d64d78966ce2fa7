"""The workforce pages: a worker's record, assessments, supervision, training, the team view."""

import datetime
from typing import Any

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from circles.accounts.access import org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import ADMIN_ROLES, OVERSIGHT_ROLES, Membership, User
from circles.groups.models import SupportGroup
from circles.meetings.models import Meeting
from circles.workforce import actions
from circles.workforce.access import (
    WORKER_ROLES,
    WorkerAccess,
    get_action_for,
    get_competency_for,
    get_course_for,
    get_course_session_for,
    get_goal_for,
    get_supervised_worker_for,
    get_training_record_for,
    get_waiting_assessment_for,
    get_worker_for,
    get_worker_to_link_for,
    team_links,
)
from circles.workforce.forms import (
    ASSESS_KINDS_FOR_SUPERVISOR,
    AskPeerForm,
    AssessmentForm,
    CertificationForm,
    CourseForm,
    GoalForm,
    ItemForm,
    LevelForm,
    SettingsForm,
    SupervisionForm,
    SupervisorForm,
    TrainingForm,
)
from circles.workforce.framework import rule_packs
from circles.workforce.models import (
    LEVEL_MEANINGS,
    AgreedAction,
    Assessment,
    Certification,
    Competency,
    Course,
    DevelopmentGoal,
    FrameworkArea,
    HiddenCompetency,
    Level,
    LevelConfirmation,
    SupervisionSession,
    SupervisorLink,
    TrainingRecord,
    WorkforceSettings,
)
from circles.workforce.record import (
    ce_records,
    certification_statuses,
    chart_for,
    compliance,
    history,
    side_by_side,
    suggested_level,
    team_rows,
)


def _posted(request: CirclesRequest) -> Any:
    """The form data of a POST, even an empty one (an empty POST is still a submission)."""
    return request.POST if request.method == "POST" else None


def _items(membership: Membership) -> list[Competency]:
    return list(Competency.objects.in_use(membership.organization))


def _to_record(
    membership: Membership, worker_id: int, page: str = "workforce_person"
) -> HttpResponse:
    return redirect(page, org_slug=membership.organization.slug, worker_id=worker_id)


def _colleagues(membership: Membership) -> Any:
    return (
        User.objects.filter(
            memberships__organization=membership.organization,
            memberships__is_active=True,
            memberships__role__in=WORKER_ROLES,
        )
        .exclude(pk=membership.user_id)
        .order_by("preferred_name", "email")
    )


# A worker's record ----------------------------------------------------------------------


@org_member(roles=WORKER_ROLES)
def workforce_home(request: CirclesRequest, membership: Membership) -> HttpResponse:
    return _record_page(request, membership, get_worker_for(membership, membership.user_id))


@org_member(roles=WORKER_ROLES)
def workforce_person(
    request: CirclesRequest, membership: Membership, worker_id: int
) -> HttpResponse:
    return _record_page(request, membership, get_worker_for(membership, worker_id))


def _record_page(
    request: CirclesRequest, membership: Membership, access: WorkerAccess
) -> HttpResponse:
    organization = membership.organization
    worker = access.worker
    today = timezone.localdate()
    sessions = list(
        SupervisionSession.objects.for_org(organization)
        .of_worker(worker.pk)
        .select_related("supervisor")
        .prefetch_related(
            Prefetch("actions", queryset=AgreedAction.objects.order_by("due_on", "pk"))
        )
    )
    if sessions and not access.is_self:
        actions.note_supervision_read(organization, worker, actor=request.user)
    training = list(
        TrainingRecord.objects.for_org(organization)
        .of_worker(worker.pk)
        .select_related("certificate")
        .defer("certificate__data")
    )
    certifications = list(Certification.objects.for_org(organization).of_worker(worker.pk))
    statuses = certification_statuses(certifications, ce_records(organization, [worker.pk]), today)
    goals = list(
        DevelopmentGoal.objects.for_org(organization)
        .filter(worker=worker)
        .select_related("competency")
    )
    level = (
        LevelConfirmation.objects.for_org(organization)
        .filter(worker=worker)
        .select_related("confirmed_by")
        .first()
    )
    asked_of_me = []
    if access.is_self:
        asked_of_me = list(
            Assessment.objects.for_org(organization)
            .waiting()
            .filter(rater_id=membership.user_id)
            .select_related("worker")
        )
    cadence = WorkforceSettings.of(organization).supervision_every_days
    held = [s.held_on for s in sessions if s.held_on <= today]
    due_on = held[0] + datetime.timedelta(days=cadence) if held else None
    context = {
        "access": access,
        "worker": worker,
        "sessions": sessions,
        "training": training,
        "statuses": statuses,
        "goals": goals,
        "level": level,
        "asked_of_me": asked_of_me,
        "due_on": due_on,
        "overdue": due_on is None or due_on < today,
        "today": today,
    }
    return render(request, "workforce/record.html", context)


@org_member(roles=WORKER_ROLES)
def workforce_competencies(
    request: CirclesRequest, membership: Membership, worker_id: int
) -> HttpResponse:
    access = get_worker_for(membership, worker_id)
    organization = membership.organization
    items = _items(membership)
    assessments = list(
        Assessment.objects.for_org(organization)
        .of_worker(worker_id)
        .submitted()
        .select_related("rater")
    )
    rows = history(items, assessments)
    suggestion = suggested_level(items, assessments)
    level = (
        LevelConfirmation.objects.for_org(organization)
        .filter(worker_id=worker_id)
        .select_related("confirmed_by")
        .first()
    )
    context = {
        "access": access,
        "worker": access.worker,
        "compare": side_by_side(items, assessments),
        "rows": rows,
        "chart": chart_for(rows),
        "suggestion": suggestion,
        "suggestion_meaning": LEVEL_MEANINGS.get(suggestion) if suggestion else "",
        "level": level,
        "level_form": LevelForm(initial={"level": suggestion or Level.ESSENTIAL}),
        "levels": [(lvl, LEVEL_MEANINGS[lvl]) for lvl in Level],
        "goal_form": GoalForm(items=items),
        "ask_form": AskPeerForm(colleagues=_colleagues(membership)),
        "waiting": list(
            Assessment.objects.for_org(organization)
            .of_worker(worker_id)
            .waiting()
            .select_related("rater")
        )
        if access.is_self
        else [],
    }
    return render(request, "workforce/competencies.html", context)


@org_member(roles=WORKER_ROLES)
def workforce_assess(
    request: CirclesRequest, membership: Membership, worker_id: int
) -> HttpResponse:
    access = get_worker_for(membership, worker_id, writing=True)
    items = _items(membership)
    kinds = ASSESS_KINDS_FOR_SUPERVISOR if access.supervises else None
    organization = membership.organization
    previous = (
        Assessment.objects.for_org(organization)
        .of_worker(worker_id)
        .submitted()
        .filter(rater_id=membership.user_id)
        .first()
    )
    initial = previous.ratings if previous else None
    form = AssessmentForm(_posted(request), items=items, kinds=kinds, initial_ratings=initial)
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data.get("kind") or Assessment.Kind.SELF
        assessment = Assessment(organization=organization, worker=access.worker, kind=kind)
        actions.submit_assessment(assessment, form.ratings(), actor=request.user)
        messages.success(request, _("Thank you. The ratings are saved."))
        return _to_record(membership, worker_id, "workforce_competencies")
    status = 400 if request.method == "POST" else 200
    context = {"access": access, "worker": access.worker, "form": form}
    return render(request, "workforce/assess.html", context, status=status)


@org_member(roles=WORKER_ROLES)
def workforce_request(
    request: CirclesRequest, membership: Membership, assessment_id: int
) -> HttpResponse:
    assessment = get_waiting_assessment_for(membership, assessment_id)
    form = AssessmentForm(_posted(request), items=_items(membership))
    if request.method == "POST" and form.is_valid():
        actions.submit_assessment(assessment, form.ratings(), actor=request.user)
        messages.success(
            request,
            _("Thank you. %(name)s can now see your view.")
            % {"name": assessment.worker.display_name},
        )
        return redirect("workforce_home", org_slug=membership.organization.slug)
    status = 400 if request.method == "POST" else 200
    context = {"assessment": assessment, "worker": assessment.worker, "form": form, "peer": True}
    return render(request, "workforce/assess.html", context, status=status)


@require_POST
@org_member(roles=WORKER_ROLES)
def workforce_request_decline(
    request: CirclesRequest, membership: Membership, assessment_id: int
) -> HttpResponse:
    assessment = get_waiting_assessment_for(membership, assessment_id)
    actions.decline_request(assessment, actor=request.user)
    messages.success(request, _("That is fine. The request is gone."))
    return redirect("workforce_home", org_slug=membership.organization.slug)


@require_POST
@org_member(roles=WORKER_ROLES)
def workforce_ask_peer(request: CirclesRequest, membership: Membership) -> HttpResponse:
    access = get_worker_for(membership, membership.user_id, writing=True)
    form = AskPeerForm(request.POST, colleagues=_colleagues(membership))
    if form.is_valid():
        peer = form.cleaned_data["peer"]
        actions.ask_peer(membership.organization, access.worker, peer, actor=request.user)
        messages.success(
            request,
            _("%(name)s will find your request on their workforce page.")
            % {"name": peer.display_name},
        )
    else:
        messages.error(request, _("Please choose a colleague from the list."))
    return _to_record(membership, membership.user_id, "workforce_competencies")


@require_POST
@org_member(roles=OVERSIGHT_ROLES)
def workforce_level(
    request: CirclesRequest, membership: Membership, worker_id: int
) -> HttpResponse:
    access = get_supervised_worker_for(membership, worker_id)
    form = LevelForm(request.POST)
    if form.is_valid():
        organization = membership.organization
        items = _items(membership)
        assessments = list(
            Assessment.objects.for_org(organization).of_worker(worker_id).submitted()
        )
        level = Level(form.cleaned_data["level"])
        actions.confirm_level(
            organization,
            access.worker,
            level,
            suggested_level(items, assessments),
            actor=request.user,
        )
        messages.success(request, _("Level confirmed: %(level)s.") % {"level": level.label})
    else:
        messages.error(request, _("Please choose one of the levels."))
    return _to_record(membership, worker_id, "workforce_competencies")


@org_member(roles=WORKER_ROLES)
def workforce_goal_add(request: CirclesRequest, membership: Membership) -> HttpResponse:
    access = get_worker_for(membership, membership.user_id, writing=True)
    form = GoalForm(
        _posted(request),
        items=_items(membership),
        instance=DevelopmentGoal(organization=membership.organization, worker=access.worker),
    )
    if request.method == "POST" and form.is_valid():
        actions.add_goal(form.save(commit=False), actor=request.user)
        messages.success(request, _("Your development goal is saved."))
        return _to_record(membership, membership.user_id, "workforce_competencies")
    status = 400 if request.method == "POST" else 200
    context = {"access": access, "worker": access.worker, "goal_form": form}
    return render(request, "workforce/goal_form.html", context, status=status)


@require_POST
@org_member(roles=WORKER_ROLES)
def workforce_goal_reached(
    request: CirclesRequest, membership: Membership, goal_id: int
) -> HttpResponse:
    goal = get_goal_for(membership, goal_id)
    actions.goal_reached(goal, actor=request.user)
    messages.success(request, _("Well done. The goal is marked as reached."))
    return redirect("workforce_home", org_slug=membership.organization.slug)


# Supervision ------------------------------------------------------------------------------


@org_member(roles=OVERSIGHT_ROLES)
def workforce_supervision_add(
    request: CirclesRequest, membership: Membership, worker_id: int
) -> HttpResponse:
    access = get_supervised_worker_for(membership, worker_id)
    session = SupervisionSession(
        organization=membership.organization, worker=access.worker, supervisor=membership.user
    )
    form = SupervisionForm(_posted(request), instance=session)
    if request.method == "POST" and form.is_valid():
        actions.record_supervision(form.save(commit=False), form.agreed(), actor=request.user)
        messages.success(
            request,
            _("Supervision recorded. %(name)s can see it on their page.")
            % {"name": access.worker.display_name},
        )
        return _to_record(membership, worker_id)
    status = 400 if request.method == "POST" else 200
    context = {"access": access, "worker": access.worker, "form": form}
    return render(request, "workforce/supervision_form.html", context, status=status)


@require_POST
@org_member(roles=WORKER_ROLES)
def workforce_action_done(
    request: CirclesRequest, membership: Membership, action_id: int
) -> HttpResponse:
    action = get_action_for(membership, action_id)
    actions.action_done(action, actor=request.user)
    messages.success(request, _("Marked as done."))
    return _to_record(membership, action.session.worker_id)


# Training and certification --------------------------------------------------------------


@org_member(roles=WORKER_ROLES)
def workforce_training_add(
    request: CirclesRequest, membership: Membership, worker_id: int
) -> HttpResponse:
    access = get_worker_for(membership, worker_id, writing=True)
    record = TrainingRecord(organization=membership.organization, worker=access.worker)
    form = TrainingForm(
        _posted(request), request.FILES if request.method == "POST" else None, instance=record
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("certificate")
        actions.add_training(
            form.save(commit=False), upload, form.certificate_type, actor=request.user
        )
        messages.success(request, _("Training record saved."))
        return _to_record(membership, worker_id)
    status = 400 if request.method == "POST" else 200
    context = {"access": access, "worker": access.worker, "form": form}
    return render(request, "workforce/training_form.html", context, status=status)


@org_member(roles=WORKER_ROLES)
def workforce_certificate(
    request: CirclesRequest, membership: Membership, record_id: int
) -> HttpResponse:
    record = get_training_record_for(membership, record_id)
    certificate = getattr(record, "certificate", None)
    if certificate is None:
        raise Http404("No certificate for this record.")
    actions.note_certificate_read(record, actor=request.user)
    response = HttpResponse(bytes(certificate.data), content_type=certificate.content_type)
    response["Content-Disposition"] = f'attachment; filename="{certificate.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@org_member(roles=WORKER_ROLES)
def workforce_certification_add(
    request: CirclesRequest, membership: Membership, worker_id: int
) -> HttpResponse:
    access = get_worker_for(membership, worker_id, writing=True)
    certification = Certification(organization=membership.organization, worker=access.worker)
    form = CertificationForm(_posted(request), instance=certification)
    if request.method == "POST" and form.is_valid():
        actions.add_certification(form.save(commit=False), actor=request.user)
        messages.success(request, _("Certification saved."))
        return _to_record(membership, worker_id)
    status = 400 if request.method == "POST" else 200
    context = {
        "access": access,
        "worker": access.worker,
        "form": form,
        "packs": rule_packs().values(),
    }
    return render(request, "workforce/certification_form.html", context, status=status)


# The team view and the organisation's choices -------------------------------------------


@org_member(roles=OVERSIGHT_ROLES)
def workforce_team(request: CirclesRequest, membership: Membership) -> HttpResponse:
    organization = membership.organization
    today = timezone.localdate()
    settings_row = WorkforceSettings.of(organization)
    mine = team_rows(organization, [link.worker for link in team_links(membership)], today)
    everyone = None
    counts = None
    if membership.is_admin:
        workers = [
            m.user
            for m in Membership.objects.for_org(organization)
            .active()
            .filter(role__in=WORKER_ROLES)
            .with_people()
        ]
        everyone = team_rows(organization, workers, today)
        counts = compliance(everyone)
        if not settings_row.admins_see_records:
            everyone = None
    context = {
        "team": mine,
        "everyone": everyone,
        "counts": counts,
        "cadence": settings_row.supervision_every_days,
        "today": today,
    }
    return render(request, "workforce/team.html", context)


@org_member(roles=ADMIN_ROLES)
def workforce_settings(request: CirclesRequest, membership: Membership) -> HttpResponse:
    settings_row = WorkforceSettings.of(membership.organization)
    form = SettingsForm(_posted(request), instance=settings_row)
    if request.method == "POST" and form.is_valid():
        actions.save_settings(form.save(commit=False), actor=request.user)
        messages.success(request, _("Workforce settings saved."))
        return redirect("workforce_settings", org_slug=membership.organization.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "workforce/settings.html", {"form": form}, status=status)


def _supervisors(membership: Membership) -> Any:
    return User.objects.filter(
        memberships__organization=membership.organization,
        memberships__is_active=True,
        memberships__role__in=OVERSIGHT_ROLES,
    ).order_by("preferred_name", "email")


@org_member(roles=ADMIN_ROLES)
def workforce_supervisors(request: CirclesRequest, membership: Membership) -> HttpResponse:
    organization = membership.organization
    workers = list(
        Membership.objects.for_org(organization)
        .active()
        .filter(role__in=WORKER_ROLES)
        .with_people()
    )
    links = dict(
        SupervisorLink.objects.for_org(organization).values_list("worker_id", "supervisor_id")
    )
    supervisors = list(_supervisors(membership))
    # One list of choices for every row: the select is drawn in the template.
    rows = [(m, links.get(m.user_id)) for m in workers]
    return render(request, "workforce/supervisors.html", {"rows": rows, "supervisors": supervisors})


@require_POST
@org_member(roles=ADMIN_ROLES)
def workforce_supervisor_set(
    request: CirclesRequest, membership: Membership, worker_id: int
) -> HttpResponse:
    worker_membership = get_worker_to_link_for(membership, worker_id)
    form = SupervisorForm(
        request.POST, supervisors=_supervisors(membership), prefix=f"w{worker_id}"
    )
    if form.is_valid():
        supervisor = form.cleaned_data["supervisor"]
        if supervisor is not None and supervisor.pk == worker_id:
            messages.error(request, _("Nobody supervises themself. Please choose someone else."))
        else:
            actions.set_supervisor(
                membership.organization, worker_membership.user, supervisor, actor=request.user
            )
            messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Please choose a supervisor from the list."))
    return redirect("workforce_supervisors", org_slug=membership.organization.slug)


@org_member(roles=WORKER_ROLES)
def workforce_framework(request: CirclesRequest, membership: Membership) -> HttpResponse:
    organization = membership.organization
    hidden = set(
        HiddenCompetency.objects.for_org(organization).values_list("competency_id", flat=True)
    )
    areas = list(FrameworkArea.objects.order_by("position", "pk"))
    items = list(
        Competency.objects.for_org(organization).filter(retired=False).order_by("position", "pk")
    )
    grouped = [
        (area, [(item, item.pk in hidden) for item in items if item.area_id == area.pk])
        for area in areas
    ]
    context = {
        "grouped": grouped,
        "item_form": ItemForm(),
        "levels": [(lvl, LEVEL_MEANINGS[lvl]) for lvl in Level],
    }
    return render(request, "workforce/framework.html", context)


@require_POST
@org_member(roles=ADMIN_ROLES)
def workforce_item_add(request: CirclesRequest, membership: Membership) -> HttpResponse:
    form = ItemForm(request.POST)
    if form.is_valid():
        actions.add_item(
            membership.organization,
            form.cleaned_data["area"],
            form.cleaned_data["text"],
            actor=request.user,
        )
        messages.success(request, _("Item added. Everyone here rates it from now on."))
    else:
        messages.error(
            request,
            _("Please choose where the item belongs and describe it in up to 300 characters."),
        )
    return redirect("workforce_framework", org_slug=membership.organization.slug)


@require_POST
@org_member(roles=ADMIN_ROLES)
def workforce_item_hide(
    request: CirclesRequest, membership: Membership, competency_id: int
) -> HttpResponse:
    item = get_competency_for(membership, competency_id)
    actions.hide_item(membership.organization, item, actor=request.user)
    messages.success(request, _("Hidden. It no longer appears in assessments here."))
    return redirect("workforce_framework", org_slug=membership.organization.slug)


@require_POST
@org_member(roles=ADMIN_ROLES)
def workforce_item_show(
    request: CirclesRequest, membership: Membership, competency_id: int
) -> HttpResponse:
    item = get_competency_for(membership, competency_id)
    actions.show_item(membership.organization, item, actor=request.user)
    messages.success(request, _("Shown again in assessments here."))
    return redirect("workforce_framework", org_slug=membership.organization.slug)


# Courses the organisation runs ------------------------------------------------------------


def _course_groups(membership: Membership) -> Any:
    taken = Course.objects.for_org(membership.organization).values("group_id")
    return (
        SupportGroup.objects.for_org(membership.organization)
        .filter(is_archived=False)
        .exclude(pk__in=taken)
        .order_by("name")
    )


@org_member(roles=OVERSIGHT_ROLES)
def workforce_courses(request: CirclesRequest, membership: Membership) -> HttpResponse:
    organization = membership.organization
    course = Course(organization=organization)
    form = CourseForm(_posted(request), groups=_course_groups(membership), instance=course)
    if request.method == "POST" and form.is_valid():
        actions.add_course(form.save(commit=False), actor=request.user)
        messages.success(request, _("Course added. Record hours after each session."))
        return redirect("workforce_courses", org_slug=organization.slug)
    courses = list(Course.objects.for_org(organization).select_related("group"))
    status = 400 if request.method == "POST" else 200
    return render(
        request, "workforce/courses.html", {"courses": courses, "form": form}, status=status
    )


@org_member(roles=OVERSIGHT_ROLES)
def workforce_course(
    request: CirclesRequest, membership: Membership, course_id: int
) -> HttpResponse:
    course = get_course_for(membership, course_id)
    organization = membership.organization
    staff = Membership.objects.for_org(organization).active().filter(role__in=WORKER_ROLES)
    sessions = list(
        Meeting.objects.for_org(organization)
        .filter(group_id=course.group_id, starts_at__lte=timezone.now())
        .annotate(
            staff_present=Count(
                "attendances",
                filter=Q(attendances__user_id__in=staff.values("user_id")),
                distinct=True,
            )
        )
        .order_by("-starts_at")[:50]
    )
    recorded = dict(
        TrainingRecord.objects.for_org(organization)
        .filter(meeting_id__in=[m.pk for m in sessions])
        .values("meeting_id")
        .annotate(n=Count("pk"))
        .values_list("meeting_id", "n")
    )
    rows = [(m, recorded.get(m.pk, 0)) for m in sessions]
    return render(request, "workforce/course.html", {"course": course, "rows": rows})


@require_POST
@org_member(roles=OVERSIGHT_ROLES)
def workforce_course_record(
    request: CirclesRequest, membership: Membership, course_id: int, meeting_id: int
) -> HttpResponse:
    course, meeting = get_course_session_for(membership, course_id, meeting_id)
    if meeting.starts_at > timezone.now():
        messages.error(request, _("This session has not happened yet."))
    else:
        added = actions.record_course_hours(course, meeting, actor=request.user)
        messages.success(
            request,
            ngettext("Hours recorded for %(n)s person.", "Hours recorded for %(n)s people.", added)
            % {"n": added},
        )
    return redirect("workforce_course", org_slug=membership.organization.slug, course_id=course.pk)
