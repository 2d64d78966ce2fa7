from django.apps import AppConfig


class LinkingConfig(AppConfig):
    """Linking people to resources: search, freshness, saved lists and referrals.

    Part of the directory area, with its own tables, beside the HSDS records it reads.
    """

    name = "circles.directory.linking"
    label = "linking"
    verbose_name = "Links to resources"
