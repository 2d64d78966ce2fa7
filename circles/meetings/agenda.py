"""The default agenda, built from the key elements of a meeting in the seeds."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from circles.meetings.models import AgendaItem, AgendaTemplate, Meeting


def default_items() -> list[dict[str, Any]]:
    """Seed 000's key elements and seed 002's "how to run a meeting", with suggested minutes."""
    return [
        {
            "key": "greeting",
            "title": _("Greeting and introductions"),
            "minutes": 5,
            "script": _(
                "Welcome everyone, especially anyone here for the first time. Introduce "
                "yourself, then invite people to say their first name if they wish."
            ),
        },
        {"key": "purpose", "title": _("The group's purpose"), "minutes": 2, "script": ""},
        {"key": "confidentiality", "title": _("Confidentiality"), "minutes": 2, "script": ""},
        {"key": "ground_rules", "title": _("Ground rules"), "minutes": 3, "script": ""},
        {
            "key": "check_in",
            "title": _("Check-in"),
            "minutes": 15,
            "script": _(
                "Go around the circle. Everyone has the chance to speak; nobody has to. "
                "“Pass” is always fine."
            ),
        },
        {
            "key": "announcements",
            "title": _("Announcements and practical business"),
            "minutes": 5,
            "script": _(
                "Dates, changes, anything practical, early on so it does "
                "not interrupt sharing later."
            ),
        },
        {
            "key": "icebreaker",
            "title": _("Icebreaker or light activity"),
            "minutes": 10,
            "script": _("Something gentle that helps people connect."),
        },
        {
            "key": "sharing",
            "title": _("Open sharing or a topic"),
            "minutes": 25,
            "script": _(
                "An open invitation to share. Listen, speak from your own experience, "
                "and keep a positive, kind tone."
            ),
        },
        {
            "key": "breakouts",
            "title": _("Breakout groups"),
            "minutes": 15,
            "script": _(
                "Small groups give quieter voices room. Mix people so that no one dominates."
            ),
        },
        {
            "key": "debrief",
            "title": _("Debrief"),
            "minutes": 5,
            "script": _(
                "What worked well? What was challenging? What did you learn? How do you feel?"
            ),
        },
        {
            "key": "closing",
            "title": _("Closing"),
            "minutes": 3,
            "script": _(
                "Give a few minutes' notice before the end. Thank everyone, remind them "
                "of the next meeting and where to find help between meetings."
            ),
        },
    ]


def items_for(meeting: Meeting) -> list[dict[str, Any]]:
    """The organisation's default template if it has one, else the seeds' agenda;
    the group's own purpose, confidentiality statement and ground rules pulled in."""
    template = AgendaTemplate.objects.for_org(meeting.organization).filter(is_default=True).first()
    items = [dict(item) for item in (template.items if template else default_items())]
    group = meeting.group
    confidentiality_limit = _(
        "There is one limit: intended serious harm to self or others cannot be kept confidential."
    )
    for item in items:
        if item.get("key") == "purpose" and not item.get("script"):
            item["script"] = group.purpose
        elif item.get("key") == "confidentiality" and not item.get("script"):
            statement = group.confidentiality or ""
            item["script"] = (
                statement
                if "serious harm" in statement
                else f"{statement}\n{confidentiality_limit}".strip()
            )
        elif item.get("key") == "ground_rules" and not item.get("script"):
            item["script"] = group.ground_rules
    return items


def _proposed(meeting: Meeting) -> list[AgendaItem]:
    return [
        AgendaItem(
            organization=meeting.organization,
            meeting=meeting,
            position=position,
            key=item.get("key", ""),
            title=item["title"],
            minutes=int(item.get("minutes", 5)),
            script=item.get("script", ""),
        )
        for position, item in enumerate(items_for(meeting))
    ]


def agenda_for(meeting: Meeting) -> list[AgendaItem]:
    """The meeting's agenda to show: its own if adapted or run, else the template's, unsaved."""
    return list(meeting.agenda_items.all()) or _proposed(meeting)


@transaction.atomic
def ensure_agenda(meeting: Meeting) -> list[AgendaItem]:
    """The meeting's own agenda, saved from the template the first time it is changed or run."""
    existing = list(meeting.agenda_items.all())
    if existing:
        return existing
    return AgendaItem.objects.bulk_create(_proposed(meeting))
