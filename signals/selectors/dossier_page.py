"""What the dossier pages read besides the dossier itself: the rows of the list,
the choices of the change forms, a dossier to change or to add a signal to, and
the persons a signal brings along. The views only parse, call and render."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.constants import Action
from audit.services import audit_record
from partners.access import principal_for
from partners.models import Organisation, User
from signals.constants import DossierEventKind, EnrichmentStatus
from signals.models import (
    Dossier,
    DossierEvent,
    DossierPerson,
    DossierSignal,
    EnrichmentRequest,
    Person,
    Signal,
    SignalPerson,
)
from signals.selectors.contents import dossier_timeline
from signals.selectors.dossier import (
    dossier_list_newest_first,
    dossier_list_visible_to,
    dossier_may_change,
    dossier_owner_group_ids,
    dossier_participant_group_ids,
    dossier_sees_all,
)

# The longest search text read (as the search page, signals.selectors.search).
MAX_SEARCH_LENGTH = 200

# DOS-<year>-<number>, as Dossier.reference writes it (forms_dossier.REFERENCE).
REFERENCE = re.compile(r"^DOS-(?P<year>\d{4})-(?P<pk>\d{1,12})$", re.IGNORECASE)

# The columns a row of the dossier list needs, read as values: no model instances
# for 50 dossiers, their owners and casemanagers.
DOSSIER_LIST_COLUMNS = (
    "pk",
    "uuid",
    "created_at",
    "status",
    "organisation__name",
    "casemanager__username",
    "casemanager__first_name",
    "casemanager__last_name",
    "updated_at",
    "open_questions",
)


def dossier_list_rows(
    *, user: User, filters: Mapping[str, str] | None = None
) -> QuerySet[Any]:
    """The user's dossiers, last updated first, as ``DOSSIER_LIST_COLUMNS`` tuples
    with the number of questions still open; narrowed and ordered in SQL by
    ``filters`` (the names of ``forms_dossier.DossierListFilterForm``) on the
    already scoped queryset. Without filters the query is the one the benchmark
    holds (``benchmarks/signals_bench.py``)."""
    open_questions = (
        EnrichmentRequest.objects.filter(
            dossier=OuterRef("pk"), status=EnrichmentStatus.OPEN
        )
        .order_by()
        .values("dossier")
        .annotate(n=Count("pk"))
        .values("n")
    )
    dossiers: QuerySet[Any] = dossier_list_newest_first(user=user).annotate(
        open_questions=Coalesce(
            Subquery(open_questions, output_field=IntegerField()), 0
        )
    )
    if filters:
        dossiers = _filtered(dossiers, user=user, filters=filters)
    return dossiers.values_list(*DOSSIER_LIST_COLUMNS)


def dossier_count_filtered(*, user: User, filters: Mapping[str, str], cap: int) -> int:
    """The size of the filtered list, counted up to ``cap + 1`` (as the unfiltered
    ``dossier_count_visible``): a LIMITed subquery, never the whole table."""
    return dossier_list_rows(user=user, filters=filters).order_by()[: cap + 1].count()


# Ordering of the list by the form's "volgorde"; the default is the scope's own
# (last updated first, from the index of the user's grants).
_ORDERINGS = {
    "oudst": ("updated_at", "id"),
    "open": ("-open_questions", "-updated_at", "-id"),
    "nieuw": ("-created_at", "-id"),
}


# A dossier's number as people type it: "DOS-2026-000123", "2026-123" or "123".
_NUMBER = re.compile(r"^(?:DOS-)?(?:\d{4}-)?0*(?P<pk>\d{1,12})$", re.IGNORECASE)


def _search_q(text: str) -> Q:
    """A dossier reference (DOS-2026-000123), else every word in the owner's name
    or the casemanager's name or username; a bare number also finds the dossier
    with that number."""
    match = REFERENCE.match(text.strip())
    if match:
        return Q(pk=int(match["pk"]), created_at__year=int(match["year"]))
    number = _NUMBER.match(text.strip())
    if number:
        return Q(pk=int(number["pk"]))
    condition = Q()
    for word in text.split()[:5]:
        condition &= (
            Q(organisation__name__icontains=word)
            | Q(casemanager__first_name__icontains=word)
            | Q(casemanager__last_name__icontains=word)
            | Q(casemanager__username__icontains=word)
        )
    return condition


def _filtered(
    dossiers: QuerySet[Dossier], *, user: User, filters: Mapping[str, str]
) -> QuerySet[Dossier]:
    if status := filters.get("status"):
        dossiers = dossiers.filter(status=status)
    casemanager = filters.get("casemanager")
    if casemanager == "ik":
        dossiers = dossiers.filter(casemanager_id=user.pk)
    elif casemanager == "geen":
        dossiers = dossiers.filter(casemanager__isnull=True)
    if filters.get("eigenaar") == "eigen":
        dossiers = dossiers.filter(organisation_id=user.organisation_id)
    if filters.get("open") == "ja":
        dossiers = dossiers.filter(Q(open_questions__gt=0))  # the annotation
    elif filters.get("open") == "nee":
        dossiers = dossiers.filter(Q(open_questions=0))
    if (days := filters.get("bijgewerkt", "")).isdigit():
        since = timezone.now() - datetime.timedelta(days=int(days))
        dossiers = dossiers.filter(updated_at__gte=since)
    if text := filters.get("q", "").strip():
        dossiers = dossiers.filter(_search_q(text))
    if ordering := _ORDERINGS.get(filters.get("volgorde", "")):
        dossiers = dossiers.order_by(*ordering)
    return dossiers


def organisations_with_valid_convenant() -> QuerySet[Organisation]:
    """Organisations that may receive personal data today, by name."""
    return (
        Organisation.objects.with_valid_convenant()
        .filter(has_valid_convenant=True)  # type: ignore[misc]
        .order_by("name")
    )


@dataclass
class DossierFormChoices:
    """What the change forms of one dossier offer."""

    casemanagers: QuerySet[User]
    invitable: QuerySet[Organisation]
    withdrawable: QuerySet[Organisation]
    askable: QuerySet[Organisation]


def dossier_form_choices(*, user: User, dossier: Dossier) -> DossierFormChoices:
    """Casemanagers from the taking-part organisations; organisations under a valid
    convenant that may be invited (not yet taking part) or asked (not the user's
    own: asking one's own organisation is not veredelen); those whose invitation
    may be withdrawn (not the owner). Nothing for a user who may not change the
    dossier: the candidates' names are for those who choose among them."""
    if not dossier_may_change(user, dossier):
        return DossierFormChoices(
            casemanagers=User.objects.none(),
            invitable=Organisation.objects.none(),
            withdrawable=Organisation.objects.none(),
            askable=Organisation.objects.none(),
        )
    group_ids = dossier_participant_group_ids(dossier=dossier)
    return DossierFormChoices(
        casemanagers=User.objects.filter(is_active=True)
        .filter(
            Q(organisation_id=dossier.organisation_id)
            | Q(organisation__group_id__in=group_ids)
        )
        .select_related("organisation")
        .order_by("organisation__name", "last_name", "first_name", "username"),
        invitable=organisations_with_valid_convenant().exclude(group_id__in=group_ids),
        withdrawable=Organisation.objects.filter(group_id__in=group_ids)
        .exclude(group_id__in=dossier_owner_group_ids(dossier=dossier))
        .order_by("name"),
        askable=organisations_with_valid_convenant().exclude(pk=user.organisation_id),
    )


def dossier_find_visible(*, user: User, key: tuple[str, Any]) -> Dossier | None:
    """A dossier the user sees, by ("uuid", uuid) or ("reference", (year, pk));
    None whether it is absent or out of scope, so the answer tells nothing about
    other organisations' work."""
    kind, value = key
    scoped = dossier_list_visible_to(user=user)
    if kind == "uuid":
        return scoped.filter(uuid=value).first()
    year, pk = value
    dossier = scoped.filter(pk=pk).first()
    if dossier is None or dossier.created_at.year != year:
        return None
    return dossier


def dossier_holds_signal(*, dossier: Dossier, signal: Signal) -> bool:
    return DossierSignal.objects.filter(dossier=dossier, signal=signal).exists()


def signal_confirmed_persons(*, signal: Signal) -> list[tuple[Person, str]]:
    """The persons the screeners stacked this signal's mentions onto, each once,
    with the role of its first mention."""
    seen: dict[int, tuple[Person, str]] = {}
    mentions = (
        SignalPerson.objects.filter(signal=signal, person__isnull=False)
        .select_related("person")
        .order_by("pk")
    )
    for mention in mentions:
        assert mention.person is not None
        seen.setdefault(mention.person.pk, (mention.person, mention.role))
    return list(seen.values())


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a dossier's timeline as the reader is shown it."""

    event: DossierEvent
    label: str
    detail: str


def dossier_timeline_entries(*, dossier: Dossier, user: User) -> list[TimelineEntry]:
    """The timeline (``dossier_timeline``: newest first, without entries about
    signals the user may not read), where an answered question says only
    "Vraag afgehandeld" to a reader outside the screening team, the ketenregie and
    the answering organisation: whether the answer was given, withheld from the
    reader or "geen informatie" stays with those who read it in the Veredelen
    table (``enrichment_shown_outcomes``; docs/threat-model.md, tipping off)."""
    hides = not dossier_sees_all(user)
    principal = principal_for(user) if hides else None
    own = principal.organisation_id if principal is not None else None
    entries = []
    for event in dossier_timeline(dossier=dossier, user=user):
        label, detail = str(event.get_kind_display()), event.detail
        if (
            event.kind == DossierEventKind.ENRICHMENT_ANSWERED
            and hides
            and (own is None or event.organisation_id != own)
        ):
            label, detail = _("Vraag afgehandeld"), ""
        entries.append(TimelineEntry(event=event, label=label, detail=detail))
    return entries


# How many dossiers the "add to dossier" page offers or finds at once.
DOSSIER_SUGGESTION_LIMIT = 10
# Fewer typed characters find nothing: no list of everything by typing "a".
DOSSIER_SEARCH_MIN_LENGTH = 2


def dossier_candidates_for_signal(*, user: User, signal: Signal) -> list[Dossier]:
    """The dossiers this signal could belong to: those the user sees and may
    change that hold a person the signal's mentions were stacked onto, last
    updated first; ``holds_signal`` marks one that has it already. Audited as a
    list."""
    persons = SignalPerson.objects.filter(signal=signal, person__isnull=False).values(
        "person_id"
    )
    dossiers: list[Dossier] = [
        dossier
        for dossier in dossier_list_visible_to(user=user)
        .filter(
            pk__in=DossierPerson.objects.filter(person_id__in=persons).values(
                "dossier_id"
            )
        )
        .annotate(
            holds_signal=Exists(
                DossierSignal.objects.filter(dossier=OuterRef("pk"), signal=signal)
            )
        )
        .select_related("organisation", "casemanager")
        .order_by("-updated_at", "-id")[:DOSSIER_SUGGESTION_LIMIT]
        if dossier_may_change(user, dossier)
    ]
    audit_record(
        actor=user,
        action=Action.LIST,
        object_type="signals.dossier",
        reason=f"dossiers bij signaal {signal.reference}: {len(dossiers)} voorgesteld",
    )
    return dossiers


def dossier_search_to_add(*, user: User, signal: Signal, text: str) -> list[Dossier]:
    """Dossiers the user sees and may change, found by reference, number, owner
    or casemanager (the list's search, ``_search_q``), for adding ``signal``
    (``holds_signal`` marks a dossier that has it already). The
    scope comes first, so a dossier out of reach is never found (as a 404 would
    not show it). Audited like every search: the length of what was typed and
    the number of hits, never the text."""
    text = text.strip()[:MAX_SEARCH_LENGTH]
    if len(text) < DOSSIER_SEARCH_MIN_LENGTH:
        return []
    dossiers: list[Dossier] = [
        dossier
        for dossier in dossier_list_visible_to(user=user)
        .filter(_search_q(text))
        .annotate(
            holds_signal=Exists(
                DossierSignal.objects.filter(dossier=OuterRef("pk"), signal=signal)
            )
        )
        .select_related("organisation", "casemanager")
        .order_by("-updated_at", "-id")[:DOSSIER_SUGGESTION_LIMIT]
        if dossier_may_change(user, dossier)
    ]
    audit_record(
        actor=user,
        action=Action.SEARCH,
        object_type="signals.dossier",
        reason=f"dossier zoeken om een signaal toe te voegen: {len(text)} tekens; "
        f"{len(dossiers)} treffers",
    )
    return dossiers
