"""Keeping the directory fresh: the queue of what to check next, "still right", corrections."""

from django.contrib import messages
from django.db.models import F, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from circles.accounts.access import org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import STAFF_ROLES, Membership
from circles.directory.linking import access, actions
from circles.directory.linking.forms import CorrectServiceForm
from circles.directory.linking.models import OutOfDateReport, stale_before
from circles.directory.models import DirectorySettings, Service, ServiceStatus

QUEUE_SIZE = 25


def freshness_context(membership: Membership) -> dict[str, object]:
    """Open public reports, and the records checked longest ago past the organisation's limit."""
    organization = membership.organization
    months = DirectorySettings.of(organization).check_every_months
    cutoff = stale_before(months)
    own = Service.objects.for_owner(organization).exclude(status=ServiceStatus.DEFUNCT)
    stale = own.filter(Q(last_checked_at__isnull=True) | Q(last_checked_at__lt=cutoff))
    reports = list(
        OutOfDateReport.objects.for_org(organization)
        .open()
        .select_related("service")
        .order_by("day", "pk")[:QUEUE_SIZE]
    )
    return {
        "months": months,
        "reports": reports,
        "report_count": OutOfDateReport.objects.for_org(organization).open().count(),
        "stale": list(
            stale.select_related("last_checked_by", "organization").order_by(
                F("last_checked_at").asc(nulls_first=True), "name", "pk"
            )[:QUEUE_SIZE]
        ),
        "stale_count": stale.count(),
        "total": own.count(),
    }


@org_member(roles=STAFF_ROLES)
def freshness_queue(request: CirclesRequest, membership: Membership) -> HttpResponse:
    context = freshness_context(membership)
    context["organization"] = membership.organization
    return render(request, "linking/freshness.html", context)


@org_member(roles=STAFF_ROLES)
def service_checked(
    request: CirclesRequest, membership: Membership, service_id: int
) -> HttpResponse:
    service = access.get_own_service_for(membership, service_id)
    if request.method != "POST":
        # A plain visit (a bookmarked or shared link) writes nothing: back to the queue.
        return redirect("directory_freshness", org_slug=membership.organization.slug)
    actions.confirm_service(service, membership.user)
    messages.success(
        request, _("Thank you: %(name)s is marked as checked today.") % {"name": service.name}
    )
    return redirect("directory_freshness", org_slug=membership.organization.slug)


@org_member(roles=STAFF_ROLES)
def service_edit(request: CirclesRequest, membership: Membership, service_id: int) -> HttpResponse:
    service = access.get_own_service_for(membership, service_id)
    form = CorrectServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        changed = list(form.changed_data)
        service = form.save(commit=False)
        actions.save_corrected_service(service, membership.user, changed)
        messages.success(request, _("Saved, and marked as checked today."))
        return redirect("directory_freshness", org_slug=membership.organization.slug)
    reports = (
        OutOfDateReport.objects.for_org(membership.organization)
        .open()
        .filter(service=service)
        .order_by("day", "pk")
    )
    return render(
        request,
        "linking/service_edit.html",
        {
            "organization": membership.organization,
            "service": service,
            "form": form,
            "reports": reports,
            "today": timezone.localdate(),
        },
        status=400 if form.errors else 200,
    )


@org_member(roles=STAFF_ROLES)
def report_dismiss(request: CirclesRequest, membership: Membership, report_id: int) -> HttpResponse:
    report = access.get_report_for(membership, report_id)
    if request.method == "POST" and report.resolved_at is None:
        actions.dismiss_report(report, membership.user)
        messages.success(request, _("The report is closed; the record stays as it was."))
    return redirect("directory_freshness", org_slug=membership.organization.slug)
