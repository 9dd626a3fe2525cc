"""Pages of lists whose total is counted up to a cap only.

Nobody reads past a thousand dossiers or signals, and counting them all is most of
a list's cost (docs/architecture.md section 6): the list says "meer dan
1.000" and pages on without a last page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet


@dataclass
class CappedPage:
    """One page of a list whose total is counted up to ``cap`` only."""

    object_list: list[Any]
    number: int
    has_next: bool
    total: int
    cap: int
    page_size: int

    @property
    def capped(self) -> bool:
        return self.total > self.cap

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def num_pages(self) -> int | None:
        """None when the total is capped: the last page is not known."""
        if self.capped:
            return None
        return max(1, math.ceil(self.total / self.page_size))


def capped_page(
    queryset: QuerySet[Any],
    total: int,
    number: str | None,
    *,
    cap: int,
    page_size: int,
) -> CappedPage:
    """``total`` is counted by the caller, capped at ``cap + 1``. A page number
    past the known end shows the last page; one that is not a number, the first."""
    try:
        wanted = max(1, int(number or 1))
    except ValueError:
        wanted = 1
    if total <= cap:
        wanted = min(wanted, max(1, math.ceil(total / page_size)))
    offset = (wanted - 1) * page_size
    rows = list(queryset[offset : offset + page_size + 1])
    return CappedPage(
        object_list=rows[:page_size],
        number=wanted,
        has_next=len(rows) > page_size,
        total=total,
        cap=cap,
        page_size=page_size,
    )
