from django.apps import AppConfig


class PeerworkConfig(AppConfig):
    name = "circles.peerwork"
    label = "peerwork"
    verbose_name = "One-to-one peer support"
