from typing import Any

from django.core.management.base import BaseCommand

from circles.workforce.framework import load_framework
from circles.workforce.models import Competency, FrameworkArea


class Command(BaseCommand):
    help = (
        "Bring the shipped competency framework up to data/framework.json: new items are "
        "added, wording updated, dropped items retired (kept for old ratings). Safe to repeat."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        touched = load_framework(FrameworkArea, Competency)
        self.stdout.write(f"{touched} framework item(s) up to date.")
