"""Raising a concern and following it up: public, with or without an account.

Nothing here stores who is asking. The signed-in account only decides which
groups the form offers and whether staff are offered by name. The receipt code
never enters the session (which, for a signed-in person, names them and lives
for hours, in every backup): it goes from the POST to the page that shows it
once in a short-lived cookie, encrypted, that only that page reads and then
deletes. Every page that carries a receipt code is kept out of caches,
referrers and search engines.

Receipt guessing is limited per address bucket (circles.lib.ratelimit): only
wrong codes count, so a person with the right code is let through even when
someone on the same network has been guessing, up to a hard ceiling. Raising
concerns is limited per address bucket and per organisation, by the day.
"""

import base64
import json
from hashlib import sha256
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from circles.accounts.http import CirclesRequest
from circles.accounts.models import CrisisLine, Organization
from circles.feedback.actions import (
    Submitted,
    add_from_complainant,
    read_by_complainant,
    submit_complaint,
)
from circles.feedback.complaints import find_by_receipt, format_receipt
from circles.feedback.forms import AddMoreForm, ComplaintForm, LookupForm
from circles.feedback.models import Complaint, FeedbackSettings
from circles.lib import codes, ratelimit
from circles.lib.anonymous import private_page

# The receipt's way from the form to the page that shows it once.
SENT_COOKIE = "circles_complaint_sent"
SENT_MAX_AGE = 10 * 60
# Wrong receipt codes per address bucket: past 10 in 15 minutes a wrong code is told to
# wait (a right one still works); past 30 nothing is looked up at all.
RECEIPT_GUESSES = ratelimit.Limit("receipt-guess", allowed=10, window=15 * 60, ceiling=30)
# Each concern emails its handlers. Per address bucket and per organisation, by the day
# (a finer window would tie an anonymous concern to a time of day).
CONCERNS_FROM_ADDRESS = ratelimit.Limit("concern-address", allowed=10, window=ratelimit.DAY)
CONCERNS_TO_ORGANIZATION = ratelimit.Limit("concern-org", allowed=100, window=ratelimit.DAY)

STATUS_SENTENCES: dict[str, Any] = {
    Complaint.Status.RECEIVED: gettext_lazy(
        "Your concern has arrived safely. Someone will read it and reply here."
    ),
    Complaint.Status.LOOKING: gettext_lazy(
        "Someone at the organisation is looking into your concern. Any reply appears below."
    ),
    Complaint.Status.RESOLVED: gettext_lazy(
        "The organisation thinks this is now resolved. If it does not feel resolved to you, "
        "add more below and it opens again."
    ),
}


# Raising a concern -----------------------------------------------------------


def _sent_box() -> Fernet:
    """Encrypts the hand-off cookie, with a key of its own derived from SECRET_KEY."""
    key = sha256(f"circles.feedback.complaint-sent:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def _hand_over(response: HttpResponse, request: HttpRequest, submitted: Submitted) -> None:
    sent = {
        "receipt": submitted.receipt,
        "org": submitted.complaint.organization_id,
        "has_handler": submitted.has_handler,
        "contact": bool(submitted.complaint.contact_way),
    }
    response.set_cookie(
        SENT_COOKIE,
        _sent_box().encrypt(json.dumps(sent).encode()).decode(),
        max_age=SENT_MAX_AGE,
        path=reverse("complaint_sent"),
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )


def _handed_over(request: HttpRequest) -> dict[str, Any] | None:
    """What the form handed over, if it came in the last few minutes."""
    value = request.COOKIES.get(SENT_COOKIE, "")
    try:
        sent = json.loads(_sent_box().decrypt(value.encode(), ttl=SENT_MAX_AGE))
    except (InvalidToken, ValueError):
        return None
    return sent if isinstance(sent, dict) else None


def complaint_new(request: CirclesRequest) -> HttpResponse:
    slug = request.GET.get("org", "")
    organization = Organization.objects.filter(slug=slug).first() if slug else None
    if organization is None:
        return render(
            request,
            "feedback/complaint_new_org.html",
            {"organizations": Organization.objects.order_by("name"), "asked": slug},
            status=404 if slug else 200,
        )
    user = request.user if request.user.is_authenticated else None
    member = any(m.organization_id == organization.pk for m in request.memberships)
    form = ComplaintForm(request.POST or None, organization=organization, user=user, member=member)
    too_many = False
    if request.method == "POST" and form.is_valid():
        too_many = ratelimit.take_all(
            [
                (CONCERNS_FROM_ADDRESS, ratelimit.address_bucket(request)),
                (CONCERNS_TO_ORGANIZATION, ratelimit.target("organization", organization.pk)),
            ]
        ).refused
    if request.method == "POST" and form.is_valid() and not too_many:
        submitted = submit_complaint(organization, **form.submission())
        response = redirect("complaint_sent")
        _hand_over(response, request, submitted)
        return response
    return render(
        request,
        "feedback/complaint_new.html",
        {
            "form": form,
            "organization": organization,
            "signed_in": user is not None,
            "reply_within_days": FeedbackSettings.of(organization).reply_within_days,
            "too_many": too_many,
        },
        status=429 if too_many else 400 if form.errors else 200,
    )


@private_page
def complaint_sent(request: HttpRequest) -> HttpResponse:
    sent = _handed_over(request)
    context: dict[str, Any] = {"sent": None}
    org_id = sent.get("org") if sent else None
    organization = (
        Organization.objects.filter(pk=org_id).first() if isinstance(org_id, int) else None
    )
    if sent and organization is not None:
        receipt = format_receipt(str(sent["receipt"]))
        context = {
            "sent": sent,
            "receipt": receipt,
            "followup_url": request.build_absolute_uri(
                reverse("complaint_followup", args=[receipt])
            ),
            "organization": organization,
            "reply_within_days": FeedbackSettings.of(organization).reply_within_days,
            "org_lines": list(CrisisLine.objects.for_org(organization)),
        }
    response = render(request, "feedback/complaint_sent.html", context)
    # Shown once: a reload, or the back button later, finds it gone.
    if SENT_COOKIE in request.COOKIES:
        response.delete_cookie(SENT_COOKIE, path=reverse("complaint_sent"), samesite="Lax")
    return response


# Following it up -------------------------------------------------------------


def _with_problem(form: LookupForm) -> LookupForm:
    """Tie the message above the form to the code field, for screen readers."""
    form.fields["code"].widget.attrs.update(
        {"aria-invalid": "true", "aria-describedby": "lookup-problem id_code_helptext"}
    )
    return form


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "feedback/complaint_lookup.html",
        {"form": _with_problem(LookupForm()), "too_many": True},
        status=429,
    )


def _not_found(request: HttpRequest) -> HttpResponse:
    # The same page for a code that cannot exist and one that does not: no hint which.
    return render(
        request,
        "feedback/complaint_lookup.html",
        {"form": _with_problem(LookupForm()), "not_found": True},
        status=404,
    )


def _guess(request: HttpRequest, code: str) -> ratelimit.Guess[Complaint]:
    return ratelimit.guess(
        RECEIPT_GUESSES, [ratelimit.address_bucket(request)], lambda: find_by_receipt(code)
    )


@private_page
def complaint_lookup(request: HttpRequest) -> HttpResponse:
    form = LookupForm(request.POST or None)
    if request.method != "POST":
        return render(request, "feedback/complaint_lookup.html", {"form": form})
    if not form.is_valid():
        return render(request, "feedback/complaint_lookup.html", {"form": form}, status=400)
    found = _guess(request, form.cleaned_data["code"])
    if found.slow_down:
        return _too_many(request)
    if found.found is None:
        return render(
            request,
            "feedback/complaint_lookup.html",
            {"form": _with_problem(form), "not_found": True},
            status=404,
        )
    return redirect(
        "complaint_followup", format_receipt(codes.normalise(form.cleaned_data["code"]))
    )


@private_page
def complaint_followup(request: HttpRequest, receipt: str) -> HttpResponse:
    found = _guess(request, receipt)
    if found.slow_down:
        return _too_many(request)
    complaint = found.found
    if complaint is None:
        return _not_found(request)
    form = AddMoreForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            add_from_complainant(complaint, form.cleaned_data["more"])
            messages.success(request, _("Thank you. What you added has been sent."))
            return redirect(request.path)
    else:
        read_by_complainant(complaint)
    thread = list(complaint.messages.filter(is_internal=False).order_by("id"))
    return render(
        request,
        "feedback/complaint_followup.html",
        {
            "complaint": complaint,
            "organization": complaint.organization,
            "status_sentence": STATUS_SENTENCES.get(complaint.status, ""),
            "thread": thread,
            "form": form,
            "reply_within_days": FeedbackSettings.of(complaint.organization).reply_within_days,
        },
        status=400 if form.errors else 200,
    )


org_urls: list[URLPattern] = []
public_urls: list[URLPattern] = [
    path("complaints/", complaint_lookup, name="complaint_lookup"),
    path("complaints/new/", complaint_new, name="complaint_new"),
    path("complaints/sent/", complaint_sent, name="complaint_sent"),
    path("complaints/<str:receipt>/", complaint_followup, name="complaint_followup"),
]
