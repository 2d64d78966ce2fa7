from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "circles.feedback"
    label = "feedback"
    verbose_name = "Feedback and complaints"
