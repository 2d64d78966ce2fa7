"""The ``circles`` command: demo, serve, worker, backup, restore and manage."""

import os
import secrets
import sys
from collections.abc import Callable
from pathlib import Path

USAGE = """\
Usage: circles COMMAND [options]

  demo [--port N] [--reset]   try Circles with demo data at http://127.0.0.1:8000
  serve [--bind HOST:PORT]    production web server (gunicorn)
  worker                      run background tasks (reminders, emails)
  backup FILE                 copy the whole database to FILE
  restore FILE [--yes]        replace the database with the copy in FILE
  import-hsds PATH --organization SLUG
                              import Open Referral HSDS data into a directory
  export-hsds PATH --organization SLUG
                              write a directory as an HSDS 3.0 data package
  manage ARGS...              any Django management command
"""


def _read_or_create(path: Path, make: Callable[[], str]) -> str:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


def _prepare_demo_environment() -> None:
    data_dir = Path(os.environ.get("CIRCLES_DATA_DIR", Path.cwd() / "var" / "demo"))
    os.environ["CIRCLES_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DEBUG", "1")
    os.environ["CIRCLES_DEMO"] = "1"
    os.environ.setdefault(
        "SECRET_KEY", _read_or_create(data_dir / "secret_key", lambda: secrets.token_urlsafe(50))
    )
    if "CIRCLES_ENCRYPTION_KEYS" not in os.environ:
        from cryptography.fernet import Fernet

        os.environ["CIRCLES_ENCRYPTION_KEYS"] = _read_or_create(
            data_dir / "encryption_key", lambda: Fernet.generate_key().decode()
        )
    if "CIRCLES_AUDIT_KEYS" not in os.environ:
        os.environ["CIRCLES_AUDIT_KEYS"] = _read_or_create(
            data_dir / "audit_key", lambda: secrets.token_urlsafe(32)
        )


def _django_manage(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "circles.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["circles manage", *argv])


def _serve(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "circles.settings")
    bind = os.environ.get("CIRCLES_BIND", "127.0.0.1:8000")
    if argv[:1] == ["--bind"] and len(argv) > 1:
        bind, argv = argv[1], argv[2:]
    workers = os.environ.get("WEB_CONCURRENCY", "3")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=1)
    call_command("collectstatic", interactive=False, verbosity=0)
    from gunicorn.app.wsgiapp import run

    from circles.lib.accesslog import FORMAT as ACCESS_LOG_FORMAT

    sys.argv = [
        "gunicorn",
        "circles.wsgi:application",
        "--bind",
        bind,
        "--workers",
        workers,
        "--access-logfile",
        "-",
        "--logger-class",
        "circles.lib.accesslog.PrivateAccessLogger",
        "--access-logformat",
        ACCESS_LOG_FORMAT,
        *argv,
    ]
    run()


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(USAGE)
        return
    command, rest = args[0], args[1:]
    if command == "demo":
        _prepare_demo_environment()
        _django_manage(["demo", *rest])
    elif command == "serve":
        _serve(rest)
    elif command == "worker":
        # Top up every group's meetings for the coming weeks whenever the worker starts;
        # run `circles manage generate_meetings` daily (cron). The feedback release runs
        # now and then queues itself every hour.
        _django_manage(["generate_meetings"])
        _django_manage(["release_feedback"])
        # Plan reminders (for people who turned them on) run now, then every hour.
        _django_manage(["send_plan_reminders"])
        # Hand over and back the groups of colleagues stepping back; then hourly by itself.
        _django_manage(["step_back_rounds"])
        # Certification expiry warnings: now, then once a day by themselves.
        _django_manage(["warn_certifications"])
        # Finished task rows go after a day; this also queues the hourly pruning.
        _django_manage(["prune_task_results"])
        _django_manage(["db_worker", *rest])
    elif command in {"backup", "restore"}:
        _django_manage([command, *rest])
    elif command in {"import-hsds", "export-hsds"}:
        _django_manage([command.replace("-", "_"), *rest])
    elif command == "manage":
        _django_manage(rest)
    else:
        print(f"circles: unknown command {command!r}\n", file=sys.stderr)
        print(USAGE, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
