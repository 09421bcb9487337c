"""MUST SHOW: the lived-in demo as on 2 December 2026, by URL as the demo users — and the Dasbor's numbers of
its latest quarter confirmed by a hand computation (plain Python over the rows, areas.scoring.weighted_mean)."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from areas import action_rules, scoring
from areas.models import ChangeArea, Element, Indicator
from areas.templatetags.monev import persen
from demo.catalog import CATALOG
from evaluations.models import (
    ActionProgress,
    Cycle,
    CycleState,
    Evidence,
    Progress,
    Reminder,
    Report,
    ReportStatus,
    ReviewDecision,
)
from roadmap.models import User

pytestmark = pytest.mark.django_db
UNITS = 26


def as_user(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_bpsdm_sees_a_dasbor_with_history_a_queue_and_reminders(demo_today):
    client = as_user("bpsdm")
    response = client.get(reverse("dashboards:overview"))
    ctx, html = response.context, response.content.decode()
    # It opens on the latest quarter with approved data, not on the road map's first quarter.
    assert (ctx["filters"].year, ctx["filters"].quarter) == (2026, 2)
    overall = ctx["overall"].value
    assert overall is not None and Decimal(80) < overall < Decimal(100)
    assert f'id="capaian-keseluruhan">{persen(overall)}<' in html
    scored = [p for p in ctx["trend"].periods if p.score.value is not None]
    assert len(scored) >= 6 and [p.cycle.label for p in scored][:2] == ["TW I 2025", "TW II 2025"]
    assert len(ctx["chart_trend"]["labels"]) >= 6
    falling = [p for p in ctx["at_risk"] if p.is_falling]
    red = [p for p in ctx["at_risk"] if p.is_red]
    assert len(falling) >= 5 and red, [p.indicator.code for p in ctx["at_risk"]]
    assert 'data-indicator="DINKES-02"' in html  # Dinkes' IKM fell two quarters running
    # The demo opened TW III 2026 around today and says so on every page.
    assert "Demo: TW III 2026 dibuka sampai 16 Desember 2026" in html

    queue = client.get(reverse("evaluations:review_queue"))
    waiting = [r for r in queue.context["rows"] if r.report.status == ReportStatus.DIAJUKAN]
    assert len(waiting) >= 5 and len(waiting) == len(queue.context["rows"])  # the queue opens on Diajukan
    assert queue.content.decode().count("<tr data-report=") >= 5

    reminders = page(client, reverse("evaluations:reminders"))
    open_cycle = Cycle.objects.get(state=CycleState.OPEN)
    assert Reminder.objects.filter(report__cycle=open_cycle).count() == UNITS
    assert reminders.count('<tr data-reminder="') >= UNITS
    assert re.search(r'data-count="terkirim">(\d+)<', reminders).group(1) == str(UNITS)
    # An earlier quarter: the overdue reminders of the units that were late.
    earlier = Cycle.objects.get(year=2025, quarter=2)
    history = page(client, f"{reverse('evaluations:reminders')}?periode={earlier.pk}")
    assert history.count('data-status="terkirim"') > UNITS


def test_operator_dinkes_has_a_report_to_fill_and_earlier_ones_to_open(demo_today):
    client = as_user("operator.dinkes")
    home = client.get(reverse("home"), follow=True)
    html = home.content.decode()
    assert home.context["current"].report.cycle.label == "TW III 2026"
    assert home.context["current"].report.status == ReportStatus.DRAF
    assert home.context["current"].lock_reason is None  # an open report to fill today
    assert "Isi laporan TW III 2026" in html
    past = home.context["past"]
    assert [s.report.cycle.label for s in past] == [
        "TW II 2026",
        "TW I 2026",
        "TW IV 2025",
        "TW III 2025",
        "TW II 2025",
        "TW I 2025",
    ]
    assert all(s.report.status == ReportStatus.DISETUJUI and s.capaian is not None for s in past)

    # An earlier report opens, read-only, with its Riwayat dated in its own quarter, by its officer.
    returned = past[1].report  # TW I 2026: returned once, then fixed and approved
    detail = page(client, reverse("evaluations:report_detail", args=[returned.pk]))
    assert "Laporan sudah disetujui." in detail
    riwayat = page(client, reverse("evaluations:report_history", args=[returned.pk]))
    assert "April 2026" in riwayat and "Desember 2026, " not in riwayat
    assert "Operator Dinkes" in riwayat and "Verifikator BKPSDM" in riwayat
    decision = ReviewDecision.objects.get(report=returned, decision="kembalikan")
    assert decision.reason in riwayat  # the step of Kembalikan, with its reason

    # The indicator page tells Dinkes' IKM quarter by quarter (see test_indicator_page_tells_the_story).
    ikm = Indicator.objects.get(roadmap__is_active=True, code="DINKES-02")
    response = client.get(reverse("dashboards:indicator", args=[ikm.pk]))
    realisasi = next(d for d in response.context["chart_history"]["datasets"] if d["label"] == "Realisasi")["data"]
    assert len([v for v in realisasi if v is not None]) >= 6
    # Another unit's indicator is not there for this officer.
    other = Indicator.objects.get(roadmap__is_active=True, code="DISKOMINFO-01")
    assert client.get(reverse("dashboards:indicator", args=[other.pk])).status_code == 404


@pytest.mark.parametrize("username", ["operator.dinkes", "bpsdm"])
def test_indicator_page_tells_the_story(demo_today, username):
    client = as_user(username)
    ikm = Indicator.objects.get(roadmap__is_active=True, code="DINKES-02")
    response = client.get(reverse("dashboards:indicator", args=[ikm.pk]))
    html = response.content.decode()
    # Chart.js draws target, realisasi and capaian from the page's JSON (no inline script), the table beside it.
    chart = response.context["chart_history"]
    assert [d["label"] for d in chart["datasets"]] == ["Target", "Realisasi", "Capaian (%)"]
    assert chart["datasets"][2]["axis"] == "percent"
    capaian = [v for v in chart["datasets"][2]["data"] if v is not None]
    assert len(capaian) == 6 and capaian[-3] > capaian[-2] > capaian[-1]  # falling two quarters running
    assert 'data-chart="chart-indikator"' in html and 'id="chart-indikator" type="application/json"' in html
    assert 'id="tabel-riwayat"' in html and "<script>" not in html
    # The story, newest first: only reports that were submitted (TW III 2026 is still Dinkes' draft).
    story = response.context["story"]
    assert [q.cycle.label for q in story] == [
        "TW II 2026",
        "TW I 2026",
        "TW IV 2025",
        "TW III 2025",
        "TW II 2025",
        "TW I 2025",
    ]
    assert all(q.progress.penjelasan and q.evidence for q in story)
    falling = story[0].progress
    assert falling.kendala and falling.rencana_tindak_lanjut
    assert falling.kendala in html and falling.rencana_tindak_lanjut in html
    # TW I 2026 was returned for a mistyped IKM, with a note on this indicator, then fixed and approved.
    returned = story[1]
    assert [d.decision for d in returned.decisions] == ["kembalikan", "setujui"]
    note = returned.notes[0].note
    assert "Rekap pada bukti dukung menunjukkan" in note and note in html
    assert returned.decisions[0].reason in html
    # The evidence downloads through the permission-checked view: a real XLSX (the survey recap) of a few KB.
    evidence = story[0].evidence[0]
    assert evidence.original_name == "Rekap_Survei_IKM_Dinkes_TW_II_2026.xlsx"
    url = reverse("evaluations:evidence_download", args=[evidence.pk])
    assert f'href="{url}"' in html
    download = client.get(url)
    assert download.status_code == 200
    body = b"".join(download.streaming_content)
    assert body.startswith(b"PK\x03\x04") and 2_000 < len(body) < 20_000


def test_an_officer_gets_no_other_units_indicator_or_evidence(demo_today):
    client = as_user("operator.dinkes")
    other = Indicator.objects.get(roadmap__is_active=True, code="DISKOMINFO-08")  # Indeks SPBE
    assert client.get(reverse("dashboards:indicator", args=[other.pk])).status_code == 404
    foreign = Evidence.objects.filter(progress__indicator=other).first()
    assert client.get(reverse("evaluations:evidence_download", args=[foreign.pk])).status_code == 404
    pdf = Evidence.objects.filter(progress__report__unit__slug="dinkes", original_name__endswith=".pdf").first()
    response = client.get(reverse("evaluations:evidence_download", args=[pdf.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-1.4")


def test_the_history_tells_realistic_stories(demo_today):
    closed = Report.objects.filter(cycle__state=CycleState.CLOSED).select_related("cycle")
    assert closed.count() == 6 * UNITS
    approved = closed.filter(status=ReportStatus.DISETUJUI)
    assert approved.count() >= 6 * UNITS - 2  # one or two units never submitted one quarter
    never = closed.exclude(status=ReportStatus.DISETUJUI)
    assert 1 <= never.count() <= 2 and len({r.cycle_id for r in never}) == never.count()
    late = [r for r in approved if r.submitted_late()]
    assert len(late) >= 6
    returns = ReviewDecision.objects.filter(decision="kembalikan", report__cycle__state=CycleState.CLOSED)
    assert returns.count() >= 6 and all(d.reason and d.notes.exists() for d in returns)
    for report in approved:
        # Every step inside the quarter's own window (or just after it closed, for a late approval).
        assert report.cycle.opens_on <= report.first_submitted_at.date() <= report.cycle.closes_on
        assert report.first_submitted_at <= report.approved_at
    # The numbers of a real regency.
    ranges = {"sakip": (60, 76), "ikm": (75, 90), "spbe": (2, 3.5)}  # the "around 60–75", 75–90, 2–3,5
    for key, (low, high) in ranges.items():
        values = Progress.objects.filter(
            indicator__name=CATALOG[key].name, report__status=ReportStatus.DISETUJUI
        ).values_list("realisasi", flat=True)
        assert values and all(Decimal(low) <= v <= Decimal(high) for v in values), key
    # Not clipped: in a quarter the units' SAKIP and IKM differ (a clip gave a third of them the same 58).
    for key in ("sakip", "ikm"):
        for cycle in Cycle.objects.filter(state=CycleState.CLOSED):
            values = list(
                Progress.objects.filter(
                    indicator__name=CATALOG[key].name, report__cycle=cycle, report__status=ReportStatus.DISETUJUI
                ).values_list("realisasi", flat=True)
            )
            assert len(set(values)) >= len(values) - 2, (key, cycle.label, sorted(values))
    # Kendala and rencana tindak lanjut in plain Indonesian where a figure is below target.
    below = Progress.objects.filter(report__status=ReportStatus.DISETUJUI, capaian__lt=90).exclude(
        indicator__polarity="milestone"
    )
    assert below.exists() and not below.filter(kendala="").exists()
    assert not below.filter(rencana_tindak_lanjut="").exists()


def _by_hand(cycle, key):
    """Plain Python over every approved row of the quarter: {group: weighted mean}."""
    groups: dict[object, list[tuple[Decimal | None, Decimal]]] = {}
    for p in Progress.objects.filter(report__cycle=cycle, report__status=ReportStatus.DISETUJUI).select_related(
        "indicator__area", "indicator__aspect", "report__unit"
    ):
        groups.setdefault(key(p), []).append((p.capaian, p.indicator.weight))
    return {k: scoring.weighted_mean(v) for k, v in groups.items()}


def test_demo_quarter_shows_eight_areas_confirmed_by_hand(demo_today, client):
    client.force_login(User.objects.get(username="bpsdm"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboards:overview"))
    assert response.status_code == 200
    ctx, html = response.context, response.content.decode()
    cycle = ctx["filters"].cycle
    assert cycle.label == "TW II 2026"

    by_area = _by_hand(cycle, lambda p: p.indicator.area.code)
    shown = {row.area.code: row.score.value for row in ctx["areas"]}
    assert list(shown) == [a.code for a in ChangeArea.objects.filter(roadmap__is_active=True).order_by("order")]
    assert len(shown) == 8 and all(v is not None for v in shown.values())
    assert shown == by_area
    for code, value in by_area.items():
        cell = re.search(rf'data-area="{code}".*?data-capaian>([^<]*)<', html, re.S).group(1)
        assert cell == persen(value)
    assert ctx["chart_areas"]["datasets"][0]["data"] == [float(by_area[c]) for c in shown]

    overall = _by_hand(cycle, lambda p: "all")["all"]
    assert ctx["overall"].value == overall
    by_element = _by_hand(cycle, lambda p: p.indicator.aspect.element)
    assert {e.element: e.score.value for e in ctx["elements"]} == {
        Element.HARD: by_element["hard"],
        Element.SOFT: by_element["soft"],
    }
    by_unit = _by_hand(cycle, lambda p: p.report.unit.slug)
    assert {r.unit.slug: r.score.value for r in ctx["ranking"]} == by_unit
    assert len(by_unit) == UNITS
    late = sum(1 for r in Report.objects.filter(cycle=cycle).select_related("cycle") if r.submitted_late())
    assert ctx["completeness"].total == UNITS
    assert ctx["completeness"].on_time_share == (Decimal(100) * (UNITS - late) / UNITS).quantize(Decimal("0.01"))
    assert len(queries) < 45  # and test_dashboard_queries shows it does not grow with the units


def _late_at(year: int, quarter: int) -> list[ActionProgress]:
    """By hand with areas.action_rules: the rows of approved reports late at (year, quarter)."""
    rows = {
        (r.assignment_id, r.report.cycle.quarter): r
        for r in ActionProgress.objects.filter(
            report__cycle__year=year, report__cycle__quarter__lte=quarter, report__status=ReportStatus.DISETUJUI
        ).select_related("assignment__plan", "assignment__unit", "report__cycle")
    }

    def behind(row: ActionProgress, q: int) -> bool:
        plan = row.assignment.plan
        stages = {s.quarter: s.planned_progress for s in plan.stages.all()}
        planned = action_rules.planned_progress_at(stages, q, plan.end_quarter)
        return action_rules.is_due_by(plan.start_quarter, q) and not action_rules.reaches_plan(
            row.status, row.progress, planned
        )

    late = []
    for (assignment_id, q), row in rows.items():
        plan = row.assignment.plan
        if q != quarter or not action_rules.is_due_by(plan.start_quarter, q):
            continue
        before = rows.get((assignment_id, q - 1))
        if action_rules.is_late(
            quarter=q,
            end_quarter=plan.end_quarter,
            status=row.status,
            behind_now=behind(row, q),
            behind_before=before is not None and behind(before, q - 1),
        ):
            late.append(row)
    return late


def test_the_rencana_aksi_history(demo_today):
    rows = ActionProgress.objects.select_related("report__cycle", "report__unit", "assignment__plan")
    approved = rows.filter(report__status=ReportStatus.DISETUJUI)
    # Every quarter up to the open one: each pelaksana reported every row of its approved reports.
    assert set(approved.values_list("report__cycle__year", "report__cycle__quarter")) == {
        (2025, 1), (2025, 2), (2025, 3), (2025, 4), (2026, 1), (2026, 2)
    }  # fmt: skip
    assert not approved.filter(status="").exists()
    statuses = dict(Counter(approved.values_list("status", flat=True)))
    assert statuses["berjalan"] > statuses["selesai"] > statuses["tidak_terlaksana"] >= 2
    assert statuses["belum_dimulai"] >= 20  # actions that start later in the year
    # Selesai: 100 %, the pelaksana's whole output, a PDF laporan as evidence; the budget spent within the share.
    for row in approved.filter(status="selesai").select_related("assignment").prefetch_related("evidence"):
        assert row.progress == 100
        share = row.assignment.output_target or row.assignment.plan.output_target
        assert row.output_realised == share
        assert [e.content_type for e in row.evidence.all()] == ["application/pdf"]
    assert not approved.filter(budget_realised__gt=F("assignment__budget")).exists()
    # Most on track at TW II 2026; the late list has entries, each with its kendala and RTL.
    late = _late_at(2026, 2)
    due = approved.filter(report__cycle__year=2026, report__cycle__quarter=2).exclude(status="belum_dimulai")
    assert 5 <= len(late) < due.count() / 3
    assert ("RA-KEM-1.01", "dinsos") in {(r.assignment.plan.code, r.assignment.unit.slug) for r in late}  # DTKS
    assert all(r.kendala and r.rencana_tindak_lanjut for r in late)
    assert _late_at(2025, 4)  # a year ends with some actions not finished
    # Riwayat: each row's history dated in its own quarter, by the unit's officer.
    history = ActionProgress.history.filter(report__cycle__year=2025, report__cycle__quarter=2).select_related(
        "history_user"
    )
    assert history.exists()
    for record in history:
        assert record.history_date.date().isoformat().startswith("2025-07")
        assert record.history_user.username.startswith("operator.")
    # The open quarter: submitted rows filled in, some drafts still partly empty.
    open_rows = rows.filter(report__cycle__state=CycleState.OPEN)
    assert not open_rows.filter(report__status=ReportStatus.DIAJUKAN, status="").exists()
    assert open_rows.filter(report__status=ReportStatus.DRAF, status="").exists()
    assert open_rows.filter(report__status=ReportStatus.DRAF).exclude(status="").exists()
    # MUST SHOW: operator.dinkes's open report has rencana aksi rows.
    assert open_rows.filter(report__unit__slug="dinkes").count() >= 3
