"""The demo's yearly results: the Indeks RB of 2024 and 2025 with exactly the agreed values, the active road map's
sasaran realised for the years already over, and a second run that changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from demo import indeks_rb, sasaran
from demo.units import VERIFIER_USERNAME
from evaluations.models import RbEvaluation, StrategicEvidence, StrategicRealisation
from roadmap.models import Roadmap, User

pytestmark = pytest.mark.django_db


def test_demo_indeks_rb_and_sasaran(demo_today):
    rows = {
        e.year: (e.general_value, e.tematik_value, e.indeks, e.predikat, e.lhe_number, e.lhe_date, e.roadmap.start_year)
        for e in RbEvaluation.objects.select_related("roadmap")
    }
    assert rows == {
        2024: (
            Decimal("62.15"),
            Decimal("8.50"),
            Decimal("70.65"),
            "BB",
            "B/1234/M.RB.06/2025",
            dt.date(2025, 3, 14),
            2020,
        ),
        2025: (
            Decimal("68.40"),
            Decimal("11.25"),
            Decimal("79.65"),
            "BB",
            "B/0987/M.RB.06/2026",
            dt.date(2026, 3, 20),
            2025,
        ),
    }
    active = Roadmap.objects.get(is_active=True)
    realised = {
        (r.indicator.name, r.year): r.value
        for r in StrategicRealisation.objects.filter(indicator__strategic_target__roadmap=active).select_related(
            "indicator"
        )
    }
    # 2 December 2026: only 2025 is over. Indeks RB realised by the evaluation's Indeks; BerAKHLAK target 65 × 1,03.
    assert realised == {
        ("Indeks Reformasi Birokrasi", 2025): Decimal("79.6500"),
        ("Indeks BerAKHLAK ASN", 2025): Decimal("66.9500"),
    }


def test_a_second_run_changes_nothing(demo_today):
    before = list(RbEvaluation.objects.order_by("year").values_list("year", "general_value", "version"))
    active = Roadmap.objects.get(is_active=True)
    indeks_rb.seed_indeks_rb(by=None)
    assert sasaran.seed_sasaran(roadmap=active, today=demo_today.date(), by=None) == 2
    assert list(RbEvaluation.objects.order_by("year").values_list("year", "general_value", "version")) == before
    assert StrategicRealisation.objects.count() == 2
    assert StrategicRealisation.history.count() == 2  # no new Riwayat record


def test_each_realised_sasaran_has_its_bukti_dukung(demo_today):
    # A real PDF each, with the name a BKPSDM officer would give it, and no second one on a second run.
    active = Roadmap.objects.get(is_active=True)
    files = {
        (e.realisation.indicator.name, e.realisation.year): e
        for e in StrategicEvidence.objects.filter(
            realisation__indicator__strategic_target__roadmap=active
        ).select_related("realisation__indicator")
    }
    assert {key: e.original_name for key, e in files.items()} == {
        ("Indeks Reformasi Birokrasi", 2025): "LHE_Evaluasi_RB_2025.pdf",
        ("Indeks BerAKHLAK ASN", 2025): "Rekap_Capaian_Indeks_BerAKHLAK_ASN_2025.pdf",
    }
    for item in files.values():
        with item.file.open("rb") as handle:
            content = handle.read()
        assert content.startswith(b"%PDF-1.4") and item.size == len(content) and item.content_type == "application/pdf"
    sasaran.seed_sasaran(roadmap=active, today=demo_today.date(), by=None)
    assert StrategicEvidence.objects.filter(realisation__indicator__strategic_target__roadmap=active).count() == 2


def test_a_sasaran_edited_on_the_page_gets_no_demo_file(demo_today):
    active = Roadmap.objects.get(is_active=True)
    StrategicEvidence.objects.all().delete()
    StrategicRealisation.objects.filter(indicator__name="Indeks BerAKHLAK ASN").update(version=1)
    sasaran.seed_sasaran(roadmap=active, today=demo_today.date(), by=User.objects.get(username=VERIFIER_USERNAME))
    assert list(StrategicEvidence.objects.values_list("original_name", flat=True)) == ["LHE_Evaluasi_RB_2025.pdf"]
