from django.urls import path
from django.views.generic import TemplateView

app_name = "signals"
# Temporary until the views land in this same change.
urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="list"),
    path("nieuw/", TemplateView.as_view(template_name="home.html"), name="create"),
]
