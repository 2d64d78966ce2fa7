"""Feedback tokens are unique (step 3 of 3)."""

from django.db import migrations, models

import circles.meetings.models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_meeting_feedback_tokens"),
    ]

    operations = [
        migrations.AlterField(
            model_name="meeting",
            name="feedback_token",
            field=models.CharField(
                default=circles.meetings.models.new_feedback_token, max_length=16, unique=True
            ),
        ),
    ]
