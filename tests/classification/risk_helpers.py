"""A dossier about one presumed victim of a given age, built through the services."""

from __future__ import annotations

import datetime

from django.utils import timezone

from partners.models import User
from signals.models import Dossier, Person
from signals.services import (
    PersonInput,
    SignalInput,
    dossier_create,
    person_create_from_mention,
    signal_create,
)

VICTIM = "Roos Verzonnen"


def dossier_about(
    screener: User,
    *,
    age: int | None = 15,
    date_of_birth: datetime.date | None = None,
    name: str = VICTIM,
) -> tuple[Dossier, Person]:
    signal = signal_create(
        user=screener,
        data=SignalInput(
            observed_at=timezone.now() - datetime.timedelta(hours=3),
            description="Wordt na school opgehaald door een oudere jongen (fictief).",
            subject_role="victim",
            kind="regular",
            source="education",
            persons=[
                PersonInput(
                    role="victim",
                    name=name,
                    estimated_age=age,
                    date_of_birth=date_of_birth,
                )
            ],
        ),
    )
    mention = signal.persons.get()
    person = person_create_from_mention(mention=mention, actor=screener)
    dossier = dossier_create(
        actor=screener, signals=[signal], persons=[(person, "victim")]
    )
    return dossier, person
