from django.urls import path

from circles.accounts import views

org_urlpatterns = [
    path("settings/", views.organization_settings, name="organization_settings"),
    path("settings/crisis-lines/new/", views.crisis_line_add, name="crisis_line_add"),
    path("settings/crisis-lines/<int:line_id>/", views.crisis_line_edit, name="crisis_line_edit"),
    path(
        "settings/crisis-lines/<int:line_id>/remove/",
        views.crisis_line_remove,
        name="crisis_line_remove",
    ),
    path("members/", views.members, name="members"),
    path("members/<int:membership_id>/", views.member_detail, name="member_detail"),
    path(
        "members/<int:membership_id>/deactivate/",
        views.member_deactivate,
        name="member_deactivate",
    ),
    path(
        "members/<int:membership_id>/reactivate/",
        views.member_reactivate,
        name="member_reactivate",
    ),
    path(
        "invitations/<int:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
]

urlpatterns = [
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("profile/", views.profile, name="profile"),
    path("language/", views.set_language, name="set_language"),
]
