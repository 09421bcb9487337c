"""The demo's realisation of the active road map's sasaran indicators for the years already over (a year is
realised after it ends): get_or_create per indicator and year, so a second run changes nothing and an entry made
on the page is kept. Each has its bukti dukung, a small PDF (the LHE for the Indeks RB, a recap for the others),
added while the row is still the demo's own (never edited on the page) and has none."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from areas.models import StrategicIndicator
from areas.templatetags.monev import angka
from demo import evidence, indeks_rb
from evaluations.models import StrategicEvidence, StrategicRealisation
from evaluations.services.evidence import PDF, check_file, keep_file
from roadmap.models import Roadmap, User

# The road map's Indeks RB indicator is realised by the evaluation's Indeks (General + Tematik) of that year.
INDEKS_RB = "Indeks Reformasi Birokrasi"
# Other indicators: their target times this share, by how many years into the road map (a plausible path).
SHARES = [Decimal("1.03"), Decimal("0.98"), Decimal("1.01"), Decimal("0.99"), Decimal("1.02")]
NOTES = {
    INDEKS_RB: "Sesuai Laporan Hasil Evaluasi RB KemenPANRB.",
}


def _value(indicator: StrategicIndicator, year: int, target: Decimal | None, index: int) -> Decimal | None:
    if indicator.name == INDEKS_RB:
        for result_year, general, tematik, _number, _date in indeks_rb.RESULTS:
            if result_year == year:
                return general + tematik
    if target is None:
        return None
    return (target * SHARES[index % len(SHARES)]).quantize(Decimal("0.01"))


def seed_sasaran(*, roadmap: Roadmap, today: dt.date, by: User | None) -> int:
    """Realisations of the road map's years before today's; returns how many rows exist for them."""
    years = [year for year in roadmap.years if year < today.year]
    count = 0
    for indicator in StrategicIndicator.objects.filter(strategic_target__roadmap=roadmap).prefetch_related("targets"):
        targets = {t.year: t.value for t in indicator.targets.all()}
        for index, year in enumerate(years):
            value = _value(indicator, year, targets.get(year), index)
            if value is None:
                continue
            realisation, _created = StrategicRealisation.objects.get_or_create(
                indicator=indicator,
                year=year,
                defaults={"value": value, "note": NOTES.get(indicator.name, ""), "updated_by": by},
            )
            if realisation.version == 0 and realisation.updated_by_id == (by.pk if by else None):
                _add_evidence(realisation, by)
            count += 1
    return count


def evidence_file(realisation: StrategicRealisation) -> SimpleUploadedFile:
    """LHE_Evaluasi_RB_2025.pdf for the Indeks RB, Rekap_Capaian_Indeks_BerAKHLAK_ASN_2025.pdf for the others."""
    indicator, year = realisation.indicator, realisation.year
    if indicator.name == INDEKS_RB:
        name, title = f"LHE_Evaluasi_RB_{year}.pdf", f"Laporan Hasil Evaluasi Reformasi Birokrasi Tahun {year}"
    else:
        words = "_".join(indicator.name.replace("/", " ").split())
        name, title = f"Rekap_Capaian_{words}_{year}.pdf", f"Rekapitulasi Capaian {indicator.name} Tahun {year}"
    lines = [
        f"Indikator sasaran: {indicator.name}",
        f"Tahun: {year}",
        f"Realisasi: {angka(realisation.value)} {indicator.get_satuan_display()}".rstrip(),
        "",
        "Disusun oleh BKPSDM Kabupaten Penajam Paser Utara.",
        "Dibuat otomatis untuk data demo Monev RB.",
    ]
    return SimpleUploadedFile(name, evidence.pdf_bytes(title, lines), content_type=PDF.content_type)


def _add_evidence(realisation: StrategicRealisation, by: User | None) -> None:
    if realisation.evidence.exists():
        return
    checked = check_file(evidence_file(realisation))  # the upload guard of every bukti dukung
    keep_file(StrategicEvidence(realisation=realisation, uploaded_by=by), checked, stored=[])
