"""After an indicator moves to another unit, its new unit's officer sees only what their own unit reported.

Indicator MOV-01 belonged to Dinas A, which reported on it in TW I 2025 (realisasi 42,5, an evidence file, a
return reason and a note), then it was moved to Dinas B (by a shell, or before the admin locked the field), which
reported TW II. Every drill-down query is scoped by the unit of the *report*: Dinas B's officer finds none of
Dinas A's numbers, files, reasons or notes on any dashboard page, by URL; the staff still see all of it.
In the admin, the unit of an indicator with progress rows is read-only, with the reason shown.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from areas.models import Indicator
from evaluations.models import Evidence, Progress, Report
from evaluations.services import reports
from tests import factories
from tests.test_review_data import add_indicators, at_wita, attach_evidence, fill, open_cycle, report_of, submit_at

pytestmark = pytest.mark.django_db

OLD_EVIDENCE = "bukti-dinas-a-tw1.pdf"
NEW_EVIDENCE = "bukti-dinas-b-tw2.pdf"
OLD_REASON = "Alasan khusus Dinas A: berita acara belum ditandatangani."
OLD_NOTE = "Catatan khusus Dinas A untuk MOV-01."
OLD_REALISASI = "42,5"  # as the pages write 42.5 (a realisasi and, with target 100, a capaian "42,5 %")
NEW_REALISASI = "55"


def _approve(report: Report, reviewer) -> Report:
    return reports.report_approve(report=report, reviewer=reviewer)


@pytest.fixture
def moved(roadmap, unit_a, unit_b, officer_a, officer_b, reviewer):
    """MOV-01: Dinas A reported TW I (returned once, then approved); moved to Dinas B, which reported TW II."""
    indicator = add_indicators(roadmap, unit_a, [("MOV-01", "higher", "100", 1)])[0]
    factories.IndicatorTargetFactory(indicator=indicator, year=2025, quarter=2, value=Decimal(100))

    tw1 = open_cycle(roadmap, quarter=1)
    old = report_of(unit_a, tw1)
    fill(old, officer_a, {"MOV-01": Decimal("42.5")})
    attach_evidence(old, officer_a, name=OLD_EVIDENCE)
    submit_at(old, officer_a, at_wita(2025, 4, 8))
    row = old.progress_rows.get()
    with time_machine.travel(at_wita(2025, 4, 12), tick=False):
        reports.report_return(
            report=old, reviewer=reviewer, reason=OLD_REASON, notes={row.pk: OLD_NOTE}, today=dt.date(2025, 4, 12)
        )
    submit_at(Report.objects.get(pk=old.pk), officer_a, at_wita(2025, 4, 13))
    _approve(old, reviewer)

    # Moved outside the admin's lock (a shell, or before the lock existed).
    Indicator.objects.filter(pk=indicator.pk).update(unit=unit_b)

    tw2 = open_cycle(roadmap, quarter=2)
    new = report_of(unit_b, tw2)
    fill(new, officer_b, {"MOV-01": Decimal(NEW_REALISASI)})
    attach_evidence(new, officer_b, name=NEW_EVIDENCE)
    submit_at(new, officer_b, at_wita(2025, 7, 8))
    _approve(new, reviewer)
    assert Progress.objects.filter(indicator=indicator).count() == 2
    return {"indicator": Indicator.objects.get(pk=indicator.pk), "old": old, "new": new}


def _query(roadmap, quarter: int) -> dict[str, object]:
    return {"roadmap": roadmap.pk, "tahun": 2025, "triwulan": quarter}


def _page(as_user, user, url: str, query: dict[str, object]) -> str:
    response = as_user(user).get(url, query)
    assert response.status_code == 200, url
    return response.content.decode()


OLD_UNITS_DATA = (OLD_REALISASI, OLD_EVIDENCE, OLD_REASON, OLD_NOTE)


def _none_of(html: str, needles=OLD_UNITS_DATA) -> list[str]:
    return [needle for needle in needles if needle in html]


# --- The new unit's officer, by URL --------------------------------------------------------------------------


@pytest.mark.parametrize("quarter", [1, 2])
def test_indicator_page_shows_the_new_unit_only_its_own_history(moved, roadmap, officer_b, as_user, quarter):
    html = _page(
        as_user, officer_b, reverse("dashboards:indicator", args=[moved["indicator"].pk]), _query(roadmap, quarter)
    )
    assert _none_of(html) == []
    assert NEW_EVIDENCE in html
    table = html[html.index('id="tabel-riwayat"') :]
    tw1 = table[table.index('data-period="2025-1"') :]
    assert tw1[: tw1.index("</tr>")].count("—") >= 2  # TW I: no realisasi, no capaian for Dinas B
    tw2 = table[table.index('data-period="2025-2"') :]
    assert f'<td class="num" data-realisasi>{NEW_REALISASI}</td>' in tw2[: tw2.index("</tr>")]


def test_indicator_page_context_holds_no_row_of_the_old_unit(moved, roadmap, officer_b, unit_b, as_user):
    response = as_user(officer_b).get(reverse("dashboards:indicator", args=[moved["indicator"].pk]), _query(roadmap, 2))
    ctx = response.context
    assert {row.report.unit_id for row in ctx["history"] if row.report is not None} == {unit_b.pk}
    assert {q.report.unit_id for q in ctx["story"]} == {unit_b.pk}
    assert [e.original_name for q in ctx["story"] for e in q.evidence] == [NEW_EVIDENCE]
    assert [d for q in ctx["story"] for d in q.decisions if d.reason] == []
    assert [n for q in ctx["story"] for n in q.notes] == []


@pytest.mark.parametrize("quarter", [1, 2])
def test_unit_page_shows_no_number_of_the_old_unit(moved, roadmap, unit_b, officer_b, as_user, quarter):
    html = _page(as_user, officer_b, reverse("dashboards:unit", args=[unit_b.pk]), _query(roadmap, quarter))
    assert _none_of(html) == []
    assert "MOV-01" in html


@pytest.mark.parametrize("quarter", [1, 2])
def test_area_page_shows_no_number_of_the_old_unit(moved, roadmap, officer_b, as_user, quarter):
    url = reverse("dashboards:area", args=[moved["indicator"].area_id])
    html = _page(as_user, officer_b, url, _query(roadmap, quarter))
    assert _none_of(html) == []
    assert "MOV-01" in html


def test_dasbor_at_risk_list_does_not_compare_with_the_old_units_quarter(moved, roadmap, officer_b, as_user):
    # TW II's 55 % is merah, so MOV-01 is at risk; the quarter before must not be Dinas A's 42,5 %.
    response = as_user(officer_b).get(reverse("dashboards:overview"), _query(roadmap, 2))
    assert [(p.indicator.code, p.prev1) for p in response.context["at_risk"]] == [("MOV-01", None)]
    assert _none_of(response.content.decode()) == []


def test_the_old_units_officer_no_longer_reaches_the_indicator(moved, roadmap, officer_a, as_user):
    response = as_user(officer_a).get(reverse("dashboards:indicator", args=[moved["indicator"].pk]))
    assert response.status_code == 404
    # Their own report, with its evidence and the return reason, is still theirs.
    html = as_user(officer_a).get(reverse("evaluations:report_detail", args=[moved["old"].pk])).content.decode()
    assert OLD_EVIDENCE in html


# --- The staff still see all ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["reviewer", "pimpinan", "admin"])
def test_staff_see_both_units_history_on_the_indicator_page(moved, roadmap, people, as_user, who):
    html = _page(
        as_user, people[who], reverse("dashboards:indicator", args=[moved["indicator"].pk]), _query(roadmap, 2)
    )
    assert _none_of(html) == list(OLD_UNITS_DATA)  # every one of them present
    assert NEW_EVIDENCE in html


def test_staff_area_page_shows_the_quarter_the_old_unit_reported(moved, roadmap, reviewer, as_user):
    url = reverse("dashboards:area", args=[moved["indicator"].area_id])
    assert OLD_REALISASI in _page(as_user, reviewer, url, _query(roadmap, 1))


def test_a_unit_page_shows_that_units_reports_only_for_the_staff_too(moved, roadmap, unit_b, reviewer, as_user):
    # Dinas B's page for TW I: Dinas B did not report MOV-01 then (Dinas A did); no number is shown as B's.
    html = _page(as_user, reviewer, reverse("dashboards:unit", args=[unit_b.pk]), _query(roadmap, 1))
    assert OLD_REALISASI not in html


# --- The admin -----------------------------------------------------------------------------------------------


def _change_form(indicator: Indicator, **changes: object) -> dict[str, object]:
    """The admin change form of `indicator` as posted, its targets in the inlines unchanged."""
    data: dict[str, object] = {
        "roadmap": indicator.roadmap_id,
        "unit": indicator.unit_id,
        "code": indicator.code,
        "name": indicator.name,
        "definition": indicator.definition,
        "data_source": indicator.data_source,
        "area": indicator.area_id,
        "aspect": indicator.aspect_id,
        "theme": indicator.theme_id,
        "satuan": indicator.satuan,
        "polarity": indicator.polarity,
        "kind": indicator.kind,
        "weight": str(indicator.weight),
        "requires_evidence": "on",
        "is_active": "on",
    }
    for prefix, rows in (("annual_targets", indicator.annual_targets.all()), ("targets", indicator.targets.all())):
        rows = list(rows)
        data.update({f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": len(rows)})
        for i, target in enumerate(rows):
            data.update(
                {
                    f"{prefix}-{i}-id": target.pk,
                    f"{prefix}-{i}-indicator": indicator.pk,
                    f"{prefix}-{i}-year": target.year,
                    f"{prefix}-{i}-value": str(target.value),
                }
            )
            if prefix == "targets":
                data[f"{prefix}-{i}-quarter"] = target.quarter
    data.update(changes)
    return data


LOCK_MESSAGE = "Perangkat daerah indikator ini tidak dapat diubah karena sudah ada realisasi yang dilaporkan"


def test_admin_shows_the_unit_read_only_with_the_reason_once_there_are_progress_rows(moved, admin_user, as_user):
    url = reverse("admin:areas_indicator_change", args=[moved["indicator"].pk])
    response = as_user(admin_user).get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert LOCK_MESSAGE in html
    assert 'name="unit"' not in html  # shown as text, not as a field
    assert "DB" in html[html.index("field-unit") :][:2000]  # the current unit, Dinas B, is still shown


def test_admin_ignores_a_posted_unit_once_there_are_progress_rows(moved, unit_a, unit_b, admin_user, as_user):
    indicator = moved["indicator"]
    url = reverse("admin:areas_indicator_change", args=[indicator.pk])
    response = as_user(admin_user).post(url, _change_form(indicator, unit=unit_a.pk, name="Nama baru"))
    assert response.status_code == 302, response.content.decode()[:3000]
    indicator.refresh_from_db()
    assert (indicator.unit_id, indicator.name) == (unit_b.pk, "Nama baru")  # the rest of the form is saved


def test_admin_moves_an_indicator_that_has_no_progress_rows(roadmap, unit_a, unit_b, admin_user, as_user):
    indicator = add_indicators(roadmap, unit_a, [("BARU-01", "higher", "80", 1)])[0]
    url = reverse("admin:areas_indicator_change", args=[indicator.pk])
    response = as_user(admin_user).get(url)
    assert 'name="unit"' in response.content.decode()
    assert LOCK_MESSAGE not in response.content.decode()
    response = as_user(admin_user).post(url, _change_form(indicator, unit=unit_b.pk))
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.unit_id == unit_b.pk


def test_admin_revert_from_history_keeps_the_unit_that_reported(
    roadmap, unit_a, unit_b, officer_b, admin_user, as_user
):
    # Created for Dinas A, moved to Dinas B while nothing was reported, then Dinas B reported.
    indicator = add_indicators(roadmap, unit_a, [("REV-01", "higher", "80", 1)])[0]
    first_version = indicator.history.earliest("history_date")
    client = as_user(admin_user)
    change = reverse("admin:areas_indicator_change", args=[indicator.pk])
    assert client.post(change, _change_form(indicator, unit=unit_b.pk)).status_code == 302
    open_cycle(roadmap, quarter=1)
    assert Evidence.objects.count() == 0 and Progress.objects.filter(report__unit=unit_b).count() == 1
    # "Revert" to the version of Dinas A: every other field may come back, the unit may not.
    revert = reverse("admin:areas_indicator_simple_history", args=[indicator.pk, first_version.history_id])
    indicator.refresh_from_db()
    response = client.post(revert, _change_form(indicator, unit=unit_a.pk, name="Nama lama"))  # as prefilled
    assert response.status_code == 302, response.content.decode()[:3000]
    indicator.refresh_from_db()
    assert (indicator.unit_id, indicator.name) == (unit_b.pk, "Nama lama")
