"""The note every page shows while the demo keeps a cycle open on a window it made."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest

from demo.models import DemoState
from evaluations.models import Cycle, CycleState


def demo_window_cycle() -> Cycle | None:
    """The open cycle whose window the demo made, if any."""
    state = DemoState.objects.filter(demo_window=True, cycle__state=CycleState.OPEN).select_related("cycle").first()
    return state.cycle if state else None


def demo_notice(request: HttpRequest) -> dict[str, Callable[[], Cycle | None]]:
    # A callable: the template engine calls it only where base.html asks, so a page that does not show the
    # note (the login page, e-mails) costs no query.
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {"demo_cycle": demo_window_cycle}
