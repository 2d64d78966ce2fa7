"""A meeting's agenda (adapt, print) and the organisation's agenda templates.

Each change is its own POST address; the pages themselves only read.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from circles.accounts.access import org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import ADMIN_ROLES, Membership
from circles.meetings import actions
from circles.meetings.access import get_agenda_template_for, get_meeting_for, get_run_meeting_for
from circles.meetings.agenda import agenda_for, default_items
from circles.meetings.forms import AgendaItemForm, AgendaTemplateForm, DefaultTemplateForm
from circles.meetings.models import AgendaItem, AgendaTemplate, Meeting


def _item_of(meeting: Meeting, item_id: int) -> AgendaItem | None:
    return meeting.agenda_items.filter(pk=item_id).first()


def _gone(request: CirclesRequest, membership: Membership, meeting: Meeting) -> HttpResponse:
    """An item no longer there: a second press of Remove, or a page left open while
    someone else changed the agenda. Nothing to do but show the agenda as it is."""
    messages.info(request, _("That item is no longer on the agenda."))
    return redirect(_agenda_url(membership, meeting))


def _agenda_url(membership: Membership, meeting: Meeting) -> str:
    return reverse("meeting_agenda", args=[membership.organization.slug, meeting.pk])


def render_agenda(
    request: CirclesRequest,
    membership: Membership,
    meeting: Meeting,
    bound: dict[int, AgendaItemForm] | None = None,
    new_form: AgendaItemForm | None = None,
) -> HttpResponse:
    bound = bound or {}
    new_form = new_form or AgendaItemForm(prefix="new")
    items = agenda_for(meeting)
    # Until someone adapts it, a meeting follows the organisation's agenda (unsaved here).
    adapted = bool(items) and items[0].pk is not None
    rows = [
        (item, bound.get(item.pk) or AgendaItemForm(instance=item, prefix=f"item-{item.pk}"))
        for item in items
    ]
    total = sum(item.minutes for item in items)
    length = int(meeting.duration.total_seconds() // 60)
    with timezone.override(membership.organization.timezone):
        return render(
            request,
            "meetings/agenda_edit.html",
            {
                "meeting": meeting,
                "group": meeting.group,
                "rows": rows,
                "adapted": adapted,
                "new_form": new_form,
                "total": total,
                "length": length,
                "over": total - length,
            },
            status=400 if bound or new_form.errors else 200,
        )


@org_member()
def meeting_agenda(
    request: CirclesRequest, membership: Membership, meeting_id: int
) -> HttpResponse:
    """The agenda to adapt; its last form adds an item at the end."""
    meeting = get_run_meeting_for(membership, meeting_id)
    if request.method != "POST":
        return render_agenda(request, membership, meeting)
    form = AgendaItemForm(request.POST, prefix="new")
    if not form.is_valid():
        return render_agenda(request, membership, meeting, new_form=form)
    data = form.cleaned_data
    actions.add_item(meeting, data["title"], data["minutes"], data["script"], actor=request.user)
    messages.success(request, _("Item added at the end."))
    return redirect(_agenda_url(membership, meeting))


@require_POST
@org_member()
def meeting_agenda_adapt(
    request: CirclesRequest, membership: Membership, meeting_id: int
) -> HttpResponse:
    meeting = get_run_meeting_for(membership, meeting_id)
    actions.adapt_agenda(meeting, actor=request.user)
    return redirect(_agenda_url(membership, meeting))


@org_member()
def agenda_item(
    request: CirclesRequest, membership: Membership, meeting_id: int, item_id: int
) -> HttpResponse:
    """One item: its form on the agenda page saves here."""
    meeting = get_run_meeting_for(membership, meeting_id)
    item = _item_of(meeting, item_id)
    if item is None:
        return _gone(request, membership, meeting)
    if request.method != "POST":
        return redirect(f"{_agenda_url(membership, meeting)}#item-{item.pk}")
    form = AgendaItemForm(request.POST, instance=item, prefix=f"item-{item.pk}")
    if not form.is_valid():
        return render_agenda(request, membership, meeting, bound={item.pk: form})
    actions.update_item(form.save(commit=False), actor=request.user)
    messages.success(request, _("Saved “%(title)s”.") % {"title": item.title})
    return redirect(f"{_agenda_url(membership, meeting)}#item-{item.pk}")


@require_POST
@org_member()
def agenda_item_remove(
    request: CirclesRequest, membership: Membership, meeting_id: int, item_id: int
) -> HttpResponse:
    meeting = get_run_meeting_for(membership, meeting_id)
    item = _item_of(meeting, item_id)
    if item is None:
        return _gone(request, membership, meeting)
    actions.remove_item(item, actor=request.user)
    messages.success(request, _("Removed “%(title)s”.") % {"title": item.title})
    return redirect(_agenda_url(membership, meeting))


@require_POST
@org_member()
def agenda_item_move(
    request: CirclesRequest, membership: Membership, meeting_id: int, item_id: int, step: int
) -> HttpResponse:
    meeting = get_run_meeting_for(membership, meeting_id)
    item = _item_of(meeting, item_id)
    if item is None:
        return _gone(request, membership, meeting)
    actions.move_item(item, step, actor=request.user)
    return redirect(f"{_agenda_url(membership, meeting)}#item-{item.pk}")


@org_member()
def meeting_agenda_print(
    request: CirclesRequest, membership: Membership, meeting_id: int
) -> HttpResponse:
    meeting, _runs = get_meeting_for(membership, meeting_id)
    items = agenda_for(meeting)
    with timezone.override(membership.organization.timezone):
        return render(
            request,
            "meetings/agenda_print.html",
            {
                "meeting": meeting,
                "group": meeting.group,
                "items": items,
                "total": sum(item.minutes for item in items),
                "limit": _(
                    "There is one limit: intended serious harm to self or others "
                    "cannot be kept confidential."
                ),
            },
        )


# The organisation's agenda templates -----------------------------------------------------


def render_templates(
    request: CirclesRequest,
    membership: Membership,
    editing: AgendaTemplate | None = None,
    form: AgendaTemplateForm | None = None,
) -> HttpResponse:
    templates = list(AgendaTemplate.objects.for_org(membership.organization))
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


@org_member(roles=ADMIN_ROLES)
def agenda_templates(request: CirclesRequest, membership: Membership) -> HttpResponse:
    return render_templates(request, membership)


@org_member(roles=ADMIN_ROLES)
def agenda_template_edit(
    request: CirclesRequest, membership: Membership, template_id: int
) -> HttpResponse:
    editing = get_agenda_template_for(membership, template_id)
    form = AgendaTemplateForm(request.POST if request.method == "POST" else None, instance=editing)
    if request.method == "POST" and form.is_valid():
        template = form.save(commit=False)
        template.items = form.cleaned_data["text"]
        actions.save_template(
            template, make_default=form.cleaned_data["is_default"], actor=request.user
        )
        messages.success(request, _("The agenda is saved."))
        return redirect("agenda_templates", membership.organization.slug)
    return render_templates(request, membership, editing, form)


@require_POST
@org_member(roles=ADMIN_ROLES)
def agenda_template_new(request: CirclesRequest, membership: Membership) -> HttpResponse:
    organization = membership.organization
    template = AgendaTemplate(
        organization=organization, name=_("Our meeting agenda"), items=default_items()
    )
    first = not AgendaTemplate.objects.for_org(organization).exists()
    actions.save_template(template, make_default=first, actor=request.user)
    messages.success(request, _("A new agenda is ready to change."))
    return redirect("agenda_template_edit", organization.slug, template.pk)


@require_POST
@org_member(roles=ADMIN_ROLES)
def agenda_template_default(request: CirclesRequest, membership: Membership) -> HttpResponse:
    organization = membership.organization
    form = DefaultTemplateForm(request.POST, organization=organization)
    if form.is_valid():
        actions.choose_default_template(
            organization, form.cleaned_data["default"], actor=request.user
        )
        messages.success(request, _("New meetings will use the agenda you chose."))
    else:
        messages.error(request, _("Please choose one of the agendas listed."))
    return redirect("agenda_templates", organization.slug)
