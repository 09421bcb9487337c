"""The dashboards' scheduled job (config/celery.py's beat): keep every quarter's Dasbor rendered."""

from __future__ import annotations

from celery import shared_task

from dashboards.warm import warm_dashboards as warm

WARM_DASHBOARDS = "dashboards.warm_dashboards"


@shared_task(name=WARM_DASHBOARDS)
def warm_dashboards() -> int:
    return warm()
