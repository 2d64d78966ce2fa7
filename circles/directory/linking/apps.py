from django.apps import AppConfig


class LinkingConfig(AppConfig):
    """Linking people to resources: search, freshness, saved lists and referrals.

    Part of the directory area, with its own tables, beside the HSDS records it reads.
    """

    name = "circles.directory.linking"
    label = "linking"
    verbose_name = "Links to resources"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(_repair_fulltext, sender=self)


def _repair_fulltext(using: str = "default", **kwargs: object) -> None:
    # A later migration that rebuilds directory_service on SQLite drops the triggers.
    from django.db import connections

    from circles.directory.linking import fulltext

    fulltext.ensure(connections[using])
