"""A little of everything for page tests: signals with persons, a dossier the school
is invited to, a question to the police. Built through the services, as people would."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from partners.models import User
from signals.models import Dossier, EnrichmentRequest, Signal
from signals.services import (
    PersonInput,
    SignalInput,
    dossier_create,
    dossier_invite,
    enrichment_ask,
    person_create_from_mention,
    signal_create,
)
from tests.conftest import Region


@dataclass
class Chain:
    school_signal: Signal
    police_signal: Signal
    dossier: Dossier
    question: EnrichmentRequest


def build_chain(
    *, region: Region, screener: User, police_officer: User, school_worker: User
) -> Chain:
    signals = []
    for user, source in (
        (school_worker, "education"),
        (police_officer, "criminal_justice"),
    ):
        signals.append(
            signal_create(
                user=user,
                data=SignalInput(
                    observed_at=timezone.now() - datetime.timedelta(days=2),
                    description="Leerling wordt opgehaald door een oudere jongen.",
                    subject_role="victim",
                    kind="regular",
                    source=source,
                    persons=[
                        PersonInput(
                            role="victim",
                            name="Fictief Meisje",
                            aliases=["fm_2010"],
                            estimated_age=15,
                        )
                    ],
                ),
            )
        )
    mention = signals[0].persons.get()
    person = person_create_from_mention(mention=mention, actor=screener)
    dossier = dossier_create(
        actor=screener, signals=[signals[0]], persons=[(person, mention.role)]
    )
    dossier_invite(dossier=dossier, organisation=region.school, actor=screener)
    [question] = enrichment_ask(
        dossier=dossier,
        organisations=[region.politie],
        reason="Meerdere signalen over hetzelfde meisje.",
        question="Is zij bij u bekend?",
        actor=screener,
    )
    return Chain(signals[0], signals[1], dossier, question)
