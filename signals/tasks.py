"""Background work of the signals app."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import transaction

from audit.constants import Action
from audit.services import audit_record
from signals.services.audience import audience_differences, audience_refresh

logger = logging.getLogger(__name__)


@shared_task
def verify_signal_audience() -> int:
    """Nightly: compare every signal's stored readers with the rule and repair the
    signals that differ. Returns how many were repaired.

    A difference means some code path changed grants or stackings without the
    refresh, so a repair is logged as an error (ids and counts only) and audited;
    the readers are recomputed from the truth, as every refresh does.
    """
    differences = audience_differences()
    if not differences:
        return 0
    signal_ids = sorted({signal_id for signal_id, _, _ in differences})
    with transaction.atomic():
        audience_refresh(signal_ids=signal_ids)
        audit_record(
            actor=None,
            action=Action.UPDATE,
            object_type="signals.signalaudience",
            reason=f"nachtelijke controle: {len(signal_ids)} signalen hersteld",
        )
    logger.error(
        "event=signal_audience_repaired signals=%d differences=%d first_ids=%s",
        len(signal_ids),
        len(differences),
        ",".join(str(i) for i in signal_ids[:20]),
    )
    return len(signal_ids)
