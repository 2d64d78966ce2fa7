"""The code of ethics in daily work (see docs/safety.md)."""

from django.urls import URLPattern, path

from circles.safety.ethics import views

# Pages under /o/<slug>/ and public pages.
org_urlpatterns: list[URLPattern] = [
    path("ethics/", views.ethics_mine, name="ethics_mine"),
    path("ethics/code/", views.ethics_code, name="ethics_code"),
    path("ethics/code/publish/", views.ethics_code_publish, name="ethics_code_publish"),
    path("ethics/boundaries/new/", views.ethics_relationship_new, name="ethics_relationship_new"),
    path(
        "ethics/boundaries/<int:relationship_id>/end/",
        views.ethics_relationship_end,
        name="ethics_relationship_end",
    ),
    path("ethics/gifts/new/", views.ethics_gift_new, name="ethics_gift_new"),
    path("ethics/away/new/", views.ethics_step_back_new, name="ethics_step_back_new"),
    path(
        "ethics/away/<int:step_back_id>/end/",
        views.ethics_step_back_end,
        name="ethics_step_back_end",
    ),
    path("ethics/team/", views.ethics_team, name="ethics_team"),
    path("ethics/team/boundaries/", views.ethics_team_boundaries, name="ethics_team_boundaries"),
]
urlpatterns: list[URLPattern] = []
