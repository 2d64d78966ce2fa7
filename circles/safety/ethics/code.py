"""The code of ethics Circles ships: fourteen promises a peer worker makes, in plain words.

They follow the fourteen points of the code of ethics peer specialists sign (seed 000),
said again in Circles' own words. An organisation may load its own text instead
(``actions.publish_code``); this is what it starts with. The strings are marked for
translation, so the shipped code reads in each person's language.

A new shipped version is added to ``SHIPPED`` under the next number (earlier ones stay
as they were: signatures point at them) and loaded by a new data migration; everyone
whose organisation uses the shipped code is then asked to sign again.
"""

from django.utils.translation import gettext_noop

SHIPPED_TITLE = gettext_noop("Our code of ethics")

VERSION_1: list[str] = [
    gettext_noop(
        "I am here to help each person find their own way in recovery, towards what they "
        "need, want and hope for. They decide; I support their choices."
    ),
    gettext_noop(
        "I look after my own recovery, and I remember that the people I support and my "
        "community may take my example."
    ),
    gettext_noop(
        "I share my own story of hope and recovery with the people I support and my "
        "colleagues when it helps, and I can name what keeps me well."
    ),
    gettext_noop(
        "The first time we talk about privacy, I tell a person that a plan to seriously hurt "
        "themselves or someone else cannot stay private, and how much of what they tell me "
        "my team will hear. If I learn of such a plan, or of a caregiver harming someone, I "
        "tell the right colleague straight away."
    ),
    gettext_noop(
        "I never frighten, threaten, pressure, harass, hold down, insult or make false "
        "promises to anyone I support."
    ),
    gettext_noop(
        "I treat no one worse for their ethnicity, race, sex, sexuality, gender identity, "
        "age, faith, origin, marital status, politics, disability or anything else about "
        "them, and I do not go along with anyone who does."
    ),
    gettext_noop(
        "I stand beside people so that they make their own decisions when they work with "
        "professionals."
    ),
    gettext_noop(
        "I have no sexual or intimate relationship with anyone I support, or for at least a "
        "year after I stop supporting them. I avoid any other tie or commitment with a "
        "person I support that could pull against their interests, and I say so when one "
        "exists."
    ),
    gettext_noop(
        "I keep learning about recovery and share what I learn. I do not give advice that "
        "belongs to another profession."
    ),
    gettext_noop(
        "I use supervision, follow my organisation's way of doing it, and ask for it when I "
        "need help to support someone well."
    ),
    gettext_noop(
        "I do not take money or anything of real value from people I support, and I do not "
        "lend or give them money. I follow my organisation's rules on gifts."
    ),
    gettext_noop(
        "Nothing I do should hurt, neglect or take advantage of a person. I keep in mind "
        "what people may have been through."
    ),
    gettext_noop("I respect the rights, dignity, privacy and confidences of everyone I support."),
    gettext_noop(
        "If my own recovery gets in the way of supporting others, I step back and take care "
        "of myself, with my community's help, until I am ready again."
    ),
]

# Every version Circles has shipped, by number.
SHIPPED: dict[int, list[str]] = {1: VERSION_1}
