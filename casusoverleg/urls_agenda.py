"""Routes of the casusoverleg: agenda."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
