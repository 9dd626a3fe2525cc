from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from signals import api
from signals.api_docs import api_docs

app_name = "signals-api"

v1 = [
    path("signals/", api.SignalCreateApi.as_view(), name="create"),
    path("signals/<uuid:uuid>/", api.SignalDetailApi.as_view(), name="detail"),
]

urlpatterns = [
    path("v1/", include(v1)),
    path(
        "schema/",
        login_not_required(
            SpectacularAPIView.as_view(authentication_classes=[], permission_classes=[])
        ),
        name="schema",
    ),
    path("docs/", api_docs, name="docs"),
]
