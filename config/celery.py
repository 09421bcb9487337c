"""The Celery app and the beat schedule — the one place that says when the scheduled jobs run.

Broker: Redis from REDIS_URL (settings.CELERY_BROKER_URL); without REDIS_URL a file broker
under var/celery so that `make run` works with no server. Configuration comes from the
Django settings with the CELERY_ prefix: late acknowledgement (a task whose worker dies is
delivered again; the tasks are safe to repeat), one prefetched task per process, and the
mail tasks (`evaluations.tasks.send_*`) routed to their own queue `mail`, so a slow SMTP
server never holds up the other jobs. Mail retries and backoff: roadmap/mail.py.

Run exactly one beat process in production (docs/scheduled-jobs.md). A second beat would
enqueue every job twice; the jobs tolerate it (unique constraints and row locks), but it is
wasted work.
"""

import os
from pathlib import Path

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The file broker needs its folders before the first message (kombu does not create them).
for option in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
    folder = (app.conf.broker_transport_options or {}).get(option)
    if folder and str(app.conf.broker_url).startswith("filesystem://"):
        Path(folder).mkdir(parents=True, exist_ok=True)

# Crontabs are read in CELERY_TIMEZONE, Asia/Makassar (WITA). Each job is idempotent and
# decides by the date itself, so a missed morning is caught up the next day. `expires`
# drops a run that waited in the queue past the working day instead of running it at night.
app.conf.beat_schedule = {
    # Every day at 06:00 WITA: open the cycles whose window has started (1 Jan/Apr/Jul/Oct
    # with the default windows) and e-mail each unit's officers once.
    "open-cycles": {
        "task": "evaluations.tasks.open_cycles",
        "schedule": crontab(hour=6, minute=0),
        "options": {"expires": 10 * 60 * 60},
    },
    # Every day at 07:00 WITA: close the open cycles whose closing date (day 20) has passed.
    "close-cycles": {
        "task": "evaluations.tasks.close_cycles",
        "schedule": crontab(hour=7, minute=0),
        "options": {"expires": 10 * 60 * 60},
    },
    # Every day at 08:00 WITA: e-mail every unit whose report is overdue (once per report per day).
    "remind-overdue-reports": {
        "task": "evaluations.tasks.remind_overdue_reports",
        "schedule": crontab(hour=8, minute=0),
        "options": {"expires": 10 * 60 * 60},
    },
    # Every hour at :15: remove background export files past their keeping time (EXPORT_KEEP_HOURS).
    "cleanup-export-jobs": {
        "task": "exports.cleanup_export_jobs",
        "schedule": crontab(minute=15),
        "options": {"expires": 50 * 60},
    },
    # Every minute: the worker heartbeat read by /healthz/ (roadmap/tasks.py).
    "heartbeat": {
        "task": "roadmap.tasks.heartbeat",
        "schedule": crontab(),
        "options": {"expires": 50},
    },
    # Every minute: render the Dasbor of every quarter again after a change of data (dashboards/warm.py).
    "warm-dashboards": {
        "task": "dashboards.warm_dashboards",
        "schedule": crontab(),
        "options": {"expires": 50},
    },
    # Every minute: re-publish the tasks kept in the outbox while Redis was down (roadmap/outbox.py).
    "drain-outbox": {
        "task": "roadmap.tasks.drain_outbox",
        "schedule": crontab(),
        "options": {"expires": 50},
    },
}
