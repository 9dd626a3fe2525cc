"""The sharing rule of a contribution to a dossier, written once (docs/domain.md
section 9).

A ``SharedContribution`` (a signal, an enrichment answer) reaches an organisation
taking part in a dossier that holds it when

* the organisation owns it, or
* its owner shared it with every participant, or
* only with named organisations, and this is one of them, or
* with every participant but named ones (opsporingsbelang), and this is not one.

``reaches_q`` is that rule as one ORM condition. Everything else derives from it:
the stored readers of a signal (``signals.services.audience`` compiles its
INSERT … SELECT from a queryset filtered by it), which answers a participant reads
(``signals.selectors.dossier.enrichment_answer_scope_q``), what an asked organisation is shown
(``signal_reaches_organisation_q``), and through the stored readers every list,
search and dossier page. An app above this one filters its own contributions
with it too (the casusoverleg's ``ItemContribution`` in the minutes per
organisation). The screening team and the ketenregisseur read every
contribution by their role; that is not part of this rule but of the selectors.
"""

from __future__ import annotations

from django.db.models import Exists, F, ManyToManyField, OuterRef, Q
from django.db.models.expressions import Combinable

from signals.constants import Sharing
from signals.models import SharedContribution, Signal


def _named_by(model: type[SharedContribution]) -> str:
    """The column of ``model``'s ``shared_with`` table that points back at the
    contribution (``signal_id``, ``enrichmentrequest_id``, …), read from the field,
    so any ``SharedContribution`` subclass works, in this app or one above it."""
    field = model._meta.get_field("shared_with")
    assert isinstance(field, ManyToManyField)
    return field.m2m_column_name()


def reaches_q(
    model: type[SharedContribution],
    *,
    group: int | str,
    via: str = "",
) -> Q:
    """The contribution (``model``, any ``SharedContribution`` with an
    ``organisation`` owner, reached from the queried model through the lookup
    prefix ``via``, e.g. ``"signal__"``; itself when empty) reaches the
    organisation whose auth group is ``group``: a literal group id, or the name of a
    field of the queried model holding one (a participant's grant).

    The one place the sharing rule is written.
    """
    column = _named_by(model)
    outer: Combinable | int
    inner: Combinable | int
    if isinstance(group, str):
        outer, inner = F(group), OuterRef(group)
    else:
        outer = inner = group
    named = Exists(
        model.shared_with.through._default_manager.filter(
            **{column: OuterRef(f"{via}pk"), "organisation__group_id": inner}
        )
    )
    sharing = f"{via}sharing"
    return (
        Q(**{f"{via}organisation__group_id": outer})
        | Q(**{sharing: Sharing.PARTICIPANTS})
        | (Q(**{sharing: Sharing.SELECTED}) & named)
        | (Q(**{sharing: Sharing.EXCEPT}) & ~named)
    )


def signal_reaches_organisation_q(group_id: int) -> Q:
    """On ``Signal``: the signals that would reach this organisation (its group)
    as a participant of a dossier holding them, such as one asked a question."""
    return reaches_q(Signal, group=group_id)
