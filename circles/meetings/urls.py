from django.urls import path

from circles.meetings.views import (
    agenda,
    attendance,
    breakouts,
    meeting_pages,
    notes,
    polls,
    runshow,
)

MEETING = "meetings/<int:meeting_id>/"

org_urlpatterns = [
    # Meetings and the meeting page
    path("meetings/", meeting_pages.meeting_list, name="meeting_list"),
    path("groups/<int:group_id>/meetings/", meeting_pages.group_meetings, name="group_meetings"),
    path("groups/<int:group_id>/meetings/new/", meeting_pages.meeting_add, name="meeting_add"),
    path(
        "groups/<int:group_id>/willing/",
        meeting_pages.group_willing_to_lead,
        name="group_willing_to_lead",
    ),
    path(MEETING, meeting_pages.meeting_detail, name="meeting_detail"),
    path(MEETING + "cancel/", meeting_pages.meeting_cancel, name="meeting_cancel"),
    path(MEETING + "restore/", meeting_pages.meeting_restore, name="meeting_restore"),
    path(MEETING + "move/", meeting_pages.meeting_move, name="meeting_move"),
    path(MEETING + "leader/", meeting_pages.meeting_leader, name="meeting_leader"),
    # The agenda
    path(MEETING + "agenda/", agenda.meeting_agenda, name="meeting_agenda"),
    path(MEETING + "agenda/adapt/", agenda.meeting_agenda_adapt, name="meeting_agenda_adapt"),
    path(MEETING + "agenda/<int:item_id>/", agenda.agenda_item, name="agenda_item"),
    path(
        MEETING + "agenda/<int:item_id>/remove/",
        agenda.agenda_item_remove,
        name="agenda_item_remove",
    ),
    path(
        MEETING + "agenda/<int:item_id>/up/",
        agenda.agenda_item_move,
        {"step": -1},
        name="agenda_item_up",
    ),
    path(
        MEETING + "agenda/<int:item_id>/down/",
        agenda.agenda_item_move,
        {"step": 1},
        name="agenda_item_down",
    ),
    path(MEETING + "agenda/print/", agenda.meeting_agenda_print, name="meeting_agenda_print"),
    path("agenda-templates/", agenda.agenda_templates, name="agenda_templates"),
    path("agenda-templates/new/", agenda.agenda_template_new, name="agenda_template_new"),
    path(
        "agenda-templates/default/",
        agenda.agenda_template_default,
        name="agenda_template_default",
    ),
    path(
        "agenda-templates/<int:template_id>/",
        agenda.agenda_template_edit,
        name="agenda_template_edit",
    ),
    # Run-of-show
    path(MEETING + "run/", runshow.meeting_runshow, name="meeting_runshow"),
    path(MEETING + "run/state/", runshow.meeting_runshow_state, name="meeting_runshow_state"),
    # Attendance
    path(MEETING + "attendance/", attendance.meeting_attendance, name="meeting_attendance"),
    path(
        MEETING + "attendance/sheet/",
        attendance.meeting_attendance_sheet,
        name="meeting_attendance_sheet",
    ),
    path(
        MEETING + "my-attendance/",
        attendance.meeting_my_attendance,
        name="meeting_my_attendance",
    ),
    # Breakouts
    path(MEETING + "breakouts/", breakouts.meeting_breakouts, name="meeting_breakouts"),
    path(
        MEETING + "breakouts/split/",
        breakouts.meeting_breakouts_split,
        name="meeting_breakouts_split",
    ),
    path(
        MEETING + "breakouts/shuffle/",
        breakouts.meeting_breakouts_shuffle,
        name="meeting_breakouts_shuffle",
    ),
    path(
        MEETING + "breakouts/move/",
        breakouts.meeting_breakouts_move,
        name="meeting_breakouts_move",
    ),
    # Debrief and observers
    path(MEETING + "debrief/", notes.meeting_debrief, name="meeting_debrief"),
    path(MEETING + "observers/", notes.meeting_observers, name="meeting_observers"),
    path(
        MEETING + "observers/<int:assignment_id>/remove/",
        notes.meeting_observer_remove,
        name="meeting_observer_remove",
    ),
    path(
        MEETING + "observer-report/",
        notes.meeting_observer_report,
        name="meeting_observer_report",
    ),
    # Live polls
    path(MEETING + "polls/", polls.meeting_polls, name="meeting_polls"),
    path("polls/", polls.org_polls, name="org_polls"),
    path("polls/<int:poll_id>/", polls.poll_results, name="poll_results"),
    path("polls/<int:poll_id>/close/", polls.poll_close, name="poll_close"),
    path("polls/<int:poll_id>/reopen/", polls.poll_reopen, name="poll_reopen"),
]

urlpatterns = [
    path("checkin/", attendance.checkin_start, name="checkin_start"),
    path("checkin/<str:code>/", attendance.checkin, name="checkin"),
    path("p/", polls.poll_start, name="poll_start"),
    path("p/<str:code>/", polls.poll_answer, name="poll_answer"),
]
