"""The casusoverleg's pages under /casusoverleg/. Each area keeps its routes in its
own module; every route is classified in tests/test_gate.py."""

from casusoverleg import urls_actions, urls_agenda, urls_meeting, urls_minutes

app_name = "casusoverleg"
urlpatterns = [
    *urls_meeting.urlpatterns,
    *urls_agenda.urlpatterns,
    *urls_minutes.urlpatterns,
    *urls_actions.urlpatterns,
]
