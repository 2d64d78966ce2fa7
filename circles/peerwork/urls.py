from django.urls import URLPattern, path

from circles.peerwork.views import caseload, checkins, notes, public, requests, setup, summary

# Under /o/<org_slug>/.
org_urlpatterns: list[URLPattern] = [
    path("peer-support/", caseload.mine, name="peer_mine"),
    path("peer-support/ask/", caseload.ask, name="peer_ask"),
    path("peer-support/change/", caseload.change, name="peer_change"),
    path("peer-support/requests/", requests.request_list, name="peer_requests"),
    path(
        "peer-support/people/<int:person_id>/proposals/",
        requests.proposals,
        name="peer_proposals",
    ),
    path("peer-support/people/<int:person_id>/choose/", requests.choose, name="peer_choose"),
    path("peer-support/caseload/", caseload.caseload, name="peer_caseload"),
    path("peer-support/team/", caseload.team, name="peer_team"),
    path("peer-support/people/<int:person_id>/", caseload.person_page, name="peer_person"),
    path("peer-support/people/<int:person_id>/end/", caseload.end, name="peer_end"),
    path("peer-support/people/<int:person_id>/told/", caseload.told, name="peer_told"),
    path("peer-support/people/<int:person_id>/notes/new/", notes.note_new, name="peer_note_new"),
    path(
        "peer-support/notes/<int:note_id>/addendum/",
        notes.note_addendum,
        name="peer_note_addendum",
    ),
    path(
        "peer-support/notes/<int:note_id>/ask-cosign/",
        notes.note_ask_cosign,
        name="peer_note_ask_cosign",
    ),
    path("peer-support/notes/<int:note_id>/cosign/", notes.note_cosign, name="peer_note_cosign"),
    path(
        "peer-support/people/<int:person_id>/check-ins/new/",
        checkins.plan_new,
        name="peer_checkin_plan_new",
    ),
    path(
        "peer-support/check-ins/<int:plan_id>/record/",
        checkins.record,
        name="peer_checkin_record",
    ),
    path("peer-support/summary/", summary.summary, name="peer_summary"),
    path("peer-support/profile/", setup.profile, name="peer_profile"),
    path("peer-support/settings/", setup.settings_page, name="peer_settings"),
]
# Public pages.
urlpatterns: list[URLPattern] = [
    path("organisations/<slug:slug>/", public.organization_page, name="organization_public"),
    path("organisations/<slug:slug>/ask/", public.public_request, name="peer_public_ask"),
    path(
        "organisations/<slug:slug>/ask/sent/", public.public_request_sent, name="peer_public_sent"
    ),
]
