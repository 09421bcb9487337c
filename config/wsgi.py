import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roadmap.settings")
application = get_wsgi_application()

from roadmap.warmup import prepare_worker  # noqa: E402 - needs the settings loaded above

prepare_worker()
