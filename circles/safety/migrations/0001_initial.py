# The safety area starts empty; its tables arrive in the migrations that follow.
from django.db import migrations


class Migration(migrations.Migration):
    initial = True

    dependencies: list[tuple[str, str]] = []

    operations: list[migrations.operations.base.Operation] = []
