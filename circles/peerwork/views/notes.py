"""Contact notes: writing one, putting it forward for co-signing, co-signing, addenda."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from circles.accounts.access import org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import OVERSIGHT_ROLES, STAFF_ROLES, Membership
from circles.peerwork.access import get_cosign_note_for, get_own_note_for, get_supported_for
from circles.peerwork.actions import (
    add_addendum,
    ask_cosign,
    cosign,
    told_person_ids,
    write_note,
)
from circles.peerwork.forms import AddendumForm, CosignForm, NoteForm
from circles.peerwork.models import PeerworkSettings, today_for
from circles.safety.access import may_raise, visible_concerns
from circles.safety.confidentiality import current_statement


@org_member(roles=STAFF_ROLES)
def note_new(request: CirclesRequest, membership: Membership, person_id: int) -> HttpResponse:
    person = get_supported_for(membership, person_id)
    settings = PeerworkSettings.of(membership.organization)
    initial = {"on": today_for(membership.organization), "visible_to_person": True}
    concerns = None
    if person.user_id is not None:
        concerns = visible_concerns(membership).filter(about_user_id=person.user_id)
        concerns = concerns if concerns.exists() else None
    form = NoteForm(
        request.POST or None,
        initial=initial,
        person_sees_notes=settings.notes_visible_to_person,
        concerns=concerns,
    )
    if request.method == "POST" and form.is_valid():
        visible = settings.notes_visible_to_person and bool(
            form.cleaned_data.get("visible_to_person")
        )
        write_note(person, membership.user, form.cleaned_data, visible=visible)
        messages.success(request, _("The note is saved."))
        return redirect("peer_person", org_slug=membership.organization.slug, person_id=person.pk)
    return render(
        request,
        "peerwork/note_form.html",
        {
            "person": person,
            "form": form,
            "told": person.pk in told_person_ids(membership.organization, [person]),
            "statement": current_statement(membership.organization),
            "may_raise": may_raise(membership),
        },
        status=400 if form.errors else 200,
    )


def _back(membership: Membership, person_id: int) -> HttpResponse:
    return redirect("peer_person", org_slug=membership.organization.slug, person_id=person_id)


@org_member(roles=STAFF_ROLES)
@require_POST
def note_addendum(request: CirclesRequest, membership: Membership, note_id: int) -> HttpResponse:
    note = get_own_note_for(membership, note_id)
    form = AddendumForm(request.POST)
    if form.is_valid():
        add_addendum(note, membership.user, form.cleaned_data["text"])
        messages.success(request, _("Your addition is saved under the note."))
    else:
        messages.error(request, _("Please write the correction or addition first."))
    return _back(membership, note.person_id)


@org_member(roles=STAFF_ROLES)
@require_POST
def note_ask_cosign(request: CirclesRequest, membership: Membership, note_id: int) -> HttpResponse:
    note = get_own_note_for(membership, note_id)
    if note.cosign_asked_at is None:
        ask_cosign(note, membership.user)
    messages.success(request, _("Supervisors can now read and co-sign this note."))
    return _back(membership, note.person_id)


@org_member(roles=OVERSIGHT_ROLES)
@require_POST
def note_cosign(request: CirclesRequest, membership: Membership, note_id: int) -> HttpResponse:
    note = get_cosign_note_for(membership, note_id)
    form = CosignForm(request.POST)
    if note.is_locked:
        messages.info(request, _("This note was already co-signed."))
    elif form.is_valid():
        cosign(note, membership.user, form.cleaned_data["comment"])
        messages.success(request, _("You co-signed the note. It is now locked."))
    else:
        messages.error(request, _("The comment is too long. Please shorten it."))
    return _back(membership, note.person_id)
