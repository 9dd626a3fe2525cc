"""Who may read which signal, worked out ahead (``signals.models.SignalAudience``).

A partner organisation reads a signal it owns, or one stacked in a dossier it takes
part in, unless the owner shared the signal inside dossiers with named
organisations only, or withheld it from named ones, and it is not let in (docs/domain.md
section 9). Asked per
signal at read time, that rule joins every dossier the organisation takes part in:
for an organisation in 40% of 100k dossiers, tens of thousands of rows hashed
before a list or a search shows one.
So the answer is stored, one row per (signal, organisation group), and the
ketenregisseur's "lies in some dossier" as ``Signal.in_dossier``.

The stored answer is only ever recomputed from the truth (the signal's owner, the
stacked signals and the dossiers' view grants), never patched, so a refresh can
only make it right. It is refreshed in the transaction that changes the truth:

* a new signal: ``audience_add_owner`` by the signal services;
* a grant given or withdrawn, a signal stacked, a signal's sharing changed: the
  service that does it calls ``audience_refresh_dossier`` or ``audience_refresh``
  explicitly (``dossier_create``, ``dossier_add_signal``, ``dossier_invite``,
  ``dossier_withdraw_invitation``, ``signal_set_sharing``); no model receiver
  does it behind the caller's back;
* bulk loads (the demo seed): ``audience_rebuild``.

A code path that changes grants, stackings or sharing past these services (a
script, a cascade; the admin edits none of them) leaves the stored readers stale
until the nightly ``verify_signal_audience`` compares them with the rule, repairs
them and logs the repair as an error.

Concurrent changes to one dossier are serialised on the dossier row and then on the
signal rows, so the last refresh reads what the others committed: a withdrawn
invitation never leaves a signal readable.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet

from partners.access import permission_id
from partners.models import Organisation
from signals.models import (
    Dossier,
    DossierGroupObjectPermission,
    DossierSignal,
    Signal,
    SignalAudience,
)
from signals.selectors.sharing import reaches_q

CHUNK = 500


def _tables() -> dict[str, str]:
    quote = connection.ops.quote_name
    return {
        "audience": quote(SignalAudience._meta.db_table),
        "signal": quote(Signal._meta.db_table),
        "organisation": quote(Organisation._meta.db_table),
        "stacked": quote(DossierSignal._meta.db_table),
        "grant": quote(DossierGroupObjectPermission._meta.db_table),
        "shared": quote(Signal.shared_with.through._meta.db_table),
    }


def _among(column: str, ids: Sequence[int] | None) -> tuple[str, list[int]]:
    """A condition that ``column`` is one of ``ids`` (every row when None)."""
    if ids is None:
        return "1 = 1", []
    return f"{column} IN ({', '.join(['%s'] * len(ids))})", list(ids)


# On ``DossierSignal``: the organisation group of a participant of its dossier.
_PARTICIPANT_GROUP = "dossier__dossiergroupobjectpermission__group_id"


def readers(ids: Sequence[int] | None = None) -> QuerySet[Any]:
    """The rule as a queryset: (signal_id, group_id, received_at) of every reader
    of these signals (all when None): the owner, and each participant of a dossier
    that holds the signal (its view grant) that the signal reaches by the sharing
    rule (``signals.selectors.sharing.reaches_q``, the one place it is written)."""
    owners = Signal.objects.order_by()
    # One filter() call: the grant whose permission is checked is the grant whose
    # group the rule is asked about (one join, not two).
    participants = DossierSignal.objects.order_by().filter(
        reaches_q(Signal, group=_PARTICIPANT_GROUP, via="signal__"),
        dossier__dossiergroupobjectpermission__permission_id=permission_id(
            "signals", "view_dossier"
        ),
    )
    if ids is not None:
        owners = owners.filter(pk__in=ids)
        participants = participants.filter(signal_id__in=ids)
    return owners.values_list("pk", "organisation__group_id", "received_at").union(
        participants.values_list("signal_id", _PARTICIPANT_GROUP, "signal__received_at")
    )


def _readers_sql(ids: Sequence[int] | None) -> tuple[str, tuple[Any, ...]]:
    """``readers`` as SQL, for INSERT … SELECT and the comparison with the table."""
    sql, params = readers(ids).query.sql_with_params()
    return sql, tuple(params)


def _stacked_sql() -> str:
    """``s`` (a signal row) lies in some dossier."""
    return f"EXISTS (SELECT 1 FROM {_tables()['stacked']} ds WHERE ds.signal_id = s.id)"


def _recompute(ids: Sequence[int] | None) -> None:
    """Rewrite the audience rows and ``in_dossier`` of these signals (all when None)."""
    t = _tables()
    readers_sql, readers_params = _readers_sql(ids)
    with connection.cursor() as cursor:
        where, params = _among("signal_id", ids)
        cursor.execute(f"DELETE FROM {t['audience']} WHERE {where}", params)
        cursor.execute(
            f"INSERT INTO {t['audience']} (signal_id, group_id, received_at) {readers_sql}",
            readers_params,
        )
        where, params = _among("s.id", ids)
        cursor.execute(
            f"UPDATE {t['signal']} SET in_dossier = NOT in_dossier "
            f"WHERE id IN (SELECT s.id FROM {t['signal']} s WHERE {where} "
            f"AND s.in_dossier <> {_stacked_sql()})",
            params,
        )


@transaction.atomic
def audience_refresh(*, signal_ids: Iterable[int]) -> None:
    """Recompute who may read these signals, after locking them."""
    ids = sorted(set(signal_ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        # Another transaction refreshing one of these waits until this one commits,
        # and then reads what it wrote (READ COMMITTED takes a snapshot a statement).
        list(
            Signal.objects.select_for_update()
            .filter(pk__in=chunk)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        _recompute(chunk)


def audience_add_owner(signal: Signal) -> None:
    """A new signal, in no dossier yet, is read by its owner alone (one insert)."""
    SignalAudience.objects.create(
        signal=signal,
        group_id=signal.organisation.group_id,
        received_at=signal.received_at,
    )


@transaction.atomic
def audience_refresh_dossier(*, dossier_id: int) -> None:
    """Recompute the readers of every signal stacked in this dossier.

    The dossier row is locked first: a grant withdrawn and a signal stacked at the
    same moment are then refreshed one after the other, the second seeing both.
    """
    if not (
        Dossier.objects.select_for_update()
        .filter(pk=dossier_id)
        .values_list("pk", flat=True)
        .exists()
    ):
        return
    audience_refresh(
        signal_ids=DossierSignal.objects.filter(dossier_id=dossier_id).values_list(
            "signal_id", flat=True
        )
    )


@transaction.atomic
def audience_rebuild() -> None:
    """Recompute every signal's readers (after a bulk load or to repair by hand)."""
    _recompute(None)


def audience_differences() -> list[tuple[int, int, str]]:
    """(signal, group, 'missing' | 'extra') where the stored readers differ from
    the truth, plus (signal, 0, 'in_dossier') for a wrong flag. Empty when right."""
    t = _tables()
    truth, params = _readers_sql(None)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH truth (signal_id, group_id, received_at) AS ({truth}) "
            "SELECT t.signal_id, t.group_id, 'missing' FROM truth t "
            f"WHERE NOT EXISTS (SELECT 1 FROM {t['audience']} a "
            "WHERE a.signal_id = t.signal_id AND a.group_id = t.group_id) "
            "UNION ALL "
            f"SELECT a.signal_id, a.group_id, 'extra' FROM {t['audience']} a "
            "WHERE NOT EXISTS (SELECT 1 FROM truth t "
            "WHERE a.signal_id = t.signal_id AND a.group_id = t.group_id) "
            "UNION ALL "
            f"SELECT s.id, 0, 'in_dossier' FROM {t['signal']} s "
            f"WHERE s.in_dossier <> {_stacked_sql()}",
            params,
        )
        return [(row[0], row[1], row[2]) for row in cursor.fetchall()]
