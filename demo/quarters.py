"""Which quarters the demo tells, relative to today (WITA): the past ones, and the one open now.

The current quarter is the latest of the active road map whose default window has started. Its own window is
kept when there are still days to report before its due date; otherwise (on 2 December 2026 TW III 2026, whose
window closed on 20 October) the demo opens it with a window around today, and the pages say so
(demo.models.DemoState.demo_window). Every quarter before it is history: opened, reported, reviewed, closed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from evaluations.models import default_window
from roadmap.models import Roadmap

# A demo window: opened a week ago, due in a week, closed a week after that.
DEMO_OPENED_DAYS_AGO = 7
DEMO_DUE_IN_DAYS = 7
DEMO_CLOSES_IN_DAYS = 14
# The default window is kept only while at least this many days remain before its due date.
MIN_DAYS_BEFORE_DUE = 3

Quarter = tuple[int, int]


@dataclass(frozen=True)
class Window:
    opens_on: dt.date
    due_on: dt.date
    closes_on: dt.date


@dataclass(frozen=True)
class QuarterPlan:
    history: list[Quarter]  # oldest first; every one of them is closed by the demo
    current: Quarter
    window: Window  # of the current quarter
    demo_window: bool  # True when the demo made the window (not the default one)

    @property
    def quarters(self) -> list[Quarter]:
        return [*self.history, self.current]


def quarters_of(roadmap: Roadmap) -> list[Quarter]:
    return [(year, quarter) for year in roadmap.years for quarter in range(1, 5)]


def plan_quarters(roadmap: Roadmap, today: dt.date) -> QuarterPlan:
    quarters = quarters_of(roadmap)
    started = [q for q in quarters if default_window(*q)[0] <= today]
    # Before the road map's first window there is no history: its first quarter is opened early.
    current = started[-1] if started else quarters[0]
    history = quarters[: quarters.index(current)]
    opens_on, due_on, closes_on = default_window(*current)
    if opens_on <= today and (due_on - today).days >= MIN_DAYS_BEFORE_DUE:
        return QuarterPlan(history, current, Window(opens_on, due_on, closes_on), demo_window=False)
    window = Window(
        today - dt.timedelta(days=DEMO_OPENED_DAYS_AGO),
        today + dt.timedelta(days=DEMO_DUE_IN_DAYS),
        today + dt.timedelta(days=DEMO_CLOSES_IN_DAYS),
    )
    return QuarterPlan(history, current, window, demo_window=True)
