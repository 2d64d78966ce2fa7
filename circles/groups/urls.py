from circles.groups.views import feeds, finder, planning, venues

org_urlpatterns = planning.org_urls + venues.org_urls + finder.org_urls + feeds.org_urls
urlpatterns = finder.public_urls + feeds.public_urls
