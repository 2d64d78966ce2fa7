import ipaddress
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from circles.feedback.demo import DEMO_RECEIPT
from circles.home.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo_data


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class Command(BaseCommand):
    help = "Create the demo database and serve Circles with its task worker on 127.0.0.1."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--reset", action="store_true", help="Start the demo data over.")
        parser.add_argument(
            "--no-serve", action="store_true", help="Prepare the data, then stop (for tests)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("The demo runs only with DEBUG on. It is not for real data.")
        if not _is_loopback(options["host"]):
            raise CommandError("The demo serves only on this computer (a loopback address).")
        database = settings.DATABASES["default"]
        if database["ENGINE"] != "django.db.backends.sqlite3":
            raise CommandError(
                "The demo uses its own embedded SQLite database; unset DATABASE_URL."
            )
        path = Path(database["NAME"])
        path.parent.mkdir(parents=True, exist_ok=True)
        if options["reset"]:
            connections["default"].close()
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
            self.stdout.write("Starting the demo data over.")

        call_command("migrate", interactive=False, verbosity=0)
        created = load_demo_data()
        with connections["default"].cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            journal = cursor.fetchone()[0]
        self.stdout.write(
            f"Demo database: {path} (journal mode {journal}; "
            + ("new demo data loaded" if created else "existing demo data kept")
            + ")"
        )
        self.print_accounts(options["host"], options["port"])
        if options["no_serve"]:
            return
        self.serve(options["host"], options["port"])

    def print_accounts(self, host: str, port: int) -> None:
        self.stdout.write(f"\nCircles demo: http://{host}:{port}/\n")
        self.stdout.write(f"Every demo account has the password: {DEMO_PASSWORD}")
        for email, organization, role in DEMO_ACCOUNTS:
            self.stdout.write(f"  {email:<28} {role.label:<16} {organization}")
        self.stdout.write(
            "\nA demo concern (anonymous complaint) can be followed up with its receipt code:\n"
            f"  http://{host}:{port}/complaints/{DEMO_RECEIPT}/\n"
        )

    def serve(self, host: str, port: int) -> None:
        worker = subprocess.Popen(
            [sys.executable, "-m", "circles.cli", "worker", "--interval", "1"],
            env=os.environ.copy(),
        )
        try:
            call_command("runserver", f"{host}:{port}", use_reloader=False, use_threading=True)
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()
