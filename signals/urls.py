from django.urls import path

from signals.views import signal as views

app_name = "signals"
urlpatterns = [
    path("", views.signal_list_view, name="list"),
    path("nieuw/", views.signal_create_view, name="create"),
    path("<uuid:uuid>/", views.signal_detail_view, name="detail"),
    path("<uuid:uuid>/delen/", views.signal_sharing_view, name="sharing"),
    path("<uuid:uuid>/corrigeren/", views.signal_correct_view, name="correct"),
    path("<uuid:uuid>/intrekken/", views.signal_withdraw_view, name="withdraw"),
]
