"""The public group finder: which public groups match what a person is looking for.

Most filters run in the database. Topics and languages are JSON lists, which
SQLite cannot search element by element, so those two are checked in Python
on the already narrowed list (a handful of rows, fetched in a fixed number of
queries).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from circles.groups.models import (
    DAY_PARTS,
    FEATURE_KEYS,
    SEED_TOPICS,
    VENUE_FEATURES,
    Audience,
    Format,
    Frequency,
    SupportGroup,
    SupportGroupQuerySet,
    Weekday,
)
from circles.groups.schedule import ICAL_DAYS, Schedule, ScheduleError


def any_choice(choices: Iterable[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    return [("", _("Any")), *choices]


class FinderForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("A word from the name, what the group is about, or the organisation."),
    )
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    day = forms.TypedChoiceField(
        label=_("Day"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=any_choice(Weekday.choices),
    )
    time = forms.ChoiceField(
        label=_("Time of day"),
        required=False,
        choices=any_choice((key, label) for key, label, _start, _end in DAY_PARTS),
    )
    format = forms.ChoiceField(
        label=_("How it meets"), required=False, choices=any_choice(Format.choices)
    )
    needs = forms.MultipleChoiceField(
        label=_("What you need at the venue"),
        required=False,
        choices=VENUE_FEATURES,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(label=_("Language"), required=False)
    audience = forms.ChoiceField(
        label=_("Who it is for"), required=False, choices=any_choice(Audience.choices)
    )

    def __init__(self, *args: Any, topics: list[str], languages: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = any_choice((t, t) for t in topics)  # type: ignore[attr-defined]
        self.fields["language"].choices = any_choice((lang, lang) for lang in languages)  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        """What was asked for, leaving out any value that is not a valid choice."""
        self.is_valid()
        return {
            key: value for key, value in self.cleaned_data.items() if value not in (None, "", [])
        }


def topics_and_languages(groups: SupportGroupQuerySet) -> tuple[list[str], list[str]]:
    """The topics (the seed's plus every public group's) and languages to offer, in one query."""
    topics = {t.casefold(): t for t in SEED_TOPICS}
    languages: dict[str, str] = {}
    for group_topics, group_languages in groups.values_list("topics", "languages"):
        for topic in group_topics or []:
            topics.setdefault(str(topic).casefold(), str(topic))
        for language in group_languages or []:
            languages.setdefault(str(language).casefold(), str(language))
    return (
        sorted(topics.values(), key=str.casefold),
        sorted(languages.values(), key=str.casefold),
    )


def narrow(groups: SupportGroupQuerySet, filters: dict[str, Any]) -> SupportGroupQuerySet:
    """Apply the filters the database can answer."""
    if (day := filters.get("day")) is not None:
        # A custom rule may meet on several days; those are checked in Python.
        groups = groups.filter(Q(weekday=day) | Q(frequency=Frequency.CUSTOM))
    if part := filters.get("time"):
        for key, _label, start, end in DAY_PARTS:
            if key != part:
                continue
            # Same edges as models.day_part_of: before noon is morning, from 5 pm evening.
            if key == "morning":
                groups = groups.filter(start_time__lt=datetime.time(end))
            elif key == "evening":
                groups = groups.filter(start_time__gte=datetime.time(start))
            else:
                groups = groups.filter(
                    start_time__gte=datetime.time(start), start_time__lt=datetime.time(end)
                )
    if fmt := filters.get("format"):
        groups = groups.filter(format=fmt)
    if needs := [n for n in filters.get("needs", []) if n in FEATURE_KEYS]:
        # Online-only groups need no venue; others need a venue that has every feature.
        has_all = Q(**{f"venue__{feature}": True for feature in needs})
        groups = groups.filter(Q(format=Format.ONLINE) | has_all)
    if audience := filters.get("audience"):
        groups = groups.filter(audience=audience)
    if text := filters.get("q", "").strip():
        groups = groups.filter(
            Q(name__icontains=text)
            | Q(purpose__icontains=text)
            | Q(organization__name__icontains=text)
            # The JSON text of the list; good enough for a word search.
            | Q(topics__icontains=text)
        )
    return groups


def _in_list(value: str, items: Iterable[Any]) -> bool:
    wanted = value.casefold()
    return any(str(item).casefold() == wanted for item in items)


def _meets_on(schedule: Schedule, day: int) -> bool:
    if schedule.frequency != Frequency.CUSTOM:
        return schedule.weekday == day
    try:
        rule = schedule.rule_text()
    except ScheduleError:
        return False
    for part in rule.split(";"):
        key, _sep, value = part.partition("=")
        if key == "BYDAY":
            # Entries like "TU" or "1TU": the day is the last two letters.
            return any(entry.strip()[-2:] == ICAL_DAYS[day] for entry in value.split(","))
    # No BYDAY: the rule repeats on the weekday of its first date.
    return schedule.starts_on.weekday() == day


@dataclass
class Result:
    group: SupportGroup
    schedule: Schedule
    next_date: datetime.datetime | None

    @property
    def describe(self) -> str:
        return self.schedule.describe()

    @property
    def next_words(self) -> str:
        return day_words(self.next_date) if self.next_date else ""


def day_words(when: datetime.datetime) -> str:
    """'Tuesday 2 December', in the group's own timezone (no conversion)."""
    return formats.date_format(when, "l j F")


def find_groups(groups: SupportGroupQuerySet, filters: dict[str, Any]) -> list[Result]:
    """Public groups matching the filters, soonest next meeting first."""
    results: list[Result] = []
    for group in narrow(groups, filters).public_details():
        if (topic := filters.get("topic")) and not _in_list(topic, group.topics):
            continue
        if (language := filters.get("language")) and not _in_list(language, group.languages):
            continue
        schedule = Schedule.of(group)
        day = filters.get("day")
        if day is not None and not _meets_on(schedule, day):
            continue
        try:
            upcoming = schedule.next_dates(1)
        except ScheduleError:
            upcoming = []
        results.append(Result(group, schedule, upcoming[0] if upcoming else None))
    far = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    results.sort(key=lambda r: (r.next_date or far, r.group.name.casefold()))
    return results
