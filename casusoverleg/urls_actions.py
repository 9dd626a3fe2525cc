"""Routes of the casusoverleg: actions."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
