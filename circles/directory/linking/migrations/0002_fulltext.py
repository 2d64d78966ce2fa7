from typing import Any

from django.db import migrations


def create(apps: Any, schema_editor: Any) -> None:
    from circles.directory.linking import fulltext

    fulltext.ensure(schema_editor.connection)


def remove(apps: Any, schema_editor: Any) -> None:
    from circles.directory.linking import fulltext

    fulltext.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("linking", "0001_initial"),
        ("directory", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, remove)]
