"""The rencana aksi rules of DESIGN.md as pure functions: what is planned by a quarter, reached, late.

Pure (plain values in, plain values out) so that the report form, the review page, the dashboards' scores and
the export all apply the same rule, and the tests can check it by hand. Quarters are 1..4 of the plan's year;
progress is the cumulative % of the plan's tahapan.

- An action is **due by** quarter q when it has started by then (start_quarter <= q) and something of it is due
  by then: a tahapan at or before q, or q at or past its end quarter. The same "due" as the Ajukan check
  (ActionPlan.due_quarters): an action that starts in TW I with its first tahapan in TW II is not counted
  against its unit in TW I, where the unit is not asked for a status.
- Its **planned progress at q** is that of its latest tahapan at or before q (0 when none yet; 100 once q is at
  or past its end quarter, whatever the tahapan say, since the plan says it ends there).
- Its reported row **reaches the plan** when its status is Selesai, or its progress >= the planned progress.
  Tidak Terlaksana and an empty status never reach it (a due action not reported is not carried out).
- It is **late** at q when it is not Selesai and q is its end quarter or later (the report of a quarter is made
  after the quarter ends, so not Selesai then means past the planned end), or when it fell short of its tahapan in
  q and in q-1 (two quarters in a row).
- **Budget absorption** = realised / budget (None when there is no budget).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

HUNDRED = Decimal(100)
DONE = "selesai"  # evaluations.ActionStatus.DONE; the core of the rule needs only the value


def is_due_by(
    start_quarter: int,
    quarter: int,
    stage_quarters: Iterable[int] | None = None,
    end_quarter: int | None = None,
) -> bool:
    """Started by `quarter` and (when the tahapan are given) with a tahapan or the end at or before it."""
    if start_quarter > quarter:
        return False
    if stage_quarters is None or end_quarter is None:
        return True
    return quarter >= end_quarter or any(q <= quarter for q in stage_quarters)


def planned_progress_at(
    stages: Mapping[int, Decimal] | Iterable[tuple[int, Decimal]], quarter: int, end_quarter: int
) -> Decimal:
    """The planned cumulative progress (%) at `quarter`, from the tahapan {quarter: planned %}."""
    if quarter >= end_quarter:
        return HUNDRED
    items = stages.items() if isinstance(stages, Mapping) else stages
    planned = [Decimal(p) for q, p in items if q <= quarter]
    return max(planned) if planned else Decimal(0)


def reaches_plan(status: str, progress: Decimal | None, planned: Decimal) -> bool:
    if status == DONE:
        return True
    if status in ("", "tidak_terlaksana") or progress is None:
        return False
    return Decimal(progress) >= planned


def is_late(*, quarter: int, end_quarter: int, status: str, behind_now: bool, behind_before: bool) -> bool:
    if status == DONE:
        return False
    return quarter >= end_quarter or (behind_now and behind_before)


def absorption(realised: Decimal | None, budget: Decimal | None) -> Decimal | None:
    """Realised over budget in %, two decimals; None without a budget."""
    if not budget:
        return None
    return (Decimal(realised or 0) * HUNDRED / Decimal(budget)).quantize(Decimal("0.01"))


def rate(reached: int, due: int) -> Decimal | None:
    """The tingkat implementasi: reached over due in %, two decimals; None when nothing is due."""
    if not due:
        return None
    return (Decimal(reached) * HUNDRED / Decimal(due)).quantize(Decimal("0.01"))
