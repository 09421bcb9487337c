"""Errors of the evaluation services; each carries a message fit for the page (Indonesian)."""

from __future__ import annotations


class ReportError(Exception):
    """A refused operation on a report. `str(error)` is shown to the user."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []

    def __str__(self) -> str:
        return self.message


class InvalidTransition(ReportError):
    """The report's status does not allow this step (e.g. approving a draft)."""


class ReportLocked(ReportError):
    """The officer cannot edit now: the period is closed, the report waits for review, or it is approved."""


class StaleEdit(ReportError):
    """Someone else saved the same row since this form was loaded (optimistic version check)."""


class IncompleteReport(ReportError):
    """Ajukan refused: some indicators lack a realisasi or the evidence they require."""


class NotAllowed(ReportError):
    """The user's role may not make this change (e.g. an officer entering the road map's yearly results)."""


class InvalidEntry(ReportError):
    """The values break a rule the form alone cannot see (a year outside the road map, a duplicate year)."""
