from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "circles.api"
    label = "api"
    verbose_name = "JSON API"
