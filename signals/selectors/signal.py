"""Reads of signals that depend on who is asking (need to know, docs/domain.md section 9)."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from audit.constants import Action
from audit.services import audit_record
from partners.access import may, not_visible, principal_for
from partners.models import ApiClient, Organisation, User
from signals.constants import Kind
from signals.models import Indicator, Signal, SignalAudience
from signals.selectors.dossier import dossier_sees_all


def signal_scope_q(user: User) -> Q | None:
    """The rule, as one Q: None means the user sees no signal at all.

    * the screening team works on every melding;
    * a partner sees the signals its own organisation entered (ownership rule);
    * the ketenregisseur also sees trend signals, which hold no persons, and the
      urgent signals it is alerted to at once (``signals.services.signal``): with
      the screening team it reads every contribution (docs/domain.md section 9);
    * a participant of a dossier sees the signals stacked in it;
    * nothing at all without a valid convenant (its principal holds no
      permission then, ``partners.access``).
    """
    principal = principal_for(user)
    if principal is None or not principal.has_permission("signals.view_signal"):
        return None
    if principal.has_permission("signals.screen_signal"):
        return Q()
    trend = principal.has_permission("signals.view_trend_signal")
    if dossier_sees_all(user):
        # The ketenregisseur works on every dossier, so on the signals in them,
        # and coordinates the bilateral handling of every urgent signal.
        scope = (
            Q(organisation_id=principal.organisation_id)
            | Q(in_dossier=True)
            | Q(kind=Kind.URGENT)
        )
    elif principal.has_permission("signals.view_dossier"):
        # Owned, or stacked in a dossier the organisation takes part in: worked out
        # ahead in SignalAudience (signals.services.audience).
        scope = Q(
            Exists(
                SignalAudience.objects.filter(
                    signal=OuterRef("pk"), group_id__in=principal.group_ids
                )
            )
        )
    else:
        scope = Q(organisation_id=principal.organisation_id)
    if trend:
        scope |= Q(kind=Kind.TREND)
    return scope


def signal_readable_by(*, user: User, signal: Signal) -> bool:
    """May ``user`` open this signal's page? The rule of ``signal_scope_q`` for one
    signal, unaudited: for deciding whom to send a link to it."""
    scope = signal_scope_q(user)
    return scope is not None and Signal.objects.filter(scope, pk=signal.pk).exists()


def signal_list_visible_to(*, user: User) -> QuerySet[Signal]:
    scope = signal_scope_q(user)
    if scope is None:
        return Signal.objects.none()
    return Signal.objects.filter(scope).select_related("organisation")


def partner_audience_group(user: User) -> int | None:
    """The organisation group of a partner whose signals are exactly its
    audience rows (no screening, no ketenregisseur, no trend list); else None."""
    principal = principal_for(user)
    if (
        principal is None
        or not may(user, "signals.view_signal")
        or not principal.has_permission("signals.view_dossier")
        or principal.has_permission("signals.screen_signal")
        or principal.has_permission("signals.view_trend_signal")
        or dossier_sees_all(user)
    ):
        return None
    return principal.group_id


def signal_list_newest_first(*, user: User, kind: str = "") -> QuerySet[Signal]:
    """The user's signals, newest first, optionally of one kind: the signal list.

    Same scope as ``signal_list_visible_to``. A partner's list is read from its own
    audience rows (index ``signal_audience_newest``), so a page of 50 reads 50
    index entries instead of probing the audience for every newer signal.
    """
    group_id = partner_audience_group(user)
    if group_id is None:
        signals = signal_list_visible_to(user=user).order_by("-received_at", "-id")
    else:
        signals = (
            Signal.objects.filter(audience__group_id=group_id)
            .select_related("organisation")
            .order_by("-audience__received_at", "-audience__signal_id")
        )
    return signals.filter(kind=kind) if kind else signals


def signal_count_visible(*, user: User, kind: str = "", cap: int) -> int:
    """How many signals the list holds, counted up to ``cap + 1``."""
    group_id = partner_audience_group(user)
    if group_id is not None and not kind:
        return (
            SignalAudience.objects.filter(group_id=group_id)
            .order_by()[: cap + 1]
            .count()
        )
    return signal_list_newest_first(user=user, kind=kind).order_by()[: cap + 1].count()


def signal_get_visible(*, user: User, uuid: Any, reason: str = "") -> Signal:
    """One signal the user may see, its read audited; anything else is a 404."""
    try:
        signal = (
            signal_list_visible_to(user=user)
            .prefetch_related("persons", "indicators", "passed_on_to")
            .get(uuid=uuid)
        )
    except (Signal.DoesNotExist, ValueError) as exc:
        raise not_visible(user, Signal, uuid) from exc
    audit_record(
        actor=user,
        action=Action.READ,
        obj=signal,
        reason=reason,
        person_ids=[m.person_id for m in signal.persons.all() if m.person_id],
    )
    return signal


def signal_get_for_client(*, client: ApiClient, uuid: Any) -> Signal:
    """The meldpunt reads back only its own signals; another's is a 404. Its
    indicators and passed-on organisations come sorted by code and slug."""
    try:
        signal = (
            Signal.objects.filter(api_client=client)
            .prefetch_related(
                "persons",
                Prefetch("indicators", Indicator.objects.order_by("code")),
                Prefetch("passed_on_to", Organisation.objects.order_by("slug")),
            )
            .get(uuid=uuid)
        )
    except (Signal.DoesNotExist, ValueError) as exc:
        # The API answers its 404 as a response, so the request commits the entry.
        audit_record(
            actor=client,
            action=Action.DENIED,
            object_type=Signal._meta.label_lower,
            object_id=str(uuid)[:64],
            reason="buiten bereik: 404",
        )
        raise Http404 from exc
    audit_record(actor=client, action=Action.READ, obj=signal, reason="api read-back")
    return signal


def may_enter_signals(user: User) -> bool:
    """Entering a signal shares it with the chain: that needs the convenant too."""
    return may(user, "signals.add_signal")


def may_see_reporter(user: User, signal: Signal) -> bool:
    """Who reported is the owner's to share, and the screening team's to verify.

    A perpetrator who learns which school or which parent talked can retaliate
    (docs/threat-model.md), so nobody else sees the reporter's contact details.
    """
    principal = principal_for(user)
    return principal is not None and (
        principal.organisation_id == signal.organisation_id
        or principal.has_permission("signals.screen_signal")
    )


def may_change_sharing(user: User, signal: Signal) -> bool:
    """Only the owning organisation decides who inside a dossier reads its signal."""
    return bool(
        may_enter_signals(user)
        and getattr(user, "organisation_id", None) == signal.organisation_id
    )


def may_correct_signal(user: User, signal: Signal) -> bool:
    """Correcting or withdrawing a signal is its owner's, as its sharing is; a
    withdrawn signal is not changed again."""
    return signal.withdrawn_at is None and may_change_sharing(user, signal)


def may_read_signal_history(user: User, signal: Signal) -> bool:
    """The values a correction replaced were wrong: only the owner, who made them,
    and the screening team, who verifies, read them. Every reader sees that and
    when the signal was corrected, by whom and why."""
    return may_see_reporter(user, signal)


def person_reader_signals(user: User) -> QuerySet[Signal] | None:
    """The signals whose mentions describe a person to ``user``: those it may read;
    None for the screening team, who reads the merged person record."""
    principal = principal_for(user)
    if principal is not None and principal.has_permission("signals.screen_signal"):
        return None
    return signal_list_visible_to(user=user)
