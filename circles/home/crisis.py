"""The national crisis lines shown on every page, chosen by the server's country.

The lines are data: one entry per country, each line with where it comes from
and the date it was last compared with that source. ``CIRCLES_COUNTRY`` (an ISO
3166 code, "US" when unset) picks the country; organisations add their own lines
on top (``accounts.CrisisLine``). A server set up for another country never shows
a United States number. The system check ``home.E001`` refuses a country with no
lines here.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Line:
    name: str | Promise
    way: str | Promise
    contact: str
    description: str | Promise = ""
    href: str = ""
    source: str = ""
    checked: datetime.date | None = None


@dataclass(frozen=True)
class Country:
    name: str | Promise
    lines: tuple[Line, ...]


# The dates say when each entry was last written down from the source named
# beside it. Numbers change: docs/configuration.md asks whoever runs a server to
# compare them with the source before going live, and to send a correction.
WRITTEN = datetime.date(2026, 12, 1)

COUNTRIES: dict[str, Country] = {
    "US": Country(
        _("United States"),
        (
            Line(
                _("988 Suicide & Crisis Lifeline"),
                _("Call or text"),
                "988",
                _("Free and confidential, any time, day or night."),
                "tel:988",
                "https://988lifeline.org/",
                WRITTEN,
            ),
            Line(
                _("Emergency"),
                _("Call"),
                "911",
                _("If someone's life is in danger right now."),
                "tel:911",
                "https://www.911.gov/",
                WRITTEN,
            ),
        ),
    ),
    "CA": Country(
        _("Canada"),
        (
            Line(
                _("9-8-8 Suicide Crisis Helpline"),
                _("Call or text"),
                "988",
                _("Free, any time, in English and French."),
                "tel:988",
                "https://988.ca/",
                WRITTEN,
            ),
            Line(
                _("Emergency"),
                _("Call"),
                "911",
                _("If someone's life is in danger right now."),
                "tel:911",
                "https://www.canada.ca/en/services/policing/emergencies.html",
                WRITTEN,
            ),
        ),
    ),
    "GB": Country(
        _("United Kingdom"),
        (
            Line(
                _("Samaritans"),
                _("Call"),
                "116 123",
                _("Free, any time, day or night, to talk about anything."),
                "tel:116123",
                "https://www.samaritans.org/how-we-can-help/contact-samaritan/",
                WRITTEN,
            ),
            Line(
                _("Emergency"),
                _("Call"),
                "999",
                _("If someone's life is in danger right now."),
                "tel:999",
                "https://www.nhs.uk/nhs-services/urgent-and-emergency-care-services/when-to-call-999/",
                WRITTEN,
            ),
        ),
    ),
    "IE": Country(
        _("Ireland"),
        (
            Line(
                _("Samaritans"),
                _("Call"),
                "116 123",
                _("Free, any time, day or night, to talk about anything."),
                "tel:116123",
                "https://www.samaritans.org/ireland/how-we-can-help/contact-samaritan/",
                WRITTEN,
            ),
            Line(
                _("Text About It"),
                _("Text"),
                "50808",
                _("Free, any time, by text message."),
                "sms:50808",
                "https://text50808.ie/",
                WRITTEN,
            ),
            Line(
                _("Emergency"),
                _("Call"),
                "112",
                _("If someone's life is in danger right now (999 works too)."),
                "tel:112",
                "https://www.gov.ie/en/publication/emergency-numbers/",
                WRITTEN,
            ),
        ),
    ),
    "AU": Country(
        _("Australia"),
        (
            Line(
                _("Lifeline"),
                _("Call"),
                "13 11 14",
                _("Any time, day or night, to talk to a trained crisis supporter."),
                "tel:131114",
                "https://www.lifeline.org.au/",
                WRITTEN,
            ),
            Line(
                _("Emergency"),
                _("Call"),
                "000",
                _("If someone's life is in danger right now."),
                "tel:000",
                "https://www.triplezero.gov.au/",
                WRITTEN,
            ),
        ),
    ),
    "ES": Country(
        _("Spain"),
        (
            Line(
                _("Line 024 (suicidal thoughts and crisis)"),
                _("Call"),
                "024",
                _("Free, confidential, any time, day or night."),
                "tel:024",
                "https://www.sanidad.gob.es/linea024/",
                WRITTEN,
            ),
            Line(
                _("Emergency"),
                _("Call"),
                "112",
                _("If someone's life is in danger right now."),
                "tel:112",
                "https://www.112.es/",
                WRITTEN,
            ),
        ),
    ),
}


def national_lines() -> tuple[Line, ...]:
    """The lines for the country this server is set up for (see ``CIRCLES_COUNTRY``)."""
    country = COUNTRIES.get(settings.CIRCLES_COUNTRY)
    return country.lines if country else ()
