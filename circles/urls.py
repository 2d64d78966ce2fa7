from django.contrib import admin
from django.urls import include, path

from circles.accounts import urls as accounts_urls
from circles.api.api import api
from circles.directory import urls as directory_urls
from circles.feedback import urls as feedback_urls
from circles.groups import urls as groups_urls
from circles.home import urls as home_urls
from circles.meetings import urls as meetings_urls
from circles.peerwork import urls as peerwork_urls
from circles.plans import urls as plans_urls
from circles.safety import urls as safety_urls
from circles.safety.ethics import urls as ethics_urls
from circles.workforce import urls as workforce_urls

org_patterns = (
    home_urls.org_urlpatterns
    + accounts_urls.org_urlpatterns
    + groups_urls.org_urlpatterns
    + meetings_urls.org_urlpatterns
    + feedback_urls.org_urlpatterns
    + plans_urls.org_urlpatterns
    + safety_urls.org_urlpatterns
    + ethics_urls.org_urlpatterns
    + peerwork_urls.org_urlpatterns
    + directory_urls.org_urlpatterns
    + workforce_urls.org_urlpatterns
)

urlpatterns = [
    path("", include(home_urls.urlpatterns)),
    path("", include(accounts_urls.urlpatterns)),
    path("", include(groups_urls.urlpatterns)),
    path("", include(meetings_urls.urlpatterns)),
    path("", include(feedback_urls.urlpatterns)),
    path("", include(plans_urls.urlpatterns)),
    path("", include(safety_urls.urlpatterns)),
    path("", include(ethics_urls.urlpatterns)),
    path("", include(peerwork_urls.urlpatterns)),
    path("", include(directory_urls.urlpatterns)),
    path("", include(workforce_urls.urlpatterns)),
    path("o/<slug:org_slug>/", include(org_patterns)),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = "circles.home.errors.bad_request"
handler500 = "circles.home.errors.server_error"
