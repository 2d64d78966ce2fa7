from django.urls import path

from circles.groups.views import (
    assistant,
    availability,
    feeds,
    finder,
    group_pages,
    members,
    venues,
)

# Under /o/<org_slug>/.
org_urlpatterns = [
    path("groups/", group_pages.group_list, name="group_list"),
    path("groups/new/", group_pages.group_create, name="group_create"),
    path("groups/<int:group_id>/", group_pages.group_detail, name="group_detail"),
    path("groups/<int:group_id>/edit/", group_pages.group_edit, name="group_edit"),
    path("groups/<int:group_id>/dates/", group_pages.group_exceptions, name="group_exceptions"),
    path(
        "groups/<int:group_id>/dates/<int:exception_id>/remove/",
        group_pages.group_exception_remove,
        name="group_exception_remove",
    ),
    path("groups/<int:group_id>/members/", members.group_members, name="group_members"),
    path(
        "groups/<int:group_id>/members/<int:group_membership_id>/accept/",
        members.group_member_accept,
        name="group_member_accept",
    ),
    path(
        "groups/<int:group_id>/members/<int:group_membership_id>/decline/",
        members.group_member_decline,
        name="group_member_decline",
    ),
    path("groups/<int:group_id>/leave/", members.leave_group, name="leave_group"),
    path("groups/<int:group_id>/people/", members.group_people, name="group_people"),
    path(
        "groups/<int:group_id>/availability/",
        availability.group_availability,
        name="group_availability",
    ),
    path(
        "groups/<int:group_id>/availability/interested/",
        availability.group_availability_interested,
        name="group_availability_interested",
    ),
    path(
        "groups/<int:group_id>/availability/<int:availability_id>/remove/",
        availability.group_availability_remove,
        name="group_availability_remove",
    ),
    path("groups/<int:group_id>/assistant/", assistant.group_assistant, name="group_assistant"),
    path("venues/", venues.venue_list, name="venue_list"),
    path("venues/new/", venues.venue_create, name="venue_create"),
    path("venues/<int:venue_id>/edit/", venues.venue_edit, name="venue_edit"),
    path("calendar/", feeds.calendar_settings, name="calendar_settings"),
    path("calendar/reset/", feeds.calendar_reset, name="calendar_reset"),
]

urlpatterns = [
    path("groups/", finder.find_group, name="find_group"),
    path("groups/<int:group_id>/", finder.public_group, name="public_group"),
    path("groups/<int:group_id>/join/", finder.join_group, name="join_group"),
    path("groups/<int:group_id>/calendar.ics", feeds.group_calendar, name="group_calendar"),
    path("groups/meeting-guide.json", feeds.meeting_guide_json, name="meeting_guide"),
    path("groups/hsds.json", feeds.hsds_json, name="hsds_services"),
    path("calendar/<str:key>.ics", feeds.personal_calendar, name="personal_calendar"),
]
