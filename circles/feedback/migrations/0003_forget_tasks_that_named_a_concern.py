"""Remove the task rows that named a concern beside the moment they were queued.

Before the hourly release, each new concern and each addition from a complainant
queued a task with the concern's id; its row kept that id with a time to the
microsecond. Rows not yet run become a note on the concern for the release.
"""

from typing import Any

from django.db import migrations

TASK = "circles.feedback.tasks.notify_complaint"
ANONYMOUS = ("new", "more")


def forget_tasks_that_named_a_concern(apps: Any, schema_editor: Any) -> None:
    task_results = apps.get_model("django_tasks_database", "DBTaskResult")
    complaints = apps.get_model("feedback", "Complaint")
    messages = apps.get_model("feedback", "ComplaintMessage")
    for row in task_results.objects.filter(task_path=TASK).exclude(status="RUNNING"):
        args = (row.args_kwargs or {}).get("args") or []
        if len(args) != 2 or args[1] not in ANONYMOUS:
            continue
        complaint = complaints.objects.filter(pk=args[0]).first()
        if row.status == "READY" and complaint is not None and not complaint.notify:
            added = (
                messages.objects.filter(complaint=complaint, from_complainant=True)
                .order_by("-sent_on")
                .values_list("sent_on", flat=True)
                .first()
            )
            complaint.notify = args[1]
            complaint.notify_after = added or complaint.received_on
            complaint.save(update_fields=["notify", "notify_after"])
        row.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0002_complaint_notify_and_role"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.RunPython(forget_tasks_that_named_a_concern, migrations.RunPython.noop),
    ]
