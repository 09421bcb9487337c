"""The rencana aksi models: their constraints and clean(), and their admin pages (admin only, clear refusals)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from areas.models import (
    ActionAssignment,
    ActionGroup,
    ActionKind,
    ActionPlan,
    ActionStage,
    ChangeArea,
    RbTheme,
    check_stages,
)
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(roadmap, unit_a, unit_b):
    other = factories.RoadmapFactory(start_year=2020, end_year=2024, is_active=False)
    general = ActionGroup.objects.create(
        roadmap=roadmap,
        kind=ActionKind.GENERAL,
        area=ChangeArea.objects.get(roadmap=roadmap, code="PTL"),
        code="KU-01",
        name="Penguatan SPBE",
    )
    tematik = ActionGroup.objects.create(
        roadmap=roadmap,
        kind=ActionKind.TEMATIK,
        theme=RbTheme.objects.get(roadmap=roadmap, code="kemiskinan"),
        code="ST-01",
        name="Data terpadu kesejahteraan sosial",
    )
    return {"roadmap": roadmap, "other": other, "general": general, "tematik": tematik, "a": unit_a, "b": unit_b}


def _plan(world, **kw):
    values = {
        "group": world["general"],
        "roadmap": world["roadmap"],
        "year": 2025,
        "code": "RA-01",
        "name": "Aplikasi layanan terpadu",
        "output": "Aplikasi",
        "output_satuan": "aplikasi",
        "output_target": Decimal(1),
        "budget": Decimal("150000000"),
        "coordinator": world["a"],
        "start_quarter": 1,
        "end_quarter": 4,
    }
    values.update(kw)
    return ActionPlan(**values)


def _refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


# --- ActionGroup --------------------------------------------------------------------------------------------


def test_group_kind_area_theme_in_the_database(world):
    roadmap = world["roadmap"]
    area = ChangeArea.objects.get(roadmap=roadmap, code="MP")
    theme = RbTheme.objects.get(roadmap=roadmap, code="investasi")
    _refused(lambda: ActionGroup.objects.create(roadmap=roadmap, kind="general", area=area, theme=theme, code="X1"))
    _refused(lambda: ActionGroup.objects.create(roadmap=roadmap, kind="tematik", code="X2"))
    _refused(lambda: ActionGroup.objects.create(roadmap=roadmap, kind="tematik", area=area, theme=theme, code="X3"))
    _refused(lambda: ActionGroup.objects.create(roadmap=roadmap, kind="general", area=area, code="KU-01"))
    # The same code on another road map is another group.
    ActionGroup.objects.create(
        roadmap=world["other"],
        kind="general",
        area=ChangeArea.objects.get(roadmap=world["other"], code="MP"),
        code="KU-01",
    )


def test_group_clean_messages(world):
    roadmap, other = world["roadmap"], world["other"]
    cases = [
        ({"kind": "general"}, "area", "harus berada di bawah satu area perubahan"),
        (
            {"kind": "general", "area": ChangeArea.objects.get(roadmap=other, code="MP")},
            "area",
            "bukan bagian dari kerangka road map ini",
        ),
        (
            {"kind": "tematik", "theme": RbTheme.objects.get(roadmap=roadmap, code="general")},
            "theme",
            "bukan tema RB Tematik",
        ),
        ({"kind": "tematik"}, "theme", "harus berada di bawah satu tema RB Tematik"),
        (
            {
                "kind": "tematik",
                "theme": RbTheme.objects.get(roadmap=roadmap, code="investasi"),
                "area": world["general"].area,
            },
            "area",
            "kosongkan area",
        ),
    ]
    for values, field, message in cases:
        group = ActionGroup(roadmap=roadmap, code="G-X", name="Uji", **values)
        with pytest.raises(ValidationError) as e:
            group.full_clean()
        assert message in " ".join(e.value.message_dict[field]), values
    dup = ActionGroup(roadmap=roadmap, kind="general", area=world["general"].area, code="KU-01", name="Lagi")
    with pytest.raises(ValidationError) as e:
        dup.full_clean()
    assert "Kode kegiatan utama / sasaran tematik sudah dipakai pada road map ini." in e.value.messages


def test_general_group_without_area_where_the_road_map_has_none(world):
    bare = factories.RoadmapFactory(start_year=2030, end_year=2034, is_active=False)
    ChangeArea.objects.filter(roadmap=bare).delete()
    ActionGroup(roadmap=bare, kind="general", code="KU-01", name="Tanpa area").full_clean()


# --- ActionPlan ---------------------------------------------------------------------------------------------


def test_plan_code_unique_per_road_map_and_year(world):
    _plan(world).save()
    _refused(lambda: _plan(world).save())
    _plan(world, year=2026).save()  # another year
    other_group = ActionGroup.objects.create(
        roadmap=world["other"], kind="general", area=ChangeArea.objects.get(roadmap=world["other"], code="MP"), code="K"
    )
    _plan(world, roadmap=world["other"], group=other_group, year=2024).save()  # another road map
    with pytest.raises(ValidationError) as e:
        _plan(world).full_clean()
    assert "Kode rencana aksi sudah dipakai pada road map dan tahun ini." in e.value.messages


def test_plan_database_checks(world):
    _refused(lambda: _plan(world, code="Q", start_quarter=3, end_quarter=2).save())
    _refused(lambda: _plan(world, code="Q", end_quarter=5).save())
    _refused(lambda: _plan(world, code="B", budget=Decimal("-1")).save())
    _refused(lambda: _plan(world, code="O", output_target=Decimal(0)).save())


def test_plan_clean_messages(world):
    other_group = ActionGroup.objects.create(
        roadmap=world["other"], kind="general", area=ChangeArea.objects.get(roadmap=world["other"], code="MP"), code="K"
    )
    cases = [
        ({"start_quarter": 3, "end_quarter": 2}, "end_quarter", "tidak boleh sebelum triwulan mulai"),
        ({"year": 2031}, "year", "di luar masa road map"),
        ({"group": other_group}, "group", "milik road map lain"),
        ({"budget": Decimal("-5")}, "__all__", "Anggaran tidak boleh negatif."),
    ]
    for values, field, message in cases:
        with pytest.raises(ValidationError) as e:
            _plan(world, **values).full_clean()
        assert message in " ".join(e.value.message_dict.get(field, e.value.messages)), values
    with pytest.raises(ValidationError) as e:
        _plan(world, budget=Decimal("-5")).validate_constraints()
    assert "Anggaran tidak boleh negatif." in e.value.messages


def test_plan_indicators_of_its_own_road_map(world):
    plan = _plan(world)
    plan.save()
    own = factories.IndicatorFactory(roadmap=world["roadmap"], unit=world["a"], code="OWN-1")
    foreign = factories.IndicatorFactory(roadmap=world["other"], unit=world["a"], code="OLD-1")
    plan.check_indicators([own])
    with pytest.raises(ValidationError) as e:
        plan.check_indicators([own, foreign])
    assert e.value.message_dict["indicators"] == ["Indikator OLD-1 bukan indikator road map rencana aksi ini."]


def test_plan_history_and_due_quarters(world):
    plan = _plan(world, start_quarter=2, end_quarter=4)
    plan.save()
    plan.budget = Decimal("200000000")
    plan.save()
    assert [h.budget for h in plan.history.order_by("history_id")] == [Decimal("150000000"), Decimal("200000000")]
    ActionStage.objects.create(plan=plan, quarter=2, description="Analisis kebutuhan", planned_progress=Decimal(25))
    ActionStage.objects.create(plan=plan, quarter=3, description="Pembangunan", planned_progress=Decimal(70))
    assert plan.due_quarters() == [2, 3, 4]
    assert plan.is_due_in(3) and not plan.is_due_in(1)


# --- ActionStage and ActionAssignment ------------------------------------------------------------------------


def test_stages_constraints_and_rules(world):
    plan = _plan(world, start_quarter=2, end_quarter=3)
    plan.save()
    ActionStage.objects.create(plan=plan, quarter=2, description="Awal", planned_progress=Decimal(40))
    _refused(
        lambda: ActionStage.objects.create(plan=plan, quarter=2, description="Ganda", planned_progress=Decimal(50))
    )
    _refused(
        lambda: ActionStage.objects.create(plan=plan, quarter=3, description="Lebih", planned_progress=Decimal(101))
    )
    _refused(lambda: ActionStage.objects.create(plan=plan, quarter=0, description="Nol", planned_progress=Decimal(1)))
    with pytest.raises(ValidationError) as e:
        ActionStage(plan=plan, quarter=4, description="Sesudah selesai", planned_progress=Decimal(100)).full_clean()
    assert "di luar masa pelaksanaan rencana aksi (TW 2–TW 3)" in e.value.message_dict["quarter"][0]
    with pytest.raises(ValidationError) as e:
        ActionStage(plan=plan, quarter=3, description="Lebih", planned_progress=Decimal("100.5")).full_clean()
    assert "planned_progress" in e.value.message_dict
    check_stages(plan, [(2, Decimal(40)), (3, Decimal(100))])
    check_stages(plan, [(2, Decimal(40)), (3, Decimal(40))])  # steady is allowed
    with pytest.raises(ValidationError) as e:
        check_stages(plan, [(3, Decimal(30)), (2, Decimal("40.5"))])
    assert e.value.messages == ["Rencana progres kumulatif tidak boleh turun: TW 3 (30%) di bawah TW 2 (40,5%)."]
    with pytest.raises(ValidationError) as e:
        check_stages(plan, [(1, Decimal(10)), (2, Decimal(40))])
    assert "Tahapan TW 1 di luar masa pelaksanaan" in e.value.messages[0]


def test_assignment_constraints(world):
    plan = _plan(world)
    plan.save()
    ActionAssignment.objects.create(plan=plan, unit=world["a"], budget=Decimal(100))
    _refused(lambda: ActionAssignment.objects.create(plan=plan, unit=world["a"]))
    _refused(lambda: ActionAssignment.objects.create(plan=plan, unit=world["b"], budget=Decimal(-1)))
    _refused(lambda: ActionAssignment.objects.create(plan=plan, unit=world["b"], output_target=Decimal(0)))
    with pytest.raises(ValidationError) as e:
        ActionAssignment(plan=plan, unit=world["a"]).full_clean()
    assert "Unit ini sudah menjadi pelaksana rencana aksi ini." in e.value.messages
    ActionAssignment.objects.create(plan=plan, unit=world["b"])  # whole output, no budget share
    assert plan.assignments.count() == 2


# --- admin ----------------------------------------------------------------------------------------------------


def _plan_form(world, *, stages=(), assignments=(), **kw):
    data = {
        "roadmap": world["roadmap"].pk,
        "group": world["general"].pk,
        "year": "2025",
        "code": "RA-ADM",
        "name": "Penyusunan SOP layanan",
        "output": "SOP",
        "output_satuan": "dokumen",
        "output_target": "10",
        "budget": "50000000",
        "coordinator": world["a"].pk,
        "start_quarter": "1",
        "end_quarter": "4",
        "description": "",
        "notes": "",
        "is_active": "on",
        "assignments-TOTAL_FORMS": str(len(assignments)),
        "assignments-INITIAL_FORMS": "0",
        "stages-TOTAL_FORMS": str(len(stages)),
        "stages-INITIAL_FORMS": "0",
    }
    for i, (unit, output, budget) in enumerate(assignments):
        data.update(
            {
                f"assignments-{i}-unit": unit.pk,
                f"assignments-{i}-output_target": output,
                f"assignments-{i}-budget": budget,
            }
        )
    for i, (quarter, progress) in enumerate(stages):
        data.update(
            {
                f"stages-{i}-quarter": str(quarter),
                f"stages-{i}-description": f"Tahap {quarter}",
                f"stages-{i}-planned_progress": progress,
            }
        )
    data.update(kw)
    return data


def test_admin_pages_answer_the_admin_and_save_a_whole_plan(world, admin_user):
    client = client_for(admin_user)
    for name in ("actiongroup", "actionplan"):
        assert client.get(reverse(f"admin:areas_{name}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:areas_{name}_add")).status_code == 200
    response = client.post(
        reverse("admin:areas_actionplan_add"),
        _plan_form(
            world,
            stages=[(1, "10"), (2, "40"), (4, "100")],
            assignments=[(world["a"], "6", "30000000"), (world["b"], "4", "20000000")],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = ActionPlan.objects.get(code="RA-ADM")
    assert [(s.quarter, s.planned_progress) for s in plan.stages.all()] == [(1, 10), (2, 40), (4, 100)]
    assert sorted(a.budget for a in plan.assignments.all()) == [Decimal("20000000"), Decimal("30000000")]
    page = client.get(reverse("admin:areas_actionplan_change", args=[plan.pk]))
    assert page.status_code == 200 and "Tahap 2" in page.content.decode()
    listing = client.get(reverse("admin:areas_actionplan_changelist") + "?q=SOP&quick_win__exact=0")
    assert "RA-ADM" in listing.content.decode()
    assert client.get(reverse("admin:areas_actionplan_history", args=[plan.pk])).status_code == 200


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"stages": [(1, "50"), (2, "40")]}, "Rencana progres kumulatif tidak boleh turun"),
        ({"stages": [(3, "50")], "start_quarter": "1", "end_quarter": "2"}, "di luar masa pelaksanaan"),
        ({"stages": [(1, "120")]}, "lebih kecil dari atau sama dengan 100"),
        ({"stages": [(1, "10"), (1, "20")]}, "Perbaiki data ganda"),
        ({"assignments": "over-budget"}, "melebihi anggaran rencana aksi"),
        ({"budget": "-1"}, "Anggaran tidak boleh negatif."),
        ({"start_quarter": "4", "end_quarter": "2"}, "tidak boleh sebelum triwulan mulai"),
        ({"year": "2031"}, "di luar masa road map"),
        ({"group": "other-road-map"}, "milik road map lain"),
        ({"indicators": "other-road-map"}, "bukan indikator road map rencana aksi ini"),
        ({"code": "duplicate"}, "Kode rencana aksi sudah dipakai pada road map dan tahun ini."),
    ],
)
def test_admin_refuses_bad_input_with_a_message_and_saves_nothing(world, admin_user, change, message):
    kw = dict(change)
    stages = kw.pop("stages", ())
    assignments = kw.pop("assignments", ())
    if assignments == "over-budget":
        assignments = [(world["a"], "", "40000000"), (world["b"], "", "20000000")]  # 60 > 50 million
    if kw.get("group") == "other-road-map":
        kw["group"] = ActionGroup.objects.create(
            roadmap=world["other"],
            kind="general",
            area=ChangeArea.objects.get(roadmap=world["other"], code="MP"),
            code="K",
        ).pk
    if kw.get("indicators") == "other-road-map":
        kw["indicators"] = [factories.IndicatorFactory(roadmap=world["other"], unit=world["a"], code="OLD-9").pk]
    if kw.get("code") == "duplicate":
        _plan(world, code="RA-DUP").save()
        kw["code"] = "RA-DUP"
    before = ActionPlan.objects.count()
    response = client_for(admin_user).post(
        reverse("admin:areas_actionplan_add"), _plan_form(world, stages=stages, assignments=assignments, **kw)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ActionPlan.objects.count() == before
    assert not ActionStage.objects.exists() and not ActionAssignment.objects.exists()


def test_admin_group_refuses_bad_kind_with_a_message(world, admin_user):
    data = {"roadmap": world["roadmap"].pk, "kind": "tematik", "code": "ST-09", "name": "Sasaran", "order": "0"}
    response = client_for(admin_user).post(reverse("admin:areas_actiongroup_add"), data)
    assert response.status_code == 200
    assert "Sasaran tematik harus berada di bawah satu tema RB Tematik." in response.content.decode()
    assert not ActionGroup.objects.filter(code="ST-09").exists()


def test_admin_pages_refuse_everyone_but_the_admin(world, people):
    plan = _plan(world)
    plan.save()
    urls = [
        reverse("admin:areas_actionplan_changelist"),
        reverse("admin:areas_actionplan_add"),
        reverse("admin:areas_actionplan_change", args=[plan.pk]),
        reverse("admin:areas_actiongroup_changelist"),
        reverse("admin:areas_actiongroup_change", args=[world["general"].pk]),
    ]
    for name, user in people.items():
        for url in urls:
            response = client_for(user).get(url)
            if name == "admin":
                assert response.status_code == 200, (name, url)
            else:
                assert response.status_code == 302 and "/login/" in response["Location"], (name, url)
        response = client_for(user).post(reverse("admin:areas_actionplan_add"), _plan_form(world, code="RA-X"))
        assert ActionPlan.objects.filter(code="RA-X").exists() == (name == "admin"), name
