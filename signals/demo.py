"""Fictional signals and dossiers for the demo region, and bulk data for benchmarks.

Every name and event here is invented. The small set goes through the services (so it
is validated and audited like real work); the bulk set for ``seed_demo --size`` is
written with bulk_create for speed and is meant for benchmarks only.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from partners.models import Organisation, User
from signals.constants import Kind, Sharing, Source, SubjectRole
from signals.models import (
    Dossier,
    DossierGroupObjectPermission,
    DossierPerson,
    DossierSignal,
    Indicator,
    Person,
    Signal,
    SignalPerson,
)
from signals.services import (
    PersonInput,
    SignalInput,
    dossier_create,
    dossier_invite,
    enrichment_answer,
    enrichment_ask,
    mention_confirm,
    person_create_from_mention,
    person_link_create,
    signal_create,
)
from signals.services.audience import audience_rebuild


@dataclass(frozen=True)
class DemoSignals:
    signals: int
    dossiers: int


def _at(today: datetime.date, days_ago: int, hour: int) -> datetime.datetime:
    day = today - datetime.timedelta(days=days_ago)
    return timezone.make_aware(
        datetime.datetime(day.year, day.month, day.day, hour, 15)
    )


@transaction.atomic
def seed_demo_signals(*, today: datetime.date) -> DemoSignals:
    """A handful of signals, one dossier with enrichment: enough to show the chain."""
    if Signal.objects.exists():
        return DemoSignals(Signal.objects.count(), Dossier.objects.count())
    users = {u.username: u for u in User.objects.select_related("organisation")}
    school, police, screener = (
        users["sofie.mentor"],
        users["pieter.agent"],
        users["sam.screener"],
    )
    youth, regisseur = users["jorien.jeugdzorg"], users["kim.regisseur"]

    first = signal_create(
        user=school,
        data=SignalInput(
            observed_at=_at(today, 12, 15),
            description=(
                "Leerling (15) wordt na schooltijd opgehaald door een oudere jongen in "
                "een dure auto. Ze heeft sinds kort veel nieuwe kleding en spijbelt op "
                "maandag."
            ),
            relevance="Past bij meerdere signalen uit de signalenlijst.",
            non_verbal="Schrikt als haar telefoon gaat; ontwijkt oogcontact.",
            subject_role=SubjectRole.VICTIM,
            kind=Kind.REGULAR,
            source=Source.EDUCATION,
            keywords=["auto", "station", "spijbelen"],
            indicator_codes=[
                "gedrag.opgehaald_gebracht",
                "gedrag.veel_geld",
                "gedrag.problemen_thuis_school",
            ],
            passed_on_to=["leerplicht"],
            persons=[
                PersonInput(
                    role="victim",
                    name="Fictief Meisje",
                    aliases=["fm_2010"],
                    date_of_birth=datetime.date(today.year - 15, 3, 1),
                    gender="f",
                    municipality="Demostad",
                ),
                PersonInput(role="perpetrator", aliases=["kingR"], estimated_age=24),
            ],
        ),
    )
    second = signal_create(
        user=police,
        data=SignalInput(
            observed_at=_at(today, 5, 22),
            description=(
                "Bij controle op het station: jongeman met account 'kingR' spreekt "
                "meisjes aan en biedt geld en cadeaus aan."
            ),
            subject_role=SubjectRole.PERPETRATOR,
            kind=Kind.REGULAR,
            source=Source.CRIMINAL_JUSTICE,
            keywords=["station", "kingR"],
            indicator_codes=["checklist.dure_cadeaus", "checklist.herkomst_geld"],
            persons=[
                PersonInput(role="perpetrator", aliases=["kingR"], estimated_age=24)
            ],
        ),
    )
    signal_create(
        user=youth,
        data=SignalInput(
            observed_at=_at(today, 1, 9),
            description=(
                "Cliënt (16) vertelt dat zij vanavond 'moet werken' in een hotel. "
                "Direct bilateraal opgepakt met de politie."
            ),
            subject_role=SubjectRole.VICTIM,
            kind=Kind.URGENT,
            source=Source.YOUTH_CARE,
            keywords=["hotel"],
            # Care information: in a dossier, for the police alone.
            sharing=Sharing.SELECTED,
            shared_with=["politie"],
            persons=[
                PersonInput(role="victim", name="Fictieve Cliënt", estimated_age=16)
            ],
        ),
    )
    signal_create(
        user=regisseur,
        data=SignalInput(
            observed_at=_at(today, 20, 10),
            description=(
                "Trend: jongeren worden via een nieuwe chat-app benaderd met "
                "aanbiedingen voor 'snel geld'."
            ),
            subject_role=SubjectRole.UNKNOWN,
            kind=Kind.TREND,
            source=Source.YOUTH_WORK,
            keywords=["chat-app", "snel geld"],
        ),
    )
    # Stapelen: the screener recognises the same account in both signals.
    victim = person_create_from_mention(
        mention=first.persons.get(role="victim"), actor=screener
    )
    king = person_create_from_mention(
        mention=first.persons.get(role="perpetrator"), actor=screener
    )
    mention_confirm(mention=second.persons.get(), person=king, actor=screener)
    person_link_create(
        person=victim,
        role="victim",
        other=king,
        other_role="perpetrator",
        signal=first,
        actor=screener,
    )
    dossier = dossier_create(
        actor=screener,
        signals=[first, second],
        persons=[(victim, "victim"), (king, "perpetrator")],
    )
    politie = Organisation.objects.get(slug="politie")
    jeugdzorg = Organisation.objects.get(slug="jeugdzorg")
    dossier_invite(dossier=dossier, organisation=politie, actor=screener)
    asked = enrichment_ask(
        dossier=dossier,
        organisations=[politie, jeugdzorg],
        reason="Twee signalen over hetzelfde account bij het station.",
        question="Is het account 'kingR' of het meisje bij jullie bekend?",
        actor=screener,
    )
    police_request = next(r for r in asked if r.organisation_id == politie.pk)
    enrichment_answer(
        request=police_request,
        actor=police,
        answer="Het account is bekend uit één eerdere melding (fictief).",
    )
    return DemoSignals(Signal.objects.count(), Dossier.objects.count())


WORDS = [
    "auto",
    "station",
    "school",
    "scooter",
    "geld",
    "cadeaus",
    "telefoon",
    "hotel",
    "feest",
    "uitgaan",
    "spijbelen",
    "weglopen",
    "vriend",
    "oudere",
    "jongen",
    "kleding",
    "parfum",
    "chat",
    "account",
    "foto's",
    "webcam",
    "drugs",
    "tatoeage",
    "vrienden",
    "familie",
    "schulden",
    "lening",
    "abonnement",
    "kamer",
    "verhuurder",
    "escort",
    "jongerenwerk",
    "buurthuis",
    "winkelcentrum",
    "park",
    "nacht",
    "weekend",
    "maandag",
    "vrijdag",
]


def seed_bulk_signals(*, size: int, today: datetime.date) -> DemoSignals:
    """About ``size`` signals, one dossier each, ~4 grants per dossier; deterministic.

    Participation is shaped for the benchmark: the police takes part in about 40%
    of dossiers, the school (flexibele schil) in about 5%, every dossier is owned by
    the screening team's welfare organisation.
    """
    rng = random.Random(size)
    users = {u.username: u for u in User.objects.select_related("organisation")}
    screener = users["sam.screener"]
    owner_org = screener.organisation
    orgs = {o.slug: o for o in Organisation.objects.all()}
    others = [
        orgs[slug]
        for slug in (
            "gemeente",
            "om",
            "ggd",
            "jeugdbescherming",
            "jeugdzorg",
            "cjg",
            "riec",
        )
    ]
    indicator_ids = list(Indicator.objects.values_list("pk", flat=True))
    view = Permission.objects.get(
        content_type__app_label="signals", codename="view_dossier"
    )
    change = Permission.objects.get(
        content_type__app_label="signals", codename="change_dossier"
    )
    start = timezone.now() - datetime.timedelta(days=3 * 365)
    batch = 5_000
    person_pool: list[int] = []
    for offset in range(0, size, batch):
        count = min(batch, size - offset)
        with transaction.atomic():
            signals = []
            for _ in range(count):
                received = start + datetime.timedelta(
                    minutes=rng.randrange(3 * 365 * 24 * 60)
                )
                keywords = rng.sample(WORDS, 3)
                text = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(12, 40)))
                signals.append(
                    Signal(
                        organisation=orgs[
                            rng.choice(("school", "politie", "jeugdzorg", "ggd"))
                        ],
                        observed_at=received
                        - datetime.timedelta(hours=rng.randrange(1, 72)),
                        received_at=received,
                        description=text,
                        subject_role=rng.choice(SubjectRole.values),
                        kind=Kind.REGULAR,
                        source=rng.choice(Source.values),
                        keywords=keywords,
                        search_text=f"{text}\n{' '.join(keywords)}",
                    )
                )
            Signal.objects.bulk_create(signals, batch_size=batch)
            # Known persons: about one for every two signals, so most recur in
            # several signals (stacking); 70% of mentions are matched to one.
            people = Person.objects.bulk_create(
                (
                    Person(
                        name=f"Fictief Persoon {offset + i}",
                        aliases=[f"demo_{offset + i}"],
                        estimated_age=rng.randrange(12, 25),
                        estimated_on=today,
                    )
                    for i in range(count // 2)
                ),
                batch_size=batch,
            )
            person_pool.extend(p.pk for p in people)
            mentions = SignalPerson.objects.bulk_create(
                (
                    SignalPerson(
                        signal=s,
                        person_id=(
                            rng.choice(person_pool) if rng.random() < 0.7 else None
                        ),
                        role="victim",
                        name=f"Fictief Persoon {rng.randrange(size)}",
                        aliases=[f"demo_{rng.randrange(size)}"],
                        estimated_age=rng.randrange(12, 25),
                    )
                    for s in signals
                ),
                batch_size=batch,
            )
            Signal.indicators.through.objects.bulk_create(
                (
                    Signal.indicators.through(signal_id=s.pk, indicator_id=i)
                    for s in signals
                    for i in rng.sample(indicator_ids, 2)
                ),
                batch_size=batch,
            )
            dossiers = Dossier.objects.bulk_create(
                (
                    Dossier(
                        organisation=owner_org,
                        created_by=screener,
                        created_at=s.received_at,
                        updated_at=s.received_at
                        + datetime.timedelta(days=rng.randrange(30)),
                    )
                    for s in signals
                ),
                batch_size=batch,
            )
            DossierSignal.objects.bulk_create(
                (
                    DossierSignal(dossier=d, signal=s)
                    for d, s in zip(dossiers, signals, strict=True)
                ),
                batch_size=batch,
            )
            DossierPerson.objects.bulk_create(
                (
                    DossierPerson(dossier=d, person_id=m.person_id, role="victim")
                    for d, m in zip(dossiers, mentions, strict=True)
                    if m.person_id is not None
                ),
                batch_size=batch,
            )
            grants = []
            for dossier in dossiers:
                grants.append((dossier, owner_org, view))
                grants.append((dossier, owner_org, change))
                if rng.random() < 0.40:
                    grants.append((dossier, orgs["politie"], view))
                if rng.random() < 0.05:
                    grants.append((dossier, orgs["school"], view))
                grants.append((dossier, rng.choice(others), view))
            DossierGroupObjectPermission.objects.bulk_create(
                (
                    DossierGroupObjectPermission(
                        content_object=d,
                        group_id=o.group_id,
                        permission=p,
                        dossier_updated_at=d.updated_at,
                    )
                    for d, o, p in grants
                ),
                batch_size=batch,
                ignore_conflicts=True,
            )
    # Bulk inserts send no model signals: work out who reads what in one pass.
    audience_rebuild()
    return DemoSignals(Signal.objects.count(), Dossier.objects.count())
