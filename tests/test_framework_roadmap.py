"""The framework (areas, aspects, themes) belongs to a road map: its copy, its uniqueness, and a road map with none."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from openpyxl import load_workbook

from areas.models import ChangeArea, ElementAspect, Indicator, RbTheme
from areas.reference import CHANGE_AREAS, ELEMENT_ASPECTS, RB_THEMES
from areas.services.framework import framework_copy
from evaluations.models import Report, ReportStatus
from exports import importer
from tests import factories
from tests.conftest import client_for
from tests.dashboard_data import fill, open_quarter, set_status

pytestmark = pytest.mark.django_db


def _framework(roadmap):
    return (
        list(ChangeArea.objects.filter(roadmap=roadmap).order_by("order").values_list("code", "order", "name")),
        list(ElementAspect.objects.filter(roadmap=roadmap).order_by("code").values_list("code", "element", "name")),
        list(RbTheme.objects.filter(roadmap=roadmap).order_by("order").values_list("code", "kind", "name")),
    )


# --- a new road map's framework ------------------------------------------------------------------------------


def test_first_road_map_gets_the_reference_framework():
    roadmap = factories.RoadmapFactory(start_year=2020, end_year=2024)
    areas, aspects, themes = _framework(roadmap)
    assert [(o, c, n) for c, o, n in areas] == [(o, c, n) for o, c, n, _d in CHANGE_AREAS]
    assert len(areas) == 8 and areas[0][2] == "Manajemen Perubahan"
    assert sorted(c for c, _e, _n in aspects) == sorted(c for _e, _o, c, _n in ELEMENT_ASPECTS)
    assert [e for _c, e, _n in aspects].count("hard") == 6
    assert [c for c, _k, _n in themes] == [c for _o, c, _n, _k, _d in RB_THEMES]


def test_a_new_road_map_copies_the_most_recent_one_with_its_edits():
    old = factories.RoadmapFactory(start_year=2020, end_year=2024, is_active=False)
    recent = factories.RoadmapFactory(start_year=2025, end_year=2029)
    # The admin edits the recent road map: one area fewer, its own Tematik theme.
    ChangeArea.objects.filter(roadmap=recent, code="DK").delete()
    RbTheme.objects.create(roadmap=recent, code="stunting", name="Penurunan Stunting", kind="tematik", order=6)
    new = factories.RoadmapFactory(start_year=2030, end_year=2034, is_active=False)
    assert _framework(new) == _framework(recent)
    assert "DK" not in [c for c, _o, _n in _framework(new)[0]]
    assert RbTheme.objects.get(roadmap=new, code="stunting").name == "Penurunan Stunting"
    # The rows are the new road map's own: editing them leaves the others alone.
    ChangeArea.objects.filter(roadmap=new, code="MP").update(name="Manajemen Perubahan Baru")
    assert ChangeArea.objects.get(roadmap=recent, code="MP").name == "Manajemen Perubahan"
    assert len(_framework(old)[0]) == 8


def test_framework_copy_is_idempotent_updates_by_code_and_removes_extras():
    source = factories.RoadmapFactory(start_year=2020, end_year=2024, is_active=False)
    target = factories.RoadmapFactory(start_year=2025, end_year=2029)
    assert framework_copy(source=source, target=target).created == 0  # already equal (a copy at creation)
    # The source's order swapped and renamed; the target has a row the source lacks.
    mp, dk = ChangeArea.objects.get(roadmap=source, code="MP"), ChangeArea.objects.get(roadmap=source, code="DK")
    mp.order, dk.order = 99, 1
    mp.save()
    dk.save()
    mp.order = 2
    mp.save()
    ChangeArea.objects.create(roadmap=target, code="X", order=50, name="Area Tambahan")
    area_pk = ChangeArea.objects.get(roadmap=target, code="MP").pk
    done = framework_copy(source=source, target=target)
    assert (done.created, done.updated, done.removed) == (0, 2, 1)
    assert _framework(target) == _framework(source)
    assert ChangeArea.objects.get(roadmap=target, code="MP").pk == area_pk  # kept its id (indicators keep it)
    again = framework_copy(source=source, target=target)
    assert (again.created, again.updated, again.removed) == (0, 0, 0)


def test_framework_copy_refuses_to_remove_a_row_an_indicator_uses(unit_a):
    source = factories.RoadmapFactory(start_year=2020, end_year=2024, is_active=False)
    target = factories.RoadmapFactory(start_year=2025, end_year=2029)
    extra = ChangeArea.objects.create(roadmap=target, code="X", order=50, name="Area Tambahan")
    factories.IndicatorFactory(roadmap=target, unit=unit_a, code="X-01", area=extra)
    ChangeArea.objects.filter(roadmap=source, code="MP").update(name="Diubah")
    before = _framework(target)
    with pytest.raises(ValidationError) as e:
        framework_copy(source=source, target=target)
    assert "Area Tambahan" in e.value.messages[0] and "masih dipakai" in e.value.messages[0]
    assert _framework(target) == before  # nothing changed


# --- uniqueness per road map, and an indicator's framework is its road map's ----------------------------------


def test_codes_are_unique_per_road_map_not_across():
    one = factories.RoadmapFactory(start_year=2020, end_year=2024, is_active=False)
    two = factories.RoadmapFactory(start_year=2025, end_year=2029)
    assert ChangeArea.objects.filter(code="MP").count() == 2
    assert RbTheme.objects.filter(code="general", roadmap__in=[one, two]).count() == 2
    for model, values in (
        (ChangeArea, {"code": "MP", "order": 90, "name": "Lain"}),
        (ChangeArea, {"code": "ZZ", "order": 1, "name": "Lain"}),
        (ChangeArea, {"code": "ZZ", "order": 90, "name": "Manajemen Perubahan"}),
        (ElementAspect, {"code": "budaya", "element": "soft", "order": 9, "name": "Lain"}),
        (ElementAspect, {"code": "zz", "element": "soft", "order": 9, "name": "Budaya"}),
        (RbTheme, {"code": "general", "kind": "general", "order": 90, "name": "Lain"}),
        (RbTheme, {"code": "zz", "kind": "tematik", "order": 1, "name": "Lain"}),
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            model.objects.create(roadmap=two, **values)
    with pytest.raises(ValidationError) as e:
        ChangeArea(roadmap=two, code="MP", order=90, name="Lain").full_clean()
    assert "Kode area perubahan sudah dipakai pada road map ini." in e.value.messages


def test_an_indicators_area_aspect_and_theme_must_be_of_its_road_map(unit_a):
    one = factories.RoadmapFactory(start_year=2020, end_year=2024, is_active=False)
    two = factories.RoadmapFactory(start_year=2025, end_year=2029)
    indicator = factories.IndicatorFactory.build(
        roadmap=two,
        unit=unit_a,
        area=ChangeArea.objects.get(roadmap=one, code="MP"),
        aspect=ElementAspect.objects.get(roadmap=one, code="budaya"),
        theme=RbTheme.objects.get(roadmap=one, code="general"),
    )
    with pytest.raises(ValidationError) as e:
        indicator.full_clean()
    assert set(e.value.message_dict) == {"area", "aspect", "theme"}
    assert "bukan bagian dari kerangka road map Road Map RB 2025–2029" in e.value.message_dict["area"][0]
    indicator.area = ChangeArea.objects.get(roadmap=two, code="MP")
    indicator.aspect = ElementAspect.objects.get(roadmap=two, code="budaya")
    indicator.theme = RbTheme.objects.get(roadmap=two, code="general")
    indicator.full_clean()


def test_admin_refuses_another_road_maps_area_with_a_message(admin_user, unit_a):
    one = factories.RoadmapFactory(start_year=2020, end_year=2024, is_active=False)
    two = factories.RoadmapFactory(start_year=2025, end_year=2029)
    form = {
        "roadmap": two.pk,
        "unit": unit_a.pk,
        "code": "LAIN-01",
        "name": "Indikator",
        "area": ChangeArea.objects.get(roadmap=one, code="PTL").pk,
        "aspect": "",
        "theme": RbTheme.objects.get(roadmap=two, code="general").pk,
        "satuan": "persen",
        "polarity": "higher",
        "kind": "outcome",
        "weight": "1",
        "annual_targets-TOTAL_FORMS": "0",
        "annual_targets-INITIAL_FORMS": "0",
        "targets-TOTAL_FORMS": "0",
        "targets-INITIAL_FORMS": "0",
    }
    client = client_for(admin_user)
    response = client.post(reverse("admin:areas_indicator_add"), form)
    assert response.status_code == 200
    assert "bukan bagian dari kerangka road map" in response.content.decode()
    assert not Indicator.objects.filter(code="LAIN-01").exists()
    # The choices name their road map (both have a "Penataan Tata Laksana").
    page = client.get(reverse("admin:areas_indicator_add")).content.decode()
    assert "Penataan Tata Laksana · Road Map RB 2020–2024" in page
    # Without an aspect (optional) and with its own area it is saved.
    form["area"] = ChangeArea.objects.get(roadmap=two, code="PTL").pk
    assert client.post(reverse("admin:areas_indicator_add"), form).status_code == 302
    assert Indicator.objects.get(code="LAIN-01").aspect is None


def test_admin_copy_framework_action(admin_user):
    source = factories.RoadmapFactory(start_year=2020, end_year=2024, is_active=False)
    target = factories.RoadmapFactory(start_year=2025, end_year=2029)
    RbTheme.objects.create(roadmap=source, code="stunting", name="Penurunan Stunting", kind="tematik", order=6)
    client = client_for(admin_user)
    url = reverse("admin:roadmap_roadmap_changelist")
    ask = client.post(url, {"action": "copy_framework", "_selected_action": [target.pk]})
    assert ask.status_code == 200 and "Salin kerangka dari road map" in ask.content.decode()
    done = client.post(
        url, {"action": "copy_framework", "_selected_action": [target.pk], "source": source.pk}, follow=True
    )
    assert done.status_code == 200
    assert "1 baris baru" in done.content.decode()
    assert RbTheme.objects.filter(roadmap=target, code="stunting").exists()
    for user in (factories.VerifikatorFactory(), factories.OperatorFactory()):
        assert (
            client_for(user).post(url, {"action": "copy_framework", "_selected_action": [target.pk]}).status_code == 302
        )
    assert RbTheme.objects.filter(roadmap=target).count() == 6


# --- a road map without areas or aspects: indicators without them, every page renders ----------------------


@pytest.fixture
def bare(unit_a, unit_b):
    """Road map 2030–2034 that defines no areas and no aspects; one approved and one draft report in TW I 2030."""
    factories.RoadmapFactory(start_year=2025, end_year=2029, is_active=False)
    roadmap = factories.RoadmapFactory(start_year=2030, end_year=2034, is_active=True)
    ChangeArea.objects.filter(roadmap=roadmap).delete()
    ElementAspect.objects.filter(roadmap=roadmap).delete()
    general = RbTheme.objects.get(roadmap=roadmap, code="general")
    for unit, code in ((unit_a, "T-01"), (unit_b, "T-02")):
        ind = factories.IndicatorFactory(roadmap=roadmap, unit=unit, code=code, area=None, aspect=None, theme=general)
        ind.full_clean()  # no area and no aspect: valid where the road map defines none
        factories.IndicatorTargetFactory(indicator=ind, year=2030, quarter=1, value=Decimal("80"))
    cycle = open_quarter(roadmap, 2030, 1)
    fill(cycle, {"T-01": Decimal("60"), "T-02": Decimal("40")})
    set_status(cycle, unit_a, ReportStatus.DISETUJUI)
    return roadmap, cycle


def test_dashboards_of_a_road_map_without_areas(bare, people, unit_a):
    roadmap, _cycle = bare
    q = f"?roadmap={roadmap.pk}&tahun=2030&triwulan=1"
    reviewer = client_for(people["reviewer"])
    page = reviewer.get(reverse("dashboards:overview") + q)
    assert page.status_code == 200
    text = page.content.decode()
    assert "75 %" in text.replace("75,0 %", "75 %")  # 60 / 80: the approved unit's score
    assert 'data-area="' not in text  # no area rows
    unit_page = reviewer.get(reverse("dashboards:unit", args=[unit_a.pk]) + q)
    assert unit_page.status_code == 200 and "T-01" in unit_page.content.decode()
    indicator = Indicator.objects.get(code="T-01")
    ind_page = reviewer.get(reverse("dashboards:indicator", args=[indicator.pk]) + q)
    assert ind_page.status_code == 200 and "T-01" in ind_page.content.decode()
    detail = reviewer.get(reverse("areas:indicator_detail", args=[indicator.pk]))
    assert detail.status_code == 200
    assert reviewer.get(reverse("areas:indicator_list") + f"?roadmap={roadmap.pk}").status_code == 200


def test_area_page_shows_the_areas_own_road_map(bare, people):
    roadmap, _cycle = bare
    other_area = ChangeArea.objects.exclude(roadmap=roadmap).get(code="MP")
    # Asked with the bare road map, the area's page shows the area's road map (not a mix of both).
    page = client_for(people["reviewer"]).get(
        reverse("dashboards:area", args=[other_area.pk]) + f"?roadmap={roadmap.pk}"
    )
    assert page.status_code == 200
    assert "Manajemen Perubahan" in page.content.decode()
    assert "T-01" not in page.content.decode()


def test_report_form_and_review_of_a_road_map_without_areas(bare, people, unit_a, unit_b):
    _roadmap, cycle = bare
    draft = Report.objects.get(cycle=cycle, unit=unit_b)
    officer = client_for(people["officer_b"])
    form = officer.get(reverse("evaluations:report_detail", args=[draft.pk]))
    assert form.status_code == 200
    text = form.content.decode()
    assert "Tanpa area perubahan" in text and "T-02" in text
    approved = Report.objects.get(cycle=cycle, unit=unit_a)
    review = client_for(people["reviewer"]).get(reverse("evaluations:review_detail", args=[approved.pk]))
    assert review.status_code == 200 and "Tanpa area perubahan" in review.content.decode()


@pytest.mark.parametrize("report", ["rekap", "matriks", "kelengkapan"])
@pytest.mark.parametrize("fmt", ["xlsx", "csv", "pdf"])
def test_exports_of_a_road_map_without_areas(bare, people, report, fmt):
    roadmap, _cycle = bare
    payload = {"laporan": report, "format": fmt, "roadmap": roadmap.pk, "tahun": 2030, "triwulan": 1}
    response = client_for(people["admin"]).post(reverse("exports:run"), payload)
    assert response.status_code == 200, response.content[:300]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert len(body) > 100
    if report == "rekap" and fmt == "xlsx":
        wb = load_workbook(io.BytesIO(body))
        assert "Tanpa area perubahan" in wb.sheetnames
        values = [c for row in wb["Tanpa area perubahan"].iter_rows(values_only=True) for c in row]
        assert "T-01" in values and "T-02" in values
    if report == "rekap" and fmt == "csv":
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        assert {r[0] for r in rows[1:]} == {""}  # the area column is empty
        assert len(rows) == 3


def test_api_and_import_of_a_road_map_without_areas(bare, people, admin_user):
    roadmap, _cycle = bare
    client = client_for(people["reviewer"])
    areas = client.get(reverse("api:area-list") + f"?roadmap={roadmap.pk}").json()
    assert areas["count"] == 0
    themes = client.get(reverse("api:theme-list") + f"?roadmap={roadmap.pk}").json()
    assert {t["code"] for t in themes["results"]} == {c for _o, c, _n, _k, _d in RB_THEMES}
    assert {t["roadmap"] for t in themes["results"]} == {roadmap.pk}
    indicators = client.get(reverse("api:indicator-list") + f"?roadmap={roadmap.pk}").json()
    assert {(i["code"], i["area"], i["aspect"]) for i in indicators["results"]} == {
        ("T-01", None, None),
        ("T-02", None, None),
    }
    # The import: no area or aspect needed on this road map, the codes of another road map's unknown.
    out = io.BytesIO()
    importer.write_template(out, roadmap)
    petunjuk = load_workbook(io.BytesIO(out.getvalue()))["Petunjuk"]
    codes = {row[0]: row[1] for row in petunjuk.iter_rows(values_only=True)}
    assert "kosongkan" in codes["kode_area"] and codes["kode_tema"].startswith("general")
