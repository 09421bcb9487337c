"""The benchmark's load generator reads the report form's fields with regular expressions (bench.form_fields,
cheap enough not to take the server's CPU); its reference is the HTML parser (bench.FormFields). Both must read
the same fields from real report pages: an editable one with awkward values (quotes, ampersands, a leading
newline, a chosen status) and a read-only one."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bench.bench import FormFields, form_fields
from evaluations.models import ActionStatus
from evaluations.services import actions as action_services
from evaluations.services import reports
from evaluations.services.reports import ProgressInput
from tests import action_world

pytestmark = pytest.mark.django_db


def _reference(page: str) -> dict[str, str]:
    parser = FormFields()
    parser.feed(page)
    return parser.fields


@pytest.fixture
def world(roadmap, unit_a, unit_b, people):
    return action_world.build(roadmap, unit_a, unit_b)


def test_both_readers_find_the_same_fields_on_an_edited_report(as_user, world, officer_a):
    awkward = '\nBaris "kedua" & <ketiga>\nselesai'
    row = ProgressInput(
        progress_id=world.progress_a.pk,
        version=world.progress_a.version,
        realisasi=Decimal("12.5"),
        penjelasan=awkward,
        kendala="A & B",
    )
    reports.report_save_draft(report=world.report_a, user=officer_a, rows=[row])
    page = as_user(officer_a).get(f"/laporan/{world.report_a.pk}/").content.decode()

    fields = form_fields(page)

    assert fields == _reference(page)
    prefix = f"p{world.progress_a.pk}"
    assert fields[f"{prefix}-penjelasan"] == awkward  # the one newline after <textarea> dropped, the text's kept
    assert fields[f"{prefix}-kendala"] == "A & B"
    assert fields[f"{prefix}-realisasi"] == "12,5"
    assert fields[f"a{world.ra01.pk}-status"] == ""
    assert "csrfmiddlewaretoken" in fields
    assert not [name for name in fields if name.endswith("berkas")]  # file inputs are not sent


def test_both_readers_agree_on_a_chosen_status_and_a_read_only_page(as_user, world, officer_a, reviewer):
    action_services.action_row_save(
        user=officer_a,
        row=world.ra01,
        data={"status": ActionStatus.RUNNING, "progress": Decimal("40")},
        version=world.ra01.version,
    )
    page = as_user(officer_a).get(f"/laporan/{world.report_a.pk}/").content.decode()
    assert form_fields(page) == _reference(page)
    assert form_fields(page)[f"a{world.ra01.pk}-status"] == ActionStatus.RUNNING

    read_only = as_user(reviewer).get(f"/laporan/{world.report_a.pk}/").content.decode()
    assert form_fields(read_only) == _reference(read_only)
