"""Demo data of Kabupaten Penajam Paser Utara: real units, two road maps, realistic indicators, demo users.

Idempotent: every row is keyed on its natural key, so running it twice gives the same rows.
The demo password is for demonstrations only (README).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction

from areas.models import (
    ChangeArea,
    ElementAspect,
    Indicator,
    IndicatorAnnualTarget,
    IndicatorTarget,
    RbTheme,
    StrategicIndicator,
    StrategicIndicatorTarget,
    StrategicTarget,
)
from areas.reference import ELEMENT_TARGETS, load_reference
from roadmap.models import Roadmap, Role, Unit, UnitKind, User

DEMO_PASSWORD = "demo12345"  # noqa: S105 - documented demo-only password
DEMO_EMAIL_DOMAIN = "demo.ppukab.go.id"

# (slug, short name, full name, kind)
UNITS: list[tuple[str, str, str, str]] = [
    ("setda", "Setda (Bagian Organisasi)", "Sekretariat Daerah (Bagian Organisasi)", UnitKind.SEKRETARIAT),
    ("setwan", "Setwan", "Sekretariat DPRD", UnitKind.SEKRETARIAT),
    ("inspektorat", "Inspektorat", "Inspektorat Daerah", UnitKind.INSPEKTORAT),
    ("bapelitbang", "Bapelitbang", "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah", UnitKind.BADAN),
    ("bpkad", "BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah", UnitKind.BADAN),
    ("bapenda", "Bapenda", "Badan Pendapatan Daerah", UnitKind.BADAN),
    ("bkpsdm", "BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", UnitKind.BADAN),
    ("bpsdm", "BPSDM", "Badan Pengembangan Sumber Daya Manusia", UnitKind.BADAN),
    ("bpbd", "BPBD", "Badan Penanggulangan Bencana Daerah", UnitKind.BADAN),
    ("kesbangpol", "Kesbangpol", "Badan Kesatuan Bangsa dan Politik", UnitKind.BADAN),
    ("disdikbud", "Disdikbud", "Dinas Pendidikan dan Kebudayaan", UnitKind.DINAS),
    ("dinkes", "Dinkes", "Dinas Kesehatan", UnitKind.DINAS),
    ("rsud-rapb", "RSUD RAPB", "RSUD Ratu Aji Putri Botung", UnitKind.RSUD),
    ("dpupr", "Dinas PUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", UnitKind.DINAS),
    ("dishub", "Dishub", "Dinas Perhubungan", UnitKind.DINAS),
    ("dinsos", "Dinsos", "Dinas Sosial", UnitKind.DINAS),
    ("dlh", "DLH", "Dinas Lingkungan Hidup", UnitKind.DINAS),
    ("disdukcapil", "Disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil", UnitKind.DINAS),
    ("dpmptsp", "DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", UnitKind.DINAS),
    ("diskominfo", "Diskominfo", "Dinas Komunikasi dan Informatika", UnitKind.DINAS),
    (
        "diskop-ukm-perindag",
        "Diskop UKM Perindag",
        "Dinas Koperasi UKM Perindustrian dan Perdagangan",
        UnitKind.DINAS,
    ),
    ("disnakertrans", "Disnakertrans", "Dinas Tenaga Kerja dan Transmigrasi", UnitKind.DINAS),
    ("satpol-pp", "Satpol PP", "Satuan Polisi Pamong Praja", UnitKind.LAINNYA),
    ("kec-penajam", "Kec. Penajam", "Kecamatan Penajam", UnitKind.KECAMATAN),
    ("kec-waru", "Kec. Waru", "Kecamatan Waru", UnitKind.KECAMATAN),
    ("kec-babulu", "Kec. Babulu", "Kecamatan Babulu", UnitKind.KECAMATAN),
    ("kec-sepaku", "Kec. Sepaku", "Kecamatan Sepaku", UnitKind.KECAMATAN),
]

HEADS = {"bpsdm": "Ahmad Usman"}  # named in the seed document (Kepala BPSDM PPU)


@dataclass(frozen=True)
class IndicatorTemplate:
    key: str
    name: str
    area: str  # ChangeArea.code
    aspect: str  # ElementAspect.code
    theme: str  # RbTheme.code
    satuan: str
    polarity: str = "higher"
    baseline: str | None = None
    start: str = "0"  # first year's annual target
    step: str = "0"  # added each following year
    shape: str = "state"  # state: same target each quarter; count: cumulative share of the year
    decimals: int = 2
    requires_evidence: bool = True


T = IndicatorTemplate
CATALOG: dict[str, IndicatorTemplate] = {
    t.key: t
    for t in [
        T(
            "sakip",
            "Nilai SAKIP perangkat daerah",
            "AKU",
            "akuntabilitas",
            "general",
            "nilai",
            "higher",
            "62",
            "65",
            "2.5",
        ),
        T(
            "ikm",
            "Indeks Kepuasan Masyarakat (IKM)",
            "PPL",
            "tata-kerja",
            "general",
            "indeks",
            "higher",
            "78",
            "80",
            "2",
        ),
        T("berakhlak", "Indeks BerAKHLAK pegawai", "MP", "budaya", "general", "indeks", "higher", "68", "72", "3"),
        T(
            "sop",
            "Persentase SOP yang diperbarui",
            "PTL",
            "tata-laksana",
            "general",
            "persen",
            "higher",
            "40",
            "100",
            "0",
            "count",
        ),
        T(
            "asn20jp",
            "Persentase ASN yang mengikuti pengembangan kompetensi minimal 20 JP",
            "SDM",
            "sdm",
            "general",
            "persen",
            "higher",
            "55",
            "70",
            "5",
            "count",
        ),
        T(
            "anjab",
            "Persentase jabatan yang dianalisis dan dievaluasi",
            "PO",
            "kelembagaan",
            "general",
            "persen",
            "higher",
            "60",
            "80",
            "5",
            "count",
        ),
        T(
            "tlhp",
            "Persentase rekomendasi hasil pemeriksaan yang ditindaklanjuti",
            "PWS",
            "akuntabilitas",
            "general",
            "persen",
            "higher",
            "70",
            "85",
            "3",
            "count",
        ),
        T(
            "p3dn",
            "Persentase belanja produk dalam negeri (P3DN)",
            "AKU",
            "strategi",
            "prioritas-presiden",
            "persen",
            "higher",
            "35",
            "40",
            "5",
        ),
        T(
            "layanan-elektronik",
            "Persentase layanan administrasi berbasis elektronik",
            "PTL",
            "tata-laksana",
            "digitalisasi",
            "persen",
            "higher",
            "30",
            "40",
            "10",
        ),
        T(
            "inovasi",
            "Jumlah inovasi pelayanan publik",
            "PPL",
            "strategi",
            "general",
            "unit",
            "higher",
            "1",
            "2",
            "1",
            "count",
            0,
        ),
        T(
            "agen-perubahan",
            "Persentase agen perubahan yang aktif",
            "MP",
            "budaya",
            "general",
            "persen",
            "higher",
            "50",
            "60",
            "10",
        ),
        T(
            "zi",
            "Persentase unit kerja yang diusulkan ZI WBK/WBBM",
            "PWS",
            "budaya",
            "general",
            "persen",
            "higher",
            "10",
            "20",
            "10",
        ),
        T(
            "perda",
            "Jumlah perda yang diharmonisasi",
            "DK",
            "sistem-regulasi",
            "general",
            "perda",
            "higher",
            "4",
            "6",
            "1",
            "count",
            0,
        ),
        T(
            "perkada",
            "Jumlah peraturan kepala daerah yang dievaluasi dan dicabut/diubah",
            "DK",
            "sistem-regulasi",
            "general",
            "dokumen",
            "higher",
            "3",
            "5",
            "1",
            "count",
            0,
        ),
        T("spbe", "Indeks SPBE", "PTL", "tata-laksana", "digitalisasi", "indeks", "higher", "2.10", "2.50", "0.25"),
        T("spip", "Maturitas SPIP", "PWS", "sistem-regulasi", "general", "level", "higher", "2.5", "3", "0.25"),
        T("apip", "Level kapabilitas APIP", "PWS", "kelembagaan", "general", "level", "higher", "2", "3", "0.25"),
        T("merit", "Indeks sistem merit", "SDM", "sdm", "general", "indeks", "higher", "0.55", "0.60", "0.05"),
        T("opini-bpk", "Opini BPK atas LKPD: WTP", "AKU", "akuntabilitas", "general", "predikat", "milestone"),
        T(
            "evaluasi-kelembagaan",
            "Dokumen evaluasi kelembagaan perangkat daerah tersusun",
            "PO",
            "kelembagaan",
            "general",
            "dokumen",
            "milestone",
        ),
        T(
            "waktu-izin",
            "Rata-rata waktu penyelesaian perizinan berusaha",
            "PPL",
            "tata-kerja",
            "investasi",
            "hari",
            "lower",
            "10",
            "7",
            "-1",
        ),
        T(
            "investasi",
            "Persentase peningkatan realisasi investasi",
            "PPL",
            "strategi",
            "investasi",
            "persen",
            "higher",
            "5",
            "8",
            "1",
        ),
        T(
            "bansos",
            "Persentase penerima bantuan sosial yang tepat sasaran (DTKS)",
            "PPL",
            "strategi",
            "kemiskinan",
            "persen",
            "higher",
            "80",
            "85",
            "3",
        ),
        T(
            "kemiskinan-ekstrem",
            "Persentase penduduk miskin ekstrem",
            "PPL",
            "strategi",
            "kemiskinan",
            "persen",
            "lower",
            "1.2",
            "1.0",
            "-0.2",
        ),
        T(
            "inflasi",
            "Laju inflasi daerah",
            "PPL",
            "strategi",
            "prioritas-presiden",
            "persen",
            "lower",
            "4.2",
            "3.5",
            "-0.25",
        ),
        T(
            "adminduk",
            "Persentase dokumen kependudukan terbit tepat waktu (online)",
            "PPL",
            "tata-kerja",
            "digitalisasi",
            "persen",
            "higher",
            "75",
            "85",
            "4",
        ),
        T(
            "pad",
            "Persentase realisasi pendapatan asli daerah",
            "AKU",
            "strategi",
            "general",
            "persen",
            "higher",
            "85",
            "100",
            "0",
            "count",
        ),
        T(
            "ikd",
            "Indeks kualitas pembangunan manusia aparatur (IPASN)",
            "SDM",
            "sdm",
            "general",
            "indeks",
            "higher",
            "60",
            "65",
            "3",
        ),
    ]
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
    "bkpsdm": ["merit", "ikd"],
    "bpsdm": ["ikd"],
    "dinsos": ["bansos", "kemiskinan-ekstrem"],
    "disdukcapil": ["adminduk"],
    "dpmptsp": ["waktu-izin", "investasi"],
    "diskominfo": ["spbe"],
    "diskop-ukm-perindag": ["inflasi", "p3dn"],
    "disnakertrans": ["investasi"],
    "kec-penajam": ["bansos"],
    "kec-sepaku": ["investasi"],
}

ROADMAPS = [
    ("Road Map Reformasi Birokrasi Kabupaten Penajam Paser Utara 2020–2024", 2020, 2024, False),
    ("Road Map Reformasi Birokrasi Kabupaten Penajam Paser Utara 2025–2029", 2025, 2029, True),
]


@dataclass
class SeedResult:
    units: int
    users: int
    indicators: int
    targets: int


def _q(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _templates_for(index: int, slug: str) -> list[IndicatorTemplate]:
    keys = list(COMMON)
    keys += [ROTATING[index % len(ROTATING)], ROTATING[(index + 3) % len(ROTATING)]]
    for key in SPECIALS.get(slug, []):
        if key not in keys:
            keys.append(key)
    return [CATALOG[k] for k in keys[:10]]


def _yearly_targets(t: IndicatorTemplate, roadmap: Roadmap, rng: random.Random) -> dict[int, Decimal | None]:
    if t.polarity == "milestone":
        return dict.fromkeys(roadmap.years, Decimal(1))
    # A unit's own starting level varies a little around the regency's typical figure.
    jitter = Decimal(rng.randint(-4, 4)) / Decimal(100) * Decimal(t.start) if t.shape == "state" else Decimal(0)
    out = {}
    for i, year in enumerate(roadmap.years):
        value = Decimal(t.start) + jitter + Decimal(t.step) * i
        if t.satuan == "persen":
            value = min(value, Decimal(100))
        out[year] = _q(max(value, Decimal(0)), t.decimals)
    return out


def _quarter_target(t: IndicatorTemplate, annual: Decimal | None, quarter: int) -> Decimal | None:
    if annual is None or t.shape == "state":
        return annual
    return _q(annual * quarter / 4, t.decimals)


@transaction.atomic
def seed_demo() -> SeedResult:
    from django.apps import apps

    load_reference(apps)
    areas = {a.code: a for a in ChangeArea.objects.all()}
    aspects = {a.code: a for a in ElementAspect.objects.all()}
    themes = {t.code: t for t in RbTheme.objects.all()}

    # The active road map is switched last, so the at-most-one-active constraint holds at every step.
    roadmaps = []
    for name, start, end, _active in ROADMAPS:
        roadmap, _ = Roadmap.objects.update_or_create(
            start_year=start,
            end_year=end,
            defaults={
                "name": name,
                "legal_basis": (
                    f"Peraturan Bupati Penajam Paser Utara tentang Road Map Reformasi Birokrasi {start}–{end}"
                ),
            },
        )
        roadmaps.append(roadmap)
    Roadmap.objects.exclude(start_year=2025).update(is_active=False)
    Roadmap.objects.filter(start_year=2025).update(is_active=True)

    for roadmap in roadmaps:
        for element, name in ELEMENT_TARGETS.items():
            target, _ = StrategicTarget.objects.update_or_create(
                roadmap=roadmap, code=f"S-{element.upper()}", defaults={"element": element, "name": name}
            )
            indicator_name = "Indeks Reformasi Birokrasi" if element == "hard" else "Indeks BerAKHLAK ASN"
            sind, _ = StrategicIndicator.objects.update_or_create(
                strategic_target=target, name=indicator_name, defaults={"satuan": "indeks", "baseline": Decimal("60")}
            )
            for i, year in enumerate(roadmap.years):
                StrategicIndicatorTarget.objects.update_or_create(
                    indicator=sind, year=year, defaults={"value": Decimal(65 + 3 * i)}
                )

    units = []
    for slug, short, name, kind in UNITS:
        unit, _ = Unit.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "short_name": short,
                "kind": kind,
                "head_name": HEADS.get(slug, f"Kepala {short}"),
                "head_email": f"kepala.{slug}@{DEMO_EMAIL_DOMAIN}",
                "contact_email": f"{slug}@{DEMO_EMAIL_DOMAIN}",
                "is_active": True,
            },
        )
        units.append(unit)
    setda = next(u for u in units if u.slug == "setda")
    Unit.objects.filter(kind=UnitKind.KECAMATAN).update(parent=setda)

    indicator_rows: list[Indicator] = []
    plans: list[tuple[str, IndicatorTemplate, Roadmap, random.Random]] = []
    for roadmap in roadmaps:
        for index, unit in enumerate(units):
            for n, t in enumerate(_templates_for(index, unit.slug), start=1):
                code = f"{unit.slug.upper()}-{n:02d}"
                rng = random.Random(f"{roadmap.start_year}-{code}")  # noqa: S311 - demo data, not security
                indicator_rows.append(
                    Indicator(
                        roadmap=roadmap,
                        unit=unit,
                        code=code,
                        name=t.name,
                        definition=f"{t.name} pada {unit.name}.",
                        data_source=unit.short_name,
                        area=areas[t.area],
                        aspect=aspects[t.aspect],
                        theme=themes[t.theme],
                        satuan=t.satuan,
                        polarity=t.polarity,
                        baseline=Decimal(t.baseline) if t.baseline else None,
                        weight=Decimal("2") if t.key in ("sakip", "ikm") else Decimal("1"),
                        requires_evidence=True,
                        is_active=True,
                    )
                )
                plans.append((code, t, roadmap, rng))
    Indicator.objects.bulk_create(
        indicator_rows,
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
            "satuan",
            "polarity",
            "baseline",
            "weight",
            "requires_evidence",
            "is_active",
        ],
    )
    ids = {(i.roadmap_id, i.code): i.pk for i in Indicator.objects.filter(roadmap__in=roadmaps)}

    annual_rows: list[IndicatorAnnualTarget] = []
    quarter_rows: list[IndicatorTarget] = []
    for code, t, roadmap, rng in plans:
        indicator_id = ids[(roadmap.pk, code)]
        for year, annual in _yearly_targets(t, roadmap, rng).items():
            annual_rows.append(IndicatorAnnualTarget(indicator_id=indicator_id, year=year, value=annual))
            for quarter in range(1, 5):
                quarter_rows.append(
                    IndicatorTarget(
                        indicator_id=indicator_id,
                        year=year,
                        quarter=quarter,
                        value=_quarter_target(t, annual, quarter),
                        cumulative=True,
                    )
                )
    IndicatorAnnualTarget.objects.bulk_create(
        annual_rows, update_conflicts=True, unique_fields=["indicator", "year"], update_fields=["value"]
    )
    IndicatorTarget.objects.bulk_create(
        quarter_rows,
        update_conflicts=True,
        unique_fields=["indicator", "year", "quarter"],
        update_fields=["value", "cumulative"],
    )

    users = _seed_users(units)
    return SeedResult(units=len(units), users=users, indicators=len(indicator_rows), targets=len(quarter_rows))


def _seed_user(
    username: str, *, role: str, unit: Unit | None, first_name: str, email: str, staff: bool, password_hash: str
) -> None:
    _user, created = User.objects.update_or_create(
        username=username,
        defaults={
            "role": role,
            "unit": unit,
            "first_name": first_name,
            "email": email,
            "is_staff": staff,
            "is_superuser": staff,
            "is_active": True,
        },
    )
    if created:
        # One hash for every demo account: hashing 30 passwords one by one takes many seconds.
        User.objects.filter(username=username).update(password=password_hash)


def _seed_users(units: list[Unit]) -> int:
    h = make_password(DEMO_PASSWORD)
    _seed_user(
        "admin",
        role=Role.ADMIN,
        unit=None,
        first_name="Admin Monev RB",
        email=f"admin@{DEMO_EMAIL_DOMAIN}",
        staff=True,
        password_hash=h,
    )
    _seed_user(
        "bpsdm",
        role=Role.VERIFIKATOR,
        unit=None,
        first_name="Verifikator BPSDM",
        email=f"verifikator@{DEMO_EMAIL_DOMAIN}",
        staff=False,
        password_hash=h,
    )
    _seed_user(
        "pimpinan",
        role=Role.PIMPINAN,
        unit=None,
        first_name="Pimpinan",
        email=f"pimpinan@{DEMO_EMAIL_DOMAIN}",
        staff=False,
        password_hash=h,
    )
    for unit in units:
        _seed_user(
            f"operator.{unit.slug}",
            role=Role.OPERATOR,
            unit=unit,
            first_name=f"Operator {unit.short_name}",
            email=f"operator.{unit.slug}@{DEMO_EMAIL_DOMAIN}",
            staff=False,
            password_hash=h,
        )
    return 3 + len(units)
