"""The app's URLs plus two that fail on purpose: the 500 pages of tests/test_error_pages.py."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler404, handler500
from config.urls import urlpatterns as app_urlpatterns

__all__ = ["handler404", "handler500", "urlpatterns"]


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug of the test")


urlpatterns = [path("rusak/", boom), path("api/v1/rusak/", boom), *app_urlpatterns]
