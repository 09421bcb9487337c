"""One filter object for the dashboards and the exports (dashboards.selectors.filters.DashboardFilters), parsed
in one place: the same URL parameters give the same selection on the Dasbor and in an export, except what an
export means by a year alone (the whole year) and what it does not offer (element, theme)."""

from __future__ import annotations

from decimal import Decimal

import pytest
import time_machine
from django.http import QueryDict

from areas.models import ChangeArea, RbTheme
from dashboards.selectors import DashboardFilters, dashboard_filters
from evaluations.models import ReportStatus
from exports.selectors import export_filters
from tests import factories
from tests.dashboard_data import fill, open_quarter, set_status
from tests.test_scheduling_support import wita

pytestmark = pytest.mark.django_db


@pytest.fixture
def quarters(roadmap, unit_a, unit_b):
    ind = factories.IndicatorFactory(roadmap=roadmap, unit=unit_a, code="A-1", requires_evidence=False)
    for quarter in range(1, 5):
        factories.IndicatorTargetFactory(indicator=ind, year=2025, quarter=quarter, value=Decimal(80))
    with time_machine.travel(wita(2025, 10, 5, 9), tick=False):
        tw1, tw2 = (open_quarter(roadmap, 2025, q) for q in (1, 2))
        fill(tw1, {"A-1": Decimal(72)})
        set_status(tw1, unit_a, ReportStatus.DISETUJUI, wita(2025, 4, 8, 10))
        yield {"tw1": tw1, "tw2": tw2}


def _query(**values) -> QueryDict:
    query = QueryDict(mutable=True)
    query.update({k: str(v) for k, v in values.items()})
    return query


def test_the_dasbor_and_the_exports_read_the_same_parameters_into_one_object(quarters, roadmap, reviewer, unit_b):
    area, theme = ChangeArea.objects.order_by("order").first(), RbTheme.objects.order_by("order").first()
    query = _query(roadmap=roadmap.pk, tahun=2025, triwulan=2, unit=unit_b.pk, area=area.pk, termasuk_diajukan=1)
    dasbor, export = dashboard_filters(query=query, user=reviewer), export_filters(query=query, user=reviewer)
    assert type(dasbor) is type(export) is DashboardFilters
    assert dasbor == export
    assert (export.roadmap_id, export.year, export.quarter, export.cycle) == (roadmap.pk, 2025, 2, quarters["tw2"])
    assert (export.unit_id, export.area_id, export.include_submitted) == (unit_b.pk, area.pk, True)
    # Nothing given: both open on the latest quarter with approved data.
    assert (
        dashboard_filters(query=_query(), user=reviewer).quarter,
        export_filters(query=_query(), user=reviewer).quarter,
    ) == (1, 1)
    # A year alone: the Dasbor's default quarter, an export's whole year.
    assert dashboard_filters(query=_query(tahun=2025), user=reviewer).quarter == 1
    whole = export_filters(query=_query(tahun=2025), user=reviewer)
    assert (whole.year, whole.quarter, whole.cycle) == (2025, None, None)
    # What no export offers is left out of an export, not silently applied to half of it.
    both = _query(elemen="hard", tema=theme.pk, tahun=2025, triwulan=1)
    assert (
        dashboard_filters(query=both, user=reviewer).element,
        dashboard_filters(query=both, user=reviewer).theme,
    ) == ("hard", theme)
    assert (export_filters(query=both, user=reviewer).element, export_filters(query=both, user=reviewer).theme) == (
        None,
        None,
    )


def test_an_officers_unit_is_forced_and_kept_in_the_record_but_not_in_the_url(quarters, officer_a, unit_b):
    filters = export_filters(query=_query(unit=unit_b.pk, tahun=2025, triwulan=1), user=officer_a)
    assert (filters.unit_id, filters.unit_locked) == (officer_a.unit_id, True)
    assert "unit" not in filters.params()  # a bookmark never carries the forced unit
    record = filters.record()  # what an export job stores and the audit log keeps
    assert record["unit"] == officer_a.unit_id
    # The job's parameters (JSON: numbers, not text) read back into the same filters.
    assert export_filters(query=record, user=officer_a) == filters
    assert export_filters(query={**record, "termasuk_diajukan": 1}, user=officer_a).include_submitted
