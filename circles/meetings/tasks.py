from django_tasks import task

from circles.meetings.generation import generate_all


@task()
def generate_meetings() -> int:
    """Keep every group's meetings generated for the coming weeks (safe to run any time)."""
    return generate_all()
