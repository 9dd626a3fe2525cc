"""Routes of the casusoverleg: minutes."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
