"""Cached aggregates of the dashboards, correct by construction.

Every cached value is keyed by (a tag, the SQL and parameters of the query that computes it, the data
generation). The SQL carries everything that changes the numbers — the user's scope, the road map, the
cycle, the counted statuses, the unit / area / element / theme / indicator-type filters — so two different
questions never share an entry. The generation (dashboards.DataGeneration, one row) is bumped *in the same
transaction* as every write that can change a number: a reader that sees the new data also sees the
new generation, and an entry can never outlive the data it was computed from (no race, no TTL needed
for correctness; the TTL only bounds memory).

Who bumps: model signals (post_save / post_delete) of Report, Progress and ActionProgress (of a report that
can count), Indicator and its annual targets, the rencana aksi's plan (group, plan, pelaksana, tahapan), Cycle,
Unit, Roadmap, the reference tables and the capaian scale (its kategori names and traffic-light thresholds
are in the cached pages' HTML) — which covers the services, the Django admin and the Excel import —,
the evaluations' domain signals for their bulk writes (`reports_created` after `cycle_open`'s bulk_create,
`cycle_closed` after `cycle_close`'s update; evaluations/signals.py), and explicit `bump()` calls where a seed
writes in bulk (seed_scale). Signals, not services, because the admin and the
importer save models directly: this is cache bookkeeping, not domain logic.

Where: the cache named "dashboards" in settings.CACHES (Redis at REDIS_URL, shared by every gunicorn
worker, when configured; else the process's memory). Switched on by settings.DASHBOARD_CACHE_SECONDS
(environment; default 600 when DEBUG is off, 0 = off when DEBUG is on, so development and the test suite
compute every number unless a test asks).
Why, and what it saves: docs/performance.md#cached-aggregates.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.db import DatabaseError, models, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save

from areas.models import (
    ActionAssignment,
    ActionGroup,
    ActionPlan,
    ActionStage,
    CapaianCategory,
    CapaianScale,
    ChangeArea,
    ElementAspect,
    Indicator,
    IndicatorAnnualTarget,
    RbTheme,
)
from dashboards.models import DataGeneration
from evaluations import signals as evaluation_signals
from evaluations.models import OWED_STATUSES, ActionProgress, Cycle, Progress, Report
from roadmap.models import Roadmap, Unit

logger = logging.getLogger(__name__)
T = TypeVar("T")
_bypass: ContextVar[bool] = ContextVar("dashboard_cache_bypass", default=False)
_pinned: ContextVar[int | None] = ContextVar("dashboard_generation", default=None)
_backend: BaseCache | None = None  # None: settings.CACHES["dashboards"]; a test may put a private cache here
PREFIX = "monev:dasbor:"


def ttl() -> int:
    # Declared in settings (read once from the environment): the test runner's DEBUG=False at run time
    # must not switch the cache on for the whole suite, where rolled-back generations repeat.
    return int(settings.DASHBOARD_CACHE_SECONDS)


def backend() -> BaseCache:
    return _backend if _backend is not None else caches["dashboards"]


@contextmanager
def computed() -> Iterator[None]:
    """Inside this block every number is computed from the progress rows — no cache, no summary table
    (the tests' oracle, the benchmark's floor)."""
    token = _bypass.set(True)
    try:
        yield
    finally:
        _bypass.reset(token)


def from_progress() -> bool:
    """True inside computed(): the aggregates read the progress rows, not the summary table."""
    return _bypass.get()


def generation() -> int | None:
    """The current data generation; None (no caching) when the row is missing."""
    try:
        return DataGeneration.objects.filter(pk=1).values_list("value", flat=True).first()
    except DatabaseError:  # the table is not migrated yet
        return None


@contextmanager
def one_generation() -> Iterator[None]:
    """Read the generation once for a whole request instead of once per cached value.

    As safe as reading it per value: an entry stored under the pinned generation was computed after that
    generation was read, so it is never older than the generation's data (the same reasoning as for a
    single value). After a bump no new request reads the old generation, so its entries are never read again.
    """
    if ttl() <= 0 or _bypass.get():
        yield
        return
    token = _pinned.set(generation())
    try:
        yield
    finally:
        _pinned.reset(token)


def current_generation() -> int | None:
    pinned = _pinned.get()
    return pinned if pinned is not None else generation()


def random_start() -> int:
    """A new database starts its generation at random: a Redis that outlived a restored or recreated
    database never serves that database an old entry (ids, and so the SQL, can repeat)."""
    return secrets.randbits(48)


def bump() -> None:
    """Mark every cached number stale; call inside the transaction that changes the data."""
    try:
        with transaction.atomic():
            if not DataGeneration.objects.filter(pk=1).update(value=F("value") + 1):
                DataGeneration.objects.get_or_create(pk=1, defaults={"value": random_start()})
    except DatabaseError:  # pragma: no cover - a database without the table (before migrate)
        logger.debug("dashboard generation not bumped (no table)")


def key_of(tag: str, sql: str, params: Any, gen: int) -> str:
    digest = hashlib.sha256(f"{tag}\x00{sql}\x00{params!r}".encode()).hexdigest()[:40]
    return f"{PREFIX}{gen}:{digest}"


def cached(tag: str, queryset: models.QuerySet[Any], compute: Callable[[], T]) -> T:
    """compute() once per (tag, the SQL of `queryset`, generation); computed directly when caching is off."""
    if ttl() <= 0 or _bypass.get():
        return compute()
    try:
        sql, params = queryset.query.sql_with_params()
    except Exception:  # an empty queryset (.none()) has no SQL: nothing worth caching
        return compute()
    return cached_as(tag, sql, params, compute)


def cached_as(tag: str, sql: str, params: Any, compute: Callable[[], T]) -> T:
    """compute() once per (tag, sql, params, generation): `sql` and `params` must carry every input of the
    value (the SQL of the querysets it reads, and e.g. the language and date of rendered HTML)."""
    seconds = ttl()
    if seconds <= 0 or _bypass.get():
        return compute()
    gen = current_generation()
    if gen is None:
        return compute()
    key = key_of(tag, sql, params, gen)
    store = backend()
    try:
        hit = store.get(key)
    except Exception:  # the cache is an optimisation: Redis down means computing, never an error page
        logger.warning("dashboard cache unavailable", exc_info=True)
        return compute()
    if hit is not None:
        return hit
    value = compute()
    try:
        store.set(key, value, seconds)
    except Exception:
        logger.warning("dashboard cache unavailable", exc_info=True)
    return value


# --- invalidation -----------------------------------------------------------------------------------------


def _bump_on_change(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    bump()


def _bump_on_progress(sender: type[models.Model], instance: Any, **kwargs: Any) -> None:
    # A row of a report that is still with its unit (Belum Mulai, Draf, Dikembalikan) counts in no number:
    # the officer's draft saves do not invalidate the dashboards. Its report's next status change does.
    try:
        status = instance.report.status
    except Report.DoesNotExist:
        status = None
    if status not in OWED_STATUSES:
        bump()


def _bump_on_bulk_write(sender: Any, **kwargs: Any) -> None:
    bump()  # evaluations.signals: reports_created (bulk_create) and cycle_closed (update()) send no model signal


def connect_signals() -> None:
    evaluation_signals.reports_created.connect(_bump_on_bulk_write, dispatch_uid="dasbor-bump-reports-created")
    evaluation_signals.cycle_closed.connect(_bump_on_bulk_write, dispatch_uid="dasbor-bump-cycle-closed")
    # The rencana aksi: its plan (tahapan, pelaksana, budget share) changes the numbers like an indicator does.
    plan_models = (ActionGroup, ActionPlan, ActionAssignment, ActionStage)
    scale_models = (CapaianScale, CapaianCategory)  # the labels and lights of every cached page
    # The annual targets: the year figure (dashboards.selectors.year) compares with them.
    for model in (
        Report,
        Indicator,
        IndicatorAnnualTarget,
        Cycle,
        Unit,
        Roadmap,
        ChangeArea,
        ElementAspect,
        RbTheme,
        *plan_models,
        *scale_models,
    ):
        post_save.connect(_bump_on_change, sender=model, dispatch_uid=f"dasbor-bump-save-{model.__name__}")
        post_delete.connect(_bump_on_change, sender=model, dispatch_uid=f"dasbor-bump-delete-{model.__name__}")
    for model in (Progress, ActionProgress):  # a quarter's rows: bump when their report can count
        post_save.connect(_bump_on_progress, sender=model, dispatch_uid=f"dasbor-bump-save-{model.__name__}")
        post_delete.connect(_bump_on_progress, sender=model, dispatch_uid=f"dasbor-bump-delete-{model.__name__}")
