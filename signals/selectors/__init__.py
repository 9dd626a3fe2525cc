"""Reads that depend on who is asking, one module per part of the domain."""

from signals.selectors.signal import (
    signal_get_for_client,
    signal_get_visible,
    signal_list_visible_to,
    signal_scope_q,
)

__all__ = [
    "signal_get_for_client",
    "signal_get_visible",
    "signal_list_visible_to",
    "signal_scope_q",
]
