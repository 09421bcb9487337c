"""The access audit: every URL of the URL configuration, requested as each of the six people.

The URLs are read from `get_resolver()`, not listed by hand: a view added without a rule in RULES
fails `test_every_url_has_a_rule` ("new view without a rule"). Each rule gives the expected status per
person for GET and, for the URLs that change data, for a POST with an empty body, which must change
nothing in the database whoever sends it (the objects belong to unit A's report of a *closed* cycle,
so even the people allowed to act get a refusal, a form error or a message, never a change).

Statuses: 200 page; 302 anonymous → login (checked) or a redirect after a refused action; 403 role;
404 the object is outside the person's scope (another unit's officer, someone else's export job);
405 wrong method.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from api.services import token_create, token_revoke
from areas.models import ChangeArea
from evaluations.models import (
    ActionProgress,
    FollowUp,
    RbEvaluation,
    Recommendation,
    RecommendationAssignment,
    StrategicEvidence,
    StrategicRealisation,
)
from evaluations.services.cycles import sync_action_rows
from exports.models import ExportJob, ExportStatus
from tests import factories
from tests.caches import clear_own_keys
from tests.conftest import client_for
from tests.test_officer_helpers import PDF_BYTES, attach_pdf, build_reports, frozen, rows_by_code
from tests.yearly_data import build_sasaran

__all__ = ["frozen"]

pytestmark = pytest.mark.django_db

PEOPLE = ("anonymous", "officer_a", "officer_b", "reviewer", "pimpinan", "admin")


def every(status: int, **overrides: int) -> dict[str, int]:
    """The same status for everybody signed in (anonymous → 302 to the login page), with exceptions."""
    return {"anonymous": 302, **dict.fromkeys(PEOPLE[1:], status), **overrides}


SIGNED_IN = every(200)
OWN_UNIT = every(200, officer_b=404)  # unit A's object: another unit's officer does not see it at all
OFFICER_ONLY = every(403, officer_a=200, officer_b=200)
STAFF_READ = every(200, officer_a=403, officer_b=403)  # Verifikator, Pimpinan, Admin
REVIEWERS = every(403, reviewer=200, admin=200)  # Verifikator and Admin
ADMIN_ONLY = every(403, admin=200)
OWNER_ONLY = every(404, officer_a=200)  # officer A's own export job
API_READ = every(200, anonymous=401)
API_STAFF = every(200, anonymous=401, officer_a=403, officer_b=403)  # the road map's own results
PUBLIC = every(200, anonymous=200)
API_OWN_UNIT = every(200, anonymous=401, officer_b=404)
API_WRITE = every(403, anonymous=401, officer_a=409, officer_b=404, admin=409)  # the report is locked: 409


@dataclass(frozen=True)
class Rule:
    get: dict[str, int]
    post: dict[str, int] | None = None  # None: the view is GET-only or the POST is the login/logout itself
    kwargs: Callable[[Any], dict[str, Any]] = field(default=lambda o: {})


# ONE table: URL name → who gets what. Every name in the URL configuration must be here (or excluded below).
RULES: dict[str, Rule] = {
    # roadmap
    "home": Rule(get=every(302)),  # each role is sent to its own Beranda
    "login": Rule(get=every(302, anonymous=200)),  # signed-in people are sent on
    "logout": Rule(get=every(405, anonymous=405)),  # POST only (Django 5); a POST logs out, which is its job
    "password_change": Rule(get=SIGNED_IN, post=SIGNED_IN),  # empty POST: the form's errors
    "password_change_done": Rule(get=SIGNED_IN),
    "home_operator": Rule(get=OFFICER_ONLY),
    "home_verifikator": Rule(get=every(403, reviewer=200)),
    "home_pimpinan": Rule(get=every(403, pimpinan=200)),
    "home_admin": Rule(get=ADMIN_ONLY),
    "set_language": Rule(get=every(302, anonymous=302), post=every(302, anonymous=302)),  # public by design
    # areas
    "areas:indicator_list": Rule(get=SIGNED_IN),
    "areas:indicator_detail": Rule(get=OWN_UNIT, kwargs=lambda o: {"pk": o.indicator.pk}),
    # evaluations: officer pages (reviewers and Pimpinan read, only officer A and the Admin may change)
    "evaluations:report_list": Rule(get=SIGNED_IN),
    "evaluations:report_detail": Rule(
        get=OWN_UNIT,
        post=every(403, officer_a=200, officer_b=404, admin=200),  # empty POST of a locked report: the page
        kwargs=lambda o: {"pk": o.report.pk},
    ),
    "evaluations:report_history": Rule(get=OWN_UNIT, post=every(405), kwargs=lambda o: {"pk": o.report.pk}),
    "evaluations:report_submit": Rule(
        get=every(405),
        post=every(403, officer_a=302, officer_b=404, admin=302),  # locked: a message and back to the page
        kwargs=lambda o: {"pk": o.report.pk},
    ),
    "evaluations:progress_save": Rule(
        get=every(405),
        post=every(403, officer_a=200, officer_b=404, admin=200),  # the page with the row's error
        kwargs=lambda o: {"pk": o.report.pk, "progress_pk": o.progress.pk},
    ),
    "evaluations:evidence_upload": Rule(
        get=every(405),
        post=every(403, officer_a=200, officer_b=404, admin=200),  # "Pilih minimal satu berkas."
        kwargs=lambda o: {"pk": o.report.pk, "progress_pk": o.progress.pk},
    ),
    "evaluations:action_save": Rule(
        get=every(405),
        post=every(403, officer_a=200, officer_b=404, admin=200),  # the page with the row's error
        kwargs=lambda o: {"pk": o.report.pk, "row_pk": o.action_row.pk},
    ),
    "evaluations:action_evidence_upload": Rule(
        get=every(405),
        post=every(403, officer_a=200, officer_b=404, admin=200),  # "Pilih minimal satu berkas."
        kwargs=lambda o: {"pk": o.report.pk, "row_pk": o.action_row.pk},
    ),
    "evaluations:evidence_delete": Rule(
        get=every(405),
        post=every(403, officer_a=302, officer_b=404, admin=302),  # locked report: refused with a message
        kwargs=lambda o: {"pk": o.evidence.pk},
    ),
    "evaluations:evidence_download": Rule(get=OWN_UNIT, kwargs=lambda o: {"pk": o.evidence.pk}),
    # evaluations: review (Pimpinan reads, only Verifikator and Admin act)
    "evaluations:review_queue": Rule(get=STAFF_READ),
    "evaluations:review_bulk_approve": Rule(
        get=every(403, reviewer=405, admin=405), post=every(403, reviewer=302, admin=302)
    ),
    "evaluations:review_detail": Rule(get=STAFF_READ, kwargs=lambda o: {"pk": o.report.pk}),
    "evaluations:review_approve": Rule(
        get=every(403, reviewer=405, admin=405),
        post=every(403, reviewer=302, admin=302),  # not Diajukan: a message, nothing approved
        kwargs=lambda o: {"pk": o.report.pk},
    ),
    "evaluations:review_return": Rule(
        get=every(403, reviewer=405, admin=405),
        post=every(403, reviewer=302, admin=302),
        kwargs=lambda o: {"pk": o.report.pk},
    ),
    "evaluations:review_reopen": Rule(
        get=every(403, reviewer=405, admin=405),
        post=every(403, reviewer=200, admin=200),  # the form asks for Alasan
        kwargs=lambda o: {"pk": o.report.pk},
    ),
    # evaluations: Pengingat (Pimpinan: 403, the page shows addresses and SMTP errors)
    "evaluations:reminders": Rule(get=REVIEWERS),
    "evaluations:reminders_send_now": Rule(
        get=every(403, reviewer=405, admin=405), post=every(403, reviewer=302, admin=302)
    ),
    # dashboards (an officer sees their own unit only)
    "dashboards:overview": Rule(get=SIGNED_IN),
    "dashboards:area": Rule(get=SIGNED_IN, kwargs=lambda o: {"pk": o.area.pk}),
    "dashboards:unit": Rule(get=OWN_UNIT, kwargs=lambda o: {"pk": o.unit.pk}),
    "dashboards:indicator": Rule(get=OWN_UNIT, kwargs=lambda o: {"pk": o.indicator.pk}),
    # the Rencana Aksi pages: read-only (GET and HEAD); unit A coordinates and carries out the action
    "dashboards:actions": Rule(get=SIGNED_IN),
    "dashboards:action": Rule(get=OWN_UNIT, kwargs=lambda o: {"pk": o.action_plan.pk}),
    # exports (every role exports what it may see; the import is the Admin's)
    "exports:index": Rule(get=SIGNED_IN),
    "exports:run": Rule(
        get=every(405, anonymous=405), post=every(302)
    ),  # the method is checked first  # empty POST: "no such report", back to Ekspor
    "exports:job_status": Rule(get=OWNER_ONLY, kwargs=lambda o: {"pk": o.job.pk}),
    "exports:job_download": Rule(get=OWNER_ONLY, kwargs=lambda o: {"pk": o.job.pk}),
    "exports:import": Rule(get=ADMIN_ONLY, post=ADMIN_ONLY),  # empty POST: the form's errors
    "exports:import_template": Rule(get=ADMIN_ONLY),
    "exports:import_plan": Rule(get=ADMIN_ONLY, post=ADMIN_ONLY),  # empty POST: the form's errors
    "exports:import_plan_template": Rule(get=ADMIN_ONLY),
    # monitoring: public by design (no login; it tells only up/down states, no data)
    "healthz": Rule(get=PUBLIC),
    # api: the Token API page (session) and the REST API (token or session; anonymous: 401 JSON)
    "api:tokens": Rule(get=SIGNED_IN, post=SIGNED_IN),  # empty POST: the form's error, no token made
    "api:token_revoke": Rule(
        get=every(405), post=every(404, anonymous=302, officer_a=302), kwargs=lambda o: {"pk": o.token.pk}
    ),  # officer A's own token (already revoked: a second revoke changes nothing); anyone else's is a 404
    # The OpenAPI schema and its documentation page need a signed-in user or a token (api/docs.py): anonymous, the
    # schema is a 401 like every endpoint, the documentation page (for people) sends to the sign-in page.
    "api:schema": Rule(get=API_READ),
    "api:docs": Rule(get=SIGNED_IN),
    "api:scores": Rule(get=API_READ),
    "api:roadmap-list": Rule(get=API_READ),
    "api:roadmap-detail": Rule(get=API_READ, kwargs=lambda o: {"pk": o.report.cycle.roadmap_id}),
    "api:unit-list": Rule(get=API_READ),
    "api:unit-detail": Rule(get=API_OWN_UNIT, kwargs=lambda o: {"pk": o.unit.pk}),
    "api:area-list": Rule(get=API_READ),
    "api:area-detail": Rule(get=API_READ, kwargs=lambda o: {"pk": o.area.pk}),
    "api:aspect-list": Rule(get=API_READ),
    "api:aspect-detail": Rule(get=API_READ, kwargs=lambda o: {"pk": o.indicator.aspect_id}),
    "api:theme-list": Rule(get=API_READ),
    "api:theme-detail": Rule(get=API_READ, kwargs=lambda o: {"pk": o.indicator.theme_id}),
    "api:indicator-list": Rule(get=API_READ),
    "api:indicator-detail": Rule(get=API_OWN_UNIT, kwargs=lambda o: {"pk": o.indicator.pk}),
    "api:cycle-list": Rule(get=API_READ),
    "api:cycle-detail": Rule(get=API_READ, kwargs=lambda o: {"pk": o.report.cycle_id}),
    "api:report-list": Rule(get=API_READ),
    "api:report-detail": Rule(get=API_OWN_UNIT, kwargs=lambda o: {"pk": o.report.pk}),
    "api:report-progress": Rule(
        get=API_OWN_UNIT,
        post=API_WRITE,  # locked report: 409 before the body is read
        kwargs=lambda o: {"pk": o.report.pk},
    ),
    "api:report-submit": Rule(
        get=every(405, anonymous=401),  # DRF checks the method before the object: 405 tells nothing
        post=API_WRITE,
        kwargs=lambda o: {"pk": o.report.pk},
    ),
    "api:action_progress_write": Rule(
        get=API_OWN_UNIT,
        post=API_WRITE,  # locked report: 409 before the body is read
        kwargs=lambda o: {"pk": o.action_row.pk},
    ),
    "api:progress-list": Rule(get=API_READ),
    "api:progress-detail": Rule(get=API_OWN_UNIT, kwargs=lambda o: {"pk": o.progress.pk}),
    "api:action_scores": Rule(get=API_READ),
    "api:action-plan-list": Rule(get=API_READ),
    "api:action-plan-detail": Rule(get=API_OWN_UNIT, kwargs=lambda o: {"pk": o.action_plan.pk}),
    "api:action-progress-list": Rule(get=API_READ),
    "api:action-progress-detail": Rule(get=API_OWN_UNIT, kwargs=lambda o: {"pk": o.action_progress.pk}),
    # the road map's yearly results: staff read, Verifikator and Admin change; an empty POST is a form error
    # (400) or, for a file's removal without the line's version, a refusal with a message
    "evaluations:sasaran": Rule(get=STAFF_READ),
    "evaluations:sasaran_edit": Rule(
        get=REVIEWERS, post=every(403, reviewer=400, admin=400), kwargs=lambda o: {"year": 2025}
    ),
    "evaluations:sasaran_evidence": Rule(get=STAFF_READ, kwargs=lambda o: {"pk": o.sasaran_evidence.pk}),
    "evaluations:sasaran_evidence_delete": Rule(
        get=every(403, reviewer=405, admin=405),
        post=every(403, reviewer=302, admin=302),
        kwargs=lambda o: {"pk": o.sasaran_evidence.pk},
    ),
    # the LHE's recommendations: every role reads its scope; Verifikator and Admin add and change them; the
    # follow-up rows are a report's rows like the rencana aksi's
    "evaluations:recommendation_list": Rule(get=SIGNED_IN),
    "evaluations:recommendation_add": Rule(
        get=REVIEWERS, post=every(403, reviewer=200, admin=200), kwargs=lambda o: {"year": o.rb_evaluation.year}
    ),
    "evaluations:recommendation_edit": Rule(
        get=REVIEWERS, post=every(403, reviewer=200, admin=200), kwargs=lambda o: {"pk": o.recommendation.pk}
    ),
    "evaluations:follow_up_save": Rule(
        get=every(405),
        post=every(403, officer_a=200, officer_b=404, admin=200),  # the page with the row's error
        kwargs=lambda o: {"pk": o.report.pk, "row_pk": o.follow_up.pk},
    ),
    "evaluations:follow_up_evidence_upload": Rule(
        get=every(405),
        post=every(403, officer_a=200, officer_b=404, admin=200),  # "Pilih minimal satu berkas."
        kwargs=lambda o: {"pk": o.report.pk, "row_pk": o.follow_up.pk},
    ),
    "api:recommendation-list": Rule(get=API_READ),
    "api:recommendation-detail": Rule(get=API_OWN_UNIT, kwargs=lambda o: {"pk": o.recommendation.pk}),
    "api:follow-up-list": Rule(get=API_READ),
    "api:follow-up-detail": Rule(get=API_OWN_UNIT, kwargs=lambda o: {"pk": o.follow_up.pk}),
    "evaluations:rb_list": Rule(get=STAFF_READ),
    "evaluations:rb_detail": Rule(get=STAFF_READ, kwargs=lambda o: {"year": o.rb_evaluation.year}),
    "evaluations:rb_document": Rule(get=STAFF_READ, kwargs=lambda o: {"year": o.rb_evaluation.year}),
    "evaluations:rb_create": Rule(get=REVIEWERS, post=every(403, reviewer=400, admin=400)),
    "evaluations:rb_edit": Rule(
        get=REVIEWERS, post=every(403, reviewer=400, admin=400), kwargs=lambda o: {"year": o.rb_evaluation.year}
    ),
    "api:strategic-indicator-list": Rule(get=API_STAFF),
    "api:strategic-indicator-detail": Rule(get=API_STAFF, kwargs=lambda o: {"pk": o.sasaran_indicator.pk}),
    "api:rb-evaluation-list": Rule(get=API_STAFF),
    "api:rb-evaluation-detail": Rule(get=API_STAFF, kwargs=lambda o: {"pk": o.rb_evaluation.pk}),
    # the Django admin's gate (is_staff); its inner pages sit behind the same gate, see EXCLUDED
    "admin:index": Rule(get=every(302, admin=200)),
    "admin:login": Rule(get=every(200, anonymous=200, admin=302)),
}

# URL names not requested, each with the reason.
EXCLUDED_NAMESPACES = {
    # Every page of the Django admin goes through admin.site.admin_view (is_staff, else the admin login);
    # admin:index and admin:login above check that gate; the model pages are Django's own code.
    "admin": "Django admin internals, behind the same is_staff gate as admin:index",
}
ADMIN_NAMES_CHECKED = {"admin:index", "admin:login"}


def _walk(patterns: list[Any], namespace: str = "") -> list[tuple[str, URLPattern]]:
    found: list[tuple[str, URLPattern]] = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            prefix = f"{namespace}{ns}:" if ns else namespace
            found.extend(_walk(entry.url_patterns, prefix))
        else:
            found.append((f"{namespace}{entry.name or ''}", entry))
    return found


def url_names() -> list[str]:
    names = []
    for name, pattern in _walk(get_resolver().url_patterns):
        namespace = name.split(":", 1)[0] if ":" in name else ""
        if namespace in EXCLUDED_NAMESPACES and name not in ADMIN_NAMES_CHECKED:
            continue
        if not name or name.endswith(":"):
            raise AssertionError(f"URL pattern {pattern.pattern} has no name: give it one and a rule")
        names.append(name)
    return sorted(set(names))


def test_every_url_has_a_rule():
    missing = [name for name in url_names() if name not in RULES]
    assert not missing, f"new view without a rule in tests/test_access_audit.py RULES: {missing}"
    stale = [name for name in RULES if name not in url_names()]
    assert not stale, f"rules for URLs that no longer exist: {stale}"


def test_the_walk_sees_every_app():
    # A guard on the walk itself: if it stopped descending into include()s, the audit would pass on nothing.
    names = url_names()
    for expected in ("evaluations:report_detail", "dashboards:unit", "exports:job_download", "areas:indicator_list"):
        assert expected in names
    assert len(names) >= 40


class Objects:
    """The objects whose URLs are requested: all of unit A, in a closed cycle (nothing may change)."""

    def __init__(self, roadmap, unit_a, officer_a) -> None:  # type: ignore[no-untyped-def]
        closed, _open = build_reports(roadmap, unit_a)
        self.report = closed
        rows = rows_by_code(closed)
        self.progress = rows["01"]
        self.indicator = self.progress.indicator
        self.unit = unit_a
        self.area = ChangeArea.objects.get(order=1)
        # A rencana aksi of unit A (coordinator and pelaksana), with its row in the closed report.
        self.action_plan = factories.ActionPlanFactory(
            group=factories.ActionGroupFactory(roadmap=roadmap), coordinator=unit_a, year=2025
        )
        assignment = factories.ActionAssignmentFactory(plan=self.action_plan, unit=unit_a)
        sync_action_rows(closed.cycle)
        self.action_progress = ActionProgress.objects.get(report=closed, assignment=assignment)
        self.evidence = attach_pdf(self.progress, officer_a)
        self.action_row = self.action_progress  # the rules of the report form's action URLs use it too
        self.token, _secret = token_create(user=officer_a, name="Aplikasi uji")
        token_revoke(token=self.token)
        self.job = ExportJob.objects.create(
            user=officer_a,
            report="rekap",
            format="csv",
            status=ExportStatus.DONE,
            file=ContentFile(b"kode;nama\n", name="rekap.csv"),
            filename="rekap.csv",
            finished_at=timezone.now(),
            expires_at=timezone.now() + dt.timedelta(hours=24),
        )
        # The road map's yearly results (no unit's): a sasaran line of 2025 with its file, an Indeks RB with its LHE.
        world = build_sasaran(roadmap)
        self.sasaran_indicator = world.h1
        self.sasaran_evidence = StrategicEvidence.objects.create(
            realisation=StrategicRealisation.objects.get(indicator=world.h1, year=2025),
            file=ContentFile(PDF_BYTES, name="bukti.pdf"),
            original_name="bukti.pdf",
            size=len(PDF_BYTES),
            content_type="application/pdf",
        )
        self.rb_evaluation = RbEvaluation.objects.create(
            roadmap=roadmap,
            year=2025,
            general_value=Decimal("68.40"),
            tematik_value=Decimal("11.25"),
            document=ContentFile(PDF_BYTES, name="lhe.pdf"),
            document_name="LHE.pdf",
        )
        # A recommendation of that LHE for unit A, with its follow-up row in the closed report.
        self.recommendation = Recommendation.objects.create(
            evaluation=self.rb_evaluation, number=1, text="Perbaiki SOP layanan.", due_year=2025, due_quarter=4
        )
        assignment = RecommendationAssignment.objects.create(recommendation=self.recommendation, unit=unit_a)
        self.follow_up = FollowUp.objects.get_or_create(report=closed, assignment=assignment)[0]


@pytest.fixture
def objects(roadmap, unit_a, people, frozen):
    return Objects(roadmap, unit_a, people["officer_a"])


@pytest.fixture(autouse=True)
def _fresh_throttles():
    # The API's anonymous rate (per address) counts in the cache: other tests' requests must not spend it.
    clear_own_keys()
    yield
    clear_own_keys()


@pytest.fixture(autouse=True)
def _no_reminder_run(monkeypatch):
    # "Kirim sekarang" would enqueue the real job; the audit checks who may press it, not the job.
    from evaluations.services import reminders

    monkeypatch.setattr(reminders, "reminders_run_now", lambda *a, **k: None)


def _snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of the domain's tables (not the audit log, sessions or login attempts)."""
    skip = {"roadmap.auditevent"}
    snap = {}
    for label in ("roadmap", "areas", "evaluations", "dashboards", "exports", "api"):
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        for model in config.get_models():
            if model._meta.label_lower in skip:
                continue
            rows = list(model.objects.order_by("pk").values())
            for row in rows:
                row.pop("last_login", None)  # signing in the six people is not a change under test
            snap[model._meta.label_lower] = rows
    return snap


def _check(response, expected: int, who: str, what: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == expected, f"{what} as {who}: {response.status_code}, expected {expected}"
    if who == "anonymous" and expected == 302:
        login = reverse(settings.LOGIN_URL)
        admin_login = reverse("admin:login")
        assert response.url.startswith((login, admin_login)) or what.startswith("set_language"), response.url


@pytest.mark.parametrize("name", sorted(RULES))
def test_access(name, objects, people):
    rule = RULES[name]
    assert set(rule.get) == set(PEOPLE), f"{name}: the GET rule must name all six people"
    url = reverse(name, kwargs=rule.kwargs(objects))
    for who in PEOPLE:
        client = client_for(people[who])
        _check(client.get(url), rule.get[who], who, f"{name} GET {url}")
    if rule.post is not None:  # a rule without POST: the page is read-only
        assert set(rule.post) == set(PEOPLE), f"{name}: the POST rule must name all six people"
        for who in PEOPLE:
            client = client_for(people[who])
            before = _snapshot()
            response = client.post(url, {})
            _check(response, rule.post[who], who, f"{name} POST {url}")
            assert _snapshot() == before, f"{name}: an empty POST as {who} changed data"


# URLs whose object belongs to no unit (master data every role reads).
SHARED_OBJECTS = {
    "dashboards:area",
    "api:roadmap-detail",
    "api:area-detail",
    "api:aspect-detail",
    "api:theme-detail",
    "api:cycle-detail",
}
PUBLIC_NAMES = {"login", "admin:login", "healthz"}


def test_rules_are_consistent_with_the_model_of_roles():
    # Sanity on the table itself: nobody anonymous ever gets a page that needs a login,
    # and another unit's officer never gets 200 on an object of unit A.
    for name, rule in RULES.items():
        if name not in PUBLIC_NAMES:
            assert rule.get["anonymous"] != 200, name
        if rule.kwargs(_Probe()) and name not in SHARED_OBJECTS:
            assert rule.get["officer_b"] != 200, name


class _Probe:
    """Answers any attribute path (o.report.cycle_id …) with 1: to see which rules take an object."""

    def __getattr__(self, name: str) -> Any:
        return 1 if name == "pk" or name.endswith("_id") else _Probe()
