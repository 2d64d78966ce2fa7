"""The public groups in formats other tools read.

- Meeting Guide JSON (code4recovery's specification), read by meeting-finder apps.
- Open Referral HSDS 3.x services, read by community resource directories.

Only what the public group page shows goes out: never members, never
facilitators' names, never an online link unless the group chose to share it
with meeting-finder apps. docs/groups-interoperability.md has the mappings.
"""

import datetime
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.utils import formats, translation
from django.utils.translation import gettext as _

from circles.groups.models import Audience, Format, Frequency, SupportGroup
from circles.groups.schedule import ICAL_DAYS, Schedule, ScheduleError, plain_dates

PageUrl = Callable[[SupportGroup], str]

# --- Meeting Guide -------------------------------------------------------------

# Meeting Guide types for the topics of seed 000 that have one (matched without case).
TOPIC_TYPES = {
    "women's": "W",
    "women": "W",
    "men's": "M",
    "men": "M",
    "lgbtqia+": "LGBTQ",
    "lgbtq+": "LGBTQ",
    "lgbtq": "LGBTQ",
    "senior": "SEN",
    "seniors": "SEN",
}

# Meeting Guide's language types, by the language's English name or ISO 639-1 code.
LANGUAGE_TYPES = {
    "english": "EN",
    "en": "EN",
    "spanish": "S",
    "español": "S",
    "es": "S",
    "french": "FR",
    "français": "FR",
    "fr": "FR",
    "german": "DE",
    "deutsch": "DE",
    "de": "DE",
    "american sign language": "ASL",
    "asl": "ASL",
    "polish": "POL",
    "pl": "POL",
    "portuguese": "POR",
    "pt": "POR",
    "russian": "RUS",
    "ru": "RUS",
    "italian": "ITA",
    "it": "ITA",
    "japanese": "JA",
    "ja": "JA",
    "korean": "KOR",
    "ko": "KOR",
    "ukrainian": "UK",
    "uk": "UK",
    "tagalog": "TL",
    "tl": "TL",
    "hindi": "HI",
    "hi": "HI",
    "hebrew": "HE",
    "he": "HE",
    "persian": "FA",
    "farsi": "FA",
    "fa": "FA",
    "greek": "EL",
    "el": "EL",
    "thai": "TH",
    "th": "TH",
    "swedish": "SV",
    "sv": "SV",
}

# ISO 639-1 codes for HSDS languages, by English name.
LANGUAGE_CODES = {
    "english": "en",
    "spanish": "es",
    "español": "es",
    "french": "fr",
    "german": "de",
    "polish": "pl",
    "portuguese": "pt",
    "russian": "ru",
    "italian": "it",
    "japanese": "ja",
    "korean": "ko",
    "ukrainian": "uk",
    "tagalog": "tl",
    "hindi": "hi",
    "hebrew": "he",
    "persian": "fa",
    "farsi": "fa",
    "greek": "el",
    "thai": "th",
    "swedish": "sv",
    "hmong": "hmn",
    "somali": "so",
    "vietnamese": "vi",
    "chinese": "zh",
    "arabic": "ar",
}


def meeting_guide_day(weekday: int) -> int:
    """Our Monday=0..Sunday=6 as Meeting Guide's Sunday=0..Saturday=6."""
    return (weekday + 1) % 7


def meeting_days(group: SupportGroup, schedule: Schedule) -> list[int]:
    """Days of the week (Monday=0) the group meets on."""
    if group.frequency != Frequency.CUSTOM:
        return [group.weekday]
    # A custom rule may name several days; the next few meetings say which.
    days = sorted({when.weekday() for when in schedule.next_dates(14)})
    return days or [group.weekday]


def end_time(schedule: Schedule) -> datetime.time:
    start = datetime.datetime.combine(datetime.date(2000, 1, 1), schedule.start_time)
    return (start + schedule.duration).time()


def one_line(text: str) -> str:
    return ", ".join(line.strip() for line in text.splitlines() if line.strip())


def meeting_types(group: SupportGroup) -> list[str]:
    types = ["O" if group.is_open else "C"]
    venue = group.venue if group.meets_in_person else None
    if venue is not None and venue.step_free:
        types.append("X")
    if venue is not None and venue.accessible_toilets:
        types.append("XB")
    if group.audience == Audience.YOUTH:
        types.append("Y")
    for topic in group.topics:
        code = TOPIC_TYPES.get(str(topic).strip().lower())
        if code:
            types.append(code)
    for language in group.languages:
        code = LANGUAGE_TYPES.get(str(language).strip().lower())
        if code:
            types.append(code)
    return list(dict.fromkeys(types))


def schedule_note(group: SupportGroup, schedule: Schedule) -> str:
    """Meeting Guide only knows weekly meetings; say the real pattern in words."""
    if group.frequency == Frequency.WEEKLY:
        return ""
    note = _("Meets: %(when)s.") % {"when": schedule.describe().rstrip(".")}
    upcoming = schedule.next_dates(3)
    if upcoming:
        note += " " + _("Next: %(dates)s.") % {"dates": plain_dates(upcoming)}
    return note


def meeting_notes(group: SupportGroup, schedule: Schedule, url: str) -> str:
    parts = [schedule_note(group, schedule), group.purpose.strip()]
    if group.is_open:
        parts.append(_("Anyone may come: there is no need to sign up."))
    else:
        parts.append(_("This group asks people to join first: %(url)s") % {"url": url})
    if group.meets_online and not shares_online_link(group):
        parts.append(_("To join online, ask on the group's page: %(url)s") % {"url": url})
    return "\n\n".join(part for part in parts if part)


def shares_online_link(group: SupportGroup) -> bool:
    return group.meets_online and group.online_allowed_in_listings and bool(group.online_url)


def meeting_guide_entry(group: SupportGroup, page_url: PageUrl) -> dict[str, Any] | None:
    schedule = Schedule.of(group)
    try:
        schedule.validate()
        days = meeting_days(group, schedule)
    except ScheduleError:
        return None
    organization = group.organization
    url = page_url(group)
    entry: dict[str, Any] = {
        "name": group.name[:255],
        "slug": f"group-{group.pk}",
        "day": meeting_guide_day(days[0])
        if len(days) == 1
        else [meeting_guide_day(day) for day in days],
        "time": schedule.start_time.strftime("%H:%M"),
        "end_time": end_time(schedule).strftime("%H:%M"),
        "timezone": schedule.timezone,
        "types": meeting_types(group),
        "notes": meeting_notes(group, schedule, url),
        "updated": group.updated.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S"),
        "url": url,
        "group": organization.name,
        "entity": organization.name,
    }
    venue = group.venue if group.meets_in_person else None
    if venue is not None:
        entry["location"] = venue.name
        if venue.address.strip():
            entry["formatted_address"] = one_line(venue.address)
            entry["approximate"] = "no"
    if shares_online_link(group):
        entry["conference_url"] = group.online_url
    if group.format == Format.ONLINE:
        entry["region"] = "Online"
    if organization.contact_email:
        entry["entity_email"] = organization.contact_email
    if organization.contact_phone:
        entry["entity_phone"] = organization.contact_phone
    if organization.website:
        entry["entity_website_url"] = organization.website
    return entry


def meeting_guide(groups: Iterable[SupportGroup], page_url: PageUrl) -> list[dict[str, Any]]:
    entries = []
    for group in groups:
        with translation.override(group.organization.language):
            entry = meeting_guide_entry(group, page_url)
        if entry is not None:
            entries.append(entry)
    return entries


# --- Open Referral HSDS ----------------------------------------------------------------


def hsds_id(host: str, kind: str, pk: int | str) -> str:
    """A stable UUID for one of our records on this server (HSDS ids are UUIDs)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"https://{host}/hsds/{kind}/{pk}"))


def utc_offset_hours(when: datetime.datetime) -> float | int:
    offset = when.utcoffset() or datetime.timedelta(0)
    hours = offset.total_seconds() / 3600
    return int(hours) if hours.is_integer() else hours


def hh_mm_with_offset(value: datetime.time, offset: datetime.timedelta) -> str:
    total = int(offset.total_seconds() // 60)
    sign = "-" if total < 0 else "+"
    hours, minutes = divmod(abs(total), 60)
    return f"{value:%H:%M}{sign}{hours:02d}:{minutes:02d}"


def rule_parts(schedule: Schedule) -> dict[str, str]:
    parts: dict[str, str] = {}
    for piece in schedule.rule_text().split(";"):
        key, _sep, value = piece.partition("=")
        if key:
            parts[key.strip().upper()] = value.strip()
    return parts


def hsds_schedule(
    group: SupportGroup, schedule: Schedule, host: str, calendar_url: str
) -> dict[str, Any] | None:
    try:
        schedule.validate()
        first = schedule.rule().after(schedule.dtstart, inc=True)
    except ScheduleError:
        return None
    if first is None:
        return None
    upcoming = schedule.next_dates(1)
    reference = upcoming[0] if upcoming else first
    offset = reference.utcoffset() or datetime.timedelta(0)
    words = _("%(when)s, %(timezone)s time.") % {
        "when": schedule.describe().rstrip("."),
        "timezone": schedule.timezone,
    }
    result: dict[str, Any] = {
        "id": hsds_id(host, "schedule", group.pk),
        "service_id": hsds_id(host, "service", group.pk),
        "valid_from": group.starts_on.isoformat(),
        "dtstart": first.date().isoformat(),
        "timezone": utc_offset_hours(reference),
        "opens_at": hh_mm_with_offset(schedule.start_time, offset),
        "closes_at": hh_mm_with_offset(end_time(schedule), offset),
        "description": words,
        "attending_type": str(Format(group.format).label),
        "schedule_link": calendar_url,
    }
    if group.ends_on:
        result["valid_to"] = group.ends_on.isoformat()
        result["until"] = group.ends_on.isoformat()
    parts = rule_parts(schedule)
    freq = parts.get("FREQ", "")
    if freq in ("WEEKLY", "MONTHLY"):
        result["freq"] = freq
        result["interval"] = int(parts.get("INTERVAL", "1") or 1)
        if parts.get("BYDAY"):
            result["byday"] = parts["BYDAY"]
        if parts.get("BYMONTHDAY"):
            result["bymonthday"] = parts["BYMONTHDAY"]
        if parts.get("COUNT"):
            result["count"] = int(parts["COUNT"])
        if parts.get("WKST") in ICAL_DAYS:
            result["wkst"] = parts["WKST"]
    skipped = sorted(day for day in schedule.exceptions if day >= reference.date())
    if skipped:
        result["notes"] = _("Not meeting on: %(dates)s.") % {
            "dates": ", ".join(formats.date_format(day, "j F Y") for day in skipped)
        }
    return result


def hsds_languages(group: SupportGroup, host: str) -> list[dict[str, Any]]:
    languages = []
    for index, name in enumerate(group.languages):
        entry: dict[str, Any] = {
            "id": hsds_id(host, f"language/{group.pk}", index),
            "service_id": hsds_id(host, "service", group.pk),
            "name": str(name),
        }
        code = LANGUAGE_CODES.get(str(name).strip().lower())
        if code:
            entry["code"] = code
        languages.append(entry)
    return languages


def hsds_location(group: SupportGroup, host: str) -> dict[str, Any] | None:
    venue = group.venue if group.meets_in_person else None
    if venue is None:
        return None
    location: dict[str, Any] = {
        "id": hsds_id(host, "location", venue.pk),
        "location_type": "physical",
        "organization_id": hsds_id(host, "organization", group.organization_id),
        "name": venue.name,
    }
    if venue.address.strip():
        location["description"] = one_line(venue.address)
    if venue.public_transport:
        location["transportation"] = _("Public transport nearby.")
    location["accessibility"] = [
        {
            "id": hsds_id(host, f"accessibility/{venue.pk}", key),
            "location_id": location["id"],
            "description": str(label),
        }
        for key, label in venue.offered()
    ]
    return location


def hsds_online_location(group: SupportGroup, host: str) -> dict[str, Any] | None:
    """Only for groups that chose to share their link with listings."""
    if not shares_online_link(group):
        return None
    return {
        "id": hsds_id(host, "online", group.pk),
        "location_type": "virtual",
        "organization_id": hsds_id(host, "organization", group.organization_id),
        "name": _("Online"),
        "url": group.online_url,
    }


def hsds_organization(group: SupportGroup, host: str) -> dict[str, Any]:
    organization = group.organization
    result: dict[str, Any] = {
        "id": hsds_id(host, "organization", organization.pk),
        "name": organization.name,
        "description": organization.about.strip() or organization.name,
    }
    if organization.contact_email:
        result["email"] = organization.contact_email
    if organization.website:
        result["website"] = organization.website
    return result


def eligibility(group: SupportGroup) -> str:
    audience = str(Audience(group.audience).label)
    if group.audience == Audience.IDENTITY and group.audience_detail:
        return group.audience_detail
    if group.audience_detail:
        return f"{audience}: {group.audience_detail}"
    return audience


def hsds_service(
    group: SupportGroup, host: str, page_url: PageUrl, calendar_url: PageUrl
) -> dict[str, Any]:
    organization = group.organization
    schedule = Schedule.of(group)
    service_id = hsds_id(host, "service", group.pk)
    service: dict[str, Any] = {
        "id": service_id,
        "organization_id": hsds_id(host, "organization", organization.pk),
        "name": group.name,
        "description": group.purpose.strip(),
        "url": page_url(group),
        "status": "active",
        "application_process": _("Anyone may come: there is no need to sign up.")
        if group.is_open
        else _("Ask to join on the group's page; the facilitators will reply."),
        "fees_description": _("Free."),
        "eligibility_description": eligibility(group),
        "last_modified": group.updated.astimezone(datetime.UTC).isoformat(timespec="milliseconds"),
        "organization": hsds_organization(group, host),
        "languages": hsds_languages(group, host),
        "schedules": [],
        "service_at_locations": [],
    }
    if organization.contact_email:
        service["email"] = organization.contact_email
    entry = hsds_schedule(group, schedule, host, calendar_url(group))
    if entry is not None:
        service["schedules"].append(entry)
    for location in (hsds_location(group, host), hsds_online_location(group, host)):
        if location is not None:
            service["service_at_locations"].append(
                {
                    "id": hsds_id(host, "service_at_location", f"{group.pk}/{location['id']}"),
                    "service_id": service_id,
                    "location_id": location["id"],
                    "location": location,
                }
            )
    return service


def hsds_services(
    groups: Iterable[SupportGroup], host: str, page_url: PageUrl, calendar_url: PageUrl
) -> dict[str, Any]:
    """A single page of fully nested services, the shape of HSDS's GET /services."""
    contents = []
    for group in groups:
        with translation.override(group.organization.language):
            contents.append(hsds_service(group, host, page_url, calendar_url))
    return {
        "total_items": len(contents),
        "total_pages": 1,
        "page_number": 1,
        "size": len(contents),
        "first_page": True,
        "last_page": True,
        "empty": not contents,
        "contents": contents,
    }
