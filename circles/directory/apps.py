from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "circles.directory"
    label = "directory"
    verbose_name = "Community resources"
