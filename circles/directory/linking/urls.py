"""Addresses of the search, the resource pages, freshness, saved lists and referrals."""

from django.urls import URLPattern, path

from circles.directory.linking.views import freshness, public, referrals

org_urlpatterns: list[URLPattern] = [
    path("directory/freshness/", freshness.freshness_queue, name="directory_freshness"),
    path(
        "directory/services/<int:service_id>/checked/",
        freshness.service_checked,
        name="directory_service_checked",
    ),
    path(
        "directory/services/<int:service_id>/edit/",
        freshness.service_edit,
        name="directory_service_edit",
    ),
    path(
        "directory/reports/<int:report_id>/dismiss/",
        freshness.report_dismiss,
        name="directory_report_dismiss",
    ),
    path("directory/referrals/", referrals.referral_list, name="referral_list"),
    path("directory/referrals/new/", referrals.referral_new, name="referral_new"),
    path("directory/referrals/outcomes/", referrals.referral_outcomes, name="referral_outcomes"),
    path(
        "directory/referrals/<int:referral_id>/",
        referrals.referral_detail,
        name="referral_detail",
    ),
    path(
        "directory/referrals/<int:referral_id>/move/",
        referrals.referral_move,
        name="referral_move",
    ),
    path(
        "directory/referrals/<int:referral_id>/how-it-went/",
        referrals.referral_how_it_went,
        name="referral_how_it_went",
    ),
    path(
        "directory/referrals/<int:referral_id>/accompany/",
        referrals.referral_accompany,
        name="referral_accompany",
    ),
    path("directory/saved/", referrals.saved_list, name="saved_list"),
    path("directory/saved/add/<int:service_id>/", referrals.saved_add, name="saved_add"),
    path("directory/saved/<int:saved_id>/remove/", referrals.saved_remove, name="saved_remove"),
]

urlpatterns: list[URLPattern] = [
    path("resources/", public.resource_search, name="resource_search"),
    path("resources/<int:service_id>/", public.resource_detail, name="resource_detail"),
    path(
        "resources/<int:service_id>/out-of-date/",
        public.resource_report,
        name="resource_report",
    ),
]
