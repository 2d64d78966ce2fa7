from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from circles.accounts import actions
from circles.accounts.access import (
    get_crisis_line_for,
    get_invitation_for,
    get_member_for,
    org_member,
)
from circles.accounts.forms import (
    CrisisLineForm,
    InvitationForm,
    JoinForm,
    OrganizationSettingsForm,
    ProfileForm,
    RoleForm,
)
from circles.accounts.http import CirclesRequest
from circles.accounts.models import ADMIN_ROLES, CrisisLine, Invitation, Membership, User
from circles.lib.paging import page_of


@org_member(roles=ADMIN_ROLES)
def organization_settings(request: CirclesRequest, membership: Membership) -> HttpResponse:
    organization = membership.organization
    form = OrganizationSettingsForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        actions.update_organization(form.save(commit=False), form.changed_data, by=membership.user)
        messages.success(request, _("Saved. Thank you."))
        return redirect("organization_settings", org_slug=organization.slug)
    lines = CrisisLine.objects.for_org(organization)
    return render(
        request,
        "accounts/organization_settings.html",
        {"form": form, "lines": lines, "line_form": CrisisLineForm()},
    )


@org_member(roles=ADMIN_ROLES)
def crisis_line_add(request: CirclesRequest, membership: Membership) -> HttpResponse:
    organization = membership.organization
    form = CrisisLineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.add_crisis_line(form.save(commit=False), organization, by=membership.user)
        messages.success(request, _("The line is added. Everyone here will see it."))
        return redirect("organization_settings", org_slug=organization.slug)
    return render(request, "accounts/crisis_line_form.html", {"form": form})


@org_member(roles=ADMIN_ROLES)
def crisis_line_edit(request: CirclesRequest, membership: Membership, line_id: int) -> HttpResponse:
    line = get_crisis_line_for(membership, line_id)
    form = CrisisLineForm(request.POST or None, instance=line)
    if request.method == "POST" and form.is_valid():
        actions.update_crisis_line(form.save(commit=False), by=membership.user)
        messages.success(request, _("Saved."))
        return redirect("organization_settings", org_slug=membership.organization.slug)
    return render(request, "accounts/crisis_line_form.html", {"form": form, "line": line})


@org_member(roles=ADMIN_ROLES)
@require_POST
def crisis_line_remove(
    request: CirclesRequest, membership: Membership, line_id: int
) -> HttpResponse:
    line = get_crisis_line_for(membership, line_id)
    actions.remove_crisis_line(line, by=membership.user)
    messages.success(request, _("The line is removed."))
    return redirect("organization_settings", org_slug=membership.organization.slug)


@org_member(roles=ADMIN_ROLES)
def members(request: CirclesRequest, membership: Membership) -> HttpResponse:
    organization = membership.organization
    form = InvitationForm(request.POST or None, organization=organization)
    new_link = None
    if request.method == "POST" and form.is_valid():
        invitation, token = actions.create_invitation(
            organization,
            form.cleaned_data["email"],
            form.cleaned_data["role"],
            membership.user,
        )
        new_link = request.build_absolute_uri(reverse("accept_invitation", args=[token]))
        messages.success(
            request,
            _("We emailed an invitation to %(email)s. It works once and lasts %(days)s days.")
            % {"email": invitation.email, "days": settings.INVITATION_DAYS},
        )
        form = InvitationForm(organization=organization)
    context = {
        "form": form,
        "new_link": new_link,
        "memberships": page_of(request, Membership.objects.for_org(organization).with_people()),
        "invitations": Invitation.objects.for_org(organization).pending(),
    }
    return render(request, "accounts/members.html", context)


@org_member(roles=ADMIN_ROLES)
def member_detail(
    request: CirclesRequest, membership: Membership, membership_id: int
) -> HttpResponse:
    member = get_member_for(membership, membership_id)
    form = RoleForm(request.POST or None, initial={"role": member.role})
    if request.method == "POST" and form.is_valid():
        new_role = form.cleaned_data["role"]
        if new_role != member.role and actions.is_last_active_admin(member):
            form.add_error(
                "role",
                _("This is the only admin. Invite or choose another admin first."),
            )
        else:
            actions.change_role(member, new_role, membership.user)
            messages.success(request, _("The role is changed."))
            return redirect("members", org_slug=membership.organization.slug)
    return render(
        request,
        "accounts/member_detail.html",
        {"member": member, "form": form, "is_self": member.pk == membership.pk},
    )


@require_POST
@org_member(roles=ADMIN_ROLES)
def member_deactivate(
    request: CirclesRequest, membership: Membership, membership_id: int
) -> HttpResponse:
    member = get_member_for(membership, membership_id)
    if member.pk == membership.pk or actions.is_last_active_admin(member):
        messages.error(request, _("You cannot deactivate the only admin, or yourself."))
    else:
        actions.deactivate_membership(member, membership.user)
        messages.success(
            request,
            _("%(name)s no longer has access here and was signed out.") % {"name": member.user},
        )
    return redirect("members", org_slug=membership.organization.slug)


@require_POST
@org_member(roles=ADMIN_ROLES)
def member_reactivate(
    request: CirclesRequest, membership: Membership, membership_id: int
) -> HttpResponse:
    member = get_member_for(membership, membership_id)
    actions.reactivate_membership(member, membership.user)
    messages.success(request, _("%(name)s can use Circles here again.") % {"name": member.user})
    return redirect("members", org_slug=membership.organization.slug)


@require_POST
@org_member(roles=ADMIN_ROLES)
def invitation_revoke(
    request: CirclesRequest, membership: Membership, invitation_id: int
) -> HttpResponse:
    invitation = get_invitation_for(membership, invitation_id)
    actions.revoke_invitation(invitation, membership.user)
    messages.success(request, _("The invitation can no longer be used."))
    return redirect("members", org_slug=membership.organization.slug)


def accept_invitation(request: CirclesRequest, token: str) -> HttpResponse:
    invitation = actions.find_invitation(token)
    if invitation is None or not invitation.is_usable:
        return render(request, "accounts/invitation_unusable.html", status=410)
    existing = User.objects.filter(email__iexact=invitation.email).first()
    if existing is not None:
        # The person already has an account: they confirm by signing in as it.
        if not request.user.is_authenticated:
            return render(request, "accounts/invitation_sign_in.html", {"invitation": invitation})
        if request.user.pk != existing.pk:
            return render(
                request, "accounts/invitation_wrong_person.html", {"invitation": invitation}
            )
        if request.method == "POST":
            actions.accept_invitation(invitation, existing)
            messages.success(request, _("Welcome to %(org)s.") % {"org": invitation.organization})
            return redirect("org_home", org_slug=invitation.organization.slug)
        return render(request, "accounts/invitation_confirm.html", {"invitation": invitation})

    form = JoinForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        user, _membership = actions.join_by_invitation(
            invitation, form.cleaned_data["password1"], form.cleaned_data["preferred_name"]
        )
        login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
        messages.success(request, _("Welcome to %(org)s.") % {"org": invitation.organization})
        return redirect("org_home", org_slug=invitation.organization.slug)
    return render(
        request, "accounts/invitation_join.html", {"invitation": invitation, "form": form}
    )


@login_required
def profile(request: CirclesRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        actions.update_profile(form.save(commit=False), form.changed_data)
        messages.success(request, _("Saved."))
        return redirect("profile")
    return render(request, "accounts/profile.html", {"form": form})


@require_POST
def set_language(request: CirclesRequest) -> HttpResponse:
    """Django's language switch, also remembered on the person's account when signed in."""
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        User.objects.filter(pk=request.user.pk).update(language=language)
    return django_set_language(request)
