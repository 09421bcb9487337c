"""Kategori capaian (areas.categories): the default scale of PermenPANRB No. 8 Tahun 2021 at every bound, a
property test, the validation of an admin's scale, and the scale as stored and read once per request."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from areas import categories, scale
from areas.categories import DEFAULT_SCALE, Category, Scale, kategori, scale_errors
from areas.models import CapaianCategory, CapaianScale

D = Decimal


@pytest.mark.parametrize(
    ("value", "name"),
    [
        (D("120"), "Sangat Baik"),
        (D("100.01"), "Sangat Baik"),  # > 100: the exclusive bound
        (D("100"), "Baik"),  # exactly 100
        (D("100.00"), "Baik"),
        (D("99.99"), "Cukup"),
        (D("80"), "Cukup"),
        (D("79.99"), "Kurang"),
        (D("60"), "Kurang"),
        (D("59.99"), "Sangat Kurang"),
        (D("0"), "Sangat Kurang"),
        (D("-0.01"), None),  # below every bound (averages are clipped to 0, so never on a page)
        (None, None),
    ],
)
def test_default_scale_at_its_bounds(value, name):
    assert kategori(value, DEFAULT_SCALE) == name


def test_default_scale_names_highest_first():
    assert DEFAULT_SCALE.names == ("Sangat Baik", "Baik", "Cukup", "Kurang", "Sangat Kurang")
    assert scale_errors(DEFAULT_SCALE.categories) == []


def test_a_scale_is_sorted_whatever_order_it_is_given_in():
    shuffled = Scale((Category("C", D(0)), Category("A", D(90)), Category("B", D(50))))
    assert shuffled.names == ("A", "B", "C")
    assert kategori(D(90), shuffled) == "A" and kategori(D("89.99"), shuffled) == "B"


RANK = {name: i for i, name in enumerate(DEFAULT_SCALE.names)}  # 0 = the highest category
averages = st.decimals(min_value=0, max_value=120, places=2, allow_nan=False, allow_infinity=False)


@given(a=averages, b=averages)
def test_kategori_is_monotone(a, b):
    low, high = sorted((a, b))
    # A higher average never gets a lower category, and every average of 0–120 % gets one.
    assert RANK[kategori(high, DEFAULT_SCALE)] <= RANK[kategori(low, DEFAULT_SCALE)]


bounds = st.lists(st.decimals(min_value=1, max_value=120, places=2), min_size=1, max_size=6, unique=True)


@given(bounds=bounds, a=averages, b=averages)
def test_kategori_is_monotone_on_any_valid_scale(bounds, a, b):
    rows = [Category(f"K{i}", bound) for i, bound in enumerate(bounds)] + [Category("Dasar", D(0))]
    assert scale_errors(rows) == []
    any_scale = Scale(tuple(rows))
    rank = {name: i for i, name in enumerate(any_scale.names)}
    low, high = sorted((a, b))
    assert rank[kategori(high, any_scale)] <= rank[kategori(low, any_scale)]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([Category("Satu", D(0))], "sekurang-kurangnya dua kategori"),
        ([Category("Baik", D(80)), Category("baik ", D(0))], "dipakai lebih dari sekali"),
        ([Category("A", D(80)), Category("B", D(80)), Category("C", D(0))], "menurun tegas"),
        ([Category("A", D(80)), Category("B", D(10))], "mulai 0"),
        ([Category("A", D(80)), Category("B", D(0), inclusive=False)], "mulai 0"),
        ([Category("A", D(130)), Category("B", D(0))], "antara 0 dan 120"),
        ([Category(" ", D(50)), Category("B", D(0))], "memerlukan nama"),
    ],
)
def test_scale_errors_say_what_is_wrong_in_indonesian(rows, message):
    errors = scale_errors(rows)
    assert any(message in e for e in errors), errors


def test_one_bound_may_be_shared_as_more_than_above_at_least():
    rows = [Category("Sangat Baik", D(100), inclusive=False), Category("Baik", D(100)), Category("Rest", D(0))]
    assert scale_errors(rows) == []
    # The same bound twice as "≥" is not a scale: which would 100 be?
    assert scale_errors([Category("X", D(100)), Category("Y", D(100)), Category("Z", D(0))])


@pytest.mark.django_db
def test_the_migration_seeds_the_default_scale():
    stored = scale.read_capaian_scale()
    assert stored == DEFAULT_SCALE
    assert CapaianScale.objects.get().source.startswith("PermenPANRB No. 8 Tahun 2021")


@pytest.mark.django_db
def test_the_scale_is_read_once_inside_one_scale(django_assert_num_queries):
    with scale.one_scale():
        with django_assert_num_queries(1):
            for _ in range(50):
                assert categories.kategori(D(90), scale.capaian_scale()) == "Cukup"
        # A save inside the block is seen by the rest of it.
        CapaianCategory.objects.filter(name="Cukup").update(name="Memadai")  # update() sends no signal…
        assert kategori(D(90), scale.capaian_scale()) == "Cukup"
        CapaianScale.objects.get().save()  # … a save does (areas.signals)
        assert kategori(D(90), scale.capaian_scale()) == "Memadai"


@pytest.mark.django_db
def test_outside_a_request_every_read_is_fresh():
    assert kategori(D(90), scale.capaian_scale()) == "Cukup"
    CapaianCategory.objects.filter(name="Cukup").update(name="Memadai")
    assert kategori(D(90), scale.capaian_scale()) == "Memadai"


@pytest.mark.django_db
def test_a_database_without_a_scale_reads_the_default():
    CapaianScale.objects.all().delete()
    assert scale.read_capaian_scale() == DEFAULT_SCALE
