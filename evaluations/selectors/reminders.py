"""Reads of the Pengingat page: per cycle, what the scheduled job sent or failed to send, and who is overdue now.

Rows are fetched through roadmap.permissions.scope(), so a role that may not see a unit
never gets its reminders, whatever the URL says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from evaluations.models import Cycle, CycleState, Reminder, ReminderKind, ReminderStatus, Report, today_wita
from evaluations.selectors.recommendations import overdue_by_unit
from roadmap.models import Role, Unit, User
from roadmap.permissions import AnyUser, scope, visible_units


@dataclass(frozen=True)
class OverdueRow:
    report: Report
    days_overdue: int
    due_on: dt.date
    last_reminder: Reminder | None


def reminder_cycles() -> QuerySet[Cycle]:
    """Cycles that are or were open, newest first (a scheduled cycle has no reminders yet)."""
    return Cycle.objects.exclude(state=CycleState.SCHEDULED).select_related("roadmap").order_by("-year", "-quarter")


def units_without_officer_email(*, user: AnyUser, unit_ids: list[int] | None = None) -> QuerySet[Unit]:
    """Active units nobody can be e-mailed at: no active operator with an address, and no contact address.

    The same rule as roadmap.selectors.officer_emails, in one query for the page.
    """
    officers_with_email = User.objects.filter(unit_id=OuterRef("pk"), role=Role.OPERATOR, is_active=True).exclude(
        email=""
    )
    units = visible_units(user).active().filter(contact_email="").exclude(Exists(officers_with_email))
    if unit_ids is not None:
        units = units.filter(pk__in=unit_ids)
    return units.order_by("name")


def reminders_page(*, user: AnyUser, cycle_id: int | None, today: dt.date | None = None) -> dict[str, Any]:
    """Everything the Pengingat page shows for one cycle (the chosen one, else the newest open one)."""
    today = today or today_wita()
    cycles = list(reminder_cycles())
    cycle = next((c for c in cycles if c.pk == cycle_id), None)
    if cycle is None:
        cycle = next((c for c in cycles if c.is_open), cycles[0] if cycles else None)
    context: dict[str, Any] = {
        "cycles": cycles,
        "cycle": cycle,
        "today": today,
        # Listed in the overdue e-mail of a unit that has them (services.reminders.mail_context).
        "overdue_recommendations": overdue_by_unit(user=user, today=today),
    }
    if cycle is None:
        context.update(
            reminders=[],
            failed=[],
            no_recipient=[],
            overdue=[],
            counts={},
            units_without_email=list(units_without_officer_email(user=user)),
        )
        return context

    reminders = list(
        scope(Reminder.objects.filter(report__cycle=cycle), user, unit_path="report__unit")
        .select_related("report__unit")
        .order_by("-sent_on", "kind", "report__unit__name")
    )
    counts = dict.fromkeys(ReminderStatus.values, 0)
    for reminder in reminders:
        counts[reminder.status] += 1

    last_overdue: dict[int, Reminder] = {}
    for reminder in reminders:  # newest first: keep the first seen per report
        if reminder.kind == ReminderKind.OVERDUE:
            last_overdue.setdefault(reminder.report_id, reminder)
    overdue_reports = (
        scope(Report.objects.overdue(today).filter(cycle=cycle), user)
        .select_related("unit", "cycle")
        .order_by("unit__name")
    )
    overdue = sorted(
        (OverdueRow(r, r.days_overdue(today), r.effective_due_on(), last_overdue.get(r.pk)) for r in overdue_reports),
        key=lambda row: (-row.days_overdue, row.report.unit.name),
    )
    unit_ids = list(scope(Report.objects.filter(cycle=cycle), user).values_list("unit_id", flat=True))
    context.update(
        reminders=reminders,
        failed=[r for r in reminders if r.status == ReminderStatus.FAILED],
        no_recipient=[r for r in reminders if r.status == ReminderStatus.NO_RECIPIENT],
        overdue=overdue,
        counts=counts,
        units_without_email=list(units_without_officer_email(user=user, unit_ids=unit_ids)),
    )
    return context
