"""`python manage.py seed_scale --units 500 --indicators-per-unit 40 --years 5`: benchmark data at scale.

A separate road map ("Road Map RB Skala …") with N generated units (slug `skala-001` …), one Operator Unit
each (`operator.skala-001`, password `bench12345`), M indicators per unit with annual and quarterly targets,
a cycle for every quarter of Y years, reports in realistic statuses (closed quarters mostly Disetujui, the
current quarter open with drafts) and progress rows whose capaian follows areas.scoring exactly.
The last quarter stays Dijadwalkan without reports: the next cycle to open (bench/run times its opening).
The rencana aksi too: `--actions-per-unit` (10) plans a year per unit under a kegiatan utama of each area or a
sasaran tematik of each theme, with their tahapan, one pelaksana (every fifth plan two), and a realisation row per
pelaksana in every report (cumulative progress following the tahapan, some behind, some Selesai).

Inserted in bulk: COPY on PostgreSQL (psycopg2 copy_expert), bulk_create elsewhere. A second run finds
the data and does nothing; `--reset` removes the scale data first. History tables are not filled (the
seed is not an edit by anyone).
"""

from __future__ import annotations

import datetime as dt
import io
import random
import sys
import time
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from areas import action_rules, scoring
from areas.models import (
    ActionAssignment,
    ActionGroup,
    ActionKind,
    ActionPlan,
    ActionStage,
    ChangeArea,
    ElementAspect,
    Indicator,
    IndicatorAnnualTarget,
    IndicatorTarget,
    RbTheme,
    ThemeKind,
)
from areas.reference import load_reference
from dashboards import summary as dashboard_summary
from dashboards.models import ReportAreaScore
from dashboards.selectors import cache as dashboard_cache
from evaluations.models import (
    ActionProgress,
    ActionStatus,
    Cycle,
    CycleState,
    Progress,
    Reminder,
    Report,
    ReportStatus,
    ReviewDecision,
    default_window,
)
from roadmap.models import Roadmap, Role, Unit, UnitKind, User

SLUG_PREFIX = "skala-"
ROADMAP_PREFIX = "Road Map RB Skala"
PASSWORD = "bench12345"  # noqa: S105 - benchmark data only, never production

# (name, satuan, polarity, shape, start, step, decimals): shape "count" targets grow through the year
# (cumulative), "state" targets are a level held all year (an index, a percentage, a grade).
TEMPLATES: list[tuple[str, str, str, str, float, float, int]] = [
    ("Nilai SAKIP perangkat daerah", "nilai", "higher", "state", 62, 3, 2),
    ("Indeks SPBE", "indeks", "higher", "state", 2.4, 0.25, 2),
    ("Indeks Kepuasan Masyarakat (IKM)", "indeks", "higher", "state", 78, 1.5, 2),
    ("Level maturitas SPIP", "level", "higher", "state", 2.5, 0.3, 1),
    ("Indeks sistem merit", "indeks", "higher", "state", 0.55, 0.06, 2),
    ("Level kapabilitas APIP", "level", "higher", "state", 2, 0.4, 1),
    ("Persentase SOP yang diperbarui", "persen", "higher", "count", 40, 12, 2),
    ("Jumlah perda yang diharmonisasi", "perda", "higher", "count", 4, 1, 0),
    ("Indeks BerAKHLAK", "indeks", "higher", "state", 70, 3, 2),
    ("Persentase layanan daring", "persen", "higher", "state", 45, 10, 2),
    ("Jumlah ASN mengikuti pelatihan kompetensi", "orang", "higher", "count", 40, 8, 0),
    ("Rata-rata waktu penyelesaian izin", "hari", "lower", "state", 14, -2, 1),
    ("Jumlah temuan berulang hasil pengawasan", "kegiatan", "lower", "count", 12, -2, 0),
    ("Persentase pengaduan belum ditindaklanjuti", "persen", "lower", "state", 20, -3, 2),
    ("Dokumen evaluasi kelembagaan ditetapkan", "dokumen", "milestone", "state", 1, 0, 0),
    ("Pembangunan Zona Integritas WBK diusulkan", "dokumen", "milestone", "state", 1, 0, 0),
    ("Peta proses bisnis ditetapkan", "dokumen", "milestone", "state", 1, 0, 0),
    ("Persentase pegawai dengan SKP tepat waktu", "persen", "higher", "state", 70, 6, 2),
    ("Jumlah inovasi pelayanan publik", "layanan", "higher", "count", 2, 1, 0),
    ("Persentase penggunaan produk dalam negeri", "persen", "higher", "state", 40, 8, 2),
]
KINDS = [UnitKind.DINAS, UnitKind.BADAN, UnitKind.KECAMATAN, UnitKind.KELURAHAN, UnitKind.SEKRETARIAT, UnitKind.RSUD]
KENDALA = [
    "",
    "",
    "Keterbatasan anggaran triwulan berjalan.",
    "Data dari bidang teknis terlambat diterima.",
    "Jaringan internet di kantor kecamatan tidak stabil.",
    "Pejabat pengelola berganti di tengah triwulan.",
]
RTL = ["", "Koordinasi ulang dengan bidang teknis.", "Usulan tambahan anggaran pada perubahan APBD.", ""]
# Closed quarters: mostly approved, a few still in the workflow. The open quarter: work in progress.
CLOSED_STATUSES = [
    (ReportStatus.DISETUJUI, 0.88),
    (ReportStatus.DIAJUKAN, 0.04),
    (ReportStatus.DIKEMBALIKAN, 0.03),
    (ReportStatus.DRAF, 0.03),
    (ReportStatus.BELUM_MULAI, 0.02),
]
OPEN_STATUSES = [
    (ReportStatus.BELUM_MULAI, 0.25),
    (ReportStatus.DRAF, 0.45),
    (ReportStatus.DIAJUKAN, 0.15),
    (ReportStatus.DIKEMBALIKAN, 0.05),
    (ReportStatus.DISETUJUI, 0.10),
]
WITA = dt.timezone(dt.timedelta(hours=8))

# Rencana aksi: (name, output, satuan, target) drawn in turn; (start, end) quarters; planned cumulative % shapes.
ACTIONS: list[tuple[str, str, str, int]] = [
    ("Penyusunan peta proses bisnis", "Peta proses bisnis", "dokumen", 1),
    ("Reviu dan penetapan SOP", "SOP yang ditetapkan", "dokumen", 12),
    ("Internalisasi nilai BerAKHLAK", "Kegiatan internalisasi", "kegiatan", 4),
    ("Pelatihan kompetensi teknis ASN", "ASN yang dilatih", "orang", 40),
    ("Pengembangan aplikasi layanan daring", "Aplikasi layanan", "aplikasi", 1),
    ("Pemutakhiran data penerima bantuan sosial", "Keluarga yang dimutakhirkan", "keluarga", 500),
    ("Integrasi layanan perizinan ke OSS RBA", "Jenis izin terintegrasi", "jenis izin", 6),
    ("Survei kepuasan masyarakat", "Laporan SKM", "dokumen", 4),
    ("Pembangunan Zona Integritas", "Dokumen ZI", "dokumen", 6),
    ("Penerapan tanda tangan elektronik", "Pengguna TTE", "orang", 30),
]
SPANS = [(1, 4), (1, 4), (1, 4), (1, 2), (2, 4), (1, 3), (3, 4)]
STAGE_SHAPES = {1: (100,), 2: (50, 100), 3: (30, 65, 100), 4: (20, 45, 75, 100)}


class Progressbar:
    """A plain progress bar on stderr: `[#####.....]  50%  progress 190000/380000`."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.started = time.monotonic()

    def show(self, label: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        share = done / total if total else 1
        bar = "#" * int(share * 30)
        sys.stderr.write(
            f"\r[{bar:<30}] {share:4.0%}  {label:<12} {done}/{total}  {time.monotonic() - self.started:5.1f} s"
        )
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _q(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _pick(rng: random.Random, weighted: Sequence[tuple[str, float]]) -> str:
    x = rng.random()
    for value, share in weighted:
        x -= share
        if x < 0:
            return value
    return weighted[-1][0]


def _text(value: Any) -> str:
    """A value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    text = str(value)
    if isinstance(value, str):
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def bulk_insert(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]], bar: Progressbar, total: int
) -> int:
    """Insert rows (tuples in the order of `fields`, column names) fast: COPY on PostgreSQL, else bulk_create."""
    label = model._meta.model_name or ""
    count = 0
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(f) for f in fields)
        chunk = io.StringIO()
        with connection.cursor() as cursor:
            for row in rows:
                chunk.write("\t".join(_text(v) for v in row))
                chunk.write("\n")
                count += 1
                if count % 50_000 == 0:
                    chunk.seek(0)
                    cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", chunk)
                    chunk = io.StringIO()
                    bar.show(label, count, total)
            chunk.seek(0)
            cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", chunk)
        bar.show(label, count, max(total, count))
        return count
    attnames = [model._meta.get_field(f.removesuffix("_id")).attname for f in fields]
    batch: list[models.Model] = []
    for row in rows:
        batch.append(model(**dict(zip(attnames, row, strict=True))))
        count += 1
        if len(batch) == 2000:
            model.objects.bulk_create(batch)  # type: ignore[attr-defined]
            batch = []
            bar.show(label, count, total)
    model.objects.bulk_create(batch)  # type: ignore[attr-defined]
    bar.show(label, count, max(total, count))
    return count


def scale_roadmap() -> Roadmap | None:
    return Roadmap.objects.filter(name__startswith=ROADMAP_PREFIX).order_by("-pk").first()


def reset_scale_data() -> None:
    """Remove every row seed_scale made (the scale road map, its units, users, reports and targets)."""
    roadmaps = list(Roadmap.objects.filter(name__startswith=ROADMAP_PREFIX).values_list("pk", flat=True))
    units = Unit.objects.filter(slug__startswith=SLUG_PREFIX)
    with transaction.atomic():
        reports = Report.objects.filter(cycle__roadmap_id__in=roadmaps)
        # _raw_delete: one DELETE per table, without loading 400,000 rows into Django's collector.
        for qs in (
            ReportAreaScore.objects.filter(report__in=reports),
            Reminder.objects.filter(report__in=reports),
            ReviewDecision.objects.filter(report__in=reports),
            Progress.objects.filter(report__in=reports),
            ActionProgress.objects.filter(report__in=reports),
            # The Riwayat of the benchmark's saves (its officers' form saves): the rows' history goes with them.
            Progress.history.model.objects.filter(report_id__in=reports.values("pk")),
            ActionProgress.history.model.objects.filter(report_id__in=reports.values("pk")),
            Report.history.model.objects.filter(
                cycle_id__in=Cycle.objects.filter(roadmap_id__in=roadmaps).values("pk")
            ),
        ):
            qs._raw_delete(qs.db)
        reports._raw_delete(reports.db)
        plans = ActionPlan.objects.filter(roadmap_id__in=roadmaps)
        for qs in (
            ActionStage.objects.filter(plan__in=plans),
            ActionAssignment.objects.filter(plan__in=plans),
            ActionPlan.indicators.through.objects.filter(actionplan__in=plans),
            ActionPlan.history.model.objects.filter(roadmap_id__in=roadmaps),
        ):
            qs._raw_delete(qs.db)
        plans._raw_delete(plans.db)
        for qs in (
            ActionGroup.objects.filter(roadmap_id__in=roadmaps),
            Cycle.objects.filter(roadmap_id__in=roadmaps),
            IndicatorTarget.objects.filter(indicator__roadmap_id__in=roadmaps),
            IndicatorAnnualTarget.objects.filter(indicator__roadmap_id__in=roadmaps),
            Indicator.objects.filter(roadmap_id__in=roadmaps),
        ):
            qs._raw_delete(qs.db)
        users = User.objects.filter(Q(unit__in=units) | Q(username__startswith="bench."))
        _release_users(list(users.values_list("pk", flat=True)))
        users._raw_delete(users.db)
        units._raw_delete(units.db)
        Roadmap.objects.filter(pk__in=roadmaps).delete()
        dashboard_cache.bump()


def _release_users(user_ids: list[int]) -> None:
    """What Django's delete would do for the benchmark users' other rows (their logins' audit events, tokens,
    history records): SET_NULL references cleared, CASCADE rows removed, so a raw DELETE of the users holds."""
    # include_hidden: simple-history's history_user and other related_name="+" links are hidden relations.
    for relation in User._meta.get_fields(include_hidden=True):
        if not relation.auto_created or relation.concrete or not (relation.one_to_many or relation.one_to_one):
            continue
        rows = relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": user_ids})
        if relation.on_delete is models.SET_NULL:
            rows.update(**{relation.field.name: None})
        elif relation.on_delete is models.CASCADE:
            rows._raw_delete(rows.db)


class Command(BaseCommand):
    help = "Membuat data skala besar untuk benchmark (unit, operator, indikator, target, periode, laporan, realisasi)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--units", type=int, default=500)
        parser.add_argument("--indicators-per-unit", type=int, default=40)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--actions-per-unit", type=int, default=10, help="rencana aksi per unit and year")
        parser.add_argument("--start-year", type=int, help="first year (default: so that this year is the last)")
        parser.add_argument("--seed", type=int, default=20240718, help="random seed (same seed, same data)")
        parser.add_argument("--reset", action="store_true", help="remove the scale data first")
        parser.add_argument("--activate", action="store_true", help="make the scale road map the active one")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        n_units, per_unit, years = options["units"], options["indicators_per_unit"], options["years"]
        if n_units < 1 or per_unit < 1 or years < 1 or options["actions_per_unit"] < 0:
            raise CommandError(
                "--units, --indicators-per-unit dan --years harus paling sedikit 1; --actions-per-unit tidak boleh "
                "negatif."
            )
        if options["reset"]:
            reset_scale_data()
        existing = scale_roadmap()
        if existing is not None:
            rows = Progress.objects.filter(report__cycle__roadmap=existing).count()
            actions = ActionProgress.objects.filter(report__cycle__roadmap=existing).count()
            self.stdout.write(
                f"Data skala sudah ada ({existing.name}: {rows} baris realisasi, {actions} baris realisasi rencana "
                "aksi); gunakan --reset."
            )
            return
        started = time.monotonic()
        start = options["start_year"] or timezone.localdate().year - years + 1
        result = self.seed(
            n_units=n_units,
            per_unit=per_unit,
            actions_per_unit=options["actions_per_unit"],
            start=start,
            years=years,
            rng=random.Random(options["seed"]),  # noqa: S311 - reproducible test data
            bar=Progressbar(not options["no_progress"]),
            activate=options["activate"],
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Data skala siap dalam {time.monotonic() - started:.1f} s: {result['units']} unit, "
                f"{result['indicators']} indikator, {result['cycles']} periode, {result['reports']} laporan, "
                f"{result['progress']} baris realisasi, {result['actions']} rencana aksi, "
                f"{result['action_rows']} baris realisasi rencana aksi (kata sandi operator: {PASSWORD})."
            )
        )

    @transaction.atomic
    def seed(
        self,
        *,
        n_units: int,
        per_unit: int,
        actions_per_unit: int = 10,
        start: int,
        years: int,
        rng: random.Random,
        bar: Progressbar,
        activate: bool,
    ) -> dict[str, int]:
        end = start + years - 1
        if activate or not Roadmap.objects.filter(is_active=True).exists():
            Roadmap.objects.filter(is_active=True).update(is_active=False)
            is_active = True
        else:
            is_active = False
        roadmap = Roadmap.objects.create(
            name=f"{ROADMAP_PREFIX} {start}–{end}",
            start_year=start,
            end_year=end,
            legal_basis="Data benchmark (seed_scale)",
            is_active=is_active,
        )
        # Whatever framework the new road map copied, the benchmark measures the reference one's eight areas.
        load_reference(roadmap)
        areas = list(ChangeArea.objects.filter(roadmap=roadmap).order_by("order"))
        aspects = list(ElementAspect.objects.filter(roadmap=roadmap).order_by("element", "order"))
        themes = list(RbTheme.objects.filter(roadmap=roadmap).order_by("order"))

        units = Unit.objects.bulk_create(
            [
                Unit(
                    name=f"Unit Skala {i:04d}",
                    short_name=f"US{i:04d}",
                    slug=f"{SLUG_PREFIX}{i:04d}",
                    kind=KINDS[i % len(KINDS)],
                    head_name=f"Kepala Unit Skala {i:04d}",
                    head_email=f"kepala.{SLUG_PREFIX}{i:04d}@bench.example",
                    contact_email=f"{SLUG_PREFIX}{i:04d}@bench.example",
                )
                for i in range(1, n_units + 1)
            ],
            batch_size=1000,
        )
        password = make_password(PASSWORD)  # hashed once: 500 hashes would take minutes
        User.objects.bulk_create(
            [
                User(
                    username=f"operator.{u.slug}",
                    email=f"operator.{u.slug}@bench.example",
                    first_name="Operator",
                    last_name=u.short_name,
                    role=Role.OPERATOR,
                    unit=u,
                    password=password,
                )
                for u in units
            ]
            + [
                User(username="bench.bpsdm", email="bpsdm@bench.example", role=Role.VERIFIKATOR, password=password),
                User(username="bench.admin", role=Role.ADMIN, is_staff=True, password=password),
            ],
            batch_size=1000,
        )

        # Indicators: each unit gets a mix of the templates, spread over the eight areas.
        specs: list[tuple[int, int]] = []  # (template index, decimals jitter) per indicator, in creation order
        indicators: list[Indicator] = []
        for u_index, unit in enumerate(units):
            for j in range(per_unit):
                t = (u_index * 7 + j) % len(TEMPLATES)
                name, satuan, polarity, _shape, _start, _step, _dec = TEMPLATES[t]
                area = areas[j % len(areas)]
                aspect = aspects[(j * 3 + u_index) % len(aspects)]
                theme = themes[0] if rng.random() < 0.7 else themes[1 + (j % (len(themes) - 1))]
                indicators.append(
                    Indicator(
                        roadmap=roadmap,
                        unit=unit,
                        code=f"SK{u_index + 1:04d}-{j + 1:02d}",
                        name=f"{name} ({unit.short_name})",
                        area=area,
                        aspect=aspect,
                        theme=theme,
                        satuan=satuan,
                        polarity=polarity,
                        weight=Decimal(rng.choice(["1", "1", "1", "1.5", "2", "3"])),
                        requires_evidence=False,
                    )
                )
                specs.append((t, 0))
        bar.show("indicator", 0, len(indicators))
        indicators = Indicator.objects.bulk_create(indicators, batch_size=2000)
        bar.show("indicator", len(indicators), len(indicators))

        # Targets: annual levels grow each year; a "count" target is cumulative through the year.
        year_list = list(range(start, end + 1))
        annual: dict[tuple[int, int], Decimal] = {}
        quarterly: dict[tuple[int, int, int], Decimal] = {}
        for ind, (t, _) in zip(indicators, specs, strict=True):
            _name, _satuan, polarity, shape, base, step, decimals = TEMPLATES[t]
            jitter = Decimal(rng.randint(-5, 5)) / 100
            for i, year in enumerate(year_list):
                if polarity == "milestone":
                    value = Decimal(1)
                else:
                    raw = Decimal(str(base)) * (1 + jitter) + Decimal(str(step)) * i
                    value = _q(max(raw, Decimal("0.1")), decimals)
                    if ind.satuan == "persen":
                        value = min(value, Decimal(100))
                annual[ind.pk, year] = value
                for quarter in range(1, 5):
                    q_value = value if shape == "state" else _q(value * quarter / 4, decimals)
                    quarterly[ind.pk, year, quarter] = q_value
        bulk_insert(
            IndicatorAnnualTarget,
            ["indicator_id", "year", "value"],
            ((ind, year, v) for (ind, year), v in annual.items()),
            bar,
            len(annual),
        )
        bulk_insert(
            IndicatorTarget,
            ["indicator_id", "year", "quarter", "value"],
            ((ind, year, q, v) for (ind, year, q), v in quarterly.items()),
            bar,
            len(quarterly),
        )

        # Cycles: every quarter; the last one scheduled (next to open), the one before it open, the rest closed.
        periods = [(year, quarter) for year in year_list for quarter in range(1, 5)]
        now = timezone.now()
        cycles = []
        for index, (year, quarter) in enumerate(periods):
            opens_on, due_on, closes_on = default_window(year, quarter)
            last = index == len(periods) - 1
            current = index == len(periods) - 2
            state = CycleState.SCHEDULED if last else CycleState.OPEN if current else CycleState.CLOSED
            opened = dt.datetime.combine(opens_on, dt.time(6), tzinfo=WITA)
            cycles.append(
                Cycle(
                    roadmap=roadmap,
                    year=year,
                    quarter=quarter,
                    opens_on=opens_on,
                    due_on=due_on,
                    closes_on=closes_on,
                    state=state,
                    opened_at=None if last else opened,
                    closed_at=dt.datetime.combine(closes_on, dt.time(7), tzinfo=WITA) if state == "ditutup" else None,
                )
            )
        cycles = Cycle.objects.bulk_create(cycles)
        reporting = [c for c in cycles if c.state != CycleState.SCHEDULED]

        reports = []
        for cycle in reporting:
            weights = OPEN_STATUSES if cycle.state == CycleState.OPEN else CLOSED_STATUSES
            for unit in units:
                status = _pick(rng, weights)
                due = dt.datetime.combine(cycle.due_on, dt.time(9), tzinfo=WITA)
                submitted = None
                if status in (ReportStatus.DIAJUKAN, ReportStatus.DIKEMBALIKAN, ReportStatus.DISETUJUI):
                    # Most units submit a few days before the due date, some late.
                    submitted = due + dt.timedelta(days=rng.randint(-8, 4), hours=rng.randint(0, 8))
                reports.append(
                    Report(
                        unit=unit,
                        cycle=cycle,
                        status=status,
                        submitted_at=submitted,
                        first_submitted_at=submitted,
                        approved_at=submitted + dt.timedelta(days=rng.randint(1, 6))
                        if status == ReportStatus.DISETUJUI
                        else None,
                        returned_at=submitted + dt.timedelta(days=2) if status == ReportStatus.DIKEMBALIKAN else None,
                        revision_due_on=(submitted + dt.timedelta(days=7)).date()
                        if status == ReportStatus.DIKEMBALIKAN
                        else None,
                    )
                )
        bar.show("report", 0, len(reports))
        reports = Report.objects.bulk_create(reports, batch_size=2000)
        bar.show("report", len(reports), len(reports))

        by_unit: dict[int, list[tuple[Indicator, int]]] = {}
        for ind, (t, _) in zip(indicators, specs, strict=True):
            by_unit.setdefault(ind.unit_id, []).append((ind, t))
        total_progress = len(reports) * per_unit
        stamp = now.isoformat()

        def progress_rows() -> Iterable[tuple[Any, ...]]:
            for report in reports:
                filled = report.status != ReportStatus.BELUM_MULAI
                year, quarter = report.cycle.year, report.cycle.quarter
                for ind, _t in by_unit[report.unit_id]:
                    target = quarterly[ind.pk, year, quarter]
                    realisasi = done = None
                    if filled:
                        if ind.polarity == "milestone":
                            done = rng.random() < 0.8
                        elif ind.polarity == "lower":
                            realisasi = _q(target * Decimal(rng.uniform(0.8, 1.35)), 2)
                        else:
                            realisasi = _q(target * Decimal(rng.uniform(0.55, 1.2)), 2)
                    value = scoring.capaian(polarity=ind.polarity, target=target, realisasi=realisasi, done=done)
                    yield (
                        report.pk,
                        ind.pk,
                        target,
                        realisasi,
                        done,
                        value,
                        False,  # not_yet_due: the scale's milestones have no due quarter (due from TW I)
                        "Sesuai rencana kerja triwulan." if filled else "",
                        rng.choice(KENDALA) if filled else "",
                        rng.choice(RTL) if filled else "",
                        1 if filled else 0,
                        None,
                        stamp,
                    )

        bulk_insert(
            Progress,
            [
                "report_id",
                "indicator_id",
                "target_value",
                "realisasi",
                "milestone_done",
                "capaian",
                "not_yet_due",
                "penjelasan",
                "kendala",
                "rencana_tindak_lanjut",
                "version",
                "updated_by_id",
                "updated_at",
            ],
            progress_rows(),
            bar,
            total_progress,
        )
        actions = seed_actions(
            roadmap=roadmap,
            units=units,
            per_unit=actions_per_unit,
            years=year_list,
            reports=reports,
            areas=areas,
            themes=[t for t in themes if t.kind == ThemeKind.TEMATIK],
            rng=rng,
            bar=bar,
            stamp=stamp,
        )
        # COPY sends no signals: the dashboards' summary of the new reports (then the cache generation).
        dashboard_summary.rebuild([r.pk for r in reports])
        if connection.vendor == "postgresql":
            # Fresh statistics, or the unit page's pivot plans a nested loop over every report
            # (docs/performance.md#statistics-after-seeding).
            with connection.cursor() as cursor:
                for model in (
                    Progress,
                    Report,
                    Cycle,
                    Indicator,
                    IndicatorTarget,
                    IndicatorAnnualTarget,
                    ReportAreaScore,
                    ActionPlan,
                    ActionAssignment,
                    ActionStage,
                    ActionProgress,
                ):
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        dashboard_cache.bump()
        return {
            "units": len(units),
            "indicators": len(indicators),
            "cycles": len(cycles),
            "reports": len(reports),
            "progress": total_progress,
            **actions,
        }


def seed_actions(
    *,
    roadmap: Roadmap,
    units: list[Unit],
    per_unit: int,
    years: list[int],
    reports: list[Report],
    areas: list[ChangeArea],
    themes: list[RbTheme],
    rng: random.Random,
    bar: Progressbar,
    stamp: str,
) -> dict[str, int]:
    """The rencana aksi of the scale road map and every report's realisation rows (COPY for stages and rows).

    A kegiatan utama per area and a sasaran tematik per Tematik theme; per unit and year `per_unit` plans in turn
    under them, coordinated by one of the first four units; the unit is the pelaksana, and of every fifth plan the
    next unit too. Each pelaksana has a pace: its reported progress is the tahapan's times the pace (capped at
    100, then Selesai), so most reach the plan, some stay behind; a few plans are Tidak Terlaksana.
    """
    if per_unit == 0:
        return {"actions": 0, "assignments": 0, "action_rows": 0}
    groups = ActionGroup.objects.bulk_create(
        [
            ActionGroup(
                roadmap=roadmap, kind=ActionKind.GENERAL, area=a, code=f"KU-{a.code}", name=f"Kegiatan utama {a.name}"
            )
            for a in areas
        ]
        + [
            ActionGroup(
                roadmap=roadmap, kind=ActionKind.TEMATIK, theme=t, code=f"ST-{t.code}", name=f"Sasaran {t.name}"
            )
            for t in themes
        ]
    )
    coordinators = units[:4]
    plans: list[ActionPlan] = []
    owners: list[tuple[int, int]] = []  # (unit index, plan number) of each plan, in creation order
    for year in years:
        for u_index, unit in enumerate(units):
            for k in range(per_unit):
                name, output, satuan, target = ACTIONS[(u_index + k) % len(ACTIONS)]
                start, end = SPANS[(u_index * 3 + k) % len(SPANS)]
                budget = Decimal(rng.randrange(20, 480)) * 1_000_000
                plans.append(
                    ActionPlan(
                        group=groups[(u_index + k) % len(groups)],
                        roadmap=roadmap,
                        year=year,
                        code=f"SK{u_index + 1:04d}-RA{k + 1:02d}",
                        name=f"{name} ({unit.short_name})",
                        output=output,
                        output_satuan=satuan,
                        output_target=Decimal(target),
                        budget=budget,
                        coordinator=coordinators[k % len(coordinators)],
                        start_quarter=start,
                        end_quarter=end,
                        quick_win=k == 0 and end <= 2,
                    )
                )
                owners.append((u_index, k))
    bar.show("actionplan", 0, len(plans))
    plans = ActionPlan.objects.bulk_create(plans, batch_size=2000)
    bar.show("actionplan", len(plans), len(plans))
    assignments: list[ActionAssignment] = []
    for plan, (u_index, k) in zip(plans, owners, strict=True):
        pelaksana = [units[u_index]]
        if k % 5 == 4 and len(units) > 1:
            pelaksana.append(units[(u_index + 1) % len(units)])
        share = (plan.budget / len(pelaksana)).quantize(Decimal(1))
        for i, unit in enumerate(pelaksana):
            budget = plan.budget - share * (len(pelaksana) - 1) if i == 0 else share  # the shares add up
            assignments.append(ActionAssignment(plan=plan, unit=unit, budget=budget))
    assignments = ActionAssignment.objects.bulk_create(assignments, batch_size=2000)
    bar.show("assignment", len(assignments), len(assignments))
    stages = {}
    for plan in plans:
        quarters = range(plan.start_quarter, plan.end_quarter + 1)
        shape = STAGE_SHAPES[len(quarters)]
        stages[plan.pk] = dict(zip(quarters, (Decimal(p) for p in shape), strict=True))
    bulk_insert(
        ActionStage,
        ["plan_id", "quarter", "description", "planned_progress"],
        ((pk, q, f"Tahapan TW {q}", p) for pk, per_quarter in stages.items() for q, p in per_quarter.items()),
        bar,
        sum(len(v) for v in stages.values()),
    )

    plan_of = {p.pk: p for p in plans}
    by_unit_year: dict[tuple[int, int], list[ActionAssignment]] = {}
    pace = {}
    for a in assignments:
        plan = plan_of[a.plan_id]
        by_unit_year.setdefault((a.unit_id, plan.year), []).append(a)
        roll = rng.random()
        # 3 % not carried out (pace 0), 17 % behind their tahapan, the rest on it.
        pace[a.pk] = (
            Decimal(0) if roll < 0.03 else Decimal(str(round(rng.uniform(0.6, 0.95), 2))) if roll < 0.2 else Decimal(1)
        )
    total = sum(len(by_unit_year.get((r.unit_id, r.cycle.year), [])) for r in reports)

    def rows() -> Iterable[tuple[Any, ...]]:
        for report in reports:
            filled = report.status != ReportStatus.BELUM_MULAI
            quarter = report.cycle.quarter
            for a in by_unit_year.get((report.unit_id, report.cycle.year), []):
                plan = plan_of[a.plan_id]
                status, progress, out, spent = "", None, None, None
                if filled:
                    planned = action_rules.planned_progress_at(stages[plan.pk], quarter, plan.end_quarter)
                    if quarter < plan.start_quarter:
                        status, progress = ActionStatus.NOT_STARTED, Decimal(0)
                    elif pace[a.pk] == 0:
                        status, progress = ActionStatus.NOT_DONE, Decimal(0)
                    else:
                        progress = min(Decimal(100), (planned * pace[a.pk]).quantize(Decimal(1)))
                        status = ActionStatus.DONE if progress >= 100 else ActionStatus.RUNNING
                    out = (plan.output_target * progress / 100).quantize(Decimal(1))
                    spent = ((a.budget or Decimal(0)) * progress / 100 * Decimal("0.9")).quantize(Decimal(1))
                behind = filled and status == ActionStatus.RUNNING and pace[a.pk] < 1
                yield (
                    report.pk,
                    a.pk,
                    status,
                    progress,
                    out,
                    spent,
                    "Sesuai tahapan triwulan." if filled else "",
                    rng.choice(KENDALA[2:]) if behind else "",
                    rng.choice(RTL[1:3]) if behind else "",
                    1 if filled else 0,
                    None,
                    stamp,
                )

    count = bulk_insert(
        ActionProgress,
        [
            "report_id",
            "assignment_id",
            "status",
            "progress",
            "output_realised",
            "budget_realised",
            "penjelasan",
            "kendala",
            "rencana_tindak_lanjut",
            "version",
            "updated_by_id",
            "updated_at",
        ],
        rows(),
        bar,
        total,
    )
    return {"actions": len(plans), "assignments": len(assignments), "action_rows": count}
