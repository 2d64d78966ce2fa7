"""The peer workforce (see docs/workforce.md)."""

from django.urls import URLPattern, path

from circles.workforce import views

# Pages under /o/<slug>/ and public pages.
org_urlpatterns: list[URLPattern] = [
    path("workforce/", views.workforce_home, name="workforce_home"),
    path("workforce/people/<int:worker_id>/", views.workforce_person, name="workforce_person"),
    path(
        "workforce/people/<int:worker_id>/competencies/",
        views.workforce_competencies,
        name="workforce_competencies",
    ),
    path(
        "workforce/people/<int:worker_id>/assess/", views.workforce_assess, name="workforce_assess"
    ),
    path("workforce/people/<int:worker_id>/level/", views.workforce_level, name="workforce_level"),
    path(
        "workforce/people/<int:worker_id>/supervision/new/",
        views.workforce_supervision_add,
        name="workforce_supervision_add",
    ),
    path(
        "workforce/people/<int:worker_id>/training/new/",
        views.workforce_training_add,
        name="workforce_training_add",
    ),
    path(
        "workforce/people/<int:worker_id>/certifications/new/",
        views.workforce_certification_add,
        name="workforce_certification_add",
    ),
    path(
        "workforce/requests/<int:assessment_id>/", views.workforce_request, name="workforce_request"
    ),
    path(
        "workforce/requests/<int:assessment_id>/decline/",
        views.workforce_request_decline,
        name="workforce_request_decline",
    ),
    path("workforce/ask-a-peer/", views.workforce_ask_peer, name="workforce_ask_peer"),
    path("workforce/goals/new/", views.workforce_goal_add, name="workforce_goal_add"),
    path(
        "workforce/goals/<int:goal_id>/reached/",
        views.workforce_goal_reached,
        name="workforce_goal_reached",
    ),
    path(
        "workforce/actions/<int:action_id>/done/",
        views.workforce_action_done,
        name="workforce_action_done",
    ),
    path(
        "workforce/training/<int:record_id>/certificate/",
        views.workforce_certificate,
        name="workforce_certificate",
    ),
    path("workforce/team/", views.workforce_team, name="workforce_team"),
    path("workforce/settings/", views.workforce_settings, name="workforce_settings"),
    path("workforce/supervisors/", views.workforce_supervisors, name="workforce_supervisors"),
    path(
        "workforce/supervisors/<int:worker_id>/",
        views.workforce_supervisor_set,
        name="workforce_supervisor_set",
    ),
    path("workforce/courses/", views.workforce_courses, name="workforce_courses"),
    path("workforce/courses/<int:course_id>/", views.workforce_course, name="workforce_course"),
    path(
        "workforce/courses/<int:course_id>/sessions/<int:meeting_id>/record/",
        views.workforce_course_record,
        name="workforce_course_record",
    ),
    path("workforce/framework/", views.workforce_framework, name="workforce_framework"),
    path("workforce/framework/items/new/", views.workforce_item_add, name="workforce_item_add"),
    path(
        "workforce/framework/items/<int:competency_id>/hide/",
        views.workforce_item_hide,
        name="workforce_item_hide",
    ),
    path(
        "workforce/framework/items/<int:competency_id>/show/",
        views.workforce_item_show,
        name="workforce_item_show",
    ),
]
urlpatterns: list[URLPattern] = []
