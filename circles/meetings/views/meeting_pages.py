"""Meetings of a group, the meeting page, and its agenda (issue 4, meetings part)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from circles.accounts.access import org_member
from circles.accounts.models import ADMIN_ROLES, Membership, Role, User
from circles.feedback.views.sheet import link_context, member_may_answer
from circles.groups.access import get_editable_group_for, get_group_for
from circles.groups.models import GroupMembership, SupportGroup
from circles.meetings import actions
from circles.meetings.access import get_meeting_for, get_run_meeting_for, is_member, is_observer
from circles.meetings.agenda import default_items, ensure_agenda
from circles.meetings.forms import (
    AgendaItemForm,
    AgendaTemplateForm,
    CancelForm,
    LeaderForm,
    WhenForm,
)
from circles.meetings.generation import generate_for_group
from circles.meetings.models import AgendaItem, AgendaTemplate, Meeting, ObserverAssignment

LIST_LIMIT = 60

# Pages other parts of issue 4 build; linked when they exist.
RUN_LINKS = [
    ("meeting_runshow", gettext_lazy("Run the meeting (step by step)")),
    ("meeting_attendance", gettext_lazy("Attendance")),
    ("meeting_breakouts", gettext_lazy("Breakout groups")),
    ("meeting_polls", gettext_lazy("Live polls")),
    ("meeting_feedback", gettext_lazy("Feedback link and QR code")),
    ("meeting_debrief", gettext_lazy("Debrief notes")),
    ("meeting_observers", gettext_lazy("Observers")),
]
# Supervisors and admins read these without running the meeting.
OVERSIGHT_LINKS = [
    ("meeting_attendance", gettext_lazy("Attendance")),
    ("meeting_debrief", gettext_lazy("Debrief notes")),
    ("meeting_observers", gettext_lazy("Observers and their reports")),
    ("meeting_feedback", gettext_lazy("Feedback link and QR code")),
]
# What a member of the group, or an assigned observer, can open.
MEMBER_LINKS = [
    ("meeting_my_attendance", gettext_lazy("Were you marked as there?")),
]


def manages(membership: Membership, group: SupportGroup) -> bool:
    """Facilitators of the group and admins cancel, move, add and name leaders."""
    return membership.role == Role.ADMIN or any(
        f.pk == membership.user_id for f in group.facilitators.all()
    )


def _managed_meeting(membership: Membership, meeting_id: int) -> Meeting:
    meeting, _runs = get_meeting_for(membership, meeting_id)
    if not manages(membership, meeting.group):
        raise PermissionDenied("Only the group's facilitators and admins change its meetings.")
    return meeting


def _local(membership: Membership) -> Any:
    return timezone.override(membership.organization.timezone)


@org_member()
def group_meetings(request: HttpRequest, membership: Membership, group_id: int) -> HttpResponse:
    group, can_edit = get_group_for(membership, group_id)
    now = timezone.now()
    meetings = Meeting.objects.filter(group=group).select_related("leader")
    if not group.is_archived and not meetings.filter(starts_at__gte=now).exists():
        generate_for_group(group, now=now)
    upcoming = list(meetings.upcoming()[:LIST_LIMIT])
    past = list(meetings.past()[:20])
    with _local(membership):
        return render(
            request,
            "meetings/meeting_list.html",
            {
                "group": group,
                "upcoming": upcoming,
                "past": past,
                "can_manage": can_edit,
                "title": _("Meetings of %(group)s") % {"group": group.name},
            },
        )


@org_member()
def meeting_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    meetings = Meeting.objects.for_org(membership.organization).with_group()
    staff = membership.is_staff_role
    if not staff:
        group_ids = (
            GroupMembership.objects.for_org(membership.organization)
            .current()
            .filter(user_id=membership.user_id)
            .values("group_id")
        )
        # Members see their groups' meetings; observers also the meetings they observe.
        observing = ObserverAssignment.objects.filter(observer_id=membership.user_id).values(
            "meeting_id"
        )
        meetings = meetings.filter(Q(group_id__in=group_ids) | Q(pk__in=observing))
    upcoming = list(meetings.upcoming()[:LIST_LIMIT])
    with _local(membership):
        return render(
            request,
            "meetings/meeting_list.html",
            {
                "group": None,
                "upcoming": upcoming,
                "past": [],
                "show_group": True,
                "title": _("Upcoming meetings") if staff else _("Your meetings"),
            },
        )


def meeting_links(membership: Membership, meeting: Meeting, runs: bool) -> list[tuple[Any, str]]:
    """The pages about this meeting this person may open."""
    names: list[tuple[str, Any]]
    if runs:
        names = RUN_LINKS
    elif membership.has_oversight:
        names = OVERSIGHT_LINKS
    else:
        names = MEMBER_LINKS
    links: list[tuple[Any, str]] = [
        (label, reverse(name, args=[membership.organization.slug, meeting.pk]))
        for name, label in names
    ]
    if not runs and is_observer(meeting, membership.user_id):
        links.append(
            (
                _("Your observer report"),
                reverse("meeting_observer_report", args=[membership.organization.slug, meeting.pk]),
            )
        )
    return links


@org_member()
def meeting_detail(request: HttpRequest, membership: Membership, meeting_id: int) -> HttpResponse:
    meeting, runs = get_meeting_for(membership, meeting_id)
    can_manage = manages(membership, meeting.group)
    context: dict[str, Any] = {
        "meeting": meeting,
        "group": meeting.group,
        "runs": runs,
        "can_manage": can_manage,
        "links": meeting_links(membership, meeting, runs),
        "cancel_form": CancelForm(),
    }
    if (
        not runs
        and membership.role == Role.PARTICIPANT
        and member_may_answer(meeting)
        and is_member(meeting, membership.user_id)
    ):
        # Members who were there: the anonymous sheet, while its link is open.
        context["feedback_answer_url"] = reverse("feedback_answer", args=[meeting.feedback_token])
    if can_manage:
        context["leader_form"] = LeaderForm(
            initial={"leader": meeting.leader_id}, choices=leader_choices(meeting.group)
        )
    with _local(membership):
        return render(request, "meetings/meeting_detail.html", context)


def leader_choices(group: SupportGroup) -> list[tuple[int, str]]:
    facilitators = list(group.facilitators.all())
    willing = User.objects.filter(
        pk__in=GroupMembership.objects.for_org(group.organization)
        .current()
        .filter(group=group, willing_to_lead=True)
        .values("user_id")
    ).order_by("preferred_name", "pk")
    seen: set[int] = set()
    choices = []
    for person in [*facilitators, *willing]:
        if person.pk not in seen:
            seen.add(person.pk)
            choices.append((person.pk, person.display_name))
    return choices


@require_POST
@org_member()
def meeting_cancel(request: HttpRequest, membership: Membership, meeting_id: int) -> HttpResponse:
    meeting = _managed_meeting(membership, meeting_id)
    form = CancelForm(request.POST)
    if "restore" in request.POST:
        actions.restore_meeting(meeting, actor=request.user)
        messages.success(request, _("The meeting is going ahead again. Members were told."))
    elif form.is_valid():
        actions.cancel_meeting(meeting, form.cleaned_data["reason"], actor=request.user)
        messages.success(request, _("The meeting is cancelled. Members were told."))
    return redirect("meeting_detail", membership.organization.slug, meeting.pk)


@org_member()
def meeting_move(request: HttpRequest, membership: Membership, meeting_id: int) -> HttpResponse:
    meeting = _managed_meeting(membership, meeting_id)
    tz = membership.organization.timezone
    with _local(membership):
        local = timezone.localtime(meeting.starts_at)
        initial = {
            "date": local.date(),
            "time": local.time().replace(second=0, microsecond=0),
            "minutes": int(meeting.duration.total_seconds() // 60),
        }
        form = WhenForm(request.POST or None, initial=initial, tz=tz)
        if request.method == "POST" and form.is_valid():
            actions.move_meeting(meeting, form.starts_at(), form.duration(), actor=request.user)
            messages.success(request, _("The meeting has its new time. Members were told."))
            return redirect("meeting_detail", membership.organization.slug, meeting.pk)
        return render(
            request,
            "meetings/meeting_form.html",
            {"form": form, "meeting": meeting, "group": meeting.group, "moving": True},
        )


@org_member()
def meeting_add(request: HttpRequest, membership: Membership, group_id: int) -> HttpResponse:
    group = get_editable_group_for(membership, group_id)
    tz = membership.organization.timezone
    initial = {"time": group.start_time, "minutes": group.duration_minutes}
    form = WhenForm(request.POST or None, initial=initial, tz=tz)
    if request.method == "POST" and form.is_valid():
        meeting = actions.add_one_off(group, form.starts_at(), form.duration(), actor=request.user)
        messages.success(request, _("The extra meeting is added."))
        return redirect("meeting_detail", membership.organization.slug, meeting.pk)
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "meeting": None, "group": group, "moving": False},
    )


@require_POST
@org_member()
def meeting_leader(request: HttpRequest, membership: Membership, meeting_id: int) -> HttpResponse:
    meeting = _managed_meeting(membership, meeting_id)
    form = LeaderForm(request.POST, choices=leader_choices(meeting.group))
    if form.is_valid():
        actions.set_leader(meeting, form.cleaned_data["leader"], actor=request.user)
        messages.success(request, _("The meeting leader is saved."))
    else:
        messages.error(request, _("Choose someone from the list."))
    return redirect("meeting_detail", membership.organization.slug, meeting.pk)


@require_POST
@org_member()
def group_willing_to_lead(
    request: HttpRequest, membership: Membership, willing_group_id: int
) -> HttpResponse:
    group, _can_edit = get_group_for(membership, willing_group_id)
    mine = (
        GroupMembership.objects.for_org(membership.organization)
        .current()
        .filter(group=group, user_id=membership.user_id)
        .first()
    )
    if mine is None or not group.rotate_leader:
        raise PermissionDenied("Only members of a group that shares leading can offer.")
    willing = request.POST.get("willing") == "1"
    actions.set_willing_to_lead(mine, willing, actor=request.user)
    if willing:
        messages.success(request, _("Thank you. The facilitators may ask you to lead a meeting."))
    else:
        messages.success(request, _("That's fine. You won't be asked to lead a meeting."))
    return redirect("group_detail", membership.organization.slug, group.pk)


# The agenda ---------------------------------------------------------------------------


def _item_of(meeting: Meeting, item_id: str | None) -> AgendaItem:
    try:
        return meeting.agenda_items.get(pk=int(item_id or ""))
    except (ValueError, AgendaItem.DoesNotExist) as exc:
        raise Http404("No such item on this agenda.") from exc


@org_member()
def meeting_agenda(request: HttpRequest, membership: Membership, meeting_id: int) -> HttpResponse:
    meeting = get_run_meeting_for(membership, meeting_id)
    items = ensure_agenda(meeting)
    bound: dict[int, AgendaItemForm] = {}
    new_form = AgendaItemForm(prefix="new")
    if request.method == "POST":
        op = request.POST.get("op", "")
        url = reverse("meeting_agenda", args=[membership.organization.slug, meeting.pk])
        if op == "add":
            new_form = AgendaItemForm(request.POST, prefix="new")
            if new_form.is_valid():
                data = new_form.cleaned_data
                actions.add_item(
                    meeting, data["title"], data["minutes"], data["script"], actor=request.user
                )
                messages.success(request, _("Item added at the end."))
                return redirect(url)
        else:
            item = _item_of(meeting, request.POST.get("item"))
            if op == "save":
                form = AgendaItemForm(request.POST, instance=item, prefix=f"item-{item.pk}")
                if form.is_valid():
                    actions.update_item(form.save(commit=False), actor=request.user)
                    messages.success(request, _("Saved “%(title)s”.") % {"title": item.title})
                    return redirect(f"{url}#item-{item.pk}")
                bound[item.pk] = form
            elif op == "remove":
                actions.remove_item(item, actor=request.user)
                messages.success(request, _("Removed “%(title)s”.") % {"title": item.title})
                return redirect(url)
            elif op in ("up", "down"):
                actions.move_item(item, -1 if op == "up" else 1, actor=request.user)
                return redirect(f"{url}#item-{item.pk}")
            else:
                raise Http404("Unknown change.")
        items = list(meeting.agenda_items.all())
    rows = [
        (item, bound.get(item.pk) or AgendaItemForm(instance=item, prefix=f"item-{item.pk}"))
        for item in items
    ]
    total = sum(item.minutes for item in items)
    length = int(meeting.duration.total_seconds() // 60)
    with _local(membership):
        return render(
            request,
            "meetings/agenda_edit.html",
            {
                "meeting": meeting,
                "group": meeting.group,
                "rows": rows,
                "new_form": new_form,
                "total": total,
                "length": length,
                "over": total - length,
            },
            status=400 if bound or new_form.errors else 200,
        )


@org_member()
def meeting_agenda_print(
    request: HttpRequest, membership: Membership, meeting_id: int
) -> HttpResponse:
    meeting, _runs = get_meeting_for(membership, meeting_id)
    items = ensure_agenda(meeting)
    with _local(membership):
        return render(
            request,
            "meetings/agenda_print.html",
            {
                "meeting": meeting,
                "group": meeting.group,
                "items": items,
                "total": sum(item.minutes for item in items),
                **link_context(request, meeting),
                "limit": _(
                    "There is one limit: intended serious harm to self or others "
                    "cannot be kept confidential."
                ),
            },
        )


@org_member(roles=ADMIN_ROLES)
def agenda_templates(request: HttpRequest, membership: Membership) -> HttpResponse:
    organization = membership.organization
    templates = list(AgendaTemplate.objects.for_org(organization))
    editing: AgendaTemplate | None = None
    edit_id = request.GET.get("edit") or request.POST.get("template")
    if edit_id:
        editing = next((t for t in templates if str(t.pk) == edit_id), None)
        if editing is None:
            raise Http404("No such agenda template here.")
    url = reverse("agenda_templates", args=[organization.slug])
    if request.method == "POST" and request.POST.get("op") == "from_seeds":
        template = AgendaTemplate(
            organization=organization, name=_("Our meeting agenda"), items=default_items()
        )
        actions.save_template(template, make_default=not templates, actor=request.user)
        messages.success(request, _("A new agenda is ready to change."))
        return redirect(f"{url}?edit={template.pk}")
    if request.method == "POST" and request.POST.get("op") == "default":
        chosen = next((t for t in templates if str(t.pk) == request.POST.get("default")), None)
        actions.choose_default_template(organization, chosen, actor=request.user)
        messages.success(request, _("New meetings will use the agenda you chose."))
        return redirect(url)
    form = None
    if editing is not None:
        form = AgendaTemplateForm(
            request.POST if request.method == "POST" else None, instance=editing
        )
        if request.method == "POST" and form.is_valid():
            template = form.save(commit=False)
            template.items = form.cleaned_data["text"]
            actions.save_template(
                template, make_default=form.cleaned_data["is_default"], actor=request.user
            )
            messages.success(request, _("The agenda is saved."))
            return redirect(url)
    return render(
        request,
        "meetings/agenda_templates.html",
        {
            "templates": templates,
            "editing": editing,
            "form": form,
            "has_default": any(t.is_default for t in templates),
        },
        status=400 if form is not None and form.errors else 200,
    )


org_urls: list[URLPattern] = [
    path("meetings/", meeting_list, name="meeting_list"),
    path("groups/<int:group_id>/meetings/", group_meetings, name="group_meetings"),
    path("groups/<int:group_id>/meetings/new/", meeting_add, name="meeting_add"),
    path(
        "groups/<int:willing_group_id>/willing/",
        group_willing_to_lead,
        name="group_willing_to_lead",
    ),
    path("meetings/<int:meeting_id>/", meeting_detail, name="meeting_detail"),
    path("meetings/<int:meeting_id>/cancel/", meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:meeting_id>/move/", meeting_move, name="meeting_move"),
    path("meetings/<int:meeting_id>/leader/", meeting_leader, name="meeting_leader"),
    path("meetings/<int:meeting_id>/agenda/", meeting_agenda, name="meeting_agenda"),
    path(
        "meetings/<int:meeting_id>/agenda/print/",
        meeting_agenda_print,
        name="meeting_agenda_print",
    ),
    path("agenda-templates/", agenda_templates, name="agenda_templates"),
]
public_urls: list[URLPattern] = []
