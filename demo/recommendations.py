"""The demo's yearly evaluations (the Indeks RB of 2024 and 2025, the same rows as demo.indeks_rb) and a dozen
recommendations of their LHE with the units' tindak lanjut, told quarter by quarter in the demo's history.

`seed_recommendations` is idempotent (get_or_create by year, by number, by unit); it runs before the history is
played, so that each quarter's reports get their rows when their cycle opens (services.cycles), and
`save_follow_up_rows` is the officer's step in demo.history's Simpan Draf, through the services like the other
rows. Each story says after how many quarters the unit reports Selesai (with its bukti dukung); one never does
and is past its due quarter (Terlambat on the page and in the overdue e-mail).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from demo import evidence
from evaluations.models import (
    ROMAN,
    FollowUp,
    FollowUpStatus,
    RbEvaluation,
    Recommendation,
    RecommendationAssignment,
    Report,
)
from evaluations.services.evidence import PDF, evidence_add_many
from evaluations.services.follow_ups import follow_up_row_save
from roadmap.models import Roadmap, Unit, User

# The coordinator's values (COORD.md, the same as demo.indeks_rb): year → general, tematik, LHE number, LHE date.
EVALUATIONS = {
    2024: (Decimal("62.15"), Decimal("8.50"), "B/1234/M.RB.06/2025", dt.date(2025, 3, 14)),
    2025: (Decimal("68.40"), Decimal("11.25"), "B/0987/M.RB.06/2026", dt.date(2026, 3, 20)),
}


@dataclass(frozen=True)
class Story:
    year: int  # of the evaluation
    number: int
    text: str
    due: tuple[int, int]  # (year, quarter)
    units: tuple[str, ...]
    done_after: int | None  # quarters after the first one in which it is Selesai; None: never


STORIES = [
    Story(
        2024,
        1,
        "Menetapkan peta proses bisnis layanan kesehatan dasar dan menyelaraskan SOP puskesmas dengannya.",
        (2025, 2),
        ("dinkes",),
        1,
    ),
    Story(
        2024,
        2,
        "Menyusun manajemen talenta ASN dan menerapkannya pada pengisian jabatan di perangkat daerah.",
        (2025, 4),
        ("bkpsdm", "dinkes"),
        3,
    ),
    Story(
        2024,
        3,
        "Meningkatkan maturitas SPIP melalui penilaian risiko di setiap perangkat daerah.",
        (2025, 3),
        ("inspektorat",),
        2,
    ),
    Story(
        2024,
        4,
        "Mengintegrasikan aplikasi layanan publik ke dalam satu portal SPBE kabupaten.",
        (2025, 4),
        ("diskominfo",),
        None,
    ),
    Story(
        2024,
        5,
        "Mengevaluasi kelembagaan perangkat daerah dan menyederhanakan jabatan struktural.",
        (2026, 2),
        ("setda",),
        4,
    ),
    Story(
        2024,
        6,
        "Menyelaraskan indikator kinerja utama dengan sasaran RB dalam dokumen perencanaan.",
        (2025, 4),
        ("bapelitbang",),
        2,
    ),
    Story(
        2024,
        7,
        "Memperluas survei kepuasan masyarakat ke seluruh unit layanan kesehatan.",
        (2026, 4),
        ("dinkes",),
        None,
    ),
    Story(
        2025,
        1,
        "Menurunkan angka stunting melalui integrasi data sasaran antarperangkat daerah (RB Tematik kemiskinan).",
        (2026, 4),
        ("dinkes", "bapelitbang"),
        None,
    ),
    Story(
        2025,
        2,
        "Menerapkan sistem merit pada seluruh tahapan manajemen ASN.",
        (2026, 4),
        ("bkpsdm",),
        1,
    ),
    Story(
        2025,
        3,
        "Menetapkan arsitektur SPBE kabupaten dan peta rencananya.",
        (2026, 4),
        ("diskominfo",),
        0,
    ),
    Story(
        2025,
        4,
        "Mempercepat perizinan berusaha melalui OSS berbasis risiko dan mal pelayanan publik.",
        (2027, 2),
        ("dpmptsp",),
        2,
    ),
    Story(
        2025,
        5,
        "Menindaklanjuti temuan pengawasan internal paling lambat 60 hari.",
        (2027, 2),
        ("inspektorat",),
        None,
    ),
]

STORY = {(s.year, s.number): s for s in STORIES}


def seed_recommendations(roadmap: Roadmap) -> list[Recommendation]:
    """The two evaluations and the dozen recommendations with their units (idempotent)."""
    evaluations = {}
    for year, (general, tematik, number, date) in EVALUATIONS.items():
        evaluations[year], _ = RbEvaluation.objects.get_or_create(
            year=year,
            defaults={
                "roadmap": roadmap,
                "general_value": general,
                "tematik_value": tematik,
                "lhe_number": number,
                "lhe_date": date,
            },
        )
    units = {u.slug: u for u in Unit.objects.filter(slug__in={slug for s in STORIES for slug in s.units})}
    recommendations = []
    for story in STORIES:
        recommendation, _ = Recommendation.objects.get_or_create(
            evaluation=evaluations[story.year],
            number=story.number,
            defaults={"text": story.text, "due_year": story.due[0], "due_quarter": story.due[1]},
        )
        for slug in story.units:
            RecommendationAssignment.objects.get_or_create(recommendation=recommendation, unit=units[slug])
        recommendations.append(recommendation)
    return recommendations


def status_at(story: Story, quarters_in: int) -> FollowUpStatus:
    """The story's status `quarters_in` quarters after the first quarter of the follow-up."""
    if story.done_after is not None and quarters_in >= story.done_after:
        return FollowUpStatus.SELESAI
    return FollowUpStatus.BELUM if quarters_in == 0 else FollowUpStatus.DALAM_PROSES


def _explanation(status: FollowUpStatus, quarter_label: str) -> str:
    if status == FollowUpStatus.SELESAI:
        return f"Tindak lanjut selesai pada {quarter_label}; dokumen penetapan terlampir."
    if status == FollowUpStatus.DALAM_PROSES:
        return f"Tindak lanjut berjalan: rapat koordinasi dan penyusunan draf pada {quarter_label}."
    return "Tindak lanjut dijadwalkan pada triwulan berikutnya."


def save_follow_up_rows(*, report: Report, officer: User, day: dt.date, partial: bool) -> int:
    """The officer's tindak lanjut rows of this report as the stories have them; returns the rows written."""
    rows = list(
        FollowUp.objects.filter(report=report)
        .select_related("assignment__recommendation__evaluation", "assignment__unit", "report__cycle")
        .order_by("pk")
    )
    if partial:
        rows = rows[: len(rows) // 2]
    cycle = report.cycle
    for row in rows:
        recommendation = row.assignment.recommendation
        story = STORY.get((recommendation.evaluation.year, recommendation.number))
        if story is None:
            continue
        start_year, start_quarter = recommendation.evaluation.follow_up_from()
        quarters_in = (cycle.year - start_year) * 4 + cycle.quarter - start_quarter
        status = status_at(story, quarters_in)
        data = {"status": status, "explanation": _explanation(status, cycle.label)}
        saved = follow_up_row_save(user=officer, row=row, data=data, version=row.version, today=day)
        if status == FollowUpStatus.SELESAI:
            evidence_add_many(progress=saved, user=officer, uploaded_files=[_evidence_file(saved)], today=day)
    return len(rows)


def _evidence_file(row: FollowUp) -> SimpleUploadedFile:
    """Laporan_Tindak_Lanjut_LHE_2024_No_1_Dinkes_TW_II_2025.pdf."""
    recommendation, unit, cycle = row.assignment.recommendation, row.assignment.unit, row.report.cycle
    short = re.sub(r"[^A-Za-z0-9]+", "_", unit.short_name).strip("_")
    year = recommendation.evaluation.year
    period = f"TW_{ROMAN[cycle.quarter]}_{cycle.year}"
    name = f"Laporan_Tindak_Lanjut_LHE_{year}_No_{recommendation.number}_{short}_{period}.pdf"
    lines = [
        f"Perangkat daerah: {unit.name}",
        f"Periode: Triwulan {ROMAN[cycle.quarter]} Tahun {cycle.year}",
        f"LHE {recommendation.evaluation.lhe_number}, rekomendasi nomor {recommendation.number}:",
        recommendation.text,
        "Status: Selesai",
        "Dibuat otomatis untuk data demo Monev RB.",
    ]
    content = evidence.pdf_bytes(f"Laporan Tindak Lanjut Rekomendasi LHE {year}", lines)
    return SimpleUploadedFile(name, content, content_type=PDF.content_type)
