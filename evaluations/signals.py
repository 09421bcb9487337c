"""Domain signals: how the apps above the evaluations hear of the writes that Django's model signals miss.

Model signals (post_save / post_delete) report every single-row write, from the services, the Django admin, the
importer and the shell; the dashboards' summary table and cache listen to them. What they do not report is said
here, always **inside the writing transaction**, so that whatever a receiver writes (the summary rows, the data
generation) commits or rolls back with the data (docs/architecture.md#signals):

- `reports_created(report_ids)`: `cycle_open` created these reports and their progress rows with bulk_create.
- `cycle_closed(cycle_id)`: `cycle_close` closed a cycle with update().
- `progress_changed(report_ids)`: the progress rows of these reports changed; sent once at the end of a
  `progress_batch()` for everything its receivers deferred (`report_save_draft` saves forty rows: one rebuild
  of the report's summary, not forty).

The evaluations never import the apps that receive these (docs/architecture.md#layers).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.dispatch import Signal

reports_created = Signal()  # kwargs: report_ids (list[int], never empty)
cycle_closed = Signal()  # kwargs: cycle_id (int)
progress_changed = Signal()  # kwargs: report_ids (list[int], never empty)

_batch: ContextVar[set[int] | None] = ContextVar("progress_batch", default=None)


@contextmanager
def progress_batch() -> Iterator[None]:
    """Collect the reports deferred inside the block (`defer_progress`); send `progress_changed` once for them
    when the block ends without error. Use inside the writing transaction. A nested block joins the outer one."""
    if _batch.get() is not None:
        yield
        return
    pending: set[int] = set()
    token = _batch.set(pending)
    try:
        yield
    finally:
        _batch.reset(token)
    if pending:
        progress_changed.send(sender=progress_batch, report_ids=sorted(pending))


def defer_progress(report_ids: Iterable[int]) -> bool:
    """Inside a progress_batch: add these reports to its `progress_changed` and return True. Outside one: False,
    and the caller (a receiver of a progress row's model signal) reacts at once."""
    pending = _batch.get()
    if pending is None:
        return False
    pending.update(report_ids)
    return True
