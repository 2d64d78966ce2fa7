"""Casey's demo plan at Riverside.

- "Back to work": worked through GROW, with graded options, a commitment of 7
  and what stops it being a 10; shared with Jordan (the specialist), who sees
  this goal and nothing else.
- "Sleep better": reviewed, with a success celebrated.
- Six helpers on the circles, and a wellness and crisis plan.
"""

import datetime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from circles.accounts.models import Organization, User
from circles.plans import actions
from circles.plans.models import (
    Action,
    Goal,
    Helper,
    Option,
    Plan,
    PlanShare,
    Review,
    WellnessPlan,
)

HELPERS = [
    ("Dana", "My sister", Helper.Ring.CLOSEST, (True, True, True)),
    ("Mo", "My best friend since school", Helper.Ring.CLOSEST, (True, False, True)),
    (
        "Tuesday evening peer circle",
        "My group at Riverside",
        Helper.Ring.MIDDLE,
        (True, True, False),
    ),
    ("Jordan", "My peer specialist", Helper.Ring.MIDDLE, (False, True, True)),
    ("Riverside warmline", "When evenings are hard", Helper.Ring.OUTER, (True, True, False)),
    (
        "The public library",
        "A quiet place to read and use a computer",
        Helper.Ring.OUTER,
        (False, False, False),
    ),
]


@transaction.atomic
def load_demo_plans(riverside: Organization, now: datetime.datetime | None = None) -> bool:
    casey = User.objects.filter(email="participant@example.org").first()
    jordan = User.objects.filter(email="specialist@example.org").first()
    if casey is None or jordan is None or Plan.objects.filter(organization=riverside).exists():
        return False
    now = now or timezone.now()
    today = now.astimezone(ZoneInfo(riverside.timezone)).date()
    plan = Plan.objects.create(
        organization=riverside,
        owner=casey,
        strengths="I keep going when things are hard. I am good with plants and with numbers.",
        interests="Gardening, crosswords, old films.",
        what_matters="My sister and my cat. Feeling useful. A calm home.",
        created=now - datetime.timedelta(days=60),
    )

    work = Goal.objects.create(
        organization=riverside,
        plan=plan,
        title="Back to work",
        target_date=today + datetime.timedelta(days=120),
        commitment=7,
        starts_on=today - datetime.timedelta(days=7),
        finishes_on=today + datetime.timedelta(days=120),
        created=now - datetime.timedelta(days=21),
    )
    for key, text in [
        ("issue", "I have been out of work for a year and I miss having a reason to get up."),
        ("outcome", "A few hours of paid work a week, somewhere kind."),
        ("control", "How I look, what I apply for, and asking for help."),
        ("tried", "Two applications online. I heard nothing back."),
        ("obstacles", "Mornings are hard, and the gap on my CV worries me."),
        ("resources", "Help with my CV, and someone to practise interviews with."),
        ("resources_from", "The library runs a job club; Jordan offered to practise with me."),
        ("measure", "I will have sent three applications and had one conversation."),
        ("support", "A reminder the day before, and someone to tell afterwards."),
        ("get_support", "Ask Dana to text me, and tell Jordan at our meeting."),
        ("not_ten", "I am scared of being turned down again."),
        ("nearer_ten", "Starting with volunteering first, so it feels less like a test."),
    ]:
        work.set_answer(key, text)
    work.save()
    for n, (text, appeal, helps, chosen) in enumerate(
        [
            ("Volunteer two mornings a week at the community garden", 9, 8, True),
            ("Go to the library job club", 6, 8, True),
            ("Ask my old manager for a reference", 4, 6, False),
            ("Retrain as a florist", 8, 3, False),
            ("Apply for anything and everything", 2, 4, False),
        ],
        start=1,
    ):
        Option.objects.create(
            organization=riverside,
            goal=work,
            text=text,
            appeal=appeal,
            helps=helps,
            chosen=chosen,
            position=n,
        )
    for text, days in [
        ("Phone the community garden about volunteering", 2),
        ("Go to the library job club", 5),
        ("Update my CV with Jordan", 9),
    ]:
        Action.objects.create(
            organization=riverside,
            goal=work,
            text=text,
            due_on=today + datetime.timedelta(days=days),
        )

    sleep = Goal.objects.create(
        organization=riverside,
        plan=plan,
        title="Sleep better",
        status=Goal.Status.ACTIVE,
        commitment=9,
        created=now - datetime.timedelta(days=50),
    )
    sleep.set_answer("issue", "I lie awake until two or three most nights.")
    sleep.set_answer("outcome", "Asleep by midnight most nights.")
    sleep.save()
    done = Action.objects.create(
        organization=riverside,
        goal=sleep,
        text="No phone after ten",
        due_on=today - datetime.timedelta(days=40),
    )
    done.done_at = now - datetime.timedelta(days=40)
    done.save(update_fields=["done_at"])
    Review.objects.create(
        organization=riverside,
        goal=sleep,
        progress=Review.Progress.MOSTLY,
        in_my_words="Better than a month ago. Weekends are still hard.",
        successes="Five nights this week I was asleep before midnight!",
        learned="Late coffee undoes everything. Tea after four.",
        changes="Keep the phone rule; add a wind-down walk.",
        created=now - datetime.timedelta(days=10),
    )

    for name, how, ring, (acceptance, empathy, genuineness) in HELPERS:
        Helper.objects.create(
            organization=riverside,
            plan=plan,
            name=name,
            how_known=how,
            ring=ring,
            acceptance=acceptance,
            empathy=empathy,
            genuineness=genuineness,
        )

    WellnessPlan.objects.create(
        organization=riverside,
        plan=plan,
        keeps_me_well="A walk in the morning, time in the garden, talking to Dana on Sundays.",
        upsets_balance="Money worries, too many late nights, being on my own for days.",
        early_signs="I stop answering texts and stay in bed longer.",
        helps_early="A short walk, one small job done, a call to the warmline.",
        contact_please="Dana (my sister).",
        contact_not="My ex.",
        helps_in_crisis="A quiet room, someone sitting with me, being told what happens next.",
        does_not_help="Being rushed, lots of questions at once.",
        do_not_want="I do not want to be held down.",
        from_staff="Speak slowly and ask before you touch me. Call Dana.",
    )

    actions.share_plan(
        plan,
        part=PlanShare.Part.GOAL,
        goal=work,
        shared_with=jordan,
        for_safety=False,
        purpose="So we can work on it together in our sessions.",
        actor=casey,
    )
    return True
