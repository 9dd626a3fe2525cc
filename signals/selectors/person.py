"""Reads about persons for the screening team: match proposals (stapelen) and ages.

Proposals only suggest; the screener decides (``mention_confirm`` / ``mention_reject``
in ``signals.services.person``). The rules, strongest first:

* **strong**: the mention and the person share a nickname or handle, compared without
  case and without a leading "@" ("@KingR" is "kingR");
* **medium**: similar names (difflib ratio ≥ 0.8 on normalised names) and a date of
  birth that is the same or within a year, or (estimated) ages within 3 years;
* never a person the screener already rejected for this mention, nor the one it is
  already confirmed as.

The database narrows the field (a shared handle, a name starting with the same two
letters as one of the mention's name parts, or a date of birth within a year) to at
most ``MAX_CANDIDATES`` rows; only those few are scored in Python.
"""

from __future__ import annotations

import datetime
import difflib
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.constants import Action
from audit.services import audit_record
from partners.access import may
from partners.models import User
from signals.ages import age_band, age_on, age_route, birthday
from signals.constants import AgeBand, AgeRoute
from signals.models import Person, PersonLink, PersonMention, Signal, SignalPerson

NAME_SIMILARITY = 0.8
DOB_WINDOW_YEARS = 1
AGE_WINDOW_YEARS = 3
# Enough for every real near-namesake in a region; the cap keeps a common first name
# from turning one proposal list into a scan of the register.
MAX_CANDIDATES = 200
NAME_PREFIX = 2

STRONG = 85
STRONG_PER_EXTRA_ALIAS = 5
STRONG_MAX = 95
DOB_CONFLICT_PENALTY = 25

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


@dataclass
class MatchProposal:
    person: Person
    score: int
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AgeFacts:
    age: int | None
    route: AgeRoute
    band: AgeBand


def may_stack_persons(user: User) -> bool:
    """The one rule for persons: the screening team, under a valid convenant."""
    return may(user, "signals.screen_signal")


def alias_key(alias: str) -> str:
    """A handle as compared: trimmed, lower case, without a leading "@"."""
    return str(alias).strip().removeprefix("@").strip().lower()


def name_key(name: str) -> str:
    """A name as compared: no accents, case or punctuation, single spaces."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_ALNUM.sub(" ", plain.lower()).strip()


def name_similarity(a: str, b: str) -> float:
    """difflib ratio of normalised names; the better of as written and with the
    name parts sorted, so "Meisje, Fictief" resembles "Fictief Meisje"."""
    key_a, key_b = name_key(a), name_key(b)
    if not key_a or not key_b:
        return 0.0
    as_written = difflib.SequenceMatcher(None, key_a, key_b).ratio()
    sorted_a = " ".join(sorted(key_a.split()))
    sorted_b = " ".join(sorted(key_b.split()))
    return max(as_written, difflib.SequenceMatcher(None, sorted_a, sorted_b).ratio())


def _json_fragment(text: str) -> str:
    """``text`` as it appears inside a JSON string in the stored column.

    PostgreSQL prints jsonb with raw non-ASCII characters; on SQLite Django stores
    ``json.dumps`` output, which escapes them.
    """
    ensure_ascii = connection.vendor != "postgresql"
    return json.dumps(text, ensure_ascii=ensure_ascii)[1:-1]


def _alias_q(keys: Iterable[str]) -> Q:
    """Persons with an alias that ends in one of ``keys``: a superset of the shared
    handles (with or without "@", any case), settled exactly in Python."""
    q = Q()
    for key in keys:
        q |= Q(aliases__icontains=f'{_json_fragment(key)}"')
    return q


def _name_q(name: str) -> Q:
    q = Q()
    for part in name_key(name).split()[:3]:
        if len(part) >= NAME_PREFIX:
            q |= Q(name__istartswith=part[:NAME_PREFIX])
    return q


def _within_years(a: datetime.date, b: datetime.date, years: int) -> bool:
    return birthday(a, -years) <= b <= birthday(a, years)


def _mention_age(mention: SignalPerson, today: datetime.date) -> int | None:
    if mention.date_of_birth is None and mention.estimated_age is None:
        return None
    estimated_on = (
        timezone.localdate(mention.signal.observed_at)
        if mention.date_of_birth is None
        else None
    )
    return age_on(
        date_of_birth=mention.date_of_birth,
        estimated_age=mention.estimated_age,
        estimated_on=estimated_on,
        day=today,
    )


def _person_age(person: Person | PersonAsRead, today: datetime.date) -> int | None:
    return age_on(
        date_of_birth=person.date_of_birth,
        estimated_age=person.estimated_age,
        estimated_on=person.estimated_on,
        day=today,
    )


def _name_and_age(
    mention: SignalPerson,
    mention_age: int | None,
    person: Person,
    today: datetime.date,
) -> tuple[int, str] | None:
    """The medium rule: (score, reason), or None when it does not hold."""
    ratio = name_similarity(mention.name, person.name)
    if ratio < NAME_SIMILARITY:
        return None
    percent = int(ratio * 100)
    name = (
        _("zelfde naam")
        if percent == 100
        else _("lijkende naam (%(percent)d%%)") % {"percent": percent}
    )
    bonus = round(15 * (ratio - NAME_SIMILARITY) / (1 - NAME_SIMILARITY))
    if mention.date_of_birth and person.date_of_birth:
        if mention.date_of_birth == person.date_of_birth:
            return 60 + bonus, _("%(name)s en zelfde geboortedatum") % {"name": name}
        if _within_years(mention.date_of_birth, person.date_of_birth, DOB_WINDOW_YEARS):
            return 50 + bonus, _("%(name)s en geboortedatum binnen een jaar") % {
                "name": name
            }
        return None
    person_age = _person_age(person, today)
    if mention_age is None or person_age is None:
        return None
    difference = abs(mention_age - person_age)
    if difference > AGE_WINDOW_YEARS:
        return None
    if difference == 0:
        reason = _("%(name)s en zelfde (geschatte) leeftijd") % {"name": name}
    else:
        reason = _("%(name)s en (geschatte) leeftijd scheelt %(years)d jaar") % {
            "name": name,
            "years": difference,
        }
    return 40 + bonus - 2 * difference, reason


def _score(
    mention: SignalPerson,
    mention_keys: dict[str, str],
    mention_age: int | None,
    person: Person,
    today: datetime.date,
) -> MatchProposal | None:
    person_keys = {alias_key(a) for a in person.aliases or []}
    shared = [alias for key, alias in mention_keys.items() if key in person_keys]
    medium = _name_and_age(mention, mention_age, person, today)
    if not shared and medium is None:
        return None
    reasons = [_("zelfde account: %(alias)s") % {"alias": alias} for alias in shared]
    if shared:
        score = min(STRONG_MAX, STRONG + STRONG_PER_EXTRA_ALIAS * (len(shared) - 1))
        if medium is not None:
            score += medium[0] // 10
        elif (
            mention.date_of_birth
            and person.date_of_birth
            and not _within_years(
                mention.date_of_birth, person.date_of_birth, DOB_WINDOW_YEARS
            )
        ):
            # A handle can pass to someone else; a clashing birth date is worth a look.
            score -= DOB_CONFLICT_PENALTY
            reasons.append(_("let op: andere geboortedatum"))
    else:
        assert medium is not None
        score = medium[0]
    if medium is not None:
        reasons.append(medium[1])
    return MatchProposal(person=person, score=max(0, min(100, score)), reasons=reasons)


def person_match_candidates(
    *,
    mention: SignalPerson,
    user: User,
    limit: int = 10,
    today: datetime.date | None = None,
) -> list[MatchProposal]:
    """Known persons this mention may be, best first; empty for anyone but the
    screening team. The search is audited (it reads personal data)."""
    if not may_stack_persons(user):
        return []
    today = today or timezone.localdate()
    mention_keys: dict[str, str] = {}
    for alias in mention.aliases or []:
        key = alias_key(alias)
        if key:
            mention_keys.setdefault(key, str(alias).strip())

    alias_q = _alias_q(mention_keys)
    dob_q = Q()
    if mention.date_of_birth is not None:
        dob_q = Q(
            date_of_birth__range=(
                birthday(mention.date_of_birth, -DOB_WINDOW_YEARS),
                birthday(mention.date_of_birth, DOB_WINDOW_YEARS),
            )
        )
    name_q = _name_q(mention.name) | dob_q if name_key(mention.name) else Q()
    if name_q:
        # The medium rule needs a similar name: no name on either side, no match.
        name_q &= ~Q(name="")
    if not alias_q and not name_q:
        proposals: list[MatchProposal] = []
    else:
        decided = PersonMention.objects.filter(mention=mention, person=OuterRef("pk"))
        candidates = Person.objects.filter(alias_q | name_q).filter(~Exists(decided))
        if mention.person_id is not None:
            candidates = candidates.exclude(pk=mention.person_id)
        if alias_q:
            candidates = candidates.annotate(
                _priority=Case(
                    When(alias_q, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            ).order_by("_priority", "-updated_at", "pk")
        else:
            candidates = candidates.order_by("-updated_at", "pk")
        mention_age = _mention_age(mention, today)
        proposals = [
            proposal
            for person in candidates[:MAX_CANDIDATES]
            if (proposal := _score(mention, mention_keys, mention_age, person, today))
        ]
        proposals.sort(key=lambda p: (-p.score, p.person.pk))
        proposals = proposals[:limit]
    audit_record(
        actor=user,
        action=Action.SEARCH,
        obj=mention,
        reason=f"person match candidates: {len(proposals)}",
        person_ids=[p.person.pk for p in proposals],
    )
    return proposals


def persons_for_mention_ids(
    *, user: User, mention_ids: Iterable[int]
) -> dict[int, Person]:
    """The confirmed person of each mention, in one query; empty for anyone but the
    screening team (a person bundles what several organisations reported)."""
    ids = sorted(set(mention_ids))
    if not ids or not may_stack_persons(user):
        return {}
    mentions = SignalPerson.objects.filter(
        pk__in=ids, person__isnull=False
    ).select_related("person")
    found: dict[int, Person] = {}
    for mention in mentions:
        assert mention.person is not None
        found[mention.pk] = mention.person
    if found:
        audit_record(
            actor=user,
            action=Action.LIST,
            object_type=Person._meta.label_lower,
            reason="persons of mentions: "
            + ",".join(str(pk) for pk in sorted({p.pk for p in found.values()})),
            person_ids=[p.pk for p in found.values()],
        )
    return found


def signal_person_links(*, user: User, signal: Signal) -> list[PersonLink]:
    """The koppelingen this signal supports; empty for anyone but the screening
    team, and audited like the persons they join."""
    if not may_stack_persons(user):
        return []
    links = list(
        PersonLink.objects.filter(signal=signal)
        .select_related("person", "other")
        .order_by("created_at", "pk")
    )
    if links:
        audit_record(
            actor=user,
            action=Action.LIST,
            object_type=PersonLink._meta.label_lower,
            reason=f"person links of signal {signal.pk}: "
            + ",".join(str(link.pk) for link in links),
            person_ids=[pk for link in links for pk in (link.person_id, link.other_id)],
        )
    return links


def person_age_facts(
    person: Person | PersonAsRead, today: datetime.date | None = None
) -> AgeFacts:
    """Age on ``today`` (a date of birth wins over an advancing estimate), route, band."""
    age = _person_age(person, today or timezone.localdate())
    return AgeFacts(age=age, route=age_route(age), band=age_band(age))


@dataclass(frozen=True)
class PersonAsRead:
    """A person as the mentions one reader may read describe them.

    The screening team merges what every signal says about a person into one
    record (``services.person.mention_confirm``). A partner reads a person through
    its own signals, shared signals and dossiers, but not what another
    organisation's signal that was not shared with it added (docs/domain.md section 9):
    each field is shown only as far as a mention the reader may read carries it.
    """

    pk: int
    name: str
    aliases: list[str]
    date_of_birth: datetime.date | None
    estimated_age: int | None
    estimated_on: datetime.date | None
    gender: str
    municipality: str

    def __str__(self) -> str:
        return self.name or (self.aliases[0] if self.aliases else str(_("onbekend")))


def _first(kept: str, values: list[str]) -> str:
    """The record's value where a readable mention carries it, else the first
    value a readable mention carries."""
    if kept and kept in values:
        return kept
    return next((value for value in values if value), "")


def _as_read(person: Person, mentions: list[SignalPerson]) -> PersonAsRead:
    keys = {alias_key(str(a)) for m in mentions for a in (m.aliases or [])}
    aliases: list[str] = []
    seen: set[str] = set()
    for alias in [
        *(person.aliases or []),
        *(a for m in mentions for a in (m.aliases or [])),
    ]:
        key = alias_key(str(alias))
        if key and key in keys and key not in seen:
            aliases.append(str(alias))
            seen.add(key)
    born = [m.date_of_birth for m in mentions if m.date_of_birth]
    date_of_birth = person.date_of_birth if person.date_of_birth in born else None
    date_of_birth = date_of_birth or (born[0] if born else None)
    estimated_age: int | None = None
    estimated_on: datetime.date | None = None
    if date_of_birth is None:
        estimates = [
            (m.estimated_age, timezone.localdate(m.signal.observed_at))
            for m in mentions
            if m.estimated_age is not None
        ]
        # The estimate and the day it was made come from one readable mention:
        # the record's may date from a signal the reader may not read.
        same = [e for e in estimates if e[0] == person.estimated_age]
        if same or estimates:
            estimated_age, estimated_on = (same or estimates)[0]
    return PersonAsRead(
        pk=person.pk,
        name=_first(person.name, [m.name for m in mentions]),
        aliases=aliases,
        date_of_birth=date_of_birth,
        estimated_age=estimated_age,
        estimated_on=estimated_on,
        gender=_first(person.gender, [m.gender for m in mentions]),
        municipality=_first(person.municipality, [m.municipality for m in mentions]),
    )


def persons_as_read(
    persons: Iterable[Person], *, readable: QuerySet[Signal] | None
) -> dict[int, Person | PersonAsRead]:
    """Each person as a reader sees them, by id. ``readable``: a queryset of the
    signals the reader may read, or None for the screening team, who reads the
    merged record. A person no signal mentions (added by hand) is the screening
    team's own record and is shown as it is."""
    persons = list(persons)
    if readable is None or not persons:
        return {p.pk: p for p in persons}
    ids = [p.pk for p in persons]
    mentioned = set(
        SignalPerson.objects.filter(person_id__in=ids).values_list(
            "person_id", flat=True
        )
    )
    by_person: dict[int, list[SignalPerson]] = {}
    for mention in (
        SignalPerson.objects.filter(person_id__in=ids, signal__in=readable.values("pk"))
        .select_related("signal")
        .order_by("signal__received_at", "pk")
    ):
        assert mention.person_id is not None
        by_person.setdefault(mention.person_id, []).append(mention)
    return {
        p.pk: _as_read(p, by_person.get(p.pk, [])) if p.pk in mentioned else p
        for p in persons
    }
