"""The report page's choice labels are translated once per language (evaluations.selectors.reports._label): a
page in English after one in Indonesian gets the English words, not the first language's cached ones."""

from __future__ import annotations

from django.utils import translation

from areas.models import Polarity
from evaluations.selectors.reports import _label


def test_a_label_follows_the_active_language():
    with translation.override("id"):
        assert _label(Polarity, "higher") == "Semakin tinggi semakin baik"
    with translation.override("en"):
        assert _label(Polarity, "higher") == "Higher is better"
    with translation.override("id"):
        assert _label(Polarity, "higher") == "Semakin tinggi semakin baik"


def test_an_unknown_value_is_shown_as_it_is():
    assert _label(Polarity, "sideways") == "sideways"
