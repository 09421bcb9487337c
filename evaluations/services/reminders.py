"""Reminders: claim one e-mail per report per day, then deliver it and record the outcome.

Two steps, so that nothing is sent twice and nothing is marked sent that was not:

1. *Claim* (in the scheduled run): inside a transaction, lock the report, insert the
   Reminder row (unique per report, kind and date) and enqueue the mail task on commit.
   A second run, concurrent or later the same day, hits the unique constraint and skips.
2. *Deliver* (in the mail task): lock the Reminder row, send only while it is PENDING,
   then mark it SENT; on an error count the attempt and leave it PENDING for a retry, or
   mark it FAILED after the last try. A FAILED row is shown on the Pengingat page; the next
   day's run claims a new row (new date), so the unit is tried again.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from evaluations.models import CycleState, Reminder, ReminderKind, ReminderStatus, Report
from evaluations.selectors.recommendations import overdue_recommendations
from roadmap import mail, selectors
from roadmap.mail import describe_smtp_error, is_transient_smtp_error
from roadmap.outbox import enqueue_on_commit

logger = logging.getLogger(__name__)

# The tasks (evaluations/tasks/scheduled.py) are enqueued by name: they import this module, not the reverse.
SEND_REMINDER_MAIL = "evaluations.tasks.send_reminder_mail"
REMIND_OVERDUE_REPORTS = "evaluations.tasks.remind_overdue_reports"

TEMPLATES = {ReminderKind.OPENING: "cycle-opened", ReminderKind.OVERDUE: "report-overdue"}


def report_link(report: Report) -> str:
    """The direct link to the report's form, for e-mails (absolute, from SITE_URL)."""
    return settings.SITE_URL + reverse("evaluations:report_detail", args=[report.pk])


def split_addresses(value: str) -> list[str]:
    return [a for a in (part.strip() for part in value.split(",")) if a]


# --- Recipients ------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipients:
    to: list[str]
    cc: list[str] = field(default_factory=list)
    escalated: bool = False


def opening_recipients(report: Report) -> Recipients:
    return Recipients(to=selectors.officer_emails(unit_id=report.unit_id))


def overdue_recipients(report: Report, *, days_overdue: int) -> Recipients:
    """The unit's officers, BPSDM's reviewers in copy; from N days overdue the head of the unit too."""
    to = selectors.officer_emails(unit_id=report.unit_id)
    escalated = days_overdue >= settings.REMINDER_ESCALATE_AFTER_DAYS and bool(report.unit.head_email)
    if escalated and report.unit.head_email not in to:
        to = [*to, report.unit.head_email]
    cc = [a for a in selectors.reviewer_emails() if a not in to]
    return Recipients(to=to, cc=cc, escalated=escalated)


# --- Claim -------------------------------------------------------------------------------


def _enqueue_delivery(reminder_id: int) -> None:
    enqueue_on_commit(SEND_REMINDER_MAIL, reminder_id)


def reminder_claim(
    *,
    report: Report,
    kind: str,
    today: dt.date,
    recipients: Recipients,
    days_overdue: int = 0,
) -> Reminder | None:
    """Insert the reminder row and enqueue its e-mail on commit; None when it was claimed already.

    Call inside the caller's transaction, with the report locked. A unit with no address
    gets a NO_RECIPIENT row (listed for the admin on the Pengingat page) and no e-mail.
    """
    status = ReminderStatus.PENDING if recipients.to else ReminderStatus.NO_RECIPIENT
    try:
        # A savepoint: a lost race on the unique constraint must not break the caller's transaction.
        with transaction.atomic():
            reminder = Reminder.objects.create(
                report=report,
                kind=kind,
                sent_on=today,
                recipients=", ".join(recipients.to),
                cc=", ".join(recipients.cc),
                escalated=recipients.escalated,
                days_overdue=days_overdue,
                status=status,
            )
    except IntegrityError:
        return None
    if status == ReminderStatus.PENDING:
        _enqueue_delivery(reminder.pk)
    return reminder


# --- Overdue reminders -----------------------------------------------------------------


def overdue_reports(*, today: dt.date) -> list[Report]:
    """Reports of open cycles still owed after their due date (or revision due date), on `today`."""
    return list(
        Report.objects.overdue(today)
        .filter(cycle__state=CycleState.OPEN, unit__is_active=True)
        .select_related("unit", "cycle", "cycle__roadmap")
        .order_by("cycle__year", "cycle__quarter", "unit__name")
    )


@dataclass(frozen=True)
class OverdueLine:
    """One report the run looks at: what it did, or would do with --dry-run."""

    report: Report
    days_overdue: int
    recipients: Recipients
    reminder: Reminder | None  # the row claimed by this run; None when skipped (or dry run)
    already_reminded: bool


def handle_one_overdue(*, report_id: int, today: dt.date) -> OverdueLine | None:
    """Claim today's reminder of one report; None when it is no longer overdue."""
    with transaction.atomic():
        report = (
            Report.objects.select_for_update(of=("self",))
            .select_related("unit", "cycle", "cycle__roadmap")
            .filter(pk=report_id)
            .first()
        )
        # Re-checked under the lock: the unit may have submitted since the list was read.
        if report is None or report.cycle.state != CycleState.OPEN or not report.is_overdue(today):
            return None
        days = report.days_overdue(today)
        recipients = overdue_recipients(report, days_overdue=days)
        if Reminder.objects.filter(report=report, kind=ReminderKind.OVERDUE, sent_on=today).exists():
            return OverdueLine(report, days, recipients, reminder=None, already_reminded=True)
        reminder = reminder_claim(
            report=report, kind=ReminderKind.OVERDUE, today=today, recipients=recipients, days_overdue=days
        )
        return OverdueLine(report, days, recipients, reminder=reminder, already_reminded=reminder is None)


def remind_overdue(*, today: dt.date, dry_run: bool = False) -> list[OverdueLine]:
    """Today's overdue reminders for every open cycle; a second run the same day claims nothing."""
    lines: list[OverdueLine] = []
    for report in overdue_reports(today=today):
        if dry_run:
            days = report.days_overdue(today)
            done = Reminder.objects.filter(report=report, kind=ReminderKind.OVERDUE, sent_on=today).exists()
            lines.append(OverdueLine(report, days, overdue_recipients(report, days_overdue=days), None, done))
            continue
        line = handle_one_overdue(report_id=report.pk, today=today)
        if line is not None:
            lines.append(line)
    return lines


# --- Delivery ----------------------------------------------------------------------------


class Delivery(enum.StrEnum):
    SENT = "sent"
    RETRY = "retry"  # a transient error: the task should try again later
    FAILED = "failed"  # recorded as failed (permanent error, or the last try)
    SKIPPED = "skipped"  # not pending any more (sent by an earlier delivery of the same task), or gone


@dataclass(frozen=True)
class DeliveryResult:
    outcome: Delivery
    error: BaseException | None = None


def mail_context(reminder: Reminder) -> dict[str, object]:
    report = reminder.report
    return {
        "reminder": reminder,
        "report": report,
        "unit": report.unit,
        "cycle": report.cycle,
        "label": report.cycle.label,
        "due_on": report.effective_due_on() if reminder.kind == ReminderKind.OVERDUE else report.cycle.due_on,
        "closes_on": report.cycle.closes_on,
        "days_overdue": reminder.days_overdue,
        "escalated": reminder.escalated,
        "link": report_link(report),
        # An overdue e-mail also lists the unit's overdue LHE recommendations: no extra e-mail for them.
        "recommendations": (
            overdue_recommendations(unit_id=report.unit_id, today=reminder.sent_on)
            if reminder.kind == ReminderKind.OVERDUE
            else []
        ),
    }


def reminder_deliver(*, reminder_id: int, final_attempt: bool, connection: object = None) -> DeliveryResult:
    """Send one claimed reminder and record the outcome; never marks SENT unless the server accepted it.

    The row stays locked while the message is handed to the server, so a second delivery
    of the same task (late acknowledgement after a worker crash) waits, then sees SENT and skips.
    """
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(of=("self",))
            .select_related("report__unit", "report__cycle__roadmap")
            .filter(pk=reminder_id)
            .first()
        )
        if reminder is None or reminder.status != ReminderStatus.PENDING:
            return DeliveryResult(Delivery.SKIPPED)
        reminder.attempts += 1
        try:
            mail.send_mail(
                TEMPLATES[ReminderKind(reminder.kind)],
                mail_context(reminder),
                to=split_addresses(reminder.recipients),
                cc=split_addresses(reminder.cc),
                connection=connection,
            )
        except Exception as exc:  # recorded on the row, shown to BPSDM; a template bug must not vanish
            reminder.error = describe_smtp_error(exc)
            transient = is_transient_smtp_error(exc)
            if transient and not final_attempt:
                reminder.save(update_fields=["attempts", "error"])
                return DeliveryResult(Delivery.RETRY, exc)
            logger.warning("Pengingat %s gagal dikirim: %s", reminder.pk, reminder.error, exc_info=not transient)
            reminder.status = ReminderStatus.FAILED
            reminder.save(update_fields=["attempts", "error", "status"])
            return DeliveryResult(Delivery.FAILED, exc)
        reminder.status = ReminderStatus.SENT
        reminder.sent_at = timezone.now()
        reminder.error = ""
        reminder.save(update_fields=["attempts", "error", "status", "sent_at"])
        return DeliveryResult(Delivery.SENT)


def reminders_run_now() -> None:
    """The Pengingat page's "Kirim pengingat sekarang": today's run, enqueued once the request commits.

    Safe to press twice or after the 08:00 run: reports reminded today are skipped.
    """
    enqueue_on_commit(REMIND_OVERDUE_REPORTS)
