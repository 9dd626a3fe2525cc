from django.urls import path
from django.views.generic import TemplateView

app_name = "partners"
# Temporary: replaced by the real views in this same change.
urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="overview"),
    path("beheer/", TemplateView.as_view(template_name="home.html"), name="beheer-organisations"),
]
