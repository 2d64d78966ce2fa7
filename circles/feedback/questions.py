"""Circles' own wording for the end-of-session sheet.

Written for peer support, not copied from any published instrument (the
Session Rating Scale family forbids digital reproduction). Each question is a
0-10 scale with words at both ends and a short name for charts and tables.
Organisations may replace the wording (for example with a scale they hold a
licence for) in their feedback settings; the
answers are stored by position, so the four slots keep their meaning:
1 feeling heard and respected, 2 what we talked about, 3 how the meeting was
run, 4 whether the group is right for me.
"""

from typing import Any

from django.utils.translation import gettext as _


def default_questions() -> list[dict[str, Any]]:
    return [
        {
            "text": _(
                "How heard, understood and respected did you feel today, "
                "by the group and by the person leading it?"
            ),
            "low": _("Not at all"),
            "high": _("Completely"),
            "short": _("Heard and respected"),
        },
        {
            "text": _("Did we talk about the things you wanted to talk about?"),
            "low": _("Not at all"),
            "high": _("Yes, all of them"),
            "short": _("What we talked about"),
        },
        {
            "text": _("Did the way the meeting was run suit you?"),
            "low": _("Not at all"),
            "high": _("It suited me well"),
            "short": _("How it was run"),
        },
        {
            "text": _("Overall, does this group feel right for you, a place where you belong?"),
            "low": _("Not right for me"),
            "high": _("Right for me; I belong"),
            "short": _("Right for me"),
        },
    ]
