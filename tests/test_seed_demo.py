"""seed_demo: the real PPU reference data and facts, idempotent, and a history that `--reset` rebuilds."""

from __future__ import annotations

import ast
import datetime as dt
import itertools
import os
import re
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from areas import action_rules
from areas.models import (
    ActionKind,
    ActionPlan,
    ChangeArea,
    ElementAspect,
    Indicator,
    IndicatorTarget,
    RbTheme,
    StrategicTarget,
    check_stages,
)
from demo import renaksi
from demo.action_stories import Course, PlanFacts, course_of, values_at
from demo.catalog import CATALOG
from demo.models import DemoState
from demo.quarters import plan_quarters
from demo.seed import HistoryStatus, _history_status, seed_demo
from demo.stories import squeeze
from evaluations.models import Cycle, Evidence, Report, ReportStatus
from evaluations.services import cycles, reports
from roadmap.models import Roadmap, Role, Unit, User
from tests import factories
from tests.test_scheduling_support import wita

pytestmark = pytest.mark.django_db

AREAS_IN_ORDER = [
    "Manajemen Perubahan",
    "Deregulasi Kebijakan",
    "Penataan Organisasi",
    "Penataan Tata Laksana",
    "Penataan SDM Aparatur",
    "Penguatan Akuntabilitas",
    "Penguatan Pengawasan",
    "Peningkatan Kualitas Pelayanan Publik",
]
TODAY = wita(2026, 12, 2, 9)


def every_count() -> dict[str, int]:
    """Rows of every model of the project, history tables and the dashboards' summary included."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_reference_data_is_there_without_seed():
    # Any road map created, in production too, gets the reference framework when no other road map has one.
    roadmap = Roadmap.objects.create(name="Road Map RB 2025–2029", start_year=2025, end_year=2029)
    assert list(ChangeArea.objects.filter(roadmap=roadmap).values_list("name", flat=True)) == AREAS_IN_ORDER
    assert ElementAspect.objects.filter(roadmap=roadmap, element="hard").count() == 6
    assert ElementAspect.objects.filter(roadmap=roadmap, element="soft").count() == 2
    assert RbTheme.objects.filter(roadmap=roadmap, kind="general").count() == 1
    assert RbTheme.objects.filter(roadmap=roadmap, kind="tematik").count() == 4


def test_seed_twice_gives_the_same_rows_of_every_model_and_reset_rebuilds_them(capsys):
    with time_machine.travel(TODAY, tick=False):
        call_command("seed_demo")
        first = every_count()
        first_ids = set(Indicator.objects.values_list("pk", flat=True))
        built = capsys.readouterr().out
        call_command("seed_demo")
        again = capsys.readouterr().out
        assert every_count() == first
        assert set(Indicator.objects.values_list("pk", flat=True)) == first_ids

        # What a visitor of the demo might do: approve a report, change a password; --reset undoes it.
        waiting = Report.objects.filter(status=ReportStatus.DIAJUKAN).first()
        reports.report_approve(report=waiting, reviewer=User.objects.get(username="bpsdm"))
        officer = User.objects.get(username="operator.dinkes")
        officer.set_password("another-password-1")
        officer.save()
        call_command("seed_demo", "--reset")
        rebuilt = capsys.readouterr().out
    # The users' own history keeps the visitor's password change (an audit trail, not demo data).
    after = every_count()
    assert after.pop("roadmap.HistoricalUser") == first["roadmap.HistoricalUser"] + 1
    assert after == {k: v for k, v in first.items() if k != "roadmap.HistoricalUser"}
    assert "Data demo siap" in built and "Riwayat demo dibangun: 6 triwulan" in built
    assert "TW III 2026 dibuka sampai 16 Desember 2026" in built
    assert "Riwayat demo sudah ada" in again and "Riwayat demo dibangun" in rebuilt
    # Not an empty shell: a history of six quarters and the open one.
    assert first["evaluations.Report"] == 7 * 26 and first["evaluations.Evidence"] > 1000
    assert first["evaluations.HistoricalProgress"] > 1000 and first["evaluations.Reminder"] > 200
    assert Report.objects.get(unit=waiting.unit, cycle__year=2026, cycle__quarter=3).status == ReportStatus.DIAJUKAN
    assert User.objects.get(username="operator.dinkes").check_password("demo12345")
    # Every evidence row has its file on disk.
    evidence = Evidence.objects.first()
    assert evidence.file.storage.exists(evidence.file.name)
    # The rencana aksi: 60 actions a year for five years and 18 a year for the old road map, each pelaksana's
    # rows of every quarter up to the open one, with their history; a Selesai row's evidence on disk too.
    assert first["areas.ActionPlan"] == 60 + 60 + 59 + 57 + 57 + 19 + 19 + 18 + 18 + 18
    assert first["areas.HistoricalActionPlan"] == 0  # master data in bulk: no one edited it
    assert first["evaluations.ActionProgress"] > 500 and first["evaluations.HistoricalActionProgress"] > 500
    finished = Evidence.objects.filter(action_progress__status="selesai").first()
    assert finished.file.storage.exists(finished.file.name)
    assert finished.original_name.startswith("Laporan_Rencana_Aksi_RA-")


@pytest.mark.parametrize(
    ("today", "history", "current", "window", "demo_window"),
    [
        # The issue's day: TW III 2026's own window closed on 20 October, so the demo opens it around today.
        (
            dt.date(2026, 12, 2),
            6,
            (2026, 3),
            (dt.date(2026, 11, 25), dt.date(2026, 12, 9), dt.date(2026, 12, 16)),
            True,
        ),
        # Early in a window, its own dates are kept (no note on the pages).
        (dt.date(2027, 1, 3), 7, (2026, 4), (dt.date(2027, 1, 1), dt.date(2027, 1, 10), dt.date(2027, 1, 20)), 0),
        # Past its due date in the same window: a demo window again.
        (dt.date(2027, 1, 15), 7, (2026, 4), (dt.date(2027, 1, 8), dt.date(2027, 1, 22), dt.date(2027, 1, 29)), 1),
        # After the road map's last window: its last quarter, with all the others as history.
        (dt.date(2031, 6, 1), 19, (2029, 4), (dt.date(2031, 5, 25), dt.date(2031, 6, 8), dt.date(2031, 6, 15)), 1),
        # Before its first window: no history, the first quarter opened early.
        (dt.date(2025, 2, 1), 0, (2025, 1), (dt.date(2025, 1, 25), dt.date(2025, 2, 8), dt.date(2025, 2, 15)), 1),
    ],
)
def test_the_quarters_follow_today(today, history, current, window, demo_window):
    roadmap = Roadmap(name="RB", start_year=2025, end_year=2029)
    plan = plan_quarters(roadmap, today)
    assert (len(plan.history), plan.current, plan.demo_window) == (history, current, bool(demo_window))
    assert (plan.window.opens_on, plan.window.due_on, plan.window.closes_on) == window
    assert plan.history == plan.quarters[:-1] and (plan.history[:1] or [current])[0] <= current


def test_squeeze_keeps_a_figure_inside_its_band_and_in_order():
    low, high = Decimal(60), Decimal(76)  # SAKIP
    values = [Decimal(v) for v in range(20, 121)]
    squeezed = [squeeze(v, low=low, high=high) for v in values]
    assert all(low < s < high for s in squeezed)
    assert all(a < b for a, b in itertools.pairwise(squeezed))  # strictly: no two alike
    assert squeeze(Decimal(68), low=low, high=high) == Decimal(68)  # the middle of the band is kept
    # An early, weak SAKIP of 52 reads as a real one (just above 60), not as the band's edge.
    assert Decimal("60.5") < squeeze(Decimal(52), low=low, high=high) < Decimal(62)


def test_history_is_kept_while_its_report_is_due_and_rebuilt_when_the_calendar_moved_on():
    seed_demo(with_history=False)
    active = Roadmap.objects.get(is_active=True)
    cycle, _ = cycles.cycle_get_or_create(roadmap=active, year=2026, quarter=3)
    cycles.cycle_update_dates(
        cycle=cycle, opens_on=dt.date(2026, 11, 25), due_on=dt.date(2026, 12, 9), closes_on=dt.date(2026, 12, 16)
    )
    cycles.cycle_open(cycle=cycle)
    DemoState.objects.create(pk=1, built_for=dt.date(2026, 12, 2), cycle=cycle, demo_window=True)
    assert _history_status(active, dt.date(2026, 12, 2), reset=False) == HistoryStatus.KEPT
    assert _history_status(active, dt.date(2026, 12, 6), reset=False) == HistoryStatus.KEPT  # due in 3 days
    assert _history_status(active, dt.date(2026, 12, 7), reset=False) == HistoryStatus.BUILT  # nearly over
    assert _history_status(active, dt.date(2027, 1, 3), reset=False) == HistoryStatus.BUILT  # a new quarter
    assert _history_status(active, dt.date(2026, 12, 2), reset=True) == HistoryStatus.BUILT
    cycles.cycle_close(cycle=cycle)
    assert _history_status(active, dt.date(2026, 12, 2), reset=False) == HistoryStatus.BUILT


def test_the_demo_note_follows_the_demos_marker_not_the_cycles_dates(as_user):
    seed_demo(with_history=False)
    active = Roadmap.objects.get(is_active=True)
    cycle, _ = cycles.cycle_get_or_create(roadmap=active, year=2026, quarter=3)
    cycles.cycle_update_dates(
        cycle=cycle, opens_on=dt.date(2026, 11, 25), due_on=dt.date(2026, 12, 9), closes_on=dt.date(2026, 12, 16)
    )
    cycles.cycle_open(cycle=cycle)
    client = as_user(User.objects.get(username="operator.dinkes"))

    def note() -> str | None:
        html = client.get(reverse("home"), follow=True).content.decode()
        found = re.search(r'id="catatan-demo">.*?</i>\s*(.*?)</p>', html, re.S)
        return found.group(1).strip() if found else None

    # An Admin who opened a quarter late by hand, on the same dates: no demo note.
    assert note() is None
    DemoState.objects.create(pk=1, built_for=dt.date(2026, 12, 2), cycle=cycle, demo_window=False)
    assert note() is None  # the demo kept the quarter's own window: nothing to explain
    DemoState.objects.filter(pk=1).update(demo_window=True)
    assert note() == (
        "Demo: TW III 2026 dibuka sampai 16 Desember 2026 (batas waktu 9 Desember 2026) agar laporan dapat "
        "dicoba hari ini; jadwal bawaannya sudah lewat."
    )
    client.cookies["django_language"] = "en"
    assert note().startswith("Demo: TW III 2026 is open until 16 December 2026 (due 9 December 2026)")
    cycles.cycle_close(cycle=cycle)
    assert note() is None


def test_cycles_the_demo_did_not_make_are_left_alone():
    seed_demo(with_history=False)
    active = Roadmap.objects.get(is_active=True)
    own, _ = cycles.cycle_get_or_create(roadmap=active, year=2025, quarter=1)  # an admin's own cycle
    assert seed_demo().history == "bukan_demo"
    assert list(Cycle.objects.filter(roadmap=active)) == [own]


def test_seed_spreads_over_areas_elements_and_themes():
    seed_demo(with_history=False)
    active = Indicator.objects.filter(roadmap__is_active=True)
    assert set(active.values_list("area__order", flat=True)) == set(range(1, 9))
    assert set(active.values_list("aspect__element", flat=True)) == {"hard", "soft"}
    assert active.values("theme").distinct().count() == 5
    assert set(active.values_list("polarity", flat=True)) == {"higher", "lower", "milestone"}
    # A target in each quarter of each year of the road map; a milestone only from its due quarter on.
    for indicator in active:
        quarters = set(IndicatorTarget.objects.filter(indicator=indicator).values_list("year", "quarter"))
        template = next(t for t in CATALOG.values() if t.name == indicator.name)
        first = template.due_quarter if template.polarity == "milestone" else 1
        assert quarters == {(y, q) for y in range(2025, 2030) for q in range(first, 5)}, indicator.code


def test_the_facts_are_right():
    seed_demo(with_history=False)
    for roadmap in Roadmap.objects.all():  # both road maps have the reference framework, each its own rows
        assert list(ChangeArea.objects.filter(roadmap=roadmap).values_list("name", flat=True)) == AREAS_IN_ORDER
    assert Unit.objects.count() == 26
    assert Unit.objects.filter(name="RSUD Ratu Aji Putri Botung", kind="rsud").exists()
    assert Unit.objects.filter(kind="kecamatan").count() == 4
    # The verifying body once: BKPSDM, headed by Ahmad Usman; the demo's Verifikator keeps the name `bpsdm`.
    assert not Unit.objects.filter(slug="bpsdm").exists()
    assert not Unit.objects.filter(name__icontains="Badan Pengembangan Sumber Daya Manusia").exists()
    bkpsdm = Unit.objects.get(short_name="BKPSDM")
    assert bkpsdm.name == "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"
    assert bkpsdm.head_name == "Ahmad Usman"
    assert User.objects.get(username="bpsdm").role == Role.VERIFIKATOR
    ipasn = Indicator.objects.get(roadmap__is_active=True, unit=bkpsdm, name__contains="IP ASN")
    assert ipasn.name == "Indeks Profesionalitas ASN (IP ASN)"
    # Definitions say what is measured, by whom, from where: never the name again.
    for indicator in Indicator.objects.all():
        assert len(indicator.definition) > 80 and indicator.name not in indicator.definition, indicator.code
        assert indicator.data_source and indicator.data_source != indicator.unit.short_name, indicator.code
    names = set(StrategicTarget.objects.values_list("element", "name"))
    assert names == {
        ("hard", "Terciptanya tata kelola pemerintahan digital yang efektif, lincah, dan kolaboratif"),
        ("soft", "Terciptanya budaya birokrasi BerAKHLAK dengan ASN yang profesional"),
    }
    for unit in Unit.objects.all():
        assert User.objects.filter(username=f"operator.{unit.slug}", role=Role.OPERATOR, unit=unit).exists()
        assert 5 <= Indicator.objects.filter(unit=unit, roadmap__start_year=2025).count() <= 10, unit
    assert Roadmap.objects.filter(is_active=True).get().start_year == 2025
    assert Roadmap.objects.filter(start_year=2020, end_year=2024).exists()


def test_the_rencana_aksi_plan_reads_like_a_regencys():
    seed_demo(with_history=False)
    active = Roadmap.objects.get(is_active=True)
    plans = ActionPlan.objects.filter(roadmap=active).select_related("group__area", "group__theme", "coordinator")
    for year in active.years:
        assert 40 <= plans.filter(year=year).count() <= 60, year
    old = ActionPlan.objects.filter(roadmap__start_year=2020)
    assert 10 <= old.filter(year=2024).count() < plans.filter(year=2025).count()
    year = list(plans.filter(year=2026).prefetch_related("assignments__unit", "stages", "indicators"))
    general = [p for p in year if p.group.kind == ActionKind.GENERAL]
    tematik = [p for p in year if p.group.kind == ActionKind.TEMATIK]
    assert {p.group.area.order for p in general} == set(range(1, 9))  # every area perubahan
    assert {p.group.theme.code for p in tematik} == {"kemiskinan", "investasi", "digitalisasi", "prioritas-presiden"}
    # Coordinators: BKPSDM or Setda's Bagian Organisasi for RB General, the dinas of the theme for RB Tematik.
    assert {p.coordinator.slug for p in general} == {"bkpsdm", "setda"}
    coordinators = {p.group.theme.code: set() for p in tematik}
    for p in tematik:
        coordinators[p.group.theme.code].add(p.coordinator.slug)
    assert coordinators["kemiskinan"] == {"dinsos"} and coordinators["investasi"] == {"dpmptsp"}
    assert coordinators["digitalisasi"] == {"diskominfo"}
    # Budgets in rupiah, tens to hundreds of millions; each pelaksana's share adds up to the plan's.
    assert all(Decimal(10_000_000) <= p.budget < Decimal(1_000_000_000) for p in year)
    assert all(sum(a.budget for a in p.assignments.all()) == p.budget for p in year)
    assert {"dokumen", "aplikasi", "kegiatan", "orang"} <= {p.output_satuan for p in year}
    # Tahapan per quarter of the schedule, cumulative, ending at 100 %.
    for p in year:
        stages = [(s.quarter, s.planned_progress) for s in p.stages.all()]
        assert [q for q, _ in stages] == list(range(p.start_quarter, p.end_quarter + 1)), p.code
        check_stages(p, stages)
        assert stages[-1][1] == 100 and all(s.description for s in p.stages.all())
    # Most units carry out a few; some actions have two pelaksana; a few quick wins; indicators they serve.
    per_unit: dict[str, int] = {}
    for p in year:
        for a in p.assignments.all():
            per_unit[a.unit.slug] = per_unit.get(a.unit.slug, 0) + 1
    assert len(per_unit) == 26 and sorted(per_unit.values())[13] <= 4
    assert 10 <= sum(1 for p in year if p.assignments.count() == 2) < len(year) / 2
    assert 3 <= sum(p.quick_win for p in year) <= 10
    served = [p for p in year if p.indicators.exists()]
    assert len(served) > len(year) / 2
    for p in served:
        pelaksana = {a.unit_id for a in p.assignments.all()}
        assert all(i.roadmap_id == active.pk and i.unit_id in pelaksana for i in p.indicators.all()), p.code
    names = {p.name for p in year}
    assert {"Pemutakhiran data DTKS", "Integrasi layanan perizinan ke OSS RBA"} <= names


@pytest.mark.django_db(False)
def test_every_action_story_is_cumulative_and_follows_the_rules():
    # Pure: every action of both road maps, every pelaksana, the four quarters of the year, as demo.history
    # reports them (demo.action_stories over the plan of demo.renaksi).
    roadmaps = [Roadmap(name="B", start_year=2025, end_year=2029), Roadmap(name="A", start_year=2020, end_year=2024)]
    courses = Counter()
    for action in renaksi.plan(roadmaps):
        for share in action.shares:
            facts = PlanFacts(
                code=action.code,
                year=action.year,
                slug=share.unit,
                start=action.template.start,
                end=action.template.end,
                stages={s.quarter: (s.description, s.planned) for s in action.stages},
                target=share.output if share.output is not None else Decimal(action.template.target),
                budget=share.budget,
                satuan=action.template.satuan,
            )
            courses[course_of(facts.code, facts.year, facts.slug, start=facts.start, end=facts.end)] += 1
            rows = [values_at(facts, q) for q in range(1, 5)]
            for before, after in itertools.pairwise(rows):  # cumulative: nothing falls
                assert before.progress <= after.progress and before.budget_realised <= after.budget_realised
                assert before.output_realised <= after.output_realised
            for q, row in enumerate(rows, start=1):
                assert (row.status == "belum_dimulai") == (q < facts.start), (facts, q)
                assert (row.status == "selesai") == (row.progress == 100)
                assert row.output_realised <= facts.target and row.budget_realised <= facts.budget
                if row.status in ("berjalan", "tidak_terlaksana"):
                    planned = action_rules.planned_progress_at(
                        {k: p for k, (_d, p) in facts.stages.items()}, q, facts.end
                    )
                    if row.progress < planned:  # behind its tahapan: the officer says why and what next
                        assert row.kendala and row.rencana_tindak_lanjut, (facts, q)
                assert row.penjelasan
    assert courses[Course.ON_TRACK] > courses[Course.AHEAD] + courses[Course.BEHIND] + courses[Course.NOT_DONE]
    assert courses[Course.BEHIND] >= 20 and courses[Course.NOT_DONE] >= 5 and courses[Course.AHEAD] >= 20


def test_an_earlier_demos_second_bpsdm_unit_is_retired():
    legacy = factories.UnitFactory(slug="bpsdm", name="Badan Pengembangan Sumber Daya Manusia", short_name="BPSDM")
    factories.OperatorFactory(username="operator.bpsdm", unit=legacy)
    seed_demo(with_history=False)
    assert not Unit.objects.filter(slug="bpsdm").exists()
    assert not User.objects.filter(username="operator.bpsdm").exists()


def test_demo_password_works(client):
    seed_demo(with_history=False)
    # Through the login form: django-axes needs the request, which client.login() does not pass.
    response = client.post(reverse("login"), {"username": "operator.dinkes", "password": "demo12345"})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


# The dev-only packages of requirements-dev.txt, by their import names: `make run` installs requirements.txt only.
DEV_ONLY = ("time_machine", "pytest", "pytest_django", "factory", "hypothesis", "aiosmtpd", "playwright", "pypdf")
ROOT = Path(__file__).resolve().parents[1]


def test_the_demo_runs_on_requirements_txt_alone(tmp_path):
    # A fresh interpreter in which every dev-only package is missing: each demo module imports, and the
    # command's help runs (django.setup() included).
    script = (
        "import sys\n"
        f"for name in {DEV_ONLY!r}: sys.modules[name] = None\n"
        "import django, pkgutil, importlib\n"
        "django.setup()\n"
        "import demo\n"
        "for info in pkgutil.walk_packages(demo.__path__, 'demo.'): importlib.import_module(info.name)\n"
        "from django.core.management import call_command\n"
        "call_command('seed_demo', '--help')\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1"}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "--reset" in done.stdout


def test_nothing_imports_from_the_demo():
    # demo/ sits on top of every app (issue 15's one-way layers): the project works without it.
    importers = []
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        # The tests and the benchmark (bench/ seeds its data with demo's seed_scale) drive the project from outside.
        if relative.parts[0] in {"demo", "tests", "bench", ".venv", "node_modules"}:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            names += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            if any(name == "demo" or name.startswith("demo.") for name in names):
                importers.append(str(relative))
    assert importers == []
