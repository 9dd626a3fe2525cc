"""Search over signals, persons and dossiers, always inside what the user may see.

PostgreSQL: Dutch full-text search on the signals' stored ``search_vector`` (migration
0005) through its GIN index. SQLite: every word
must occur (LIKE). Person names and handles are matched by substring, since names
are not words a stemmer should touch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connection
from django.db.models import (
    BooleanField,
    Exists,
    F,
    Func,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Value,
)

from audit.constants import Action
from audit.services import audit_record
from partners.access import principal_for
from partners.models import User
from signals.models import (
    Dossier,
    DossierPerson,
    DossierSignal,
    Person,
    Signal,
    SignalAudience,
    SignalPerson,
)
from signals.selectors.contents import dossier_shows_person
from signals.selectors.dossier import dossier_list_visible_to, dossier_sees_all
from signals.selectors.signal import (
    partner_audience_group,
    person_reader_signals,
    signal_list_visible_to,
)

M = TypeVar("M", bound=Model)

RESULT_LIMIT = 20
# How many of the newest matching signals lead to dossiers.
DOSSIER_SIGNAL_LIMIT = 100
# The persons a partner's search reads before it picks the page's 20.
PERSON_MATCH_CAP = 200
MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class SearchResults:
    query: str
    signals: list[Signal]
    persons: list[Person]
    dossiers: list[Dossier]
    more_signals: bool
    more_persons: bool
    more_dossiers: bool


def _words(query: str) -> list[str]:
    return [word for word in query.split() if word][:10]


class DutchTextMatch(Func):
    """``search_vector @@ websearch_to_tsquery('dutch', query)`` on PostgreSQL.

    ``search_vector`` is the stored, GIN-indexed tsvector that migration 0005 adds
    beside ``search_text``; it is not a model field, so the column is addressed
    through the alias Django gives ``search_text`` in this query.
    """

    arity = 2
    output_field = BooleanField()

    def as_sql(  # type: ignore[override]
        self, compiler: Any, connection: Any, **extra_context: Any
    ) -> tuple[str, tuple[Any, ...]]:
        column_sql, column_params = compiler.compile(self.source_expressions[0])
        query_sql, query_params = compiler.compile(self.source_expressions[1])
        vector_sql = column_sql.replace('"search_text"', '"search_vector"')
        sql = f"{vector_sql} @@ websearch_to_tsquery('dutch'::regconfig, {query_sql})"
        return sql, (*column_params, *query_params)


def signals_matching(queryset: QuerySet[M], query: str, via: str = "") -> QuerySet[M]:
    """Filter on the text of a signal: the queryset's own, or the one ``via`` (a
    relation path ending in ``__``) leads to."""
    if connection.vendor == "postgresql":
        return queryset.filter(DutchTextMatch(F(f"{via}search_text"), Value(query)))
    condition = Q()
    for word in _words(query):
        condition &= Q(**{f"{via}search_text__icontains": word})
    return queryset.filter(condition)


def _matching_signal_ids(user: User, query: str, limit: int) -> list[int]:
    """The newest matching signals the user may read, at most ``limit``.

    A partner's readable signals are walked in its own audience index, newest
    first, checking each against the text; so a word in half of all signals costs
    a page of index entries, not the intersection of two large sets. Everyone else
    (the screening team, the ketenregisseur) reads the signals table directly.
    """
    group_id = partner_audience_group(user)
    if group_id is not None:
        rows = signals_matching(
            SignalAudience.objects.filter(group_id=group_id), query, via="signal__"
        ).order_by("-received_at", "-signal_id")
        return list(rows.values_list("signal_id", flat=True)[:limit])
    return list(
        signals_matching(signal_list_visible_to(user=user), query)
        .order_by("-received_at", "-id")
        .values_list("pk", flat=True)[:limit]
    )


def person_list_visible_to(*, user: User) -> QuerySet[Person]:
    """A person is visible through a visible signal that mentions them, or through a
    visible dossier that holds them without any of its signals naming them (added
    by hand); the screening team sees every person. A person whom in a dossier only
    signals the user may not read name stays hidden, as on the dossier page
    (signals.selectors.contents)."""
    principal = principal_for(user)
    if principal is None:
        return Person.objects.none()
    if principal.has_permission("signals.screen_signal"):
        return Person.objects.all()
    via_signal = SignalPerson.objects.filter(
        person=OuterRef("pk"), signal__in=signal_list_visible_to(user=user).values("pk")
    )
    named_in_the_dossier = SignalPerson.objects.filter(
        person_id=OuterRef("person_id"),
        signal__dossiersignal__dossier_id=OuterRef("dossier_id"),
    )
    via_dossier = DossierPerson.objects.filter(
        ~Exists(named_in_the_dossier),
        person=OuterRef("pk"),
        dossier__in=dossier_list_visible_to(user=user).values("pk"),
    )
    return Person.objects.filter(Exists(via_signal) | Exists(via_dossier))


def persons_matching(queryset: QuerySet[Person], query: str) -> QuerySet[Person]:
    """The persons of ``queryset`` whose record holds every word of the query in
    its name or handles (the screening team's merged record)."""
    return queryset.filter(_person_words(query))


def _person_words(query: str) -> Q:
    condition = Q()
    for word in _words(query.lower().lstrip("@")):
        # Aliases are a JSON list; searching its text form finds a handle anywhere.
        condition &= Q(name__icontains=word) | Q(aliases__icontains=word)
    return condition


def partner_persons_matching(
    *, user: User, readable: QuerySet[Signal], query: str
) -> QuerySet[Person]:
    """The persons a partner finds: by what the mentions in signals it may read say
    (each word in one of them), not by the merged record, which may hold a handle
    from a signal it may not read; a record no signal mentions (entered by the
    screening team) in a dossier it takes part in, by the record itself.

    Index walks, not a condition on every person: per word the readable mentions
    that match (their trigram indexes; a readable mention makes its person
    visible), intersected, and the unmentioned records that match; read up to
    ``PERSON_MATCH_CAP`` ids.
    """
    said: QuerySet[Any] | None = None
    words = _words(query.lower().lstrip("@")) or [""]
    for word in words:
        matches = (
            SignalPerson.objects.filter(
                Q(name__icontains=word) | Q(aliases__icontains=word),
                person__isnull=False,
                signal__in=readable.values("pk"),
            )
            .values_list("person_id", flat=True)
            .order_by()
        )
        said = matches if said is None else said.intersection(matches)
    assert said is not None
    recorded = (
        Person.objects.filter(_person_words(query))
        .filter(
            ~Exists(SignalPerson.objects.filter(person=OuterRef("pk"))),
            Exists(
                DossierPerson.objects.filter(
                    person=OuterRef("pk"),
                    dossier__in=dossier_list_visible_to(user=user).values("pk"),
                )
            ),
        )
        .values_list("pk", flat=True)
        .order_by()
    )
    # Read up to a cap, so a name half the region shares stops early (UNION ALL
    # streams; a plain UNION would first collect every match to drop doubles);
    # the page shows 20 and asks to refine beyond that.
    if len(words) == 1:
        ids = set(said.union(recorded, all=True)[:PERSON_MATCH_CAP])
    else:
        # An intersection cannot be united further (Django): two reads.
        ids = set(said[:PERSON_MATCH_CAP]) | set(recorded[:PERSON_MATCH_CAP])
    return Person.objects.filter(pk__in=ids)


def search(*, user: User, query: str) -> SearchResults:
    """The search page: signals, persons and dossiers that match, each capped.

    The trail records that a search happened and how long the query was, never the
    query itself: it is usually a child's name.
    """
    query = " ".join(query.split())[:MAX_QUERY_LENGTH]
    if not query:
        return SearchResults(query, [], [], [], False, False, False)
    # One pass over the text index: the newest matching signals the user may see.
    # The first few are shown; all of them lead to dossiers (a participant sees a
    # dossier's signals), so dossiers need no second scan of the index.
    signal_ids = _matching_signal_ids(user, query, DOSSIER_SIGNAL_LIMIT)
    signals = list(
        Signal.objects.filter(pk__in=signal_ids[: RESULT_LIMIT + 1])
        .select_related("organisation")
        .order_by("-received_at", "-id")
    )
    readable = person_reader_signals(user)
    if readable is None:
        matching = persons_matching(person_list_visible_to(user=user), query)
        persons = list(matching.order_by("name", "id")[: RESULT_LIMIT + 1])
    else:
        # Which persons a partner gets, and in what order, must not follow the
        # merged record's name: the first by id, ordered by the name as read
        # (signals.views.search).
        matching = partner_persons_matching(user=user, readable=readable, query=query)
        persons = list(matching.order_by("id")[: RESULT_LIMIT + 1])
    # The few dossiers those signals and persons lie in, looked up from them (the
    # union drives the query): as a condition on every dossier it would walk all
    # dossiers newest first.
    candidates = (
        DossierSignal.objects.filter(signal_id__in=signal_ids)
        .values("dossier_id")
        .union(
            DossierPerson.objects.filter(
                dossier_shows_person(signal_list_visible_to(user=user)),
                person_id__in=[p.pk for p in persons],
            ).values("dossier_id")
        )
    )
    dossiers = list(
        dossier_list_visible_to(user=user)
        .filter(pk__in=candidates)
        .select_related("organisation")
        .order_by("-updated_at", "-id")[: RESULT_LIMIT + 1]
    )
    audit_record(
        actor=user,
        action=Action.SEARCH,
        object_type="signals.search",
        reason=f"zoekopdracht van {len(query)} tekens; "
        f"{len(signals)}/{len(persons)}/{len(dossiers)} treffers"
        + (" (alles zichtbaar)" if dossier_sees_all(user) else ""),
        person_ids=[p.pk for p in persons[:RESULT_LIMIT]],
    )
    return SearchResults(
        query=query,
        signals=signals[:RESULT_LIMIT],
        persons=persons[:RESULT_LIMIT],
        dossiers=dossiers[:RESULT_LIMIT],
        more_signals=len(signals) > RESULT_LIMIT,
        more_persons=len(persons) > RESULT_LIMIT,
        more_dossiers=len(dossiers) > RESULT_LIMIT,
    )
