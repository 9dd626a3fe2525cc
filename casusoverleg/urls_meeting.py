"""Routes of the casusoverleg: meeting."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
