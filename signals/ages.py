"""Age arithmetic that decides a person's route (docs/domain.md sections 4 and 9).

Pure functions, no database. Boundaries, checked against the sources:

* **minor**: under 18 (handreiking 3.3: "jonger dan 18 jaar" / "18 jaar en ouder").
* **young adult**: 18 up to and including 23. docs/domain.md says "18 to 23" and counts
  in the bands "18–23" and "over 23"; the handreiking writes "tussen 18 en 23 jaar"
  beside "ouder dan 23 jaar" and "12 tot en met 23 jaar" (Asja). So a 23-year-old
  is still in the target group; from 24 the adult route applies. Route and band
  therefore change at the same birthdays: 18 and 24.
* **CoMensha consent**: docs/domain.md section 9, "16 and over by the person, under 16
  by a parent or guardian"; a 16-year-old consents themself.

A date of birth always wins over an estimate. An estimated age is an age on the day
it was estimated and grows older with the calendar, so an estimated 17-year-old of
last year is counted as 18 now.

Someone born on 29 February has a birthday on 1 March in common years here, as in
the entry check of ``signals.services.signal``.
"""

from __future__ import annotations

import datetime
from typing import Literal

from signals.constants import AgeBand, AgeRoute

ADULT_AGE = 18
YOUNG_ADULT_LAST_AGE = 23
COMENSHA_SELF_CONSENT_AGE = 16

ConsentBy = Literal["parent_or_guardian", "person"]


def _full_years(start: datetime.date, day: datetime.date) -> int:
    """Whole years from ``start`` to ``day`` (negative when ``day`` lies before it)."""
    return day.year - start.year - ((day.month, day.day) < (start.month, start.day))


def age_on(
    *,
    date_of_birth: datetime.date | None,
    estimated_age: int | None,
    estimated_on: datetime.date | None,
    day: datetime.date,
) -> int | None:
    """The age on ``day``, or None when unknown.

    Without ``estimated_on`` an estimate is taken as it stands. A day before the
    date of birth has no age (None).
    """
    if date_of_birth is not None:
        if day < date_of_birth:
            return None
        return _full_years(date_of_birth, day)
    if estimated_age is None:
        return None
    if estimated_on is None:
        return estimated_age
    return max(0, estimated_age + _full_years(estimated_on, day))


def age_route(age: int | None) -> AgeRoute:
    if age is None:
        return AgeRoute.UNKNOWN
    if age < ADULT_AGE:
        return AgeRoute.MINOR
    if age <= YOUNG_ADULT_LAST_AGE:
        return AgeRoute.YOUNG_ADULT
    return AgeRoute.ADULT


def age_band(age: int | None) -> AgeBand:
    if age is None:
        return AgeBand.UNKNOWN
    if age < 14:
        return AgeBand.UNDER_14
    if age < ADULT_AGE:
        return AgeBand.FROM_14_TO_17
    if age <= YOUNG_ADULT_LAST_AGE:
        return AgeBand.FROM_18_TO_23
    return AgeBand.OVER_23


def birthday(date_of_birth: datetime.date, years: int) -> datetime.date:
    """The day someone turns ``years`` old (29 February → 1 March in common years)."""
    try:
        return date_of_birth.replace(year=date_of_birth.year + years)
    except ValueError:
        return datetime.date(date_of_birth.year + years, 3, 1)


def turns_18_between(
    *,
    date_of_birth: datetime.date | None,
    start: datetime.date,
    end: datetime.date,
) -> bool:
    """Is the 18th birthday in the window ``start``–``end``, both days included?

    The minor route (jeugdbescherming, a (V)OTS) ends on that day, so a plan that
    runs through it needs an adult follow-up.
    """
    if date_of_birth is None:
        return False
    return start <= birthday(date_of_birth, ADULT_AGE) <= end


def consent_by(age: int | None) -> ConsentBy | None:
    """Who signs the written consent for a CoMensha report; None while age is unknown.

    The police and investigative services report every presumed victim regardless
    (docs/domain.md section 9); this answers only whose signature the others need.
    """
    if age is None:
        return None
    if age < COMENSHA_SELF_CONSENT_AGE:
        return "parent_or_guardian"
    return "person"
