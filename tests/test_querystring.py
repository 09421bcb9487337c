"""Filter values in the URL: whatever is typed there, the page answers and ignores what it cannot use."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roadmap.querystring import query_int

HUGE = "9" * 25


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        (" 7 ", 7),
        ("", None),
        (None, None),
        ("0", None),
        ("-3", None),
        ("abc", None),
        ("1.5", None),
        (HUGE, None),
        (str(2**31), None),
        (str(2**31 - 1), 2**31 - 1),
    ],
)
def test_query_int(value, expected):
    assert query_int(value) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "params"),
    [
        ("areas:indicator_list", {"unit": HUGE, "area": HUGE, "roadmap": HUGE}),
        ("dashboards:overview", {"roadmap": HUGE, "tahun": HUGE, "triwulan": HUGE, "unit": HUGE, "area": HUGE}),
        ("evaluations:review_queue", {"periode": HUGE, "tahun": HUGE, "unit": HUGE}),
        ("evaluations:reminders", {"periode": HUGE}),
        ("exports:index", {"roadmap": HUGE, "tahun": HUGE, "unit": HUGE}),
    ],
)
def test_huge_numbers_in_filters_are_ignored_not_a_500(as_user, admin_user, url_name, params):
    assert as_user(admin_user).get(reverse(url_name), params).status_code == 200
