"""The dashboards' cached numbers equal the computed ones, and every write that changes them invalidates them."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import replace
from decimal import Decimal

import pytest
import time_machine
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from areas.models import ChangeArea, RbTheme
from dashboards import selectors, summary
from dashboards.selectors import cache
from evaluations.models import Progress, Report, ReportStatus
from evaluations.services import reports as report_services
from evaluations.services.reports import ProgressInput
from tests import factories
from tests.dashboard_data import approve_all, bulk_units, open_quarter

pytestmark = pytest.mark.django_db

QUARTERS = ((2025, 1), (2025, 2), (2025, 3))


@pytest.fixture
def cache_on(settings, monkeypatch):
    settings.DASHBOARD_CACHE_SECONDS = 600
    backend = LocMemCache("perf-tests", {})
    # Local-memory caches of one name share their entries, and each test rolls the generation back to the same
    # committed row: without a clear, a test would read another test's entries of the same generation.
    backend.clear()
    monkeypatch.setattr(cache, "_backend", backend)
    cache.bump()
    return cache


def _filters(user, **query):
    return selectors.dashboard_filters(query=RequestFactory().get("/", query).GET, user=user)


def _numbers(user, filters):
    """Everything the Dasbor shows, as plain values (Score objects compare by their sums)."""
    ranking = selectors.unit_ranking(user=user, filters=filters)
    return {
        "overall": selectors.score_overall(user=user, filters=filters),
        "areas": [(r.area.pk, r.score) for r in selectors.scores_by_area(user=user, filters=filters)],
        "elements": [(e.element, e.score) for e in selectors.scores_by_element(user=user, filters=filters)],
        "themes": selectors.scores_by_theme(user=user, filters=filters).tematik,
        "ranking": [(r.unit.pk, r.score, r.report.status) for r in ranking],
        "heatmap": [list(row.cells) for row in selectors.heatmap(user=user, filters=filters, ranking=ranking).rows],
        "trend": [p.score for p in selectors.trend(user=user, filters=filters).periods],
        "by_quarter": [r.score for r in selectors.score_by_quarter(user=user, filters=filters)],
        "at_risk": [
            (p.pk, p.clipped, p.prev1, p.prev2, p.is_red, p.is_falling)
            for p in selectors.at_risk_indicators(user=user, filters=filters)
        ],
        "completeness": selectors.completeness(user=user, filters=filters),
    }


def _computed(user, filters):
    with cache.computed():
        return _numbers(user, filters)


@pytest.fixture
def scale(roadmap):
    """Twelve units × three indicators over three quarters, approved, with capaian that vary and fall."""
    units = bulk_units(roadmap, 12, prefix="P", quarters=QUARTERS)
    for index, (year, quarter) in enumerate(QUARTERS):
        cycle = open_quarter(roadmap, year, quarter)
        approve_all(cycle, capaian=Decimal(90 - 25 * index))
        # Some variety: a few rows red, one unit only submitted, one unit still drafting.
        rows = list(Progress.objects.filter(report__cycle=cycle).order_by("pk")[: 5 + index])
        for n, row in enumerate(rows):
            row.capaian = Decimal(130 - 40 * n)
        Progress.objects.bulk_update(rows, ["capaian"])
        summary.rebuild({r.report_id for r in rows})  # bulk_update sends no signals
        Report.objects.filter(cycle=cycle, unit=units[1]).update(status=ReportStatus.DIAJUKAN)
        Report.objects.filter(cycle=cycle, unit=units[2]).update(status=ReportStatus.DRAF)
    cache.bump()  # update()/bulk_update() send no signals: a bulk writer bumps by hand
    return units


def test_cached_numbers_equal_computed_for_every_filter(cache_on, scale, reviewer, roadmap):
    area = ChangeArea.objects.get(order=2)
    theme = RbTheme.objects.get(code="general")
    officer = factories.OperatorFactory(username="operator.p1", unit=scale[1])
    cases = [
        (reviewer, {}),
        (reviewer, {"termasuk_diajukan": "1"}),
        (reviewer, {"tahun": "2025", "triwulan": "2"}),
        (reviewer, {"area": str(area.pk)}),
        (reviewer, {"unit": str(scale[3].pk)}),
        (reviewer, {"elemen": "soft"}),
        (reviewer, {"tema": str(theme.pk)}),
        (officer, {"termasuk_diajukan": "1"}),
    ]
    for user, query in cases:
        filters = _filters(user, **query)
        first = _numbers(user, filters)  # fills the cache
        second = _numbers(user, filters)  # read from it
        assert first == second == _computed(user, filters), query
    assert any(_computed(reviewer, _filters(reviewer))["at_risk"])


def test_an_officer_never_gets_the_staff_entry(cache_on, scale, reviewer):
    officer = factories.OperatorFactory(username="operator.p4", unit=scale[4])
    staff_numbers = _numbers(reviewer, _filters(reviewer))
    officer_numbers = _numbers(officer, _filters(officer))
    assert officer_numbers["ranking"] == [r for r in staff_numbers["ranking"] if r[0] == scale[4].pk]
    assert officer_numbers == _computed(officer, _filters(officer))


def test_cache_is_used(cache_on, scale, reviewer):
    filters = _filters(reviewer)
    _numbers(reviewer, filters)
    with CaptureQueriesContext(connection) as ctx:
        _numbers(reviewer, filters)
    assert not [q["sql"] for q in ctx.captured_queries if "SUM(" in q["sql"]]


# --- invalidation ------------------------------------------------------------------------------------


@pytest.fixture
def flow(roadmap, officer_a, reviewer):
    """One unit's report of TW I 2025 with two indicators, filled by its officer through the services."""
    indicators = [
        factories.IndicatorFactory(roadmap=roadmap, unit=officer_a.unit, code=f"F{i}", requires_evidence=False)
        for i in (1, 2)
    ]
    for ind in indicators:
        factories.IndicatorTargetFactory(indicator=ind, year=2025, quarter=1, value=Decimal(100))
    cycle = open_quarter(roadmap, 2025, 1)
    report = Report.objects.get(cycle=cycle, unit=officer_a.unit)
    rows = list(Progress.objects.filter(report=report).order_by("indicator__code"))
    report_services.report_save_draft(
        report=report,
        user=officer_a,
        rows=[
            ProgressInput(progress_id=p.pk, version=p.version, realisasi=Decimal(v))
            for p, v in zip(rows, (80, 60), strict=True)
        ],
    )
    report_services.report_submit(report=report, user=officer_a)
    return {"report": report, "officer": officer_a, "reviewer": reviewer}


def _overall(user, **query):
    filters = _filters(user, **query)
    value = selectors.score_overall(user=user, filters=filters)
    ranking = [(r.unit.pk, r.report.status) for r in selectors.unit_ranking(user=user, filters=filters)]
    with cache.computed():
        assert value == selectors.score_overall(user=user, filters=filters)
        assert ranking == [(r.unit.pk, r.report.status) for r in selectors.unit_ranking(user=user, filters=filters)]
    return value.value, ranking[0][1]


def test_approve_return_reopen_invalidate(cache_on, flow, django_capture_on_commit_callbacks):
    reviewer, report = flow["reviewer"], flow["report"]
    assert _overall(reviewer) == (None, ReportStatus.DIAJUKAN)  # nothing approved yet
    assert _overall(reviewer, termasuk_diajukan="1") == (Decimal("70.00"), ReportStatus.DIAJUKAN)

    report_services.report_approve(report=report, reviewer=reviewer)
    assert _overall(reviewer) == (Decimal("70.00"), ReportStatus.DISETUJUI)

    report_services.report_reopen(report=report, reviewer=reviewer, reason="Perbaiki angka", until=dt.date(2099, 1, 1))
    assert _overall(reviewer) == (None, ReportStatus.DIKEMBALIKAN)

    # The officer's draft saves do not count (the report is with its unit) …
    officer = flow["officer"]
    row = Progress.objects.filter(report=report).order_by("indicator__code").first()
    report_services.report_save_draft(
        report=report,
        user=officer,
        rows=[ProgressInput(progress_id=row.pk, version=row.version, realisasi=Decimal(100))],
    )
    assert _overall(reviewer, termasuk_diajukan="1") == (None, ReportStatus.DIKEMBALIKAN)
    # … until it is submitted again, then returned.
    report_services.report_submit(report=report, user=officer)
    assert _overall(reviewer, termasuk_diajukan="1") == (Decimal("80.00"), ReportStatus.DIAJUKAN)
    report_services.report_return(report=report, reviewer=reviewer, reason="Bukti kurang", today=dt.date(2025, 4, 12))
    assert _overall(reviewer, termasuk_diajukan="1") == (None, ReportStatus.DIKEMBALIKAN)


def test_admin_edit_of_an_approved_row_invalidates(cache_on, flow):
    reviewer, report = flow["reviewer"], flow["report"]
    report_services.report_approve(report=report, reviewer=reviewer)
    assert _overall(reviewer)[0] == Decimal("70.00")
    row = Progress.objects.filter(report=report).order_by("indicator__code").first()
    row.capaian = Decimal(100)  # what the Django admin's save does: Model.save()
    row.save()
    assert _overall(reviewer)[0] == Decimal("80.00")
    row.indicator.weight = Decimal(3)
    row.indicator.save()
    assert _overall(reviewer)[0] == Decimal("90.00")


def test_closing_and_opening_cycles_invalidate(cache_on, flow, roadmap):
    from evaluations.services import cycles

    reviewer = flow["reviewer"]
    filters = _filters(reviewer)
    before = selectors.completeness(user=reviewer, filters=filters)
    unit = factories.UnitFactory(name="Dinas Baru", slug="dinas-baru")
    ind = factories.IndicatorFactory(roadmap=roadmap, unit=unit, code="N1")
    factories.IndicatorTargetFactory(indicator=ind, year=2025, quarter=1)
    cycles.cycle_open(cycle=flow["report"].cycle)  # adds the new unit's report (bulk_create)
    after = selectors.completeness(user=reviewer, filters=replace(filters))
    assert after.total == before.total + 1
    with cache.computed():
        assert selectors.completeness(user=reviewer, filters=filters) == after
    assert cycles.cycle_close(cycle=flow["report"].cycle)
    assert _filters(reviewer).cycle.state == "ditutup"


# --- whole pages (dashboards.pages.page_body) -----------------------------------------------------------

_PER_REQUEST = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": "|nonce=")[^"]*')


def _page(client, url: str, **query) -> str:
    """The page's HTML without what is made per request (CSRF token, CSP nonce)."""
    response = client.get(url, query)
    assert response.status_code == 200, url
    return _PER_REQUEST.sub(r"\1", response.content.decode())


def _computed_page(settings, client, url: str, **query) -> str:
    ttl = settings.DASHBOARD_CACHE_SECONDS
    settings.DASHBOARD_CACHE_SECONDS = 0  # cache off: every number computed, every template rendered
    try:
        return _page(client, url, **query)
    finally:
        settings.DASHBOARD_CACHE_SECONDS = ttl


def test_cached_pages_equal_computed_pages(cache_on, scale, reviewer, settings, client):
    officer = factories.OperatorFactory(username="operator.p5", unit=scale[5])
    area = ChangeArea.objects.get(order=2)
    cases = [
        (reviewer, "/dasbor/", {}),
        (reviewer, "/dasbor/", {"tahun": "2025", "triwulan": "2", "termasuk_diajukan": "1"}),
        (reviewer, "/dasbor/", {"area": str(area.pk), "elemen": "soft"}),
        (reviewer, f"/dasbor/unit/{scale[3].pk}/", {}),
        (reviewer, f"/dasbor/unit/{scale[1].pk}/", {"termasuk_diajukan": "1"}),
        (officer, "/dasbor/", {}),
        (officer, f"/dasbor/unit/{scale[5].pk}/", {"tahun": "2025", "triwulan": "1"}),
    ]
    for user, url, query in cases:
        client.force_login(user)
        first = _page(client, url, **query)  # fills the cache
        with CaptureQueriesContext(connection) as ctx:
            second = _page(client, url, **query)  # read from it
        assert not [q["sql"] for q in ctx.captured_queries if "SUM(" in q["sql"]], (url, query)
        assert first == second == _computed_page(settings, client, url, **query), (user.username, url, query)


def test_an_officer_never_gets_the_staff_page(cache_on, scale, reviewer, client):
    client.force_login(reviewer)
    staff_page = _page(client, "/dasbor/")
    officer = factories.OperatorFactory(username="operator.p6", unit=scale[6])
    client.force_login(officer)
    officer_page = _page(client, "/dasbor/")
    assert officer_page != staff_page
    assert scale[7].name in staff_page
    assert scale[7].name not in officer_page  # another unit's row is not in the officer's ranking


def test_cached_page_follows_the_language_and_the_date(cache_on, flow, client):
    client.force_login(flow["reviewer"])
    assert "Capaian keseluruhan" in _page(client, "/dasbor/")
    client.cookies["django_language"] = "en"
    english = _page(client, "/dasbor/")
    assert "Capaian keseluruhan" not in english
    client.cookies["django_language"] = "id"
    # The same data on another day: a report that was not late becomes Terlambat without any write.
    report = flow["report"]
    report_services.report_return(report=report, reviewer=flow["reviewer"], reason="Bukti kurang")
    report.refresh_from_db()
    due = report.effective_due_on()
    with time_machine.travel(dt.datetime.combine(due, dt.time(4)), tick=False):  # noon in WITA
        client.force_login(flow["reviewer"])  # a session of that day
        on_time = _page(client, f"/dasbor/unit/{report.unit_id}/")
    with time_machine.travel(dt.datetime.combine(due + dt.timedelta(days=1), dt.time(4)), tick=False):
        client.force_login(flow["reviewer"])
        late = _page(client, f"/dasbor/unit/{report.unit_id}/")
    assert "Terlambat</span>" not in on_time
    assert "Terlambat</span>" in late


def test_cached_page_changes_when_a_report_is_approved(cache_on, flow, client):
    client.force_login(flow["reviewer"])
    before = _page(client, "/dasbor/")
    assert 'id="capaian-keseluruhan">—' in before  # nothing approved yet
    report_services.report_approve(report=flow["report"], reviewer=flow["reviewer"])
    after = _page(client, "/dasbor/")
    assert 'id="capaian-keseluruhan">70 %' in after
    unit_page = _page(client, f"/dasbor/unit/{flow['report'].unit_id}/")
    assert 'id="capaian-unit">70 %' in unit_page


def test_every_staff_role_is_served_the_same_correct_page(cache_on, scale, reviewer, pimpinan, settings, client):
    # One entry per page for all staff (the body holds nothing of the user's own): each role's page, served
    # from the entry another role filled, equals the one computed for that role.
    client.force_login(reviewer)
    _page(client, "/dasbor/", tahun="2025", triwulan="1")
    admin = factories.AdminFactory(username="admin.p")
    for user in (admin, pimpinan):
        client.force_login(user)
        with CaptureQueriesContext(connection) as ctx:
            served = _page(client, "/dasbor/", tahun="2025", triwulan="1")
        assert not [q["sql"] for q in ctx.captured_queries if "SUM(" in q["sql"]]
        assert served == _computed_page(settings, client, "/dasbor/", tahun="2025", triwulan="1")


def test_warm_dashboards_renders_every_quarter_once_per_change(cache_on, scale, reviewer, settings, client):
    from django.core.management import call_command

    from dashboards.tasks import warm_dashboards

    assert warm_dashboards() == len(QUARTERS)  # the Dasbor of each quarter of the active road map
    assert warm_dashboards() == 0  # nothing changed: nothing to do
    client.force_login(reviewer)
    for year, quarter in QUARTERS:
        with CaptureQueriesContext(connection) as ctx:
            served = _page(client, "/dasbor/", tahun=str(year), triwulan=str(quarter))
        assert not [q["sql"] for q in ctx.captured_queries if "SUM(" in q["sql"]], (year, quarter)
        assert served == _computed_page(settings, client, "/dasbor/", tahun=str(year), triwulan=str(quarter))
    report = Report.objects.filter(status=ReportStatus.DIAJUKAN).first()
    report_services.report_approve(report=report, reviewer=reviewer)  # a change: every page again
    out = io.StringIO()
    call_command("warm_dashboards", stdout=out)
    assert out.getvalue().strip() == f"{len(QUARTERS)} halaman Dasbor disiapkan."
    assert warm_dashboards() == 0


def test_warm_dashboards_does_nothing_when_the_cache_is_off(scale, settings):
    from dashboards.warm import warm_dashboards

    settings.DASHBOARD_CACHE_SECONDS = 0
    assert warm_dashboards() == 0


def test_the_beat_renders_the_dashboards_every_minute():
    from config.celery import app

    app.loader.import_default_modules()
    entry = app.conf.beat_schedule["warm-dashboards"]
    assert entry["task"] == "dashboards.warm_dashboards" and entry["task"] in app.tasks
    assert entry["schedule"].minute == set(range(60))
