"""What of one dossier a reader sees: its signals, timeline, persons and the links
between them, each following the signal rule (docs/domain.md section 9).

A participant reads a dossier, but inside it only the contributions shared with it.
A signal its owner did not share with the reader is left out, not listed without a
link, and so is everything that would give it away (docs/threat-model.md: tipping off):
its timeline entry, the persons only it names, and the links between persons that
only it supports. The screening team reads every signal, so it sees everything.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from partners.access import principal_for
from partners.constants import OrganisationKind, Ring
from partners.models import Organisation, User
from signals.ages import turns_18_between
from signals.constants import DossierEventKind, DossierStatus, PersonRole
from signals.models import (
    Dossier,
    DossierEvent,
    DossierPerson,
    DossierSignal,
    EnrichmentRequest,
    Person,
    PersonLink,
    Signal,
    SignalPerson,
)
from signals.selectors.dossier import dossier_sees_all
from signals.selectors.person import (
    AgeFacts,
    PersonAsRead,
    person_age_facts,
    persons_as_read,
)
from signals.selectors.sharing import signal_reaches_organisation_q
from signals.selectors.signal import (
    person_reader_signals,
    signal_list_visible_to,
)


def dossier_shows_person(readable: QuerySet[Signal]) -> Any:
    """On a ``DossierPerson``: its dossier shows the person to a reader of the
    ``readable`` signals: no signal of that dossier names them (added by hand), or
    one the reader may read does. One rule for the dossier page, the question page
    and search."""
    named_here = SignalPerson.objects.filter(
        person_id=OuterRef("person_id"),
        signal__dossiersignal__dossier_id=OuterRef("dossier_id"),
    )
    return ~Exists(named_here) | Exists(
        named_here.filter(signal__in=readable.values("pk"))
    )


def dossier_signals(*, dossier: Dossier, user: User) -> QuerySet[Signal]:
    """The signals in this dossier that ``user`` may read, last observed first
    (the dossier page shows when each was observed: "Waargenomen op")."""
    return (
        dossier.signals.filter(pk__in=signal_list_visible_to(user=user).values("pk"))
        .select_related("organisation")
        .order_by("-observed_at", "-pk")
    )


# The organisations of the criminal-justice chain a perpetrator melding is put
# to, or handed over to, besides the kernteam (docs/domain.md section 6).
CRIMINAL_JUSTICE_KINDS = (
    OrganisationKind.OM,
    OrganisationKind.POLITIE,
    OrganisationKind.RCMP,
    OrganisationKind.RIEC,
    OrganisationKind.VEILIGHEIDSHUIS,
)


def reads_criminal_justice(user: User) -> bool:
    """May ``user`` read whether a criminal investigation follows (the art. 273f
    Sr test's outcome, the OM's feedback)? Like the casusoverleg's OM feedback,
    only the screening team and the ketenregisseur, the kernteam and the
    criminal-justice chain; a flexibele-schil organisation that reads the dossier
    for another reason must not be tipped off (docs/threat-model.md, threat 5)."""
    if dossier_sees_all(user):
        return True
    principal = principal_for(user)
    if principal is None or principal.group_id is None:
        return False
    return Organisation.objects.filter(
        Q(ring=Ring.KERNTEAM) | Q(kind__in=CRIMINAL_JUSTICE_KINDS),
        pk=principal.organisation_id,
    ).exists()


def dossier_timeline(*, dossier: Dossier, user: User) -> QuerySet[DossierEvent]:
    """The dossier's timeline, newest first, without the entries about a signal
    the user may not read, and the perpetrator decision, the art. 273f test's
    outcome and the hand-offs to the criminal-justice chain only for those who
    may read them (``reads_criminal_justice``)."""
    events = dossier.events.filter(
        Q(signal__isnull=True)
        | Q(signal__in=signal_list_visible_to(user=user).values("pk"))
    )
    if not reads_criminal_justice(user):
        events = events.exclude(
            kind__in=(
                DossierEventKind.PERPETRATOR_DECIDED,
                DossierEventKind.TEST_273F,
            )
        ).exclude(
            kind=DossierEventKind.HANDED_OFF,
            organisation__kind__in=CRIMINAL_JUSTICE_KINDS,
        )
    return events.select_related("actor", "organisation").order_by("-at", "-id")


@dataclass(frozen=True)
class DossierPersonRow:
    person: Person | PersonAsRead
    role: str
    facts: AgeFacts
    turned_18_while_open: bool
    turns_18_soon: bool

    @property
    def role_label(self) -> str:
        return str(PersonRole(self.role).label)


TURNS_18_NOTICE = datetime.timedelta(days=90)


def dossier_persons(
    *, dossier: Dossier, user: User, today: datetime.date | None = None
) -> list[DossierPersonRow]:
    """The dossier's persons with age, route and band, flagging the 18th birthday;
    without those whom only signals the user may not read name.

    A minor who turns 18 while the dossier is open leaves the minor route
    (jeugdbescherming, (V)OTS): the plan needs an adult follow-up, so the dossier
    says so, and warns 90 days ahead.
    """
    today = today or timezone.localdate()
    is_open = dossier.status != DossierStatus.AFGESLOTEN
    rows = []
    links = list(
        DossierPerson.objects.filter(
            dossier_shows_person(signal_list_visible_to(user=user)), dossier=dossier
        )
        .select_related("person")
        .order_by("person__name", "pk")
    )
    readable = person_reader_signals(user)
    as_read = persons_as_read([link.person for link in links], readable=readable)
    if readable is not None:
        # In the order of the names the reader reads, not of the merged record.
        links.sort(key=lambda link: (as_read[link.person_id].name.casefold(), link.pk))
    for link in links:
        person = as_read[link.person_id]
        facts = person_age_facts(person, today)
        born = person.date_of_birth
        rows.append(
            DossierPersonRow(
                person=person,
                role=link.role,
                facts=facts,
                turned_18_while_open=is_open
                and turns_18_between(
                    date_of_birth=born,
                    start=timezone.localdate(dossier.created_at),
                    end=today,
                ),
                turns_18_soon=is_open
                and turns_18_between(
                    date_of_birth=born,
                    start=today + datetime.timedelta(days=1),
                    end=today + TURNS_18_NOTICE,
                ),
            )
        )
    return rows


def dossier_person_links(*, dossier: Dossier, user: User) -> QuerySet[PersonLink]:
    """The koppelingen between the dossier's persons that its own signals, those
    the user may read, support.

    A link supported by a signal outside the dossier stays out: its participants
    share this dossier's signals, not what another signal says about these persons.
    """
    persons = DossierPerson.objects.filter(dossier=dossier).values("person_id")
    return (
        PersonLink.objects.filter(
            person_id__in=persons,
            other_id__in=persons,
            signal_id__in=DossierSignal.objects.filter(dossier=dossier).values(
                "signal_id"
            ),
            signal__in=signal_list_visible_to(user=user).values("pk"),
        )
        .select_related("person", "other", "signal")
        .order_by("person__name", "other__name", "signal__received_at", "pk")
    )


def question_persons(*, question: EnrichmentRequest) -> QuerySet[DossierPerson]:
    """The dossier's persons an asked organisation is asked about: those added by
    hand, and those named by a signal of the dossier that its owner shares with
    the asked organisation as it would with a participant. Not a person whom only
    signals withheld from it name."""
    # Only the dossier's own signals decide who is shown (as for a participant);
    # the asked organisation's signals elsewhere only help read the fields
    # (question_reader_signals).
    reaching = Signal.objects.filter(
        signal_reaches_organisation_q(question.organisation.group_id)
    )
    return (
        DossierPerson.objects.filter(
            dossier_shows_person(reaching), dossier_id=question.dossier_id
        )
        .select_related("person")
        .order_by("person__name", "pk")
    )


def question_reader_signals(*, question: EnrichmentRequest) -> QuerySet[Signal]:
    """What the asked organisation reads of the dossier it is asked about: its
    signals that would reach it as a participant, and its own signals."""
    in_dossier = DossierSignal.objects.filter(dossier_id=question.dossier_id).values(
        "signal_id"
    )
    return Signal.objects.filter(
        Q(pk__in=in_dossier)
        & signal_reaches_organisation_q(question.organisation.group_id)
        | Q(organisation_id=question.organisation_id)
    )


def person_links_as_read(
    *, links: list[PersonLink], user: User
) -> list[tuple[PersonLink, Person | PersonAsRead, Person | PersonAsRead]]:
    """Each koppeling with its two persons as ``user`` reads them."""
    readable = person_reader_signals(user)
    as_read = persons_as_read(
        [p for link in links for p in (link.person, link.other)], readable=readable
    )
    rows = [(link, as_read[link.person_id], as_read[link.other_id]) for link in links]
    if readable is not None:
        rows.sort(key=lambda row: (row[1].name.casefold(), row[2].name.casefold()))
    return rows
