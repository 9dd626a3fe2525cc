"""Writes for the signals app, one module per part of the domain.

``signal``: entry by partner users and the meldpunt API; ``person``: persons and
stacking; ``dossier``: dossiers, participation and enrichment (veredelen).
"""

from signals.services.signal import (
    IdempotencyConflict,
    PersonInput,
    SignalInput,
    indicators_sync,
    request_hash,
    signal_create,
    signal_receive,
    signal_validate,
)

__all__ = [
    "IdempotencyConflict",
    "PersonInput",
    "SignalInput",
    "indicators_sync",
    "request_hash",
    "signal_create",
    "signal_receive",
    "signal_validate",
]
