"""Template helpers of the review page."""

from __future__ import annotations

from django import template
from django.forms import BoundField

from evaluations.forms_review import ReturnForm

register = template.Library()


@register.filter
def note_field(form: ReturnForm | None, progress_pk: int) -> BoundField | None:
    """The return form's note on one indicator; None when the page offers no return."""
    return form.note_field(progress_pk) if form is not None else None
