"""Bad input, fuzzed with hypothesis: the officer's report form and the XLSX import.

Whatever is typed: never a 500; a refused submission stores nothing (the rows are unchanged); an
accepted one stores exactly what the parser read; text comes back escaped (no raw markup from the user).
Bounded (max_examples ~30, no deadline) so the suite stays fast. Uploads: tests/test_evidence.py covers the
service; here the same refusals through the page (message shown, nothing stored).
"""

from __future__ import annotations

import io
import math
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from areas.models import Indicator, IndicatorAnnualTarget, IndicatorTarget
from evaluations.forms import TEXT_MAX_LENGTH
from evaluations.models import Evidence, Progress
from exports.importer import import_indicators
from roadmap import numbers as number_rules
from tests.conftest import client_for
from tests.test_import_indicators import xlsx
from tests.test_officer_helpers import PDF_BYTES, build_reports, form_data, frozen, rows_by_code

__all__ = ["frozen"]

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)

MARKUP = ['<script>alert("x")</script>', "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>', "</textarea><b>"]

numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=6).map(lambda d: str(d).replace(".", ",")),
    st.sampled_from(["NaN", "nan", "inf", "-Infinity", "1e309", "1E5", "-0", "0,00001", "٣٤", "１２", "1.234.5", ""]),
    st.text(max_size=30),
)
texts = st.one_of(
    st.text(max_size=200),
    st.sampled_from(MARKUP),
    st.builds(lambda a, m, b: a + m + b, st.text(max_size=20), st.sampled_from(MARKUP), st.text(max_size=20)),
    st.integers(min_value=TEXT_MAX_LENGTH - 2, max_value=TEXT_MAX_LENGTH + 50).map(lambda n: "é" * n),
)


def _rows_state(report) -> list[tuple]:  # type: ignore[no-untyped-def]
    return list(
        Progress.objects.filter(report=report)
        .order_by("pk")
        .values_list(
            "pk", "version", "realisasi", "capaian", "milestone_done", "penjelasan", "kendala", "rencana_tindak_lanjut"
        )
    )


def _expected_number(raw: str) -> Decimal | str | None:
    try:
        return number_rules.parse(raw, number_rules.VALUE)
    except ValidationError:
        return "refused"


def _assert_escaped(html: str, *values: str) -> None:
    for value in values:
        if any(ch in value for ch in "<>\"'&") and len(value.strip()) > 2:
            # The escaped form may itself contain the raw text ("00&" in "00&amp;"): look past it.
            rest = html.replace(escape(value), "")
            assert value not in rest, f"user input came back unescaped: {value[:80]!r}"
    assert '<script>alert("x")</script>' not in html
    assert "<img src=x onerror" not in html


@pytest.fixture
def officer_report(roadmap, unit_a, people, frozen):
    _, report = build_reports(roadmap, unit_a)
    return report, client_for(people["officer_a"])


@FUZZ
@given(realisasi=numbers, lower=numbers, penjelasan=texts, kendala=texts)
@example(realisasi="999999999999,9999", lower="999999999999", penjelasan="", kendala="")  # capaian overflow?
@example(realisasi="0,0001", lower="0", penjelasan="a\x00b", kendala="")  # NUL: PostgreSQL refuses it in text
@example(realisasi="NaN", lower="Infinity", penjelasan=MARKUP[0], kendala=MARKUP[1])
@example(realisasi="1.234,5", lower="0,25", penjelasan=MARKUP[0], kendala=MARKUP[2])  # saved, shown escaped
@example(realisasi="", lower="", penjelasan="", kendala="00&")  # escaped "00&amp;" contains the raw text
def test_report_form_fuzz(officer_report, realisasi, lower, penjelasan, kendala):
    report, client = officer_report
    before = _rows_state(report)
    data = form_data(
        report,
        {"01": {"realisasi": realisasi, "penjelasan": penjelasan, "kendala": kendala}, "03": {"realisasi": lower}},
    )
    url = reverse("evaluations:report_detail", args=[report.pk])
    response = client.post(url, data)
    assert response.status_code in (200, 302), response.status_code
    expected = (_expected_number(realisasi), _expected_number(lower))
    texts_ok = all(len(t.strip()) <= TEXT_MAX_LENGTH and "\x00" not in t for t in (penjelasan, kendala))
    # The oracle: valid numbers and texts are saved (302), anything else is refused (200).
    assert response.status_code == (302 if texts_ok and "refused" not in expected else 200)
    rows = rows_by_code(report)
    if response.status_code == 200:
        # Refused: nothing stored, the officer's own input shown again, escaped.
        assert _rows_state(report) == before
        html = response.content.decode()
        assert "tidak ada yang disimpan" in html
        _assert_escaped(html, penjelasan, kendala)
        return
    assert "refused" not in expected
    assert rows["01"].realisasi == expected[0]
    assert rows["03"].realisasi == expected[1]
    assert rows["01"].penjelasan == penjelasan.strip()
    html = client.get(url).content.decode()
    _assert_escaped(html, penjelasan, kendala)


@FUZZ
@given(text=texts)
def test_progress_save_htmx_fuzz(officer_report, text):
    """The per-indicator save (htmx): the returned card escapes the text; a refusal stores nothing."""
    report, client = officer_report
    row = rows_by_code(report)["01"]
    before = _rows_state(report)
    data = {
        k: v
        for k, v in form_data(report, {"01": {"realisasi": "12,5", "rencana_tindak_lanjut": text}}).items()
        if k.startswith(f"p{row.pk}-")
    }
    response = client.post(reverse("evaluations:progress_save", args=[report.pk, row.pk]), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    _assert_escaped(html, text)
    row.refresh_from_db()
    if "Tersimpan." in html:
        assert row.rencana_tindak_lanjut == text.strip()
    else:
        assert _rows_state(report) == before


# --- Uploads through the page (the service's own tests are in tests/test_evidence.py) ---------------------


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types spreadsheetml/>")
        archive.writestr("xl/workbook.xml", b"\0" * (50 * 1024 * 1024))
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("laporan.pdf", b"MZ\x90\x00 this is an exe", "isi berkas tidak dikenali"),
        ("foto.png", PDF_BYTES, "isinya PDF"),
        ("data.xlsx", "ZIPBOMB", "zip bomb"),
        ("../../../etc/passwd.pdf", b"root:x:0:0", "isi berkas tidak dikenali"),
        ("<script>alert(1)</script>.pdf", b"<html><script>alert(1)</script>", "isi berkas tidak dikenali"),
    ],
)
def test_bad_uploads_through_the_page(officer_report, name, content, message):
    report, client = officer_report
    row = rows_by_code(report)["01"]
    data = _zip_bomb() if content == "ZIPBOMB" else content
    upload = SimpleUploadedFile(name, data, content_type="application/pdf")
    response = client.post(reverse("evaluations:evidence_upload", args=[report.pk, row.pk]), {"berkas": [upload]})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Tidak ada berkas yang disimpan" in html
    assert "<script>alert(1)</script>" not in html
    assert not Evidence.objects.exists()


def test_oversize_upload_through_the_page(officer_report, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    report, client = officer_report
    row = rows_by_code(report)["01"]
    upload = SimpleUploadedFile("besar.pdf", PDF_BYTES + b"0" * 2048)
    response = client.post(reverse("evaluations:evidence_upload", args=[report.pk, row.pk]), {"berkas": [upload]})
    assert response.status_code == 200
    assert "melebihi batas" in response.content.decode()
    assert not Evidence.objects.exists()


def test_traversal_name_is_stored_as_data_only(officer_report, settings, tmp_path):
    report, client = officer_report
    row = rows_by_code(report)["01"]
    upload = SimpleUploadedFile("..\\..\\..\\windows\\evil.pdf", PDF_BYTES)
    response = client.post(reverse("evaluations:evidence_upload", args=[report.pk, row.pk]), {"berkas": [upload]})
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.original_name == "evil.pdf"
    stored = (settings.MEDIA_ROOT / evidence.file.name).resolve()
    assert stored.is_relative_to(settings.MEDIA_ROOT.resolve())
    assert ".." not in evidence.file.name


# --- The XLSX import -----------------------------------------------------------------------------------------

cell_numbers = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["NaN", "Infinity", "-inf", "1e400", "sNaN", "1.234,5", "85,5", "", "٣", "1_000"]),
    st.text(max_size=20),
)
cell_texts = st.one_of(st.text(max_size=80), st.sampled_from(MARKUP), st.just("x" * 5000))


def _import_state() -> tuple:
    return (
        list(Indicator.objects.order_by("pk").values()),
        list(IndicatorAnnualTarget.objects.order_by("pk").values()),
        list(IndicatorTarget.objects.order_by("pk").values()),
    )


def _clean_cell(value):  # type: ignore[no-untyped-def]
    # openpyxl refuses control characters in a cell; a real file cannot hold them either.
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


@FUZZ
@given(
    code=cell_texts,
    name=cell_texts,
    baseline=cell_numbers,
    weight=cell_numbers,
    year=cell_numbers,
    quarter=cell_numbers,
    target=cell_numbers,
)
@example(code="A-1", name="Indikator", baseline=float("1e300"), weight=1, year=2025, quarter=1, target="1e400")
def test_import_fuzz(roadmap, unit_a, code, name, baseline, weight, year, quarter, target):
    rows = [[unit_a.slug, code, name, "MP", "budaya", "general", "indeks", "higher", baseline, weight]]
    targets = [[code, year, quarter, target]]
    file = xlsx([[_clean_cell(v) for v in r] for r in rows], [[_clean_cell(v) for v in t] for t in targets])
    before = _import_state()
    result = import_indicators(file=file, roadmap=roadmap, apply=True)
    if result.errors:
        assert not result.applied
        assert _import_state() == before, "a refused import stored something"
        return
    assert result.applied
    indicator = Indicator.objects.get(roadmap=roadmap, code=str(code).strip() if not isinstance(code, float) else code)
    if baseline not in (None, "") and str(baseline).strip():
        assert indicator.baseline == number_rules.parse(baseline, number_rules.VALUE)
    for value in (baseline, weight, target):
        if isinstance(value, float):
            assert math.isfinite(value)


@FUZZ
@given(name=st.one_of(st.sampled_from(MARKUP), st.text(max_size=40)), baseline=cell_numbers)
def test_import_page_escapes_what_the_file_says(roadmap, unit_a, people, name, baseline):
    client = client_for(people["admin"])
    rows = [
        [
            unit_a.slug,
            _clean_cell(name) or "x",
            _clean_cell(name),
            "MP",
            "budaya",
            "general",
            "indeks",
            "higher",
            _clean_cell(baseline),
            "1",
        ]
    ]
    upload = SimpleUploadedFile("impor.xlsx", xlsx(rows, []).getvalue())
    before = _import_state()
    response = client.post(reverse("exports:import"), {"roadmap": roadmap.pk, "berkas": upload, "aksi": "periksa"})
    assert response.status_code == 200
    _assert_escaped(response.content.decode(), _clean_cell(name))
    assert _import_state() == before  # a dry run never stores
