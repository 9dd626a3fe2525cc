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
    EnrichmentRequest,
    Indicator,
    Person,
    Signal,
    SignalAudience,
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
    urgent = signal_create(
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
    trend = signal_create(
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
    for signal, days_ago, hour in (
        (first, 11, 10),
        (second, 4, 10),
        (urgent, 1, 11),
        (trend, 19, 10),
    ):
        _backdate(signal, today=today, days_ago=days_ago, hour=hour)
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
    _seed_more(today=today, users=users)
    return DemoSignals(Signal.objects.count(), Dossier.objects.count())


def _backdate(
    signal: Signal, *, today: datetime.date, days_ago: int, hour: int
) -> None:
    """The demo's signals arrived over the past weeks: services stamp 'now', so
    the received time (and its copy in the readers) is set back afterwards."""
    received = _at(today, days_ago, hour)
    Signal.objects.filter(pk=signal.pk).update(received_at=received)
    SignalAudience.objects.filter(signal=signal).update(received_at=received)


def _enter(
    user: User,
    *,
    today: datetime.date,
    days_ago: int,
    description: str,
    source: str,
    kind: str = Kind.REGULAR,
    subject_role: str = SubjectRole.VICTIM,
    persons: tuple[PersonInput, ...] = (),
    keywords: tuple[str, ...] = (),
) -> Signal:
    signal = signal_create(
        user=user,
        data=SignalInput(
            observed_at=_at(today, days_ago + 1, 16),
            description=description,
            subject_role=subject_role,
            kind=kind,
            source=source,
            keywords=list(keywords),
            persons=list(persons),
        ),
    )
    if days_ago:
        _backdate(signal, today=today, days_ago=days_ago, hour=9 + days_ago % 8)
    return signal


def _seed_more(*, today: datetime.date, users: dict[str, User]) -> None:
    """Enough for every role's start page and lists: meldingen waiting for the
    screening team (one about a known girl), a dossier ready for the casusoverleg,
    one with a question past its term and one open for the police to answer, one
    nobody was asked about yet, a trend and an urgent signal."""
    school, police, ggd = (
        users["sofie.mentor"],
        users["pieter.agent"],
        users["gijs.ggd"],
    )
    om, riec = users["olga.officier"], users["riek.riec"]
    bescherming, youth = users["bo.jeugdbescherming"], users["jorien.jeugdzorg"]
    screener = users["sam.screener"]
    orgs = {o.slug: o for o in Organisation.objects.all()}
    victim = PersonInput(role="victim", name="Fictieve Jongere", estimated_age=16)

    # Waiting for screening (in no dossier), of several ages and sources.
    _enter(
        school,
        today=today,
        days_ago=6,
        description="Leerling 'fm_2010' wordt opnieuw bij de schoolpoort opgehaald "
        "door een auto met getinte ramen.",
        source=Source.EDUCATION,
        persons=(PersonInput(role="victim", aliases=["fm_2010"], gender="f"),),
        keywords=("auto", "schoolpoort"),
    )
    _enter(
        ggd,
        today=today,
        days_ago=3,
        description="Jongere op het spreekuur met onverklaarde blauwe plekken; "
        "vertelt over een 'vriend' die alles betaalt.",
        source=Source.HEALTH,
        persons=(victim,),
        keywords=("spreekuur", "vriend"),
    )
    _enter(
        bescherming,
        today=today,
        days_ago=8,
        description="Pupil is drie nachten weggelopen en kwam terug met een nieuwe "
        "telefoon.",
        source=Source.YOUTH_CARE,
        persons=(PersonInput(role="victim", name="Fictieve Pupil", estimated_age=15),),
        keywords=("weglopen", "telefoon"),
    )
    _enter(
        riec,
        today=today,
        days_ago=2,
        description="Kamerverhuur aan wisselende jonge vrouwen in een pand aan de "
        "rand van Demostad; huurder betaalt contant.",
        source=Source.CRIMINAL_JUSTICE,
        subject_role=SubjectRole.FACILITATOR,
        persons=(PersonInput(role="facilitator", aliases=["verhuurder_x"]),),
        keywords=("kamer", "verhuurder"),
    )
    _enter(
        om,
        today=today,
        days_ago=4,
        description="In een lopende zaak duikt een tweede meisje op dat dezelfde "
        "'vriend' noemt.",
        source=Source.CRIMINAL_JUSTICE,
        persons=(PersonInput(role="victim", name="Fictief Tweede Meisje"),),
        keywords=("vriend",),
    )
    _enter(
        police,
        today=today,
        days_ago=0,
        description="Melding van horeca: jonge vrouw wordt 's nachts steeds door "
        "dezelfde man opgehaald.",
        source=Source.BYSTANDER,
        persons=(PersonInput(role="victim", estimated_age=17),),
        keywords=("horeca", "nacht"),
    )
    _enter(
        police,
        today=today,
        days_ago=15,
        description="Trend: ronselen via een nieuwe game-chat; meerdere scholen "
        "melden het.",
        source=Source.CRIMINAL_JUSTICE,
        kind=Kind.TREND,
        subject_role=SubjectRole.UNKNOWN,
        keywords=("game", "chat"),
    )

    # Ready for the casusoverleg: both partners asked have responded.
    ready_signals = [
        _enter(
            police,
            today=today,
            days_ago=30,
            description="Jongeman biedt bij het winkelcentrum meisjes een "
            "'bijbaan' aan.",
            source=Source.CRIMINAL_JUSTICE,
            subject_role=SubjectRole.PERPETRATOR,
            persons=(PersonInput(role="perpetrator", aliases=["bijbaan_b"]),),
            keywords=("winkelcentrum", "bijbaan"),
        ),
        _enter(
            ggd,
            today=today,
            days_ago=25,
            description="Jonge vrouw vraagt om de morning-afterpil en noemt "
            "'bijbaan_b'.",
            source=Source.HEALTH,
            persons=(
                PersonInput(role="victim", name="Fictieve Vrouw", estimated_age=19),
            ),
        ),
    ]
    recruiter = person_create_from_mention(
        mention=ready_signals[0].persons.get(), actor=screener
    )
    ready = dossier_create(
        actor=screener, signals=ready_signals, persons=[(recruiter, "perpetrator")]
    )
    dossier_invite(dossier=ready, organisation=orgs["politie"], actor=screener)
    dossier_invite(dossier=ready, organisation=orgs["ggd"], actor=screener)
    for request in enrichment_ask(
        dossier=ready,
        organisations=[orgs["politie"], orgs["ggd"]],
        reason="Twee signalen noemen hetzelfde account.",
        question="Wat weten jullie over 'bijbaan_b'?",
        actor=screener,
    ):
        if request.organisation.slug == "politie":
            enrichment_answer(
                request=request,
                actor=police,
                answer="Bekend van een eerdere controle bij het winkelcentrum "
                "(fictief).",
            )
        else:
            enrichment_answer(request=request, actor=ggd, no_information=True)

    # A question past its term, and one the police has still to answer.
    waiting_signal = _enter(
        school,
        today=today,
        days_ago=40,
        description="Leerling vertelt een mentor over foto's die zij 'moest' sturen.",
        source=Source.EDUCATION,
        persons=(victim,),
        keywords=("foto's",),
    )
    waiting = dossier_create(actor=screener, signals=[waiting_signal])
    (overdue,) = enrichment_ask(
        dossier=waiting,
        organisations=[orgs["jeugdbescherming"]],
        reason="Leerling is mogelijk bekend bij jeugdbescherming.",
        question="Loopt er een maatregel?",
        actor=screener,
    )
    EnrichmentRequest.objects.filter(pk=overdue.pk).update(
        asked_at=timezone.now() - datetime.timedelta(days=21)
    )
    enrichment_ask(
        dossier=waiting,
        organisations=[orgs["politie"]],
        reason="De foto's kunnen strafbaar zijn.",
        question="Is er aangifte of een melding over deze leerling?",
        actor=screener,
    )

    # A dossier nobody was asked about yet: not veredeld, so not ready.
    fresh = _enter(
        youth,
        today=today,
        days_ago=10,
        description="Cliënt heeft schulden bij een 'vriend' en moet die "
        "'terugverdienen'.",
        source=Source.YOUTH_CARE,
        persons=(
            PersonInput(role="victim", name="Fictieve Cliënt B", estimated_age=17),
        ),
        keywords=("schulden", "lening"),
    )
    dossier_create(actor=screener, signals=[fresh])


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
