from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "circles.home"
    label = "home"
    verbose_name = "Home pages"
