"""seed_scale at a tiny scale: the counts, the statuses, capaian by areas.scoring, a second run, --reset."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from areas import scoring
from areas.models import Indicator, IndicatorTarget
from demo.management.commands.seed_scale import scale_roadmap
from evaluations.models import Cycle, CycleState, Progress, Report, ReportStatus
from roadmap.models import Unit, User

pytestmark = pytest.mark.django_db


def _seed(*extra: str) -> str:
    out = io.StringIO()
    call_command(
        "seed_scale", "--units", "4", "--indicators-per-unit", "5", "--years", "2", "--no-progress", *extra, stdout=out
    )
    return out.getvalue()


def test_seed_scale_tiny():
    _seed()
    roadmap = scale_roadmap()
    assert roadmap is not None and roadmap.is_active  # the only road map becomes the active one
    assert Unit.objects.filter(slug__startswith="skala-").count() == 4
    assert User.objects.filter(username__startswith="operator.skala-").count() == 4
    assert Indicator.objects.filter(roadmap=roadmap).count() == 20
    assert IndicatorTarget.objects.filter(indicator__roadmap=roadmap).count() == 20 * 2 * 4
    cycles = list(Cycle.objects.filter(roadmap=roadmap).order_by("year", "quarter"))
    assert len(cycles) == 8
    assert [c.state for c in cycles[-2:]] == [CycleState.OPEN, CycleState.SCHEDULED]
    assert all(c.state == CycleState.CLOSED for c in cycles[:-2])
    assert not Report.objects.filter(cycle=cycles[-1]).exists()  # the next cycle to open
    assert Report.objects.filter(cycle__roadmap=roadmap).count() == 7 * 4
    rows = Progress.objects.filter(report__cycle__roadmap=roadmap).select_related("indicator", "report")
    assert rows.count() == 7 * 4 * 5
    for p in rows:
        expected = scoring.capaian(
            polarity=p.indicator.polarity, target=p.target_value, realisasi=p.realisasi, done=p.milestone_done
        )
        assert p.capaian == expected
        if p.report.status == ReportStatus.BELUM_MULAI:
            assert p.realisasi is None and p.milestone_done is None

    assert "sudah ada" in _seed()  # a second run changes nothing
    assert Progress.objects.filter(report__cycle__roadmap=roadmap).count() == 140

    _seed("--reset")
    assert Unit.objects.filter(slug__startswith="skala-").count() == 4
    assert Progress.objects.filter(report__cycle__roadmap=scale_roadmap()).count() == 140
