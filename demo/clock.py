"""Historical time for the rows the services write, and no e-mail for events long past.

The services stamp `timezone.now()` (submitted_at, approved_at, a decision's created_at, an upload's time, a
reminder's sent_at, simple-history's history_date) and take `today` only for the business rules. The demo
plays a quarter of 2025 today, so after each step `at(moment, actor)` sets every time stamp the step wrote to
the story's moment, and the step's history records to its actor: Riwayat, the queue and the dashboards'
timeliness then show the dates of the story.

`past_events()` drops the on-commit callbacks the services register inside it — the e-mails of submissions,
decisions and reminders of the past, which went out at the time; nothing else of the services runs on commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models import Case, F, Model, Q, Value, When
from django.utils import timezone

from evaluations.models import (
    ActionProgress,
    Cycle,
    Evidence,
    FollowUp,
    Progress,
    Reminder,
    Report,
    ReviewDecision,
)
from roadmap.models import User

# The time stamps the services write with the real clock, per model.
STAMPED: dict[type[Model], tuple[str, ...]] = {
    Report: ("submitted_at", "first_submitted_at", "approved_at", "returned_at", "created_at", "updated_at"),
    Progress: ("updated_at",),
    ActionProgress: ("updated_at",),
    FollowUp: ("updated_at",),
    Cycle: ("opened_at", "closed_at"),
    ReviewDecision: ("created_at",),
    Evidence: ("uploaded_at",),
    Reminder: ("created_at", "sent_at"),
}
TRACKED = (Report, Progress, ActionProgress, FollowUp, Cycle)  # the models with simple-history


@contextmanager
def at(moment: dt.datetime, *models: type[Model], actor: User | None = None) -> Iterator[None]:
    """Rows of `models` written inside get `moment` for every time the real clock gave them, and `actor` in
    their history records.

    A stamp counts as written inside when it is not older than the real time the block began: every moment
    of the demo's stories lies before that (demo.stories keeps the open quarter's in the past). One UPDATE
    per model; the caller names the models its step writes (a draft: Progress, Report, Evidence).
    """
    began = timezone.now()
    yield
    for model in models:
        fields = STAMPED[model]
        written = Q()
        for name in fields:
            written |= Q(**{f"{name}__gte": began})
        model._default_manager.filter(written).update(
            **{name: Case(When(**{f"{name}__gte": began}, then=Value(moment)), default=F(name)) for name in fields}
        )
        if model in TRACKED:
            model.history.model._default_manager.filter(history_date__gte=began).update(  # type: ignore[attr-defined]
                history_date=moment, history_user=actor
            )


@contextmanager
def past_events() -> Iterator[None]:
    """A transaction whose on-commit callbacks (the services' e-mails) are dropped instead of run."""
    connection = transaction.get_connection()
    with transaction.atomic():
        before = len(connection.run_on_commit)
        yield
        del connection.run_on_commit[before:]
