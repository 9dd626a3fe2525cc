"""Age decides the route (docs/domain.md sections 4 and 9): the boundaries, birthday by birthday."""

from __future__ import annotations

import datetime

import pytest

from signals.ages import age_band, age_on, age_route, consent_by, turns_18_between
from signals.constants import AgeBand, AgeRoute

D = datetime.date


def born(day: datetime.date, *, on: datetime.date) -> int | None:
    return age_on(date_of_birth=day, estimated_age=None, estimated_on=None, day=on)


def test_a_birthday_counts_from_the_day_itself():
    assert born(D(2008, 6, 15), on=D(2026, 6, 14)) == 17
    assert born(D(2008, 6, 15), on=D(2026, 6, 15)) == 18


def test_someone_born_on_29_february_turns_a_year_older_on_1_march():
    assert born(D(2008, 2, 29), on=D(2026, 2, 28)) == 17
    assert born(D(2008, 2, 29), on=D(2026, 3, 1)) == 18


def test_no_age_before_birth_or_without_any_facts():
    assert born(D(2020, 1, 1), on=D(2019, 12, 31)) is None
    assert (
        age_on(
            date_of_birth=None, estimated_age=None, estimated_on=None, day=D(2026, 1, 1)
        )
        is None
    )


def test_an_estimate_advances_with_the_calendar():
    def estimated(on: datetime.date) -> int | None:
        return age_on(
            date_of_birth=None, estimated_age=17, estimated_on=D(2025, 5, 1), day=on
        )

    assert estimated(D(2025, 5, 1)) == 17
    assert estimated(D(2026, 4, 30)) == 17
    assert estimated(D(2026, 5, 1)) == 18
    assert estimated(D(2030, 5, 1)) == 22
    assert estimated(D(2025, 1, 1)) == 16  # before the estimate, a little younger


def test_an_estimate_without_its_date_stays_as_it_was_given():
    assert (
        age_on(
            date_of_birth=None, estimated_age=24, estimated_on=None, day=D(2040, 1, 1)
        )
        == 24
    )


def test_a_date_of_birth_wins_over_an_estimate():
    assert (
        age_on(
            date_of_birth=D(2012, 1, 1),
            estimated_age=20,
            estimated_on=D(2025, 1, 1),
            day=D(2026, 1, 1),
        )
        == 14
    )


@pytest.mark.parametrize(
    ("age", "route", "band"),
    [
        (None, AgeRoute.UNKNOWN, AgeBand.UNKNOWN),
        (0, AgeRoute.MINOR, AgeBand.UNDER_14),
        (13, AgeRoute.MINOR, AgeBand.UNDER_14),
        (14, AgeRoute.MINOR, AgeBand.FROM_14_TO_17),
        (17, AgeRoute.MINOR, AgeBand.FROM_14_TO_17),
        (18, AgeRoute.YOUNG_ADULT, AgeBand.FROM_18_TO_23),
        (22, AgeRoute.YOUNG_ADULT, AgeBand.FROM_18_TO_23),
        # "tussen 18 en 23 jaar" beside "ouder dan 23": 23 is still in the target group.
        (23, AgeRoute.YOUNG_ADULT, AgeBand.FROM_18_TO_23),
        (24, AgeRoute.ADULT, AgeBand.OVER_23),
        (80, AgeRoute.ADULT, AgeBand.OVER_23),
    ],
)
def test_route_and_band_change_at_the_same_birthdays(age, route, band):
    assert age_route(age) == route
    assert age_band(age) == band


def test_a_victim_turning_18_the_day_before_a_meeting_leaves_the_minor_route():
    dob = D(2008, 6, 15)
    assert age_route(born(dob, on=D(2026, 6, 14))) == AgeRoute.MINOR
    assert age_route(born(dob, on=D(2026, 6, 15))) == AgeRoute.YOUNG_ADULT


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2026, 6, 1), D(2026, 6, 30), True),
        (D(2026, 6, 15), D(2026, 6, 15), True),  # both ends count
        (D(2026, 6, 15), D(2026, 12, 31), True),
        (D(2026, 1, 1), D(2026, 6, 15), True),
        (D(2026, 6, 16), D(2026, 12, 31), False),  # already 18
        (D(2026, 1, 1), D(2026, 6, 14), False),  # still 17 at the end
    ],
)
def test_turns_18_inside_the_window(start, end, expected):
    assert (
        turns_18_between(date_of_birth=D(2008, 6, 15), start=start, end=end) is expected
    )


def test_turns_18_of_a_leap_day_child_and_of_an_unknown_date():
    assert turns_18_between(
        date_of_birth=D(2008, 2, 29), start=D(2026, 3, 1), end=D(2026, 3, 1)
    )
    assert not turns_18_between(
        date_of_birth=None, start=D(2000, 1, 1), end=D(2100, 1, 1)
    )


@pytest.mark.parametrize(
    ("age", "who"),
    [
        (None, None),
        (12, "parent_or_guardian"),
        (15, "parent_or_guardian"),
        (16, "person"),
        (17, "person"),
        (30, "person"),
    ],
)
def test_comensha_consent_is_the_persons_own_from_16(age, who):
    assert consent_by(age) == who
