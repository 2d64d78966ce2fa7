"""Each meeting gets its own feedback link token: add the columns (step 1 of 3)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="feedback_closes_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="meeting",
            name="feedback_token",
            field=models.CharField(default="", max_length=16),
            preserve_default=False,
        ),
    ]
