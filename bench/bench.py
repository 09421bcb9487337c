"""The benchmark of Monev RB at scale; run it through `bench/run` (see README.md, "Benchmark").

Steps: database `monev_bench` (created when missing) → migrate → collectstatic → seed_scale (skipped when
the data is there) → query counts and the SQL floor in-process → gunicorn on 127.0.0.1 → a load of
virtual users over loopback for a fixed time (threads + http.client, real logins and CSRF) → the year's
Rekap XLSX export and the year's rencana aksi XLSX export in subprocesses → opening the next cycle with its
e-mails to aiosmtpd on loopback. The report form is measured with its rencana aksi rows, the Dasbor with its
rencana aksi section and the floor with that section's aggregates, whenever the code has them.
Prints a table with the targets (PASS/FAIL) and, last, one line of JSON.
"""

from __future__ import annotations

import argparse
import html
import http.client
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
PASSWORD = "bench12345"  # noqa: S105 - the seed_scale benchmark accounts

# name: (key in the JSON, comparison, limit)
TARGETS = {
    "dashboard_p95_ms": ("<=", 300),
    "dashboard_sql_ratio": ("<=", 3),
    "unit_page_p95_ms": ("<=", 300),
    "form_get_p95_ms": ("<=", 150),
    "form_save_p95_ms": ("<=", 150),
    "export_rows_per_s": (">=", 30_000),
    "export_peak_mb": ("<=", 300),
    "action_export_s": ("<=", 15),
    "action_export_peak_mb": ("<=", 300),
    "open_cycle_s": ("<=", 30),
    "errors": ("<=", 0),
}


def log(message: str) -> None:
    sys.stderr.write(f"[bench] {message}\n")
    sys.stderr.flush()


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def manage(*args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=check, text=True, capture_output=True)


# --- the database -----------------------------------------------------------------------------------


def ensure_database(url: str) -> None:
    import psycopg2

    parsed = urllib.parse.urlparse(url)
    name = parsed.path.lstrip("/")
    conn = psycopg2.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        dbname="postgres",
    )
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cur.fetchone() is None:
            log(f"creating database {name}")
            cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()


# --- in-process measurements (Django set up on the bench database) -----------------------------------


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,testserver"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def bench_plan(units_wanted: int) -> dict[str, Any]:
    """Who logs in and what they open: staff, units, and officers whose current report is editable."""
    from demo.management.commands.seed_scale import scale_roadmap
    from evaluations.models import ActionProgress, Cycle, CycleState, Progress, Report, ReportStatus
    from roadmap.models import Unit

    roadmap = scale_roadmap()
    if roadmap is None:
        raise SystemExit("no scale data: seed_scale did not run")
    upcoming = Cycle.objects.filter(roadmap=roadmap).order_by("-year", "-quarter").first()
    reset_upcoming({"upcoming": upcoming})  # a run that died half-way may have left it open
    current = (
        Cycle.objects.filter(roadmap=roadmap, state=CycleState.OPEN)
        .exclude(pk=upcoming.pk)
        .order_by("-year", "-quarter")
        .first()
    )
    editable = list(
        Report.objects.filter(
            cycle=current, status__in=[ReportStatus.DRAF, ReportStatus.BELUM_MULAI, ReportStatus.DIKEMBALIKAN]
        )
        .select_related("unit")
        .order_by("unit__slug")
        .values_list("pk", "unit__slug")
    )
    full_years = [
        y
        for y in roadmap.years
        if Report.objects.filter(cycle__roadmap=roadmap, cycle__year=y).values("cycle").distinct().count() == 4
    ]
    return {
        "roadmap": roadmap,
        "current": current,
        "upcoming": upcoming,
        "editable": editable,
        "unit_ids": list(Unit.objects.filter(slug__startswith="skala-").values_list("pk", flat=True)),
        "export_year": max(full_years) if full_years else roadmap.end_year,
        "units": Unit.objects.filter(slug__startswith="skala-").count(),
        "progress_rows": Progress.objects.filter(report__cycle__roadmap=roadmap).count(),
        "action_rows": ActionProgress.objects.filter(report__cycle__roadmap=roadmap).count(),
        # The rencana aksi rows of the measured officers' forms (each form carries its unit's actions).
        "form_action_rows": round(
            ActionProgress.objects.filter(report_id__in=[pk for pk, _slug in editable]).count() / max(len(editable), 1),
            1,
        ),
        "units_wanted": units_wanted,
    }


def single_requests(plan: dict[str, Any], runs: int = 7) -> dict[str, float]:
    """Each measured page alone, in-process (django.test.Client, warm), the median of `runs`: the floor of the
    page's own cost on this machine in this run, against which the load's p95 is read (`<page>_p95_ratio`)."""
    from django.test import Client
    from django.urls import reverse

    from roadmap.models import User

    staff = Client()
    staff.force_login(User.objects.get(username="bench.bpsdm"))
    report_id, slug = plan["editable"][-1]  # not the first officer's, whose report count_queries opened
    officer = Client()
    officer.force_login(User.objects.get(username=f"operator.{slug}"))
    form_url = reverse("evaluations:report_detail", args=[report_id])
    pages = {
        "dashboard": (staff, reverse("dashboards:overview")),
        "unit_page": (staff, reverse("dashboards:unit", args=[plan["unit_ids"][-1]])),
        "form_get": (officer, form_url),
    }
    out: dict[str, float] = {}
    for kind, (client, url) in pages.items():
        client.get(url)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        out[f"single_{kind}_ms"] = round(statistics.median(times), 1)
    # The load opens a unit page at random among all the units, so most of its visits find no cached page: the
    # unit page alone, cold, is its floor (cached numbers marked stale once, then `runs` units never opened since).
    from dashboards.selectors import cache

    cache.bump()
    times = []
    for unit_id in plan["unit_ids"][1 : runs + 1]:
        started = time.perf_counter()
        response = staff.get(reverse("dashboards:unit", args=[unit_id]))
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (unit_id, response.status_code)
    out["single_unit_page_cold_ms"] = round(statistics.median(times), 1)
    # Riwayat of the same report, as htmx asks for it when the officer opens it (the newest 50 entries).
    history_url = reverse("evaluations:report_history", args=[report_id])
    times = []
    for _ in range(runs + 1):
        started = time.perf_counter()
        response = officer.get(history_url, headers={"hx-request": "true"})
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (history_url, response.status_code)
    out["single_history_ms"] = round(statistics.median(times[1:]), 1)
    rng = random.Random(0)
    times = []
    for _ in range(runs):
        fields = form_fields(officer.get(form_url).content.decode())
        started = time.perf_counter()
        response = officer.post(form_url, edit_form(fields, rng))
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 302, (form_url, response.status_code)
    out["single_form_save_ms"] = round(statistics.median(times), 1)
    return out


def count_queries(plan: dict[str, Any]) -> dict[str, int]:
    """SQL queries per page, counted in-process with CaptureQueriesContext (a warm cache, as in production)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from roadmap.models import User

    staff = Client()
    staff.force_login(User.objects.get(username="bench.bpsdm"))
    report_id, slug = plan["editable"][0]
    officer = Client()
    officer.force_login(User.objects.get(username=f"operator.{slug}"))
    pages = {
        "queries_dashboard": (staff, reverse("dashboards:overview")),
        "queries_unit_page": (staff, reverse("dashboards:unit", args=[plan["unit_ids"][0]])),
        "queries_form_get": (officer, reverse("evaluations:report_detail", args=[report_id])),
    }
    out: dict[str, Any] = {}
    html = {}
    for key, (client, url) in pages.items():
        client.get(url)  # warm up (the cache, the session)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        out[key] = len(ctx.captured_queries)
        html[key] = response.content.decode()
    # Whether the pages measured carry the rencana aksi: the Dasbor's section, the form's rows (by their codes).
    out["dashboard_shows_actions"] = bool(re.search(r"implementasi\s+rencana\s+aksi", html["queries_dashboard"], re.I))
    from evaluations.models import ActionProgress

    codes = ActionProgress.objects.filter(report_id=report_id).values_list("assignment__plan__code", flat=True)
    out["form_shows_actions"] = any(code in html["queries_form_get"] for code in codes)
    return out


def sql_floor(plan: dict[str, Any], runs: int = 7) -> dict[str, Any]:
    """The dashboard's aggregation as raw SQL: the statements the ORM generates for its numbers, computed
    from the progress rows (not from any cache), run with psycopg2 directly; the median of `runs` runs."""
    from django.conf import settings
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from dashboards import selectors
    from dashboards.models import DataGeneration
    from dashboards.selectors.cache import computed
    from roadmap.models import User

    user = User.objects.get(username="bench.bpsdm")
    request = RequestFactory().get("/dasbor/")
    filters = selectors.dashboard_filters(query=request.GET, user=user)
    with CaptureQueriesContext(connection) as ctx:
        # The computed path of each aggregate the Dasbor shows (the cache, if any, is bypassed).
        functions = [
            selectors.score_overall,
            selectors.scores_by_area,
            selectors.scores_by_element,
            selectors.scores_by_theme,
            selectors.unit_ranking,
            selectors.completeness,
            selectors.trend,
        ]
        with computed():
            for function in functions:
                function(user=user, filters=filters)
    statements = [q["sql"] for q in ctx.captured_queries if "SUM(" in q["sql"].upper() or "COUNT(" in q["sql"].upper()]
    # The rencana aksi section's numbers (when the code has them) read their rows and apply the rules in Python:
    # every SELECT they run over the data (not the cache's generation) is their part of the floor.
    with CaptureQueriesContext(connection) as ctx, computed():
        for function in action_selectors():
            try:
                function(user=user, filters=filters)
            except TypeError:
                continue  # not an aggregate of the Dasbor's filters
    generation = DataGeneration._meta.db_table
    action_statements = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].lstrip().upper().startswith("SELECT") and generation not in q["sql"]
    ]
    statements += action_statements
    db = settings.DATABASES["default"]
    import psycopg2

    conn = psycopg2.connect(
        host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], password=db["PASSWORD"], dbname=db["NAME"]
    )
    totals = []
    with conn.cursor() as cur:
        for _ in range(runs):
            started = time.perf_counter()
            for sql in statements:
                cur.execute(sql)
                cur.fetchall()
            totals.append((time.perf_counter() - started) * 1000)
    conn.close()
    return {
        "sql_floor_ms": round(statistics.median(totals), 1),
        "sql_floor_statements": len(statements),
        "sql_floor_action_selectors": len(action_selectors()),
        "sql_floor_action_statements": len(action_statements),
    }


def action_selectors() -> list[Any]:
    """The Dasbor's rencana aksi aggregates (dashboards.selectors.actions), when the code has them: every public
    function of that module taking the Dasbor's `user` and `filters` keywords."""
    import importlib
    import inspect

    try:
        module = importlib.import_module("dashboards.selectors.actions")
    except ImportError:
        return []
    found = []
    for name, function in inspect.getmembers(module, inspect.isfunction):
        if name.startswith("_") or function.__module__ != module.__name__:
            continue
        parameters = inspect.signature(function).parameters
        required = {n for n, p in parameters.items() if p.default is inspect.Parameter.empty}
        if {"user", "filters"} <= set(parameters) and required <= {"user", "filters"}:
            found.append(function)
    return found


# --- the HTTP load ----------------------------------------------------------------------------------


ROW_FIELD = re.compile(r"^[a-z]+\d+-")  # p12-realisasi (an indicator), a7-progress or similar (an action)


class FormFields(HTMLParser):
    """The fields of the report form: csrf token and every row's input, textarea and select: the indicators'
    `p<id>-…` and the rencana aksi rows' (any `<letters><id>-…` prefix)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        name = a.get("name") or ""
        if tag == "input" and (name == "csrfmiddlewaretoken" or ROW_FIELD.match(name)):
            if a.get("type") not in ("checkbox", "radio", "file") and "disabled" not in a:
                self.fields.setdefault(name, a.get("value") or "")
        elif tag == "textarea" and ROW_FIELD.match(name) and "disabled" not in a:
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select" and ROW_FIELD.match(name) and "disabled" not in a:
            self._select = name
            self.fields[name] = ""
        elif tag == "option" and self._select and "selected" in a:
            self.fields[self._select] = a.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            # a browser drops the one newline that follows <textarea> (Django writes it before the value)
            first = not self.fields[self._textarea]
            self.fields[self._textarea] += data[1:] if first and data.startswith("\n") else data


# The same fields found with three regular expressions: the load generator runs on the server's two cores, and
# HTMLParser took about 100 ms of them per 290 KB report page (5 pages a second: a quarter of a core taken
# from the server it measures). FormFields stays the reference: tests/test_bench_fields.py checks that both
# read the same fields from the report pages.
_TAG = re.compile(r"<(input|textarea|select)\b([^>]*)>", re.IGNORECASE)
_ATTR = re.compile(r"""([a-zA-Z_:][-\w:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_OPTION = re.compile(r"<option\b([^>]*)>", re.IGNORECASE)


def _attrs(text: str) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for m in _ATTR.finditer(text.rstrip("/")):
        value = next((v for v in m.group(2, 3, 4) if v is not None), None)
        found.setdefault(m.group(1).lower(), html.unescape(value) if value is not None else None)
    return found


def form_fields(page: str) -> dict[str, str]:
    """FormFields' result (the report form's csrf token and row fields), without parsing the whole page."""
    fields: dict[str, str] = {}
    for m in _TAG.finditer(page):
        tag, a = m.group(1).lower(), _attrs(m.group(2))
        name = a.get("name") or ""
        if "disabled" in a or not (ROW_FIELD.match(name) or (tag == "input" and name == "csrfmiddlewaretoken")):
            continue
        if tag == "input":
            if a.get("type") not in ("checkbox", "radio", "file"):
                fields.setdefault(name, a.get("value") or "")
        elif tag == "textarea":
            end = page.find("</textarea", m.end())
            text = html.unescape(page[m.end() : end])
            fields[name] = text[1:] if text.startswith("\n") else text
        else:
            end = page.find("</select", m.end())
            fields[name] = ""
            for option in _OPTION.finditer(page, m.end(), end):
                chosen = _attrs(option.group(1))
                if "selected" in chosen:
                    fields[name] = chosen.get("value") or ""
    return fields


class Session:
    """One virtual user: a keep-alive connection and its cookies."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection(HOST, port, timeout=60)

    def request(
        self, method: str, path: str, body: dict[str, str] | None = None, htmx: bool = False
    ) -> tuple[int, str, float]:
        headers = {"Host": f"{HOST}:{self.port}", "Connection": "keep-alive"}
        if htmx:
            headers["HX-Request"] = "true"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{HOST}:{self.port}{path}"
        for attempt in (1, 2):
            started = time.perf_counter()
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (http.client.HTTPException, ConnectionError, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
                if attempt == 2:
                    raise
        elapsed = (time.perf_counter() - started) * 1000
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.status in (301, 302, 303) and method == "POST":
            self.last_location = response.getheader("Location") or ""
        return response.status, text, elapsed

    def login(self, username: str) -> None:
        status, text, _ = self.request("GET", "/masuk/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
        if status != 200 or not token:
            raise RuntimeError(f"login page: {status}")
        status, _, _ = self.request(
            "POST", "/masuk/", {"csrfmiddlewaretoken": token.group(1), "username": username, "password": PASSWORD}
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login of {username} failed: {status}")


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []

    def add(self, kind: str, ms: float) -> None:
        with self.lock:
            self.latency[kind].append(ms)

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


# The share of report page views in which the officer opens Riwayat (its entries are read then, by htmx, not
# with the page): an assumption, not a measurement; one in three, so that the load keeps most of the work that
# the page did when it read Riwayat itself.
HISTORY_SHARE = 1 / 3


def edit_form(fields: dict[str, str], rng: random.Random) -> dict[str, str]:
    """What an officer sends: the whole form as loaded, with one realisasi (or milestone) changed."""
    body = dict(fields)
    numbers = [k for k in body if k.endswith("-realisasi")]
    if numbers:
        body[rng.choice(numbers)] = f"{rng.randint(10, 99)},{rng.randint(0, 9)}"
    else:
        milestones = [k for k in body if k.endswith("-milestone_done")]
        if milestones:
            body[rng.choice(milestones)] = rng.choice(["0", "1"])
    # And one rencana aksi row's penjelasan (a row with a status field), so that the save writes an action too.
    actions = [
        k.rsplit("-", 1)[0] for k in body if k.endswith("-status") and f"{k.rsplit('-', 1)[0]}-penjelasan" in body
    ]
    if actions:
        key = f"{rng.choice(actions)}-penjelasan"
        body[key] = f"Sesuai tahapan triwulan (pemantauan {rng.randint(1, 999)})."
    return body


def virtual_user(
    index: int,
    plan: dict[str, Any],
    port: int,
    stop: list[float],
    rec: Recorder,
    think: float,
    ready: threading.Barrier,
    go: threading.Barrier,
) -> None:
    rng = random.Random(index)
    session = Session(port)
    role = ("dashboard", "unit", "officer", "officer", "officer")[index % 5]
    report_id = None
    try:
        if role == "officer":
            report_id, slug = plan["editable"][index % len(plan["editable"])]
            session.login(f"operator.{slug}")
        else:
            session.login("bench.bpsdm")
    except Exception as error:  # a failed login is an error of the run, counted
        rec.error(f"login user {index}: {error}")
        ready.wait()
        go.wait()
        return
    ready.wait()
    go.wait()
    stop_at = stop[0]
    quarters = [tuple(period) for period in plan["quarters"]]
    while time.monotonic() < stop_at:
        try:
            if role == "dashboard":
                path = "/dasbor/"
                if rng.random() < 0.3:
                    year, quarter = rng.choice(quarters[:-1])
                    path += f"?tahun={year}&triwulan={quarter}"
                status, _, ms = session.request("GET", path)
                rec.add("dashboard", ms)
                if status != 200:
                    rec.error(f"dashboard {path}: {status}")
            elif role == "unit":
                unit_id = rng.choice(plan["unit_ids"])
                status, _, ms = session.request("GET", f"/dasbor/unit/{unit_id}/")
                rec.add("unit_page", ms)
                if status != 200:
                    rec.error(f"unit {unit_id}: {status}")
            else:
                path = f"/laporan/{report_id}/"
                status, text, ms = session.request("GET", path)
                rec.add("form_get", ms)
                if status != 200:
                    rec.error(f"form GET {path}: {status}")
                else:
                    fields = form_fields(text)
                    if rng.random() < HISTORY_SHARE:
                        # the officer opens Riwayat: the browser asks for it by htmx
                        status, _, ms = session.request("GET", f"/laporan/{report_id}/riwayat/", htmx=True)
                        rec.add("history", ms)
                        if status != 200:
                            rec.error(f"history {report_id}: {status}")
                    if time.monotonic() < stop_at:
                        time.sleep(rng.uniform(0.5, 1.5) * think)
                        status, text, ms = session.request("POST", path, edit_form(fields, rng))
                        rec.add("form_save", ms)
                        if status != 302:
                            hint = re.search(r'id="form-error">\s*<p[^>]*>([^<]+)', text)
                            rec.error(f"form save {path}: {status} {hint.group(1).strip() if hint else ''}")
        except Exception as error:
            rec.error(f"{role}: {error.__class__.__name__}: {error}")
        time.sleep(rng.uniform(0.5, 1.5) * think)


def trivial_probe(port: int, stop: list[float], rec: Recorder, go: threading.Barrier) -> None:
    """The floor under the same load: /healthz/ (a few small queries and a Redis ping, no template) four times a
    second. Its p95 is what any request waits on this machine under this load, whatever the page."""
    session = Session(port)
    go.wait()
    while time.monotonic() < stop[0]:
        try:
            _, _, ms = session.request("GET", "/healthz/")  # 503 while no Celery worker beats: still the floor
            rec.add("trivial", ms)
        except Exception as error:
            rec.error(f"probe: {error.__class__.__name__}: {error}")
        time.sleep(0.25)


def load_driver(plan_file: str) -> None:
    """The load generator's process (bench.py --load-driver PLAN.json): nice 10, no Django; prints one JSON
    line with every latency and error. All users log in first, then start together for `duration` seconds."""
    os.nice(10)
    plan = json.loads(Path(plan_file).read_text())
    port, users, duration = plan["port"], plan["users"], plan["duration"]
    plan["editable"] = [tuple(item) for item in plan["editable"]]
    rec = Recorder()
    ready = threading.Barrier(users + 1)
    go = threading.Barrier(users + 2)  # and the probe
    stop: list[float] = [0.0]
    threads = [
        threading.Thread(target=virtual_user, args=(i, plan, port, stop, rec, plan["think"], ready, go), daemon=True)
        for i in range(users)
    ]
    probe = threading.Thread(target=trivial_probe, args=(port, stop, rec, go), daemon=True)
    probe.start()
    for t in threads:
        t.start()
    ready.wait()
    stop[0] = time.monotonic() + duration
    go.wait()
    log(f"load running for {duration} s (driver pid {os.getpid()}, nice {os.nice(0)})")
    for t in threads:
        t.join(duration + 120)
    print(json.dumps({"latency": rec.latency, "errors": rec.errors}))


def wait_for_server(port: int, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("gunicorn exited at start; see var/bench/gunicorn.log")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/masuk/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer in time")


def run_load(plan: dict[str, Any], env: dict[str, str], args: argparse.Namespace) -> dict[str, Any]:
    port = free_port()
    logdir = ROOT / "var" / "bench"
    logdir.mkdir(parents=True, exist_ok=True)
    log_file = (logdir / "gunicorn.log").open("w")
    # The production configuration (deploy/gunicorn.conf.py: gthread workers, access log, the worker's
    # preparation in config/wsgi.py), with the benchmark's address and worker counts.
    server_env = {
        **env,
        "GUNICORN_BIND": f"{HOST}:{port}",
        "GUNICORN_WORKERS": str(args.workers),
        "GUNICORN_THREADS": str(args.threads),
        "GUNICORN_TIMEOUT": "120",
        "GUNICORN_ACCESS_LOG": str(logdir / "access.log"),
        "GUNICORN_LOG_LEVEL": "warning",
    }
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py")],
        cwd=ROOT,
        env=server_env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_server(port, server)
        log(f"gunicorn on {HOST}:{port} ({args.workers} workers × {args.threads} threads); {args.users} users")
        # What the beat's every-minute job leaves in production (dashboards/warm.py): every quarter's Dasbor
        # rendered since the last change of data. Then one request of each page, not measured.
        if args.cold:
            from dashboards.selectors import cache

            cache.bump()  # as a change of data does: every cached page stale
            log("--cold: cache invalidated, warm_dashboards not run (each page rendered on its first visit)")
        else:
            warmed = manage("warm_dashboards", env=env)
            log(f"warm_dashboards: {warmed.stdout.strip()}")
        warm = Session(port)
        warm.login("bench.bpsdm")
        for path in ("/dasbor/", f"/dasbor/unit/{plan['unit_ids'][0]}/"):
            warm.request("GET", path)
        # The virtual users run in a separate process at nice 10 (load_driver): the server's processes get
        # the CPUs first, and the generator's own Python (20 threads parsing the form HTML) is not
        # scheduled ahead of the requests it measures.
        light_plan = {
            "port": port,
            "users": args.users,
            "think": args.think,
            "duration": args.duration,
            "quarters": [(y, q) for y in plan["roadmap"].years for q in range(1, 5)],
            "editable": plan["editable"],
            "unit_ids": plan["unit_ids"],
        }
        with tempfile.TemporaryDirectory() as tmp:
            plan_file = Path(tmp) / "plan.json"
            plan_file.write_text(json.dumps(light_plan))
            driver = subprocess.run(
                [PYTHON, str(Path(__file__).resolve()), "--load-driver", str(plan_file)],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                text=True,
                timeout=args.duration + 300,
                check=False,
            )
        if driver.returncode != 0:
            return {"latency": {}, "errors": [f"load driver exited with {driver.returncode}"]}
        return json.loads(driver.stdout.strip().splitlines()[-1])
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
        log_file.close()


# --- export and open cycle (subprocesses) ---------------------------------------------------------------


EXPORT_PROBE = """
import os, resource, sys, time, django
django.setup()
from django.core.management import call_command
import io
out = io.StringIO()
started = time.perf_counter()
call_command("export_report", report="rekap", year=int(sys.argv[1]), format="xlsx", output=sys.argv[2],
             roadmap=int(sys.argv[3]), stdout=out)
elapsed = time.perf_counter() - started
import re
rows = int(re.search(r"(\\d+) baris", out.getvalue()).group(1))
print(rows, elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def run_export(plan: dict[str, Any], env: dict[str, str]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "rekap.xlsx"
        proc = subprocess.Popen(
            [PYTHON, "-c", EXPORT_PROBE, str(plan["export_year"]), str(out), str(plan["roadmap"].pk)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        stdout, stderr = proc.communicate()
        if proc.returncode != 0:
            log(stderr[-2000:])
            return {"export_rows": 0, "export_s": None, "export_rows_per_s": 0, "export_peak_mb": None, "error": True}
        rows, elapsed, maxrss_kb = stdout.split()[-3:]
        size = out.stat().st_size
    return {
        "export_year": plan["export_year"],
        "export_rows": int(rows),
        "export_s": round(float(elapsed), 2),
        "export_rows_per_s": round(int(rows) / float(elapsed)),
        "export_peak_mb": round(int(maxrss_kb) / 1024, 1),
        "export_file_mb": round(size / 1048576, 1),
    }


ACTION_EXPORT_PROBE = """
import os, re, resource, sys, time, django
django.setup()
from django.core.management import call_command
from django.core.management.base import CommandError
import io
out = io.StringIO()
started = time.perf_counter()
try:
    call_command("export_report", report="rencana-aksi", year=int(sys.argv[1]), format="xlsx", output=sys.argv[2],
                 roadmap=int(sys.argv[3]), stdout=out)
except CommandError as error:
    print("UNAVAILABLE", str(error).replace(chr(10), " "))
    sys.exit(0)
elapsed = time.perf_counter() - started
found = re.search(r"(\\d+) baris", out.getvalue())
if found:
    rows = int(found.group(1))
else:  # one line per pelaksana of the year's plans
    from areas.models import ActionAssignment
    rows = ActionAssignment.objects.filter(plan__roadmap_id=int(sys.argv[3]), plan__year=int(sys.argv[1])).count()
print(rows, elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def run_action_export(plan: dict[str, Any], env: dict[str, str]) -> dict[str, Any]:
    """`export_report --report rencana-aksi` of the export year as XLSX (when the command has that report)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "rencana-aksi.xlsx"
        proc = subprocess.run(
            [PYTHON, "-c", ACTION_EXPORT_PROBE, str(plan["export_year"]), str(out), str(plan["roadmap"].pk)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            log(proc.stderr[-2000:])
            return {"action_export_s": None, "action_export_peak_mb": None}
        last = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else "UNAVAILABLE"
        if last.startswith("UNAVAILABLE"):
            log(f"rencana aksi export not measured: export_report has no such report yet ({last[12:][:200]})")
            return {"action_export": "unavailable"}
        rows, elapsed, maxrss_kb = last.split()[-3:]
        size = out.stat().st_size
    return {
        "action_export_rows": int(rows),
        "action_export_s": round(float(elapsed), 2),
        "action_export_rows_per_s": round(int(rows) / float(elapsed)),
        "action_export_peak_mb": round(int(maxrss_kb) / 1024, 1),
        "action_export_file_mb": round(size / 1048576, 2),
    }


def reset_upcoming(plan: dict[str, Any]) -> None:
    """The cycle to open goes back to Dijadwalkan without reports, so each run opens it afresh."""
    from django.db import transaction

    from evaluations.models import ActionProgress, CycleState, Progress, Reminder, Report

    cycle = plan["upcoming"]
    with transaction.atomic():
        reports = Report.objects.filter(cycle=cycle)
        for qs in (
            Reminder.objects.filter(report__in=reports),
            Progress.objects.filter(report__in=reports),
            ActionProgress.objects.filter(report__in=reports),
        ):
            qs._raw_delete(qs.db)
        reports._raw_delete(reports.db)
        type(cycle).objects.filter(pk=cycle.pk).update(state=CycleState.SCHEDULED, opened_at=None, closed_at=None)
        from dashboards.selectors import cache

        cache.bump()


def run_open_cycle(plan: dict[str, Any], env: dict[str, str]) -> dict[str, Any]:
    from aiosmtpd.controller import Controller

    class Sink:
        def __init__(self) -> None:
            self.count = 0

        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            self.count += 1
            return "250 OK"

    reset_upcoming(plan)
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname=HOST, port=port)
    controller.start()
    try:
        cycle = plan["upcoming"]
        child_env = {**env, "EMAIL_URL": f"smtp://{HOST}:{port}", "CELERY_TASK_ALWAYS_EAGER": "1"}
        started = time.perf_counter()
        result = manage(
            "open_cycle",
            "--year",
            str(cycle.year),
            "--quarter",
            str(cycle.quarter),
            "--roadmap",
            str(plan["roadmap"].pk),
            env=child_env,
            check=False,
        )
        elapsed = time.perf_counter() - started
        if result.returncode != 0:
            log(result.stderr[-2000:])
        from evaluations.models import Reminder, ReminderStatus

        sent = Reminder.objects.filter(report__cycle=cycle, status=ReminderStatus.SENT).count()
    finally:
        controller.stop()
        reset_upcoming(plan)  # back to Dijadwalkan: the next run measures the same data
    return {"open_cycle_s": round(elapsed, 2), "open_cycle_emails": sink.count, "open_cycle_sent_rows": sent}


# --- report -----------------------------------------------------------------------------------------------


def verdict(key: str, value: Any) -> str:
    if key not in TARGETS:
        return ""
    op, limit = TARGETS[key]
    if value is None:
        return "FAIL"
    ok = value <= limit if op == "<=" else value >= limit
    return "PASS" if ok else "FAIL"


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--load-driver":
        load_driver(sys.argv[2])
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=int(os.environ.get("BENCH_UNITS", 500)))
    parser.add_argument("--indicators-per-unit", type=int, default=int(os.environ.get("BENCH_INDICATORS", 40)))
    parser.add_argument("--years", type=int, default=int(os.environ.get("BENCH_YEARS", 5)))
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", 60)), help="seconds")
    parser.add_argument("--users", type=int, default=20, help="concurrent virtual users")
    parser.add_argument("--think", type=float, default=1.0, help="mean think time between requests, seconds")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--reseed", action="store_true", help="seed_scale --reset")
    parser.add_argument(
        "--cold", action="store_true", help="do not run the beat's warm_dashboards before the load (a cold start)"
    )
    parser.add_argument("--skip", default="", help="comma list of steps to skip: load,export,open")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))

    url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/monev_bench")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(ROOT / "var" / "bench" / "static"),
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5"),
        "CELERY_TASK_ALWAYS_EAGER": "1",
    }
    env.pop("TEST_DB_NAME", None)
    ensure_database(url)
    log("migrate")
    migrated = manage("migrate", "--noinput", env=env, check=False)
    if migrated.returncode != 0:
        log("migrate failed (continuing on the existing schema):\n" + migrated.stderr[-1500:])
    if not (Path(env["STATIC_ROOT"]) / "staticfiles.json").exists() or os.environ.get("BENCH_COLLECTSTATIC"):
        log("collectstatic")  # compressing every asset takes minutes on a busy machine: once, not every run
        manage("collectstatic", "--noinput", env=env, check=False)
    seed_args = ["seed_scale", "--units", str(args.units), "--indicators-per-unit", str(args.indicators_per_unit)]
    seed_args += ["--years", str(args.years), "--activate", "--no-progress"]
    if args.reseed:
        seed_args.append("--reset")
    log("seed_scale " + " ".join(seed_args[1:]))
    seeded = manage(*seed_args, env=env)
    log(seeded.stdout.strip())

    setup_django(env)
    plan = bench_plan(args.units)
    results: dict[str, Any] = {
        "units": plan["units"],
        "progress_rows": plan["progress_rows"],
        "action_rows": plan["action_rows"],
        "form_action_rows": plan["form_action_rows"],
    }
    load_before = os.getloadavg()
    results["load_avg_start"] = round(load_before[0], 2)
    log("query counts and SQL floor")
    results.update(count_queries(plan))
    results.update(sql_floor(plan))
    log("single requests (the pages' own floor)")
    results.update(single_requests(plan))

    if "load" not in skip:
        load = run_load(plan, env, args)
        for kind in ("dashboard", "unit_page", "form_get", "form_save", "history", "trivial"):
            values = load["latency"].get(kind, [])
            results[f"{kind}_n"] = len(values)
            p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
            results[f"{kind}_p50_ms"] = round(p50, 1) if p50 is not None else None
            results[f"{kind}_p95_ms"] = round(p95, 1) if p95 is not None else None
        results["errors"] = len(load["errors"])
        for line in load["errors"][:10]:
            log("error: " + line)
        if results.get("dashboard_p95_ms") is not None:
            results["dashboard_sql_ratio"] = round(results["dashboard_p95_ms"] / results["sql_floor_ms"], 2)
        for kind in ("dashboard", "unit_page", "form_get", "form_save", "history"):
            p95, single = results.get(f"{kind}_p95_ms"), results.get(f"single_{kind}_ms")
            if p95 is not None and single:
                results[f"{kind}_p95_ratio"] = round(p95 / single, 2)  # the load's p95 over the page alone
        if results.get("unit_page_p95_ms") is not None and results.get("single_unit_page_cold_ms"):
            results["unit_page_cold_p95_ratio"] = round(
                results["unit_page_p95_ms"] / results["single_unit_page_cold_ms"], 2
            )
    if "export" not in skip:
        log("export (Rekap XLSX, one year)")
        results.update(run_export(plan, env))
        log("export (rencana aksi XLSX, one year)")
        results.update(run_action_export(plan, env))
    if "open" not in skip:
        log("open_cycle with e-mails to aiosmtpd")
        results.update(run_open_cycle(plan, env))
    results["load_avg_end"] = round(os.getloadavg()[0], 2)
    results["cpus"] = os.cpu_count()
    results["config"] = {
        "users": args.users,
        "duration_s": args.duration,
        "think_s": args.think,
        "workers": args.workers,
        "threads": args.threads,
        "warm_dashboards": not args.cold,
    }

    width = max(len(k) for k in results) + 2
    print(f"{'figure':<{width}}{'value':>14}   target        verdict")
    for key, value in results.items():
        if isinstance(value, dict):
            continue
        target = TARGETS.get(key)
        target_text = f"{target[0]} {target[1]}" if target else ""
        print(f"{key:<{width}}{value!s:>14}   {target_text:<13} {verdict(key, value)}")
    passed = all(verdict(k, results.get(k)) == "PASS" for k in TARGETS if k in results)
    results["all_targets_pass"] = passed
    print(json.dumps(results, default=str))


if __name__ == "__main__":
    main()
