from django.contrib import admin
from django.urls import include, path

from ketenaanpak import views

admin.site.login = views.admin_login_redirect  # type: ignore[method-assign]
handler403 = views.permission_denied

urlpatterns = [
    path("", views.home, name="home"),
    path("gezondheid/", views.health, name="health"),
    path("", include("accounts.urls")),
    path("organisaties/", include("partners.urls")),
    path("berichten/", include("notifications.urls")),
    path("signalen/", include("signals.urls")),
    path("", include("signals.urls_dossier")),
    path("api/", include("signals.api_urls")),
    path("beheer/audit/", include("audit.urls")),
    # The risicotaxatie-instrument, the doorlaatverbod alert and CoMensha.
    path("risico/", include("classification.urls_risk")),
    path("", include("classification.urls")),
    path("casusoverleg/", include("casusoverleg.urls")),
    path("django-admin/", admin.site.urls),
]
