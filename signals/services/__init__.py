"""Writes for the signals app, one module per part of the domain.

``signal``: entry by partner users and the meldpunt API; ``person``: persons and
stacking; ``dossier``: dossiers, participation and enrichment (veredelen).
"""

from signals.services.dossier import (
    dossier_add_person,
    dossier_add_signal,
    dossier_add_signal_with_persons,
    dossier_create,
    dossier_event_record,
    dossier_events_record,
    dossier_invite,
    dossier_invite_many,
    dossier_set_casemanager,
    dossier_set_status,
    dossier_withdraw_invitation,
    enrichment_answer,
    enrichment_ask,
)
from signals.services.person import (
    mention_confirm,
    mention_reject,
    person_create_from_mention,
    person_link_create,
    person_update,
)
from signals.services.signal import (
    IdempotencyConflict,
    PersonInput,
    SignalCorrection,
    SignalInput,
    indicators_sync,
    observed_at_problem,
    request_hash,
    signal_correct,
    signal_create,
    signal_receive,
    signal_set_sharing,
    signal_validate,
    signal_withdraw,
)

__all__ = [
    "mention_confirm",
    "mention_reject",
    "person_create_from_mention",
    "person_link_create",
    "person_update",
    "dossier_add_person",
    "dossier_add_signal",
    "dossier_add_signal_with_persons",
    "dossier_create",
    "dossier_event_record",
    "dossier_events_record",
    "dossier_invite",
    "dossier_invite_many",
    "dossier_set_casemanager",
    "dossier_set_status",
    "dossier_withdraw_invitation",
    "enrichment_answer",
    "enrichment_ask",
    "IdempotencyConflict",
    "PersonInput",
    "SignalCorrection",
    "SignalInput",
    "indicators_sync",
    "observed_at_problem",
    "request_hash",
    "signal_correct",
    "signal_create",
    "signal_receive",
    "signal_set_sharing",
    "signal_validate",
    "signal_withdraw",
]
