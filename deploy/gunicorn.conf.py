"""Gunicorn configuration of Monev RB (docs/deploy.md). Every value can be overridden from the environment.

    gunicorn -c deploy/gunicorn.conf.py config.wsgi

The machine's nginx (or the load balancer) proxies to GUNICORN_BIND, which is the loopback (nginx on the same
machine) or a private address that only the nginx can reach: X-Forwarded-* are believed from TRUSTED_PROXIES
only, but a gunicorn open to everybody would still take every request without nginx's limits. Static files come
from whitenoise in the app, evidence files only through the permission-checked Django views.
"""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Threads hide the waits on PostgreSQL and on the evidence disk; processes use the cores.
# The classic 2 × cores + 1 processes, each with a few threads.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))

# A request longer than this is killed (the big exports go to the worker); uploads of 10 MB on a
# slow district line still fit. graceful_timeout: in-flight requests finish on a reload/stop.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 30))
keepalive = 5  # behind nginx on the private network

# Recycle processes now and then (slow memory growth of long-lived workers), not all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = 200

# Logs to stdout/stderr by default: systemd's journal keeps them (journalctl -u monev-web).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The peer (nginx), the X-Forwarded-For it sent, request, status, bytes, duration in microseconds. The app's own client
# address (audit log, lockout, throttles) is roadmap.proxies.client_ip: X-Forwarded-For from TRUSTED_PROXIES only.
access_log_format = '%(h)s [%({x-forwarded-for}i)s] %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(D)s'

# gunicorn believes X-Forwarded-Proto only from these peers: the same proxies the app trusts (TRUSTED_PROXIES).
forwarded_allow_ips = os.environ.get(
    "GUNICORN_FORWARDED_ALLOW_IPS", os.environ.get("TRUSTED_PROXIES", "127.0.0.1,::1").replace(" ", "")
)
proc_name = "monev-web"
