import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "circles.settings")
application = get_wsgi_application()

# The settings import without secrets so tools can load them; serving must not.
from circles.lib.checks import refuse_without_secrets  # noqa: E402

refuse_without_secrets()
