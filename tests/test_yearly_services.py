"""The yearly results' services: every refusal saves nothing, the version check, Riwayat, the files; the Indeks RB
and its predikat at the bounds of the official bands (docs/evaluasi-rb.md)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from areas import scoring
from areas.models import StrategicIndicator, StrategicTarget
from evaluations.exceptions import InvalidEntry, NotAllowed, StaleEdit
from evaluations.models import RbEvaluation, StrategicEvidence, StrategicRealisation
from evaluations.selectors import yearly as selectors
from evaluations.services import yearly as services
from evaluations.services.evidence import EvidenceRejected
from evaluations.services.yearly import RbEvaluationInput, RealisationInput
from tests import factories
from tests.test_officer_helpers import PDF_BYTES
from tests.yearly_data import build_sasaran

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 2)


def pdf(name: str = "bukti.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


@pytest.fixture
def world(roadmap):
    return build_sasaran(roadmap, realised=False)


def _lines(world, **values):
    return [
        RealisationInput(indicator_id=world.h1.pk, value=values.get("h1")),
        RealisationInput(indicator_id=world.h2.pk, value=values.get("h2")),
        RealisationInput(indicator_id=world.s1.pk, value=values.get("s1")),
    ]


def stored_files(settings) -> list[str]:
    root = settings.MEDIA_ROOT / "sasaran"
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


# --- sasaran road map ---------------------------------------------------------------------------------------


def test_staff_save_the_year_with_evidence_and_riwayat(roadmap, world, reviewer, settings):
    rows = [
        RealisationInput(indicator_id=world.h1.pk, value=Decimal("63"), note="LHE 2025", files=[pdf("LHE.pdf")]),
        RealisationInput(indicator_id=world.h2.pk, value=Decimal("6")),
        RealisationInput(indicator_id=world.s1.pk, value=None),  # nothing entered: no row
    ]
    written = services.strategic_realisations_save(user=reviewer, roadmap=roadmap, year=2025, rows=rows)

    assert [(r.indicator_id, r.value, r.version) for r in written] == [
        (world.h1.pk, Decimal("63"), 0),
        (world.h2.pk, Decimal("6"), 0),
    ]
    h1 = StrategicRealisation.objects.get(indicator=world.h1, year=2025)
    assert (h1.note, h1.updated_by_id) == ("LHE 2025", reviewer.pk)
    assert [e.original_name for e in h1.evidence.all()] == ["LHE.pdf"]
    assert len(stored_files(settings)) == 1
    assert not StrategicRealisation.objects.filter(indicator=world.s1).exists()
    # Riwayat: one record per change, with who made it.
    services.strategic_realisations_save(
        user=reviewer,
        roadmap=roadmap,
        year=2025,
        rows=[RealisationInput(indicator_id=world.h1.pk, value=Decimal("64"), note="LHE 2025", version=0)],
    )
    history = list(StrategicRealisation.history.filter(id=h1.pk).order_by("history_date"))
    assert [(h.value, h.history_user_id) for h in history] == [
        (Decimal("63"), reviewer.pk),
        (Decimal("64"), reviewer.pk),
    ]
    assert StrategicRealisation.objects.get(pk=h1.pk).version == 1


@pytest.mark.parametrize("who", ["officer_a", "pimpinan"])
def test_officers_and_pimpinan_may_not_enter(roadmap, world, people, who):
    with pytest.raises(NotAllowed):
        services.strategic_realisations_save(
            user=people[who], roadmap=roadmap, year=2025, rows=_lines(world, h1=Decimal("1"))
        )
    assert not StrategicRealisation.objects.exists()


def test_a_year_outside_the_road_map_is_refused(roadmap, world, admin_user):
    with pytest.raises(InvalidEntry, match="di luar masa road map 2025–2029"):
        services.strategic_realisations_save(
            user=admin_user, roadmap=roadmap, year=2030, rows=_lines(world, h1=Decimal("1"))
        )
    assert not StrategicRealisation.objects.exists()


def test_another_road_maps_indicator_is_refused(roadmap, world, admin_user):
    other = factories.RoadmapFactory(start_year=2020, end_year=2024, is_active=False)
    target = StrategicTarget.objects.create(roadmap=other, element="hard", code="S1", name="Lama")
    foreign = StrategicIndicator.objects.create(strategic_target=target, name="Indeks RB lama", satuan="indeks")
    rows = [*_lines(world, h1=Decimal("1")), RealisationInput(indicator_id=foreign.pk, value=Decimal("2"))]
    with pytest.raises(InvalidEntry, match="bukan indikator sasaran road map ini"):
        services.strategic_realisations_save(user=admin_user, roadmap=roadmap, year=2025, rows=rows)
    assert not StrategicRealisation.objects.exists()


def test_the_same_indicator_twice_is_refused(roadmap, world, admin_user):
    rows = [RealisationInput(indicator_id=world.h1.pk, value=Decimal("1"))] * 2
    with pytest.raises(InvalidEntry, match="lebih dari sekali"):
        services.strategic_realisations_save(user=admin_user, roadmap=roadmap, year=2025, rows=rows)


def test_a_negative_value_or_a_long_note_refuses_every_line(roadmap, world, admin_user):
    rows = [
        RealisationInput(indicator_id=world.h1.pk, value=Decimal("63")),
        RealisationInput(indicator_id=world.h2.pk, value=Decimal("-1")),
        RealisationInput(indicator_id=world.s1.pk, value=Decimal("1"), note="x" * 5001),
    ]
    with pytest.raises(InvalidEntry) as refused:
        services.strategic_realisations_save(user=admin_user, roadmap=roadmap, year=2025, rows=rows)
    assert refused.value.problems == [
        "Persentase kemiskinan: realisasi tidak boleh negatif.",
        "Indeks BerAKHLAK: keterangan paling banyak 5000 karakter.",
    ]
    assert not StrategicRealisation.objects.exists()


def test_a_refused_file_saves_nothing_and_leaves_no_file(roadmap, world, admin_user, settings):
    rows = [
        RealisationInput(indicator_id=world.h1.pk, value=Decimal("63"), files=[pdf("baik.pdf")]),
        RealisationInput(
            indicator_id=world.h2.pk,
            value=Decimal("6"),
            files=[SimpleUploadedFile("palsu.pdf", b"bukan pdf", content_type="application/pdf")],
        ),
    ]
    with pytest.raises(EvidenceRejected) as refused:
        services.strategic_realisations_save(user=admin_user, roadmap=roadmap, year=2025, rows=rows)
    assert refused.value.problems == [
        "palsu.pdf ditolak: hanya PDF, JPG, PNG, XLSX atau DOCX yang diterima (isi berkas tidak dikenali)."
    ]
    assert not StrategicRealisation.objects.exists()
    assert not StrategicEvidence.objects.exists()
    assert stored_files(settings) == []


def test_a_stale_line_refuses_the_whole_year(roadmap, world, admin_user, reviewer):
    services.strategic_realisations_save(
        user=reviewer, roadmap=roadmap, year=2025, rows=_lines(world, h1=Decimal("63"))
    )
    # Loaded before the reviewer's save: h1 at version 0 with no value, now 63 (version 0 → the admin's edit
    # of h1 names version 0 of a row that exists at version 0: fine); save once more so that h1 is at version 1.
    services.strategic_realisations_save(
        user=reviewer,
        roadmap=roadmap,
        year=2025,
        rows=[RealisationInput(indicator_id=world.h1.pk, value=Decimal("65"), version=0)],
    )
    rows = [
        RealisationInput(indicator_id=world.h1.pk, value=Decimal("70"), version=0),  # stale: it is at 1
        RealisationInput(indicator_id=world.h2.pk, value=Decimal("6"), version=0),
    ]
    with pytest.raises(StaleEdit, match="Indeks RB sudah diubah orang lain"):
        services.strategic_realisations_save(user=admin_user, roadmap=roadmap, year=2025, rows=rows)
    assert StrategicRealisation.objects.get(indicator=world.h1).value == Decimal("65")
    assert not StrategicRealisation.objects.filter(indicator=world.h2).exists()


def test_an_unchanged_line_loaded_earlier_is_left_alone(roadmap, world, admin_user, reviewer):
    services.strategic_realisations_save(
        user=reviewer, roadmap=roadmap, year=2025, rows=_lines(world, h1=Decimal("63"))
    )
    services.strategic_realisations_save(
        user=reviewer,
        roadmap=roadmap,
        year=2025,
        rows=[RealisationInput(indicator_id=world.h1.pk, value=Decimal("65"))],
    )
    # The admin's page still shows 65 at version 1 for h1 and changes only h2.
    rows = [
        RealisationInput(indicator_id=world.h1.pk, value=Decimal("65"), version=1),
        RealisationInput(indicator_id=world.h2.pk, value=Decimal("6"), version=0),
    ]
    written = services.strategic_realisations_save(user=admin_user, roadmap=roadmap, year=2025, rows=rows)
    assert [r.indicator_id for r in written] == [world.h2.pk]
    assert StrategicRealisation.objects.get(indicator=world.h1).version == 1


def test_evidence_delete_is_staff_only(
    roadmap, world, reviewer, officer_a, django_capture_on_commit_callbacks, settings
):
    services.strategic_realisations_save(
        user=reviewer,
        roadmap=roadmap,
        year=2025,
        rows=[RealisationInput(indicator_id=world.h1.pk, value=Decimal("63"), files=[pdf()])],
    )
    evidence = StrategicEvidence.objects.get()
    with pytest.raises(NotAllowed):
        services.strategic_evidence_delete(user=officer_a, evidence=evidence)
    assert StrategicEvidence.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.strategic_evidence_delete(user=reviewer, evidence=evidence)
    assert not StrategicEvidence.objects.exists()
    assert stored_files(settings) == []


def test_capaian_of_the_year_by_hand(roadmap):
    world = build_sasaran(roadmap)
    data = selectors.sasaran_year(roadmap=roadmap, year=2025)
    got = [(line.indicator.name, line.target, line.value, line.capaian, line.light) for line in data.lines]
    assert got == [
        ("Indeks RB", Decimal("70"), Decimal("63"), Decimal("90.00"), "hijau"),
        ("Persentase kemiskinan", Decimal("8"), Decimal("6"), Decimal("125.00"), "hijau"),
        ("Indeks BerAKHLAK", Decimal("80"), Decimal("44"), Decimal("55.00"), "merah"),
    ]
    assert [g.target.pk for g in data.groups] == [world.hard.pk, world.soft.pk]
    later = selectors.sasaran_year(roadmap=roadmap, year=2026)
    assert [(line.target, line.value, line.capaian) for line in later.lines][2] == (Decimal("0"), Decimal("50"), None)


# --- Indeks RB ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "grade"),
    [
        ("100", "AA"),
        ("90.01", "AA"),
        ("90", "A"),
        ("80.01", "A"),
        ("80", "BB"),
        ("70.01", "BB"),
        ("70", "B"),
        ("60.01", "B"),
        ("60", "CC"),
        ("50.01", "CC"),
        ("50", "C"),
        ("30.01", "C"),
        ("30", "D"),
        ("0", "D"),
        ("115", "AA"),  # RB General 100 + RB Tematik 15
    ],
)
def test_predikat_at_the_bounds_of_the_official_bands(value, grade):
    assert scoring.predikat(Decimal(value)) == grade


@pytest.mark.parametrize(
    ("general", "tematik", "indeks", "grade"),
    [
        ("62.15", "8.50", "70.65", "BB"),  # the demo's 2024: General alone (62,15) would be B
        ("68.40", "11.25", "79.65", "BB"),
        ("60.00", None, "60.00", "CC"),
        ("79.99", "0.02", "80.01", "A"),
    ],
)
def test_the_indeks_is_general_plus_tematik(roadmap, general, tematik, indeks, grade):
    e = RbEvaluation(
        roadmap=roadmap,
        year=2025,
        general_value=Decimal(general),
        tematik_value=Decimal(tematik) if tematik else None,
    )
    assert (e.indeks, e.predikat) == (Decimal(indeks), grade)


def _input(**changes):
    values = {
        "year": 2025,
        "general_value": Decimal("68.40"),
        "tematik_value": Decimal("11.25"),
        "lhe_number": "B/0987/M.RB.06/2026",
        "lhe_date": dt.date(2026, 3, 20),
    }
    return RbEvaluationInput(**{**values, **changes})


def test_record_and_change_an_evaluation(roadmap, admin_user, reviewer, settings, django_capture_on_commit_callbacks):
    row = services.rb_evaluation_save(user=admin_user, data=_input(document=pdf("LHE 2025.pdf")), today=TODAY)
    assert (row.roadmap_id, row.indeks, row.predikat, row.version) == (roadmap.pk, Decimal("79.65"), "BB", 0)
    assert row.document_name == "LHE 2025.pdf"
    first_file = row.document.name
    with django_capture_on_commit_callbacks(execute=True):
        changed = services.rb_evaluation_save(
            user=reviewer,
            data=_input(general_value=Decimal("70.00"), version=0, document=pdf("LHE revisi.pdf")),
            evaluation=row,
            today=TODAY,
        )
    assert (changed.general_value, changed.indeks, changed.predikat, changed.version) == (
        Decimal("70.00"),
        Decimal("81.25"),
        "A",
        1,
    )
    assert not (settings.MEDIA_ROOT / first_file).exists()  # the replaced file is gone
    assert (settings.MEDIA_ROOT / changed.document.name).exists()
    assert [h.general_value for h in RbEvaluation.history.filter(id=row.pk).order_by("history_date")] == [
        Decimal("68.40"),
        Decimal("70.00"),
    ]


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"general_value": Decimal("100.01")}, "Nilai RB General harus 0 sampai 100."),
        ({"general_value": None}, "Nilai RB General wajib diisi."),
        ({"tematik_value": Decimal("20.01")}, "Nilai RB Tematik harus 0 sampai 20."),
        ({"year": 2027}, "Tahun 2027 belum dievaluasi: paling akhir tahun 2026."),
        ({"lhe_date": dt.date(2026, 12, 3)}, "Tanggal LHE tidak boleh setelah hari ini."),
        ({"year": 2019}, "Tidak ada road map yang mencakup tahun 2019."),
        ({"lhe_number": "x" * 101}, "Nomor LHE terlalu panjang."),
    ],
)
def test_bad_values_are_refused_with_a_message(roadmap, admin_user, changes, problem):
    with pytest.raises(InvalidEntry) as refused:
        services.rb_evaluation_save(user=admin_user, data=_input(**changes), today=TODAY)
    assert refused.value.problems == [problem]
    assert not RbEvaluation.objects.exists()


def test_a_second_evaluation_of_the_same_year_is_refused(roadmap, admin_user):
    services.rb_evaluation_save(user=admin_user, data=_input(), today=TODAY)
    with pytest.raises(InvalidEntry, match="tahun 2025 sudah ada"):
        services.rb_evaluation_save(user=admin_user, data=_input(general_value=Decimal("1")), today=TODAY)
    assert RbEvaluation.objects.get().general_value == Decimal("68.40")


def test_a_stale_edit_is_refused(roadmap, admin_user, reviewer):
    row = services.rb_evaluation_save(user=admin_user, data=_input(), today=TODAY)
    services.rb_evaluation_save(user=reviewer, data=_input(lhe_number="B/1"), evaluation=row, today=TODAY)
    with pytest.raises(StaleEdit):
        services.rb_evaluation_save(
            user=admin_user, data=_input(general_value=Decimal("1")), evaluation=row, today=TODAY
        )
    assert RbEvaluation.objects.get().general_value == Decimal("68.40")


def test_a_refused_document_saves_nothing(roadmap, admin_user, settings):
    bad = SimpleUploadedFile("LHE.pdf", b"MZ not a pdf", content_type="application/pdf")
    with pytest.raises(EvidenceRejected):
        services.rb_evaluation_save(user=admin_user, data=_input(document=bad), today=TODAY)
    assert not RbEvaluation.objects.exists()
    assert not (settings.MEDIA_ROOT / "lhe").exists()


@pytest.mark.parametrize("who", ["officer_a", "pimpinan"])
def test_only_staff_record_an_evaluation(roadmap, people, who):
    with pytest.raises(NotAllowed):
        services.rb_evaluation_save(user=people[who], data=_input(), today=TODAY)
    assert not RbEvaluation.objects.exists()
