"""Views: review pages."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
