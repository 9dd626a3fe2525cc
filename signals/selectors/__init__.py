"""Reads that depend on who is asking, one module per part of the domain."""

from signals.selectors.dossier import (
    DossierPersonRow,
    dossier_get_visible,
    dossier_list_visible_to,
    dossier_may_change,
    dossier_open_enrichment,
    dossier_persons,
    dossier_ready_for_casusoverleg,
    dossier_sees_all,
    dossier_signals,
    enrichment_get_for_answer,
    enrichment_inbox,
)
from signals.selectors.person import (
    AgeFacts,
    MatchProposal,
    may_stack_persons,
    person_age_facts,
    person_match_candidates,
    persons_for_mention_ids,
)
from signals.selectors.search import SearchResults, person_list_visible_to, search
from signals.selectors.signal import (
    may_enter_signals,
    may_see_reporter,
    signal_get_for_client,
    signal_get_visible,
    signal_list_visible_to,
    signal_scope_q,
)

__all__ = [
    "DossierPersonRow",
    "dossier_persons",
    "may_enter_signals",
    "may_see_reporter",
    "AgeFacts",
    "MatchProposal",
    "may_stack_persons",
    "person_age_facts",
    "person_match_candidates",
    "persons_for_mention_ids",
    "SearchResults",
    "person_list_visible_to",
    "search",
    "dossier_get_visible",
    "dossier_list_visible_to",
    "dossier_may_change",
    "dossier_open_enrichment",
    "dossier_ready_for_casusoverleg",
    "dossier_sees_all",
    "dossier_signals",
    "enrichment_get_for_answer",
    "enrichment_inbox",
    "signal_get_for_client",
    "signal_get_visible",
    "signal_list_visible_to",
    "signal_scope_q",
]
