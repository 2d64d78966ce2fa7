from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "circles.groups"
    label = "groups"
    verbose_name = "Groups and venues"
