from circles.feedback.views import complaint_public, complaint_staff, results, sheet

_parts = [sheet, results, complaint_public, complaint_staff]
org_urlpatterns = [u for part in _parts for u in part.org_urls]
urlpatterns = [u for part in _parts for u in part.public_urls]
