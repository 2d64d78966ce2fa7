from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Line:
    name: str | Promise
    way: str | Promise
    contact: str
    description: str | Promise = ""
    href: str = ""


# Shown on every page, whoever is signed in or not.
ALWAYS = (
    Line(
        name=_("988 Suicide & Crisis Lifeline"),
        way=_("Call or text"),
        contact="988",
        description=_("Free and confidential, any time, day or night."),
        href="tel:988",
    ),
    Line(
        name=_("Emergency"),
        way=_("Call"),
        contact="911",
        description=_("If someone's life is in danger right now."),
        href="tel:911",
    ),
)
