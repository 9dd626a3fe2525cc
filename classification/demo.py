"""Fictional screening and classification work for the demo region.

Every name and event here is invented. It runs after ``signals.demo`` and goes
through the real services, acting as the demo's two screeners (sam.screener and
sven.screener): dossiers in every colour with their screening history, one lowered
from rood with four-eyes confirmation, a rood minor whose doorlaatverbod alert
reached police and OM, meldpunt signals (the API client's) with terugkoppeling,
meldingen still in the screening phases, and two perpetrator meldingen: one
registered as insufficient, one through the art. 273f Sr test to an OM takeover.
"""

from __future__ import annotations

import datetime
import hashlib

from django.db import transaction

from classification.constants import Colour, PerpetratorOutcome, Result273f
from classification.models import Classification, PerpetratorDecision, Screening
from classification.services import (
    classification_confirm,
    dossier_classify,
    screening_classify,
    screening_feedback,
    screening_record_step,
    screening_skip_phase,
    screening_take,
)
from classification.services_perpetrator import (
    perpetrator_decide,
    perpetrator_test_record,
)
from partners.models import ApiClient, Organisation, User
from signals.constants import Kind, Source, SubjectRole
from signals.demo import _at, _backdate
from signals.models import Signal
from signals.services import (
    PersonInput,
    SignalInput,
    person_create_from_mention,
    signal_create,
    signal_receive,
)


def _signal(
    user: User,
    *,
    today: datetime.date,
    days_ago: int,
    description: str,
    source: str,
    persons: tuple[PersonInput, ...] = (),
    subject_role: str = SubjectRole.VICTIM,
) -> Signal:
    signal = signal_create(
        user=user,
        data=SignalInput(
            observed_at=_at(today, days_ago + 1, 16),
            description=description,
            subject_role=subject_role,
            kind=Kind.REGULAR,
            source=source,
            persons=list(persons),
        ),
    )
    _backdate(signal, today=today, days_ago=days_ago, hour=10)
    return signal


def _meldpunt(
    client: ApiClient, *, today: datetime.date, number: int, description: str
) -> Signal:
    external_id = f"DEMO-MELDPUNT-{number:04d}"
    signal, _created = signal_receive(
        client=client,
        external_id=external_id,
        data=SignalInput(
            observed_at=_at(today, 10 + number, 20),
            description=description,
            subject_role=SubjectRole.VICTIM,
            kind=Kind.REGULAR,
            source=Source.BYSTANDER,
        ),
        body_hash=hashlib.sha256(external_id.encode()).hexdigest(),
    )
    _backdate(signal, today=today, days_ago=9 + number, hour=8)
    return signal


def _screen(
    signal: Signal,
    *,
    by: User,
    colour: str,
    rationale: str,
    asked: tuple[Organisation, ...] = (),
    confirm_by: User | None = None,
    feedback: str = "",
) -> Classification:
    """The four phases: onderzoeken (partners asked), verifiëren (reporter
    contacted), vaststellen (rood waits for ``confirm_by``), terugkoppelen."""
    for person in signal.persons.filter(person__isnull=True):
        person_create_from_mention(mention=person, actor=by)
    screening = screening_take(signal=signal, actor=by)
    screening_record_step(
        screening=screening,
        actor=by,
        partners_asked=asked,
        note="Bij de partners nagevraagd wat bekend is (fictief).",
    )
    screening_record_step(
        screening=screening,
        actor=by,
        reporter_contacted=True,
        note="Melder gebeld; het beeld klopt (fictief).",
    )
    classification = screening_classify(
        screening=screening, actor=by, colour=colour, rationale=rationale
    )
    if confirm_by is not None:
        classification = classification_confirm(
            classification=classification, actor=confirm_by
        )
    screening = Screening.objects.get(signal=signal)
    if feedback:
        screening_feedback(screening=screening, actor=by, feedback=feedback)
    else:
        screening_skip_phase(
            screening=screening, actor=by, reason="Anonieme melder (fictief)."
        )
    return classification


def _seed_perpetrators(*, today: datetime.date, users: dict[str, User]) -> None:
    """Two meldingen about a possible perpetrator: one with too little to go on
    (registered for dossier building, closed after terugkoppelen) and one put to
    the OM and the RIEC for the art. 273f Sr test, which the OM answers with
    "vervolging mogelijk" (the OM takes it over, the criminal route leads)."""
    sam, sven = users["sam.screener"], users["sven.screener"]
    school, olga = users["sofie.mentor"], users["olga.officier"]
    police = users["pieter.agent"]

    def screen(signal: Signal, by: User) -> Screening:
        for person in signal.persons.filter(person__isnull=True):
            person_create_from_mention(mention=person, actor=by)
        screening = screening_take(signal=signal, actor=by)
        screening_record_step(
            screening=screening,
            actor=by,
            partners_asked=(police.organisation,),
            note="Politie gevraagd of de jongen bekend is (fictief).",
        )
        # Verifiëren without the home situation: never for a perpetrator melding.
        screening_record_step(
            screening=screening,
            actor=by,
            reporter_contacted=True,
            note="Melder gebeld over wat zij zag (fictief).",
        )
        return screening

    weak = _signal(
        school,
        today=today,
        days_ago=12,
        description="Oudere jongen hangt bij het hek van de school rond en "
        "spreekt leerlingen aan; verder niets gezien.",
        source=Source.EDUCATION,
        persons=(PersonInput(role="perpetrator", name="Fictieve Jongen Hek"),),
        subject_role=SubjectRole.PERPETRATOR,
    )
    screening = screen(weak, sam)
    perpetrator_decide(
        screening=screening,
        actor=sam,
        outcome=PerpetratorOutcome.INSUFFICIENT,
        rationale="Eén vage waarneming, geen kritieke situatie: vastleggen en "
        "bundelen voor dossiervorming.",
    )
    screening_feedback(
        screening=screening,
        actor=sam,
        feedback="Dank voor uw melding. Wij hebben haar vastgelegd; meld het "
        "opnieuw als u meer ziet.",
    )

    strong = _signal(
        police,
        today=today,
        days_ago=10,
        description="Jongeman (24) wordt herhaaldelijk gezien met steeds andere "
        "minderjarige meisjes bij een hotel; hij regelt de kamers.",
        source=Source.CRIMINAL_JUSTICE,
        persons=(
            PersonInput(
                role="perpetrator", name="Fictieve Man Hotel", estimated_age=24
            ),
        ),
        subject_role=SubjectRole.PERPETRATOR,
    )
    screening = screen(strong, sven)
    decision = perpetrator_decide(
        screening=screening,
        actor=sven,
        outcome=PerpetratorOutcome.STRONG_SUSPICION,
        rationale="Meerdere waarnemingen en een patroon van werving: voorleggen "
        "voor de toetsing aan art. 273f Sr.",
    )
    perpetrator_test_record(
        decision=decision,
        actor=olga,
        result=Result273f.PROSECUTION_POSSIBLE,
        note="Het OM neemt de zaak over (fictief).",
    )
    screening_feedback(
        screening=Screening.objects.get(signal=strong),
        actor=sven,
        feedback="Dank voor uw melding. De juiste partners pakken haar op.",
    )


@transaction.atomic
def seed_demo_classification(*, today: datetime.date) -> int:
    """Screening and colours for the demo; returns the number of classifications.
    Runs once: a region that already has classifications keeps them (and gets
    the perpetrator meldingen once, when an older seed lacks them)."""
    users = {u.username: u for u in User.objects.select_related("organisation")}
    if not PerpetratorDecision.objects.exists():
        _seed_perpetrators(today=today, users=users)
    if Classification.objects.exists():
        return Classification.objects.count()
    sam, sven = users["sam.screener"], users["sven.screener"]
    school, ggd = users["sofie.mentor"], users["gijs.ggd"]
    youth = users["jorien.jeugdzorg"]
    orgs = {o.slug: o for o in Organisation.objects.all()}
    feedback = (
        "Dank voor uw melding. Het screeningsteam heeft haar beoordeeld en "
        "doorgeleid naar de juiste partner."
    )

    _screen(
        _signal(
            school,
            today=today,
            days_ago=21,
            description="Leerling vertelt over een oudere vriend die haar "
            "'helpt met geld'; verder geen signalen.",
            source=Source.EDUCATION,
            persons=(PersonInput(role="victim", name="Fictieve Leerling Blauw"),),
        ),
        by=sam,
        colour=Colour.BLAUW,
        rationale="Eén zwak signaal: registreren en alert blijven.",
        feedback=feedback,
    )
    _screen(
        _signal(
            ggd,
            today=today,
            days_ago=18,
            description="Jongere vertelt op het spreekuur over druk van een "
            "vriend om 'met zijn vrienden' mee te gaan.",
            source=Source.HEALTH,
            persons=(
                PersonInput(
                    role="victim", name="Fictieve Jongere Groen", estimated_age=17
                ),
            ),
        ),
        by=sven,
        colour=Colour.GROEN,
        rationale="Zorgen over de thuissituatie; passende zorg via het CJG.",
        asked=(orgs["ggd"],),
        feedback=feedback,
    )
    _screen(
        _signal(
            youth,
            today=today,
            days_ago=16,
            description="Jonge vrouw (20) wordt na het werk opgehaald en levert "
            "haar loon in bij een 'vriend'.",
            source=Source.YOUTH_CARE,
            persons=(
                PersonInput(
                    role="victim", name="Fictieve Vrouw Oranje", estimated_age=20
                ),
            ),
        ),
        by=sam,
        colour=Colour.ORANJE,
        rationale="Meerdere signalen van uitbuiting; het kernteam pakt het op.",
        asked=(orgs["politie"], orgs["jeugdzorg"]),
        feedback=feedback,
    )

    # Rood, confirmed by the second screener, later lowered to oranje: the
    # lowering from rood is again proposed by one screener and confirmed by the other.
    lowered = _screen(
        _signal(
            youth,
            today=today,
            days_ago=14,
            description="Jonge vrouw (22) vertelt dat zij 's nachts 'klanten' moet "
            "ontvangen in een gehuurde kamer.",
            source=Source.YOUTH_CARE,
            persons=(
                PersonInput(
                    role="victim", name="Fictieve Vrouw Rood", estimated_age=22
                ),
            ),
        ),
        by=sam,
        colour=Colour.ROOD,
        rationale="Acute uitbuiting: direct ingrijpen.",
        asked=(orgs["politie"],),
        confirm_by=sven,
        feedback=feedback,
    )
    proposal = dossier_classify(
        dossier=lowered.dossier,
        actor=sven,
        colour=Colour.ORANJE,
        rationale="Zij is veilig opgevangen; de uitbuiting is gestopt. Het "
        "kernteam volgt haar verder.",
    )
    classification_confirm(classification=proposal, actor=sam)

    # A rood minor: the doorlaatverbod alert reaches police and OM at once.
    _screen(
        _signal(
            school,
            today=today,
            days_ago=7,
            description="Leerling (14) vertelt dat zij dit weekend naar een 'feest' "
            "in een hotel moet en daar 'geld verdient'.",
            source=Source.EDUCATION,
            persons=(
                PersonInput(
                    role="victim",
                    name="Fictief Minderjarig Meisje",
                    date_of_birth=datetime.date(today.year - 14, 1, 15),
                    gender="f",
                ),
            ),
        ),
        by=sven,
        colour=Colour.ROOD,
        rationale="Minderjarige in dreigende uitbuiting: doorlaatverbod.",
        asked=(orgs["politie"], orgs["jeugdzorg"]),
        confirm_by=sam,
        feedback=feedback,
    )

    # Meldpunt signals (through the API client) with terugkoppeling.
    client = ApiClient.objects.filter(revoked_at__isnull=True).first()
    if client is not None:
        _screen(
            _meldpunt(
                client,
                today=today,
                number=1,
                description="Anonieme melding: meisje wordt elke vrijdag bij het "
                "station in een auto gezet.",
            ),
            by=sam,
            colour=Colour.GROEN,
            rationale="Weinig informatie; zorg en alertheid via het CJG.",
            feedback="Dank voor uw melding. Wij hebben de juiste partner ingeschakeld.",
        )
        _screen(
            _meldpunt(
                client,
                today=today,
                number=2,
                description="Buurtbewoner ziet 's nachts steeds andere jonge vrouwen "
                "een woning binnengaan.",
            ),
            by=sven,
            colour=Colour.BLAUW,
            rationale="Geen aanwijzing voor uitbuiting; geregistreerd.",
            feedback="Dank voor uw melding. Zij is geregistreerd; meld het "
            "opnieuw als u meer ziet.",
        )

    # Meldingen still in screening: one taken by a screener, one in verifiëren.
    waiting = list(
        Signal.objects.filter(
            screening__isnull=True, dossiers__isnull=True, kind=Kind.REGULAR
        ).order_by("-received_at")[:2]
    )
    if waiting:
        screening_take(signal=waiting[0], actor=sven)
    if len(waiting) > 1:
        screening = screening_take(signal=waiting[1], actor=sam)
        screening_record_step(
            screening=screening,
            actor=sam,
            partners_asked=(orgs["ggd"],),
            note="GGD gevraagd of de jongere bekend is (fictief).",
        )
    return Classification.objects.count()
