"""The checks every write to a quarterly report starts with: lock the report row, then who acts and whether the
report is open for them. One place for the indicator rows (services.reports), the rencana aksi rows
(services.actions) and whatever else a report carries, so that they lock and refuse alike."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

from evaluations.exceptions import InvalidTransition, ReportLocked
from evaluations.models import Cycle, Report
from roadmap import permissions
from roadmap.models import User


def lock_report(report: Report) -> Report:
    """The report row, locked for this transaction: it orders every writer of the report and of its rows."""
    return lock_report_pk(report.pk)


def lock_report_pk(pk: int) -> Report:
    """lock_report by id (the evidence services start from a row, not its report).

    FOR NO KEY UPDATE of the report, not FOR UPDATE: that also refuses the KEY SHARE lock of a row inserted with a
    foreign key to the report, so a save of TW I, rebuilding TW II's summary (dashboards.ReportAreaScore) while
    TW II's own save held its report and waited for the year's rows, deadlocked (tests/test_cumulative_race.py).
    Not the unit's row: every save of a unit's reports would queue there. The cycle: FOR SHARE (_share_cycle)."""
    report = Report.objects.select_for_update(no_key=True, of=("self",)).select_related("cycle", "unit").get(pk=pk)
    _share_cycle(report.cycle_id)
    return report


def _share_cycle(cycle_id: int) -> None:
    """FOR SHARE of the report's cycle: closing it, or moving its dates (an UPDATE of the row), waits for the saves
    under way, and the saves of different units in the cycle do not wait for each other. A lock of the cycle row
    for update, as before, queued every save of the quarter behind one another (tests/test_report_lock.py).
    Django's select_for_update has no FOR SHARE; SQLite (`make run`) has no row locks and one writer at a time."""
    if connection.vendor != "postgresql":
        return
    table = connection.ops.quote_name(Cycle._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {table} WHERE id = %s FOR SHARE", [cycle_id])  # noqa: S608 - a table name


def require_officer(user: User, report: Report) -> None:
    if not permissions.can_enter_data(user, report.unit_id):
        raise ReportLocked(_("Anda tidak berhak mengisi laporan unit ini."))


def require_reviewer(user: User) -> None:
    if not permissions.can_review(user):
        raise InvalidTransition(
            _("Hanya Verifikator %(unit)s atau Admin yang dapat memverifikasi laporan.")
            % {"unit": settings.VERIFIER_UNIT_NAME}
        )


def require_editable(report: Report, today: dt.date) -> None:
    reason = report.lock_reason(today)
    if reason:
        raise ReportLocked(reason)
