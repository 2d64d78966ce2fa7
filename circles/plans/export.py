"""A person's whole plan as plain data: for their JSON download and their printout."""

from typing import Any

from circles.plans import grow
from circles.plans.models import WELLNESS_FIELDS, Goal, Plan, WellnessPlan


def _date(value: Any) -> str | None:
    return value.isoformat() if value else None


def goal_as_dict(goal: Goal) -> dict[str, Any]:
    answers = goal.answers
    return {
        "title": goal.title,
        "status": goal.status,
        "by_when": _date(goal.target_date),
        "answers": {step.key: answers[step.key] for step in grow.STEPS if step.key in answers},
        "options": [
            {"idea": o.text, "appeal": o.appeal, "helps": o.helps, "chosen": o.chosen}
            for o in goal.options.all()
        ],
        "starts_on": _date(goal.starts_on),
        "finishes_on": _date(goal.finishes_on),
        "commitment": goal.commitment,
        "actions": [
            {"step": a.text, "when": _date(a.due_on), "done_at": _date(a.done_at)}
            for a in goal.actions.all()
        ],
        "reviews": [
            {
                "date": _date(r.created),
                "progress": r.progress,
                "in_my_words": r.in_my_words,
                "successes": r.successes,
                "learned": r.learned,
                "changes": r.changes,
            }
            for r in goal.reviews.all()
        ],
        "created": _date(goal.created),
    }


def plan_as_dict(plan: Plan) -> dict[str, Any]:
    if plan.pk is None:
        return {"format": "circles-plan-1", "goals": [], "helpers": [], "wellness_plan": {}}
    goals = (
        Goal.objects.for_org(plan.organization)
        .of_plan(plan)
        .prefetch_related("options", "actions", "reviews")
    )
    wellness = WellnessPlan.objects.for_org(plan.organization).filter(plan=plan).first()
    return {
        "format": "circles-plan-1",
        "organization": plan.organization.name,
        "strengths": plan.strengths,
        "interests": plan.interests,
        "what_matters": plan.what_matters,
        "goals": [goal_as_dict(goal) for goal in goals],
        "helpers": [
            {
                "name": h.name,
                "how_known": h.how_known,
                "ring": h.ring,
                "acceptance": h.acceptance,
                "empathy": h.empathy,
                "genuineness": h.genuineness,
            }
            for h in plan.helpers.all()
        ],
        "wellness_plan": (
            {name: getattr(wellness, name) for name in WELLNESS_FIELDS} if wellness else {}
        ),
        "shares": [
            {
                "part": s.part,
                "goal": s.goal.title if s.goal else None,
                "with": s.shared_with.display_name if s.shared_with else None,
                "for_safety": s.for_safety,
                "purpose": s.purpose,
                "shared_at": _date(s.shared_at),
                "withdrawn_at": _date(s.withdrawn_at),
            }
            for s in plan.shares.select_related("goal", "shared_with")
        ],
        "reads": [
            {
                "who": r.reader.display_name if r.reader else None,
                "what": r.what,
                "when": _date(r.read_at),
            }
            for r in plan.reads.select_related("reader")
        ],
    }
