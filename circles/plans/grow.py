"""The GROW flow: Goal, Reality, Options, Will, one question at a time.

The questions are seed 002's suggested questions in plain words. Every one is
optional: a person may skip any of them, leave, and come back to any step.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from circles.plans.models import Goal


@dataclass(frozen=True)
class Step:
    key: str
    stage: str
    kind: str  # title, text, date, ideas, grade, choose, dates, commitment, actions
    question: Promise
    hint: Promise | str = ""

    @property
    def stage_name(self) -> Promise:
        return STAGES[self.stage]


STAGES: dict[str, Promise] = {
    "goal": _("Goal: what I want"),
    "reality": _("Reality: where things are now"),
    "options": _("Options: every idea I can think of"),
    "will": _("Will: what I will do"),
}

STEPS: list[Step] = [
    Step(
        "name",
        "goal",
        "title",
        _("What would you like to call this goal?"),
        _("A few words are enough, like “Back to work” or “Sleep better”."),
    ),
    Step("issue", "goal", "text", _("What is the issue you are facing right now? Say it briefly.")),
    Step("outcome", "goal", "text", _("What would you like to come out of it?")),
    Step(
        "by_when",
        "goal",
        "date",
        _("By when would you like to get there?"),
        _("Leave it empty if you would rather not set a date."),
    ),
    Step(
        "factors",
        "reality",
        "text",
        _("What is going on that makes this a problem? What led to it?"),
    ),
    Step("control", "reality", "text", _("Which parts of it are in your control?")),
    Step("tried", "reality", "text", _("What have you tried so far?")),
    Step("obstacles", "reality", "text", _("What is in the way?")),
    Step("resources", "reality", "text", _("What would you need that you do not have yet?")),
    Step("resources_from", "reality", "text", _("Where could that realistically come from?")),
    Step("real_issue", "reality", "text", _("What is really the issue here, at its root?")),
    Step(
        "ideas",
        "options",
        "ideas",
        _("In what ways could you go about it? List every idea."),
        _(
            "Large or small, realistic or unusual: write one idea a line, with no judging yet. "
            "What else could you do? What would be your ideal?"
        ),
    ),
    Step(
        "grade",
        "options",
        "grade",
        _("Give each idea a number from 1 to 10."),
        _("1 is least and 10 is most. Leave any you are not sure about."),
    ),
    Step(
        "choose",
        "will",
        "choose",
        _("Here are your ideas, the ones you graded highest first. Which will you act on?"),
    ),
    Step(
        "measure", "will", "text", _("Would these meet what you want? How will you know it worked?")
    ),
    Step("dates", "will", "dates", _("When will you start, and when would you like to finish?")),
    Step("will_obstacles", "will", "text", _("What might get in the way?")),
    Step(
        "support",
        "will",
        "text",
        _("What support would help you do it, or get past what is in the way?"),
    ),
    Step("get_support", "will", "text", _("How will you get that support?")),
    Step(
        "commitment",
        "will",
        "commitment",
        _("How committed are you to taking these steps, from 1 to 10?"),
        _("1 is least and 10 is most. There is no right answer."),
    ),
    Step("not_ten", "will", "text", _("What stops it being a 10?")),
    Step("nearer_ten", "will", "text", _("What could bring it nearer to 10?")),
    Step(
        "actions",
        "will",
        "actions",
        _("What are your first steps, and when?"),
        _("Add as many as you like. They appear on your home page when they are coming up."),
    ),
]

BY_KEY = {step.key: step for step in STEPS}
ONLY_BELOW_TEN = {"not_ten", "nearer_ten"}


def steps_for(goal: Goal) -> list[Step]:
    """The steps this goal goes through: the two "nearer to 10" questions only below 10."""
    below_ten = goal.commitment is not None and goal.commitment < 10
    return [s for s in STEPS if below_ten or s.key not in ONLY_BELOW_TEN]


def neighbours(goal: Goal, key: str) -> tuple[Step | None, Step | None]:
    steps = steps_for(goal)
    keys = [s.key for s in steps]
    if key not in keys:
        return None, None
    at = keys.index(key)
    before = steps[at - 1] if at > 0 else None
    after = steps[at + 1] if at + 1 < len(steps) else None
    return before, after


def text_answers(goal: Goal) -> list[tuple[Step, str]]:
    """The questions answered in words, in the flow's order."""
    answers = goal.answers
    return [(s, answers[s.key]) for s in STEPS if s.kind == "text" and answers.get(s.key)]
