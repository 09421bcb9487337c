"""The demo's road maps and indicators: what each unit measures, how, from which source, and its targets.

Two road maps of Kabupaten Penajam Paser Utara side by side (2020–2024, and the active 2025–2029), each with
the two sasaran of PermenPANRB No. 3/2023 and per unit five common indicators, two in rotation and the unit's
own (SPBE at Diskominfo, sistem merit and IP ASN at BKPSDM …). Targets are written in bulk: they are master
data, not a workflow; the history of reports goes through the services (demo.history).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from areas.models import (
    ChangeArea,
    ElementAspect,
    Indicator,
    IndicatorAnnualTarget,
    IndicatorKind,
    IndicatorTarget,
    RbTheme,
    StrategicIndicator,
    StrategicIndicatorTarget,
    StrategicTarget,
    cumulative_default,
)
from areas.reference import ELEMENT_TARGETS, load_reference
from demo.rows import upsert
from roadmap.models import Roadmap, Unit

ROADMAPS = [
    ("Road Map Reformasi Birokrasi Kabupaten Penajam Paser Utara 2020–2024", 2020, 2024),
    ("Road Map Reformasi Birokrasi Kabupaten Penajam Paser Utara 2025–2029", 2025, 2029),
]
ACTIVE_START = 2025


@dataclass(frozen=True)
class IndicatorTemplate:
    key: str
    name: str
    area: str  # ChangeArea.code
    aspect: str  # ElementAspect.code
    theme: str  # RbTheme.code
    satuan: str
    polarity: str
    definition: str  # what is measured, by whom, by which rule
    source: str  # where the number comes from
    document: str  # the evidence's file name stem: Laporan_SAKIP → Laporan_SAKIP_Dinkes_TW_II_2026.pdf
    baseline: str | None = None
    start: str = "0"  # first year's annual target
    step: str = "0"  # added each following year
    shape: str = "state"  # state: the same level each quarter; count: cumulative share of the year
    decimals: int = 2
    yearly: bool = False  # measured once a year (an external evaluation): the same value all four quarters
    spreadsheet: bool = False  # the evidence is a recap in XLSX rather than a signed PDF
    due_quarter: int = 1  # a milestone has a target (and a report row) from this quarter of each year
    plausible: tuple[str, str] | None = None  # the range a real regency reports in (demo.stories.realisasi)

    @property
    def kind(self) -> str:
        return KINDS.get(self.key, IndicatorKind.OUTCOME)

    @property
    def cumulative(self) -> bool:
        """A count that grows through the year (inovasi, perda): its quarters add up to the year. A share or
        a level growing to its target (Persentase SOP, PAD %) is per quarter: each quarter's own figure."""
        return self.shape == "count" and cumulative_default(self.satuan)


T = IndicatorTemplate
TEMPLATES: list[IndicatorTemplate] = [
    T(
        "sakip",
        "Nilai SAKIP perangkat daerah",
        "AKU",
        "akuntabilitas",
        "general",
        "nilai",
        "higher",
        "Nilai hasil evaluasi implementasi Sistem Akuntabilitas Kinerja Instansi Pemerintah (SAKIP) perangkat "
        "daerah, skala 0–100, yang dinilai setiap tahun oleh Inspektorat Daerah menurut PermenPANRB Nomor 88 "
        "Tahun 2021: perencanaan, pengukuran, pelaporan dan evaluasi internal kinerja.",
        "Laporan Hasil Evaluasi (LHE) SAKIP perangkat daerah, Inspektorat Daerah",
        "Laporan_SAKIP",
        baseline="62",
        start="65",
        step="2.5",
        yearly=True,
        plausible=("60", "76"),
    ),
    T(
        "ikm",
        "Indeks Kepuasan Masyarakat (IKM)",
        "PPL",
        "tata-kerja",
        "general",
        "indeks",
        "higher",
        "Hasil Survei Kepuasan Masyarakat atas sembilan unsur pelayanan (PermenPANRB Nomor 14 Tahun 2017): "
        "rata-rata tertimbang jawaban penerima layanan, dikonversi ke skala 25–100. Survei dilakukan unit "
        "layanan setiap triwulan.",
        "Laporan Survei Kepuasan Masyarakat unit layanan",
        "Rekap_Survei_IKM",
        baseline="78",
        start="80",
        step="2",
        spreadsheet=True,
        plausible=("75", "90"),
    ),
    T(
        "berakhlak",
        "Indeks BerAKHLAK pegawai",
        "MP",
        "budaya",
        "general",
        "indeks",
        "higher",
        "Hasil survei internal penerapan nilai dasar ASN BerAKHLAK (berorientasi pelayanan, akuntabel, "
        "kompeten, harmonis, loyal, adaptif, kolaboratif) terhadap pegawai perangkat daerah, skala 0–100, "
        "sesuai SE MenPANRB Nomor 20 Tahun 2021.",
        "Survei budaya kerja BerAKHLAK, dikoordinasikan BKPSDM",
        "Laporan_Survei_BerAKHLAK",
        baseline="68",
        start="72",
        step="3",
        plausible=("60", "92"),
    ),
    T(
        "sop",
        "Persentase SOP yang diperbarui",
        "PTL",
        "tata-laksana",
        "general",
        "persen",
        "higher",
        "SOP administrasi pemerintahan yang direviu dan ditetapkan ulang tahun ini dibagi SOP yang wajib "
        "direviu, dikali 100 % (PermenPANRB Nomor 35 Tahun 2012); kumulatif sampai triwulan.",
        "Daftar SOP dan keputusan penetapan kepala perangkat daerah",
        "Daftar_SOP_Diperbarui",
        baseline="40",
        start="100",
        shape="count",
    ),
    T(
        "asn20jp",
        "Persentase ASN yang mengikuti pengembangan kompetensi minimal 20 JP",
        "SDM",
        "sdm",
        "general",
        "persen",
        "higher",
        "ASN perangkat daerah yang sudah mengikuti pengembangan kompetensi sekurang-kurangnya 20 jam "
        "pelajaran tahun ini dibagi seluruh ASN-nya, dikali 100 % (PP Nomor 17 Tahun 2020); kumulatif "
        "sampai triwulan.",
        "Rekap pengembangan kompetensi pada SIMPEG BKPSDM",
        "Rekap_Pengembangan_Kompetensi",
        baseline="55",
        start="70",
        step="5",
        shape="count",
        spreadsheet=True,
    ),
    T(
        "anjab",
        "Persentase jabatan yang dianalisis dan dievaluasi",
        "PO",
        "kelembagaan",
        "general",
        "persen",
        "higher",
        "Jabatan di perangkat daerah yang memiliki analisis jabatan, analisis beban kerja dan evaluasi "
        "jabatan yang mutakhir dibagi seluruh jabatannya, dikali 100 %; kumulatif sampai triwulan.",
        "Dokumen Anjab-ABK dan hasil evaluasi jabatan, Bagian Organisasi Setda",
        "Dokumen_Anjab_ABK",
        baseline="60",
        start="80",
        step="5",
        shape="count",
    ),
    T(
        "tlhp",
        "Persentase rekomendasi hasil pemeriksaan yang ditindaklanjuti",
        "PWS",
        "akuntabilitas",
        "general",
        "persen",
        "higher",
        "Rekomendasi hasil pemeriksaan BPK dan Inspektorat yang sudah selesai ditindaklanjuti dibagi "
        "rekomendasi yang diterima, dikali 100 %; kumulatif sampai triwulan.",
        "Laporan pemantauan tindak lanjut hasil pemeriksaan, Inspektorat Daerah",
        "Pemantauan_TLHP",
        baseline="70",
        start="85",
        step="3",
        shape="count",
    ),
    T(
        "p3dn",
        "Persentase belanja produk dalam negeri (P3DN)",
        "AKU",
        "strategi",
        "prioritas-presiden",
        "persen",
        "higher",
        "Realisasi belanja barang dan jasa atas produk dalam negeri (termasuk produk usaha mikro, kecil dan "
        "koperasi) dibagi seluruh realisasi belanja pengadaan, dikali 100 % (Inpres Nomor 2 Tahun 2022).",
        "SIRUP dan e-Katalog LKPP; laporan realisasi belanja BPKAD",
        "Rekap_Belanja_PDN",
        baseline="35",
        start="40",
        step="5",
    ),
    T(
        "layanan-elektronik",
        "Persentase layanan administrasi berbasis elektronik",
        "PTL",
        "tata-laksana",
        "digitalisasi",
        "persen",
        "higher",
        "Layanan administrasi perangkat daerah yang dapat diajukan dan diselesaikan secara elektronik "
        "(aplikasi, tanda tangan elektronik) dibagi seluruh layanan administrasinya, dikali 100 %.",
        "Daftar layanan dan aplikasi perangkat daerah, diverifikasi Diskominfo",
        "Daftar_Layanan_Elektronik",
        baseline="30",
        start="40",
        step="10",
    ),
    T(
        "inovasi",
        "Jumlah inovasi pelayanan publik",
        "PPL",
        "strategi",
        "general",
        "unit",
        "higher",
        "Inovasi pelayanan publik perangkat daerah yang sudah diterapkan dan didaftarkan pada Indeks "
        "Inovasi Daerah Kemendagri tahun ini; kumulatif sampai triwulan.",
        "Profil inovasi pada portal Indeks Inovasi Daerah, diverifikasi Bapelitbang",
        "Profil_Inovasi",
        baseline="1",
        start="2",
        step="1",
        shape="count",
        decimals=0,
    ),
    T(
        "agen-perubahan",
        "Persentase agen perubahan yang aktif",
        "MP",
        "budaya",
        "general",
        "persen",
        "higher",
        "Agen perubahan yang ditetapkan kepala perangkat daerah dan melaporkan aksi perubahannya pada "
        "triwulan ini dibagi seluruh agen perubahan yang ditetapkan, dikali 100 % (PermenPANRB Nomor 27 "
        "Tahun 2014).",
        "Keputusan penetapan agen perubahan dan laporan aksi perubahan",
        "Laporan_Agen_Perubahan",
        baseline="50",
        start="60",
        step="10",
    ),
    T(
        "zi",
        "Persentase unit kerja yang diusulkan ZI WBK/WBBM",
        "PWS",
        "budaya",
        "general",
        "persen",
        "higher",
        "Unit kerja dan unit layanan yang membangun Zona Integritas dan diusulkan menuju WBK/WBBM dibagi "
        "seluruh unit kerja perangkat daerah, dikali 100 % (PermenPANRB Nomor 90 Tahun 2021).",
        "Piagam pencanangan ZI dan hasil penilaian Tim Penilai Internal",
        "Usulan_Zona_Integritas",
        baseline="10",
        start="20",
        step="10",
    ),
    T(
        "perda",
        "Jumlah perda yang diharmonisasi",
        "DK",
        "sistem-regulasi",
        "general",
        "perda",
        "higher",
        "Rancangan peraturan daerah yang selesai diharmonisasi bersama Kantor Wilayah Kementerian Hukum "
        "Kalimantan Timur tahun ini; kumulatif sampai triwulan.",
        "Berita acara harmonisasi, Bagian Hukum Setda",
        "BA_Harmonisasi_Perda",
        baseline="4",
        start="6",
        step="1",
        shape="count",
        decimals=0,
    ),
    T(
        "perkada",
        "Jumlah peraturan kepala daerah yang dievaluasi dan dicabut/diubah",
        "DK",
        "sistem-regulasi",
        "general",
        "dokumen",
        "higher",
        "Peraturan bupati yang selesai dievaluasi dalam rangka deregulasi dan diputuskan untuk dicabut atau "
        "diubah tahun ini; kumulatif sampai triwulan.",
        "Laporan evaluasi produk hukum daerah",
        "Evaluasi_Perbup",
        baseline="3",
        start="5",
        step="1",
        shape="count",
        decimals=0,
    ),
    T(
        "spbe",
        "Indeks SPBE",
        "PTL",
        "tata-laksana",
        "digitalisasi",
        "indeks",
        "higher",
        "Indeks Sistem Pemerintahan Berbasis Elektronik Kabupaten PPU, skala 1–5 (kebijakan, tata kelola, "
        "manajemen dan layanan SPBE), hasil evaluasi tahunan KemenPANRB menurut PermenPANRB Nomor 59 Tahun 2020.",
        "Hasil evaluasi SPBE KemenPANRB; Diskominfo",
        "Hasil_Evaluasi_SPBE",
        baseline="2.05",
        start="2.45",
        step="0.25",
        yearly=True,
        plausible=("2", "3.5"),
    ),
    T(
        "spip",
        "Maturitas SPIP",
        "PWS",
        "sistem-regulasi",
        "general",
        "level",
        "higher",
        "Tingkat maturitas Sistem Pengendalian Intern Pemerintah Kabupaten PPU, level 0–5, hasil penilaian "
        "mandiri yang divalidasi BPKP (PP Nomor 60 Tahun 2008).",
        "Laporan penilaian maturitas SPIP terintegrasi, BPKP Perwakilan Kalimantan Timur",
        "Penilaian_Maturitas_SPIP",
        baseline="2.5",
        start="3",
        step="0.25",
        yearly=True,
        plausible=("2", "4"),
    ),
    T(
        "apip",
        "Level kapabilitas APIP",
        "PWS",
        "kelembagaan",
        "general",
        "level",
        "higher",
        "Level kapabilitas Inspektorat Daerah sebagai Aparat Pengawasan Intern Pemerintah menurut Internal "
        "Audit Capability Model (IACM), level 1–5, hasil penilaian BPKP.",
        "Laporan penilaian kapabilitas APIP, BPKP",
        "Penilaian_Kapabilitas_APIP",
        baseline="2",
        start="3",
        step="0.25",
        yearly=True,
        plausible=("2", "4"),
    ),
    T(
        "merit",
        "Indeks sistem merit",
        "SDM",
        "sdm",
        "general",
        "indeks",
        "higher",
        "Indeks penerapan sistem merit dalam manajemen ASN Kabupaten PPU, skala 0–1 (0,80 ke atas: sangat "
        "baik), dari penilaian mandiri yang diverifikasi BKN (sebelumnya KASN).",
        "Laporan penilaian sistem merit; BKPSDM",
        "Penilaian_Sistem_Merit",
        baseline="0.55",
        start="0.60",
        step="0.05",
        yearly=True,
        plausible=("0.45", "0.9"),
    ),
    T(
        "ipasn",
        "Indeks Profesionalitas ASN (IP ASN)",
        "SDM",
        "sdm",
        "general",
        "indeks",
        "higher",
        "Profesionalitas ASN Kabupaten PPU dari empat dimensi — kualifikasi, kompetensi, kinerja dan "
        "disiplin — skala 0–100 (PermenPANRB Nomor 38 Tahun 2018), diukur BKN bersama BKPSDM setiap tahun.",
        "Hasil pengukuran IP ASN BKN; data SIMPEG BKPSDM",
        "Pengukuran_IP_ASN",
        baseline="60",
        start="65",
        step="3",
        yearly=True,
        plausible=("50", "82"),
    ),
    T(
        "opini-bpk",
        "Opini BPK atas LKPD: WTP",
        "AKU",
        "akuntabilitas",
        "general",
        "predikat",
        "milestone",
        "Tercapai bila Laporan Hasil Pemeriksaan BPK atas Laporan Keuangan Pemerintah Daerah tahun "
        "sebelumnya memberi opini Wajar Tanpa Pengecualian (WTP); LHP terbit pada triwulan II.",
        "LHP BPK Perwakilan Provinsi Kalimantan Timur",
        "LHP_BPK_LKPD",
        yearly=True,
        due_quarter=2,
    ),
    T(
        "evaluasi-kelembagaan",
        "Dokumen evaluasi kelembagaan perangkat daerah tersusun",
        "PO",
        "kelembagaan",
        "general",
        "dokumen",
        "milestone",
        "Tercapai bila laporan evaluasi kelembagaan seluruh perangkat daerah (PermenPANRB Nomor 20 Tahun "
        "2018) selesai disusun dan disampaikan kepada Bupati; jatuh tempo triwulan I.",
        "Laporan evaluasi kelembagaan, Bagian Organisasi Setda",
        "Laporan_Evaluasi_Kelembagaan",
    ),
    T(
        "waktu-izin",
        "Rata-rata waktu penyelesaian perizinan berusaha",
        "PPL",
        "tata-kerja",
        "investasi",
        "hari",
        "lower",
        "Rata-rata hari kerja sejak permohonan perizinan berusaha lengkap sampai izin terbit, untuk izin yang "
        "terbit dalam triwulan (OSS RBA dan SiCantik).",
        "Laporan OSS RBA dan SiCantik Cloud, DPMPTSP",
        "Rekap_Waktu_Perizinan",
        baseline="10",
        start="7",
        step="-1",
        decimals=1,
        spreadsheet=True,
    ),
    T(
        "investasi",
        "Persentase peningkatan realisasi investasi",
        "PPL",
        "strategi",
        "investasi",
        "persen",
        "higher",
        "Pertumbuhan realisasi investasi PMA dan PMDN sampai triwulan ini dibanding periode yang sama tahun "
        "sebelumnya, dari Laporan Kegiatan Penanaman Modal (LKPM) pada OSS.",
        "LKPM pada OSS, Kementerian Investasi/BKPM",
        "Realisasi_Investasi_LKPM",
        baseline="5",
        start="8",
        step="1",
    ),
    T(
        "bansos",
        "Persentase penerima bantuan sosial yang tepat sasaran",
        "PPL",
        "strategi",
        "kemiskinan",
        "persen",
        "higher",
        "Penerima bantuan sosial daerah yang hasil verifikasi lapangannya sesuai dengan Data Tunggal Sosial "
        "dan Ekonomi Nasional (DTSEN, sebelumnya DTKS) dibagi seluruh penerima yang diverifikasi, dikali 100 %.",
        "Hasil verifikasi dan validasi penerima pada SIKS-NG",
        "Rekap_Verval_Bansos",
        baseline="80",
        start="85",
        step="3",
        spreadsheet=True,
    ),
    T(
        "kemiskinan-ekstrem",
        "Persentase penduduk miskin ekstrem",
        "PPL",
        "strategi",
        "kemiskinan",
        "persen",
        "lower",
        "Penduduk dengan pengeluaran di bawah garis kemiskinan ekstrem terhadap seluruh penduduk, dari angka "
        "BPS yang dimutakhirkan dengan data P3KE oleh Tim Koordinasi Penanggulangan Kemiskinan Daerah.",
        "BPS Kabupaten PPU dan data P3KE, TKPK",
        "Pemutakhiran_Data_P3KE",
        baseline="1.2",
        start="1.0",
        step="-0.2",
    ),
    T(
        "inflasi",
        "Laju inflasi daerah",
        "PPL",
        "strategi",
        "prioritas-presiden",
        "persen",
        "lower",
        "Inflasi tahunan (year on year) pada akhir triwulan menurut BPS untuk kota acuan Kalimantan Timur, "
        "yang dipantau Tim Pengendalian Inflasi Daerah (TPID).",
        "Berita Resmi Statistik BPS; notulen rapat TPID",
        "Laporan_TPID",
        baseline="4.2",
        start="3.5",
        step="-0.25",
    ),
    T(
        "adminduk",
        "Persentase dokumen kependudukan terbit tepat waktu (online)",
        "PPL",
        "tata-kerja",
        "digitalisasi",
        "persen",
        "higher",
        "Dokumen kependudukan (KK, KTP-el, akta) yang diajukan daring dan terbit dalam waktu layanan yang "
        "dijanjikan dibagi seluruh permohonan daring dalam triwulan, dikali 100 %.",
        "SIAK Terpusat dan aplikasi layanan daring Disdukcapil",
        "Rekap_Layanan_Adminduk",
        baseline="75",
        start="85",
        step="3",
        spreadsheet=True,
    ),
    T(
        "pad",
        "Persentase realisasi pendapatan asli daerah",
        "AKU",
        "strategi",
        "general",
        "persen",
        "higher",
        "Realisasi pendapatan asli daerah sampai akhir triwulan dibagi target PAD dalam APBD tahun berjalan, "
        "dikali 100 % (kumulatif).",
        "Laporan realisasi pendapatan pada SIPD, Bapenda",
        "Realisasi_PAD",
        baseline="85",
        start="100",
        shape="count",
        spreadsheet=True,
    ),
]
CATALOG: dict[str, IndicatorTemplate] = {t.key: t for t in TEMPLATES}
# What a unit produces (output) and what the regency gains in the end (dampak); the rest are outcomes, the
# "indikator hasil" DESIGN.md asks every activity for.
KINDS: dict[str, str] = {
    "sop": IndicatorKind.OUTPUT,
    "anjab": IndicatorKind.OUTPUT,
    "inovasi": IndicatorKind.OUTPUT,
    "perda": IndicatorKind.OUTPUT,
    "perkada": IndicatorKind.OUTPUT,
    "evaluasi-kelembagaan": IndicatorKind.OUTPUT,
    "investasi": IndicatorKind.DAMPAK,
    "kemiskinan-ekstrem": IndicatorKind.DAMPAK,
    "inflasi": IndicatorKind.DAMPAK,
}

COMMON = ["sakip", "ikm", "berakhlak", "sop", "asn20jp"]
ROTATING = ["anjab", "tlhp", "p3dn", "layanan-elektronik", "inovasi", "agen-perubahan", "zi"]
SPECIALS: dict[str, list[str]] = {
    "setda": ["perda", "evaluasi-kelembagaan", "inflasi"],
    "setwan": ["perda"],
    "inspektorat": ["apip", "spip", "zi"],
    "bapelitbang": ["perkada"],
    "bpkad": ["opini-bpk", "p3dn"],
    "bapenda": ["pad"],
    "bkpsdm": ["merit", "ipasn"],
    "dinsos": ["bansos", "kemiskinan-ekstrem"],
    "disdukcapil": ["adminduk"],
    "dpmptsp": ["waktu-izin", "investasi"],
    "diskominfo": ["spbe"],
    "diskop-ukm-perindag": ["inflasi", "p3dn"],
    "disnakertrans": ["investasi"],
    "kec-penajam": ["bansos"],
    "kec-sepaku": ["investasi"],
}
HEAVY = ("sakip", "ikm")  # weight 2: the two figures every unit is judged by first


@dataclass(frozen=True)
class PlannedIndicator:
    """One demo indicator: the unit, its template and its targets (annual and per quarter)."""

    roadmap: Roadmap
    unit: Unit
    code: str
    template: IndicatorTemplate
    annual: dict[int, Decimal]
    quarterly: dict[tuple[int, int], Decimal]


def quantize(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def templates_for(index: int, slug: str) -> list[IndicatorTemplate]:
    keys = list(COMMON)
    keys += [ROTATING[index % len(ROTATING)], ROTATING[(index + 3) % len(ROTATING)]]
    for key in SPECIALS.get(slug, []):
        if key not in keys:
            keys.append(key)
    return [CATALOG[k] for k in keys[:10]]


def _yearly_targets(t: IndicatorTemplate, roadmap: Roadmap, rng: random.Random) -> dict[int, Decimal]:
    if t.polarity == "milestone":
        return dict.fromkeys(roadmap.years, Decimal(1))
    # A unit's own starting level varies a little around the regency's typical figure.
    jitter = Decimal(rng.randint(-4, 4)) / Decimal(100) * Decimal(t.start) if t.shape == "state" else Decimal(0)
    out = {}
    for i, year in enumerate(roadmap.years):
        value = Decimal(t.start) + jitter + Decimal(t.step) * i
        if t.satuan == "persen":
            value = min(value, Decimal(100))
        out[year] = quantize(max(value, Decimal(0)), t.decimals)
    return out


def _quarter_targets(t: IndicatorTemplate, annual: dict[int, Decimal]) -> dict[tuple[int, int], Decimal]:
    out = {}
    for year, value in annual.items():
        for quarter in range(1, 5):
            if t.polarity == "milestone":
                if quarter >= t.due_quarter:
                    out[(year, quarter)] = value
            elif t.shape == "state":
                out[(year, quarter)] = value
            else:
                out[(year, quarter)] = quantize(value * quarter / 4, t.decimals)
    return out


def plan(roadmaps: list[Roadmap], units: list[Unit]) -> list[PlannedIndicator]:
    planned = []
    for roadmap in roadmaps:
        for index, unit in enumerate(units):
            for n, t in enumerate(templates_for(index, unit.slug), start=1):
                code = f"{unit.slug.upper()}-{n:02d}"
                rng = random.Random(f"{roadmap.start_year}-{code}")  # noqa: S311 - demo data, not security
                annual = _yearly_targets(t, roadmap, rng)
                planned.append(PlannedIndicator(roadmap, unit, code, t, annual, _quarter_targets(t, annual)))
    return planned


def seed_roadmaps() -> tuple[list[Roadmap], Roadmap]:
    """The two road maps with their sasaran; the 2025–2029 one is the active one."""
    roadmaps = []
    for name, start, end in ROADMAPS:
        legal = f"Peraturan Bupati Penajam Paser Utara tentang Road Map Reformasi Birokrasi {start}–{end}"
        roadmaps.append(upsert(Roadmap, {"start_year": start, "end_year": end}, {"name": name, "legal_basis": legal}))
    # Switched off first, on last: the at-most-one-active constraint holds at every step.
    Roadmap.objects.filter(is_active=True).exclude(start_year=ACTIVE_START).update(is_active=False)
    Roadmap.objects.filter(start_year=ACTIVE_START, is_active=False).update(is_active=True)
    for roadmap in roadmaps:
        roadmap.refresh_from_db()
        load_reference(roadmap)  # the reference framework, kept as the demo's (a new road map gets it already)
        for element, name in ELEMENT_TARGETS.items():
            target = upsert(
                StrategicTarget,
                {"roadmap": roadmap, "code": f"S-{element.upper()}"},
                {"element": element, "name": name},
            )
            indicator_name = "Indeks Reformasi Birokrasi" if element == "hard" else "Indeks BerAKHLAK ASN"
            sind = upsert(
                StrategicIndicator,
                {"strategic_target": target, "name": indicator_name},
                {"satuan": "indeks", "baseline": Decimal("60")},
            )
            for i, year in enumerate(roadmap.years):
                upsert(StrategicIndicatorTarget, {"indicator": sind, "year": year}, {"value": Decimal(65 + 3 * i)})
    active = next(r for r in roadmaps if r.start_year == ACTIVE_START)
    return roadmaps, active


def seed_indicators(roadmaps: list[Roadmap], units: list[Unit]) -> list[PlannedIndicator]:
    """Every planned indicator with its annual and quarterly targets, in bulk (upserts on the natural keys)."""
    planned = plan(roadmaps, units)
    # Each road map's own framework, by code (both demo road maps have the reference one).
    areas = {(a.roadmap_id, a.code): a for a in ChangeArea.objects.filter(roadmap__in=roadmaps)}
    aspects = {(a.roadmap_id, a.code): a for a in ElementAspect.objects.filter(roadmap__in=roadmaps)}
    themes = {(t.roadmap_id, t.code): t for t in RbTheme.objects.filter(roadmap__in=roadmaps)}
    targets = {(s.roadmap_id, s.element): s for s in StrategicTarget.objects.filter(roadmap__in=roadmaps)}
    Indicator.objects.bulk_create(
        [
            Indicator(
                roadmap=p.roadmap,
                unit=p.unit,
                code=p.code,
                name=p.template.name,
                definition=p.template.definition,
                data_source=p.template.source,
                area=areas[(p.roadmap.pk, p.template.area)],
                aspect=aspects[(p.roadmap.pk, p.template.aspect)],
                theme=themes[(p.roadmap.pk, p.template.theme)],
                strategic_target=targets.get((p.roadmap.pk, aspects[(p.roadmap.pk, p.template.aspect)].element)),
                satuan=p.template.satuan,
                polarity=p.template.polarity,
                kind=p.template.kind,
                cumulative=p.template.cumulative,
                baseline=Decimal(p.template.baseline) if p.template.baseline else None,
                weight=Decimal("2") if p.template.key in HEAVY else Decimal("1"),
                requires_evidence=True,
                is_active=True,
            )
            for p in planned
        ],
        update_conflicts=True,
        unique_fields=["roadmap", "code"],
        update_fields=[
            "unit",
            "name",
            "definition",
            "data_source",
            "area",
            "aspect",
            "theme",
            "strategic_target",
            "satuan",
            "polarity",
            "kind",
            "cumulative",
            "baseline",
            "weight",
            "requires_evidence",
            "is_active",
        ],
    )
    ids = {(i.roadmap_id, i.code): i.pk for i in Indicator.objects.filter(roadmap__in=roadmaps)}
    annual_rows, quarter_rows = [], []
    stale = Q(pk__in=[])
    for p in planned:
        indicator_id = ids[(p.roadmap.pk, p.code)]
        due = p.template.due_quarter if p.template.polarity == "milestone" else None
        annual_rows += [
            IndicatorAnnualTarget(indicator_id=indicator_id, year=y, value=v, due_quarter=due)
            for y, v in p.annual.items()
        ]
        quarter_rows += [
            IndicatorTarget(indicator_id=indicator_id, year=y, quarter=q, value=v) for (y, q), v in p.quarterly.items()
        ]
        if p.template.polarity == "milestone":
            stale |= Q(indicator_id=indicator_id, quarter__lt=p.template.due_quarter)
    IndicatorAnnualTarget.objects.bulk_create(
        annual_rows, update_conflicts=True, unique_fields=["indicator", "year"], update_fields=["value", "due_quarter"]
    )
    IndicatorTarget.objects.bulk_create(
        quarter_rows,
        update_conflicts=True,
        unique_fields=["indicator", "year", "quarter"],
        update_fields=["value"],
    )
    # A milestone counts only from its due quarter (DESIGN.md): no target, hence no report row, before it.
    # (Earlier demos had one in every quarter.)
    IndicatorTarget.objects.filter(stale).delete()
    return planned
