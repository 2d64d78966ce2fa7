"""Give every existing meeting its own feedback token (step 2 of 3).

Separate migrations so PostgreSQL never alters a table with pending row updates.
"""

from django.db import migrations

import circles.meetings.models


def give_tokens(apps, schema_editor):  # type: ignore[no-untyped-def]
    Meeting = apps.get_model("meetings", "Meeting")
    for meeting in Meeting.objects.filter(feedback_token="").only("pk").iterator():
        meeting.feedback_token = circles.meetings.models.new_feedback_token()
        meeting.save(update_fields=["feedback_token"])


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0002_meeting_feedback"),
    ]

    operations = [
        migrations.RunPython(give_tokens, migrations.RunPython.noop),
    ]
