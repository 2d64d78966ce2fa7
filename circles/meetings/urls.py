from circles.meetings.views import attendance, breakouts, meeting_pages, notes, polls, runshow

_parts = [meeting_pages, runshow, attendance, breakouts, notes, polls]
org_urlpatterns = [u for part in _parts for u in part.org_urls]
urlpatterns = [u for part in _parts for u in part.public_urls]
