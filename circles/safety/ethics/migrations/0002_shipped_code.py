"""Circles' own code of ethics, version 1 (see circles/safety/ethics/code.py)."""

from typing import Any

from django.db import migrations

from circles.safety.ethics.code import SHIPPED, SHIPPED_TITLE

VERSION = 1


def load(apps: Any, schema_editor: Any) -> None:
    EthicsCode = apps.get_model("ethics", "EthicsCode")
    if not EthicsCode.objects.filter(organization=None, version=VERSION).exists():
        EthicsCode.objects.create(
            organization=None,
            version=VERSION,
            title=SHIPPED_TITLE,
            points=list(SHIPPED[VERSION]),
        )


def unload(apps: Any, schema_editor: Any) -> None:
    apps.get_model("ethics", "EthicsCode").objects.filter(
        organization=None, version=VERSION
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("ethics", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
