"""The checks every write to a quarterly report starts with: lock the report row, then who acts and whether the
report is open for them. One place for the indicator rows (services.reports), the rencana aksi rows
(services.actions) and whatever else a report carries, so that they lock and refuse alike."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils.translation import gettext as _

from evaluations.exceptions import InvalidTransition, ReportLocked
from evaluations.models import Report
from roadmap import permissions
from roadmap.models import User


def lock_report(report: Report) -> Report:
    """The report row, locked for this transaction: it orders every writer of the report and of its rows.

    FOR NO KEY UPDATE of the report and its cycle only (the cycle: a closing waits for the saves under way). Not
    the unit's row: every save of a unit's reports would queue there. Not FOR UPDATE: that also refuses the KEY
    SHARE lock of a row inserted with a foreign key to the report, so a save of TW I, rebuilding TW II's summary
    (dashboards.ReportAreaScore) while TW II's own save held its report and waited for the year's rows, deadlocked
    (tests/test_cumulative_race.py)."""
    return (
        Report.objects.select_for_update(no_key=True, of=("self", "cycle"))
        .select_related("cycle", "unit")
        .get(pk=report.pk)
    )


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
