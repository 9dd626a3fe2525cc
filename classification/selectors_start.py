"""The screening team's start page: its werkvoorraad (issue "Screening and
classification": the start page *is* the work list), read through the work
list's own selector, audited like a list."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from audit.constants import Action
from audit.services import audit_record
from classification.selectors import may_screen, screening_start_items
from partners.models import User

# Rows on the start page; the work list has the rest.
START_WORKLIST_ROWS = 10


def werkvoorraad_start(
    *, user: User, rows: int = START_WORKLIST_ROWS
) -> dict[str, Any] | None:
    """The first meldingen of the werkvoorraad (urgent first, then the longest
    waiting) with how long each has waited; None for anyone outside the
    screening team (the section is left out)."""
    if not may_screen(user):
        return None
    items = screening_start_items(user=user, limit=rows + 1)
    now = timezone.now()
    audit_record(
        actor=user,
        action=Action.LIST,
        object_type="classification.werkvoorraad",
        reason="startpagina: werkvoorraad",
    )
    return {
        "rows": [(signal, now - signal.received_at) for signal in items[:rows]],
        "more": len(items) > rows,
    }
