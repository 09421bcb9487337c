"""The project shell: settings, urls, the Celery app, wsgi/asgi and the Jinja environment (docs/architecture.md).

The Celery app is loaded with Django so that @shared_task binds to it (`celery -A config`).
"""

from config.celery import app as celery_app

__all__ = ("celery_app",)
