"""The public group finder: which public groups match what a person is looking for.

Every filter runs in the database, and the list comes a page at a time, soonest
next meeting first, so a page costs the same with ten groups or ten thousand.

- Topics and languages are JSON lists, which SQLite cannot search element by
  element: the database looks for the quoted word in the list's JSON text
  ('"grief"' matches the element Grief, not Griefwork).
- The next meeting comes from the meetings table (settings.CIRCLES_NEXT_MEETING),
  never from walking each group's repeat rule. The worker keeps each group's
  meetings generated for the coming weeks; a group with none generated (one
  that meets less often than that, or whose last date has passed) shows "No
  dates planned right now" and comes after the groups with a date.
- A custom repeat rule may meet on several days: for the day filter, those
  groups' rule text is read (no dates computed) and the ones not meeting that
  day are left out.
"""

import datetime
import json
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.core.paginator import Page
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.module_loading import import_string
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
from circles.groups.schedule import ICAL_DAYS, Schedule
from circles.lib.paging import page_of

# Results on one page of the finder.
PER_PAGE = 20


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


def _json_word(field: str, word: str) -> Q:
    """The list holds this word as an element, whatever its case.

    JSON text is searched with the quotes around the word; SQLite keeps non-ASCII
    letters escaped (\\u00f1) and PostgreSQL as they are, so both spellings are asked for.
    """
    return Q(**{f"{field}__icontains": json.dumps(word)}) | Q(
        **{f"{field}__icontains": json.dumps(word, ensure_ascii=False)}
    )


def narrow(groups: SupportGroupQuerySet, filters: dict[str, Any]) -> SupportGroupQuerySet:
    """Apply the filters."""
    if topic := filters.get("topic"):
        groups = groups.filter(_json_word("topics", topic))
    if language := filters.get("language"):
        groups = groups.filter(_json_word("languages", language))
    if (day := filters.get("day")) is not None:
        # A custom rule may meet on several days: read its text to see which.
        custom = groups.filter(frequency=Frequency.CUSTOM).values_list(
            "pk", "custom_rule", "starts_on"
        )
        not_that_day = [pk for pk, rule, first in custom if not _rule_meets_on(rule, first, day)]
        groups = groups.filter(Q(weekday=day) | Q(frequency=Frequency.CUSTOM)).exclude(
            pk__in=not_that_day
        )
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


def _rule_meets_on(custom_rule: str, starts_on: datetime.date, day: int) -> bool:
    """Whether a custom rule meets on this weekday, from its text alone (no dates computed)."""
    rule = custom_rule.strip().upper()
    if rule.startswith("RRULE:"):
        rule = rule[6:]
    for part in rule.split(";"):
        key, _sep, value = part.partition("=")
        if key.strip() == "BYDAY":
            # Entries like "TU" or "1TU": the day is the last two letters.
            return any(entry.strip()[-2:] == ICAL_DAYS[day] for entry in value.split(","))
    # No BYDAY: the rule repeats on the weekday of its first date.
    return starts_on.weekday() == day


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


def find_groups(
    request: HttpRequest, groups: SupportGroupQuerySet, filters: dict[str, Any]
) -> tuple[Page, list[Result]]:
    """One page of the public groups matching the filters, soonest next meeting first."""
    annotate_next_meeting = import_string(settings.CIRCLES_NEXT_MEETING)
    found = annotate_next_meeting(narrow(groups, filters), timezone.now()).order_by(
        F("next_meeting_at").asc(nulls_last=True), Lower("name"), "pk"
    )
    page = page_of(request, found.public_details(), per_page=PER_PAGE)
    results = []
    for group in page.object_list:
        schedule = Schedule.of(group)
        next_at = group.next_meeting_at
        # Said on the group's own clock, as the schedule is.
        when = next_at.astimezone(zoneinfo.ZoneInfo(schedule.timezone)) if next_at else None
        results.append(Result(group, schedule, when))
    return page, results
