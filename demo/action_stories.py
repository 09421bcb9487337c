"""How each pelaksana's rencana aksi runs in the demo, as plain data: pure and deterministic like demo.stories.

Per action, year and pelaksana one *course*: most run to their tahapan (on track, Selesai in the end quarter), some
finish a quarter early, some stay behind their tahapan every quarter (so, from their second quarter, they are on
the late list, and past their end not Selesai), a few are not carried out (budget moved in the APBD shift). The
values follow the plan's tahapan through areas.action_rules; the texts are what a regency's officer writes.
"""

from __future__ import annotations

import enum
import random
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from areas import action_rules

HUNDRED = Decimal(100)


def rng(*parts: object) -> random.Random:
    return random.Random("-".join(str(p) for p in parts))  # noqa: S311 - demo data, not security


class Course(enum.StrEnum):
    ON_TRACK = "sesuai_jadwal"
    AHEAD = "lebih_cepat"  # Selesai one quarter before its planned end
    BEHIND = "terlambat"  # below its tahapan in every quarter: late from its second quarter on
    NOT_DONE = "tidak_terlaksana"  # behind in its first quarter, then Tidak Terlaksana


# The late list of the latest approved quarter (TW II 2026) is never empty: these run behind in 2026.
BEHIND = {
    ("RA-KEM-1.01", 2026, "dinsos"),  # Pemutakhiran data DTKS
    ("RA-PTL-2.01", 2026, "diskominfo"),  # Srikandi
    ("RA-PPL-1.01", 2026, "disdukcapil"),  # standar pelayanan, due by TW II: past its end, not Selesai
    ("RA-SDM-1.01", 2025, "bkpsdm"),
    ("RA-INV-1.01", 2025, "dpmptsp"),
}
ON_TRACK = {("RA-SDM-1.02", 2026, "bkpsdm"), ("RA-DIG-2.01", 2026, "diskominfo")}


def course_of(code: str, year: int, slug: str, *, start: int, end: int) -> Course:
    if (code, year, slug) in BEHIND:
        return Course.BEHIND
    if (code, year, slug) in ON_TRACK:
        return Course.ON_TRACK
    roll = rng("jalannya", code, year, slug).random()
    if roll < 0.13:
        return Course.BEHIND
    if roll < 0.17 and end - start >= 2:
        return Course.NOT_DONE
    if roll < 0.27 and end > start:
        return Course.AHEAD
    return Course.ON_TRACK


@dataclass(frozen=True)
class PlanFacts:
    """What the story of one pelaksana's row needs of the plan."""

    code: str
    year: int
    slug: str  # the pelaksana
    start: int
    end: int
    stages: dict[int, tuple[str, Decimal]]  # quarter → (description, planned cumulative %)
    target: Decimal  # the pelaksana's share of the output target
    budget: Decimal  # the pelaksana's share of the budget (Rp)
    satuan: str


@dataclass(frozen=True)
class ActionValues:
    status: str
    progress: Decimal
    output_realised: Decimal
    budget_realised: Decimal
    penjelasan: str
    kendala: str
    rencana_tindak_lanjut: str

    @property
    def done(self) -> bool:
        return self.status == "selesai"

    def as_data(self) -> dict[str, object]:
        return {
            "status": self.status,
            "progress": self.progress,
            "output_realised": self.output_realised,
            "budget_realised": self.budget_realised,
            "penjelasan": self.penjelasan,
            "kendala": self.kendala,
            "rencana_tindak_lanjut": self.rencana_tindak_lanjut,
        }


KENDALA = [
    "Penyedia jasa konsultansi baru berkontrak pada akhir triwulan.",
    "Anggaran kegiatan baru tersedia setelah pergeseran APBD.",
    "Data dari kecamatan dan desa belum lengkap diterima.",
    "Tim pelaksana merangkap penyusunan LKPJ dan LPPD.",
    "Jadwal narasumber dari kementerian bergeser ke bulan berikutnya.",
    "Server aplikasi menunggu pengadaan perangkat jaringan.",
    "Proses lelang ulang karena penawaran pertama tidak memenuhi syarat.",
]
RTL = [
    "Percepatan pada triwulan berikutnya dengan rapat koordinasi mingguan.",
    "Mengusulkan tambahan waktu pelaksanaan dan anggaran pada APBD Perubahan.",
    "Menyurati camat agar data disampaikan paling lambat akhir bulan.",
    "Berkoordinasi dengan Diskominfo untuk penyiapan server dan jaringan.",
    "Menambah anggota tim pelaksana dari bidang terkait.",
]
NOT_DONE_KENDALA = "Anggaran kegiatan dialihkan pada pergeseran APBD untuk kebutuhan prioritas daerah."
NOT_DONE_RTL = "Diusulkan kembali dalam rencana aksi tahun berikutnya."


def _pct(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


def _stage_at(facts: PlanFacts, quarter: int) -> str:
    past = [q for q in facts.stages if q <= quarter]
    return facts.stages[max(past)][0] if past else ""


def _next_stage(facts: PlanFacts, quarter: int) -> str:
    later = [q for q in facts.stages if q > quarter]
    return facts.stages[min(later)][0] if later else ""


def _output(facts: PlanFacts, progress: Decimal) -> Decimal:
    return (facts.target * progress / HUNDRED).quantize(Decimal(1), rounding=ROUND_DOWN)


def _spent(facts: PlanFacts, progress: Decimal) -> Decimal:
    # The same efficiency through the year: the cumulative spending never falls as progress grows.
    efficiency = Decimal(str(round(rng("serapan", facts.code, facts.year, facts.slug).uniform(0.86, 0.98), 3)))
    return (facts.budget * progress / HUNDRED * efficiency / 1000).quantize(Decimal(1)) * 1000


def values_at(facts: PlanFacts, quarter: int) -> ActionValues:
    """The row the pelaksana reports for `quarter` of the plan's year."""
    r = rng("aksi-teks", facts.code, facts.year, facts.slug, quarter)
    if quarter < facts.start:
        return ActionValues(
            "belum_dimulai",
            Decimal(0),
            Decimal(0),
            Decimal(0),
            f"Pelaksanaan dijadwalkan mulai TW {facts.start}.",
            "",
            "",
        )
    course = course_of(facts.code, facts.year, facts.slug, start=facts.start, end=facts.end)
    planned = action_rules.planned_progress_at({q: p for q, (_d, p) in facts.stages.items()}, quarter, facts.end)
    stage = _stage_at(facts, quarter)
    finish = facts.end - 1 if course == Course.AHEAD else facts.end
    if course in (Course.ON_TRACK, Course.AHEAD) and quarter >= finish:
        return ActionValues(
            "selesai",
            HUNDRED,
            facts.target,
            _spent(facts, HUNDRED),
            f"Seluruh tahapan selesai ({stage.lower()}); output {_pct(facts.target)} {facts.satuan} tercapai.",
            "",
            "Laporan akhir disampaikan kepada unit koordinator.",
        )
    if course in (Course.ON_TRACK, Course.AHEAD):
        ahead = Decimal(10) if course == Course.AHEAD else Decimal(r.choice((0, 0, 5)))
        progress = min(planned + ahead, Decimal(95))
        following = _next_stage(facts, quarter)
        return ActionValues(
            "berjalan",
            progress,
            _output(facts, progress),
            _spent(facts, progress),
            f"{stage} sesuai jadwal; progres kumulatif {_pct(progress)} % dari rencana {_pct(planned)} %.",
            "",
            f"Melanjutkan tahapan berikutnya: {following.lower()}." if following else "",
        )
    # The same shortfall all year, so that the cumulative figures never fall from one quarter to the next.
    gap = Decimal(rng("aksi-selisih", facts.code, facts.year, facts.slug).choice((15, 20, 25, 30)))
    if course == Course.NOT_DONE:
        gap = Decimal(20)
    first = _first_planned(facts)
    if course == Course.NOT_DONE and quarter > facts.start:
        stalled = max(first - gap, (first * Decimal("0.4")).quantize(Decimal(1)))
        return ActionValues(
            "tidak_terlaksana",
            stalled,
            _output(facts, stalled),
            _spent(facts, stalled),
            "Kegiatan dihentikan dan tidak dapat dilanjutkan tahun ini.",
            NOT_DONE_KENDALA,
            NOT_DONE_RTL,
        )
    behind = max(planned - gap, (planned * Decimal("0.4")).quantize(Decimal(1)))
    past_end = quarter >= facts.end
    text = (
        f"Sampai akhir masa pelaksanaan baru {_pct(behind)} % terlaksana; {stage.lower()} belum selesai."
        if past_end
        else f"{stage} belum sesuai jadwal; progres kumulatif {_pct(behind)} % dari rencana {_pct(planned)} %."
    )
    return ActionValues(
        "berjalan",
        behind,
        _output(facts, behind),
        _spent(facts, behind),
        text,
        rng("aksi-kendala", facts.code, facts.year, facts.slug).choice(KENDALA),
        rng("aksi-rtl", facts.code, facts.year, facts.slug).choice(RTL),
    )


def _first_planned(facts: PlanFacts) -> Decimal:
    return action_rules.planned_progress_at({q: p for q, (_d, p) in facts.stages.items()}, facts.start, facts.end)
