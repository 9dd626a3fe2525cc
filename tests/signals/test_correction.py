"""The owner corrects a signal as a new version or withdraws it with a reason;
nothing is deleted, every reader sees what happened, and an observation date must
be plausible wherever a signal comes in (form, meldpunt API, service)."""

from __future__ import annotations

import datetime
import html
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.constants import Action
from audit.models import AuditEvent
from partners.services import api_client_issue
from signals.constants import OBSERVED_AT_MAX_YEARS_AGO, Status
from signals.models import Signal, SignalVersion
from signals.selectors import search
from signals.selectors.start import signals_waiting_for_screening
from signals.services import (
    SignalCorrection,
    dossier_create,
    dossier_invite,
    mention_confirm,
    person_create_from_mention,
    signal_correct,
    signal_withdraw,
)
from tests.signals.test_api import EXAMPLE, Meldpunt
from tests.signals.test_dossiers import enter_signal
from tests.signals.test_views import local, post_data

pytestmark = pytest.mark.django_db

OLD = "Leerling stapt in een blauwe auto, steekwoord kanovaart (fictief)."
NEW = "Leerling stapt in een rode auto, steekwoord zeilboot (fictief)."


def correction_of(signal: Signal, **changes: Any) -> SignalCorrection:
    values: dict[str, Any] = {
        "observed_at": signal.observed_at,
        "description": signal.description,
        "relevance": signal.relevance,
        "non_verbal": signal.non_verbal,
        "subject_role": signal.subject_role,
        "source": signal.source,
        "keywords": list(signal.keywords),
    }
    values.update(changes)
    return SignalCorrection(**values)


def correction_post(signal: Signal, **changes) -> dict[str, str]:
    data = {
        "observed_at": local(signal.observed_at),
        "description": signal.description,
        "relevance": signal.relevance,
        "non_verbal": signal.non_verbal,
        "subject_role": signal.subject_role,
        "source": signal.source,
        "keywords": ", ".join(signal.keywords),
        "reason": "Kleur van de auto verkeerd genoteerd.",
    }
    data.update(changes)
    return {f"correctie-{key}": value for key, value in data.items()}


@pytest.fixture
def signal(school_worker) -> Signal:
    return enter_signal(school_worker, description=OLD)


@pytest.fixture
def in_dossier(signal, screener, region) -> Signal:
    """In a dossier youth care takes part in, with its victim a known person."""
    dossier = dossier_create(actor=screener, signals=[signal])
    dossier_invite(dossier=dossier, organisation=region.jeugdzorg, actor=screener)
    mention = signal.persons.get()
    person = person_create_from_mention(mention=mention, actor=screener)
    mention.refresh_from_db()
    if mention.person_id is None:
        mention_confirm(mention=mention, person=person, actor=screener)
    return signal


# --- plausible observation dates --------------------------------------------------


@pytest.mark.parametrize(
    "observed_at",
    [
        datetime.datetime(1900, 1, 1, 12, tzinfo=datetime.UTC),
        timezone.now() - datetime.timedelta(days=366 * OBSERVED_AT_MAX_YEARS_AGO),
        timezone.now() + datetime.timedelta(hours=1),
    ],
)
def test_the_service_refuses_an_implausible_observation_date(
    school_worker, observed_at
):
    with pytest.raises(ValidationError) as error:
        enter_signal(school_worker, observed_at=observed_at)
    assert "observed_at" in error.value.error_dict
    assert Signal.objects.count() == 0


def test_a_few_minutes_of_clock_skew_and_last_years_date_are_fine(school_worker):
    enter_signal(
        school_worker, observed_at=timezone.now() + datetime.timedelta(minutes=3)
    )
    enter_signal(
        school_worker, observed_at=timezone.now() - datetime.timedelta(days=400)
    )
    assert Signal.objects.count() == 2


def test_the_signal_form_refuses_1900_with_a_dutch_message(as_user, school_worker):
    response = as_user(school_worker).post(
        reverse("signals:create"), post_data(observed_at="1900-01-01T10:00")
    )
    page = html.unescape(response.content.decode())
    assert f"meer dan {OBSERVED_AT_MAX_YEARS_AGO} jaar terug" in page
    assert 'href="#id_observed_at"' in page  # in the error summary
    assert Signal.objects.count() == 0


def test_the_api_answers_400_for_1900(region):
    client, token = api_client_issue(organisation=region.gemeente, name="Meldpunt")
    response = Meldpunt(token, client).post(
        {**EXAMPLE, "observed_at": "1900-01-01T10:00:00+01:00"}
    )
    assert response.status_code == 400
    assert "jaar terug" in response.json()["observed_at"][0]
    assert Signal.objects.count() == 0


# --- correcting ---------------------------------------------------------------------


def test_a_correction_is_a_new_version_that_keeps_the_old_values(
    in_dossier, school_worker
):
    signal = in_dossier
    person_id = signal.persons.get().person_id
    version = signal_correct(
        signal=signal,
        actor=school_worker,
        correction=correction_of(signal, description=NEW, keywords=["zeilboot"]),
        reason="Kleur verkeerd genoteerd.",
    )
    signal.refresh_from_db()
    assert signal.description == NEW
    assert signal.corrected_by == school_worker and signal.corrected_at is not None
    assert version.number == 2
    assert version.changed_fields == ["description", "keywords"]
    assert version.previous == {"description": OLD, "keywords": []}
    assert version.created_by == school_worker
    # Search reads the new text, not the old.
    assert [s.pk for s in search(user=school_worker, query="zeilboot").signals] == [
        signal.pk
    ]
    assert not search(user=school_worker, query="kanovaart").signals
    # Audited: which fields and which persons, never the text.
    event = AuditEvent.objects.filter(
        action=Action.UPDATE, object_id=str(signal.pk)
    ).latest("id")
    assert event.changed_fields == ["description", "keywords"]
    assert event.person_ids == [person_id]
    assert OLD not in str(event.__dict__) and NEW not in str(event.__dict__)
    # A second correction is version 3; both stay.
    signal_correct(
        signal=signal,
        actor=school_worker,
        correction=correction_of(signal, relevance="Gezien door de mentor."),
        reason="Relevantie aangevuld.",
    )
    assert list(signal.versions.values_list("number", flat=True)) == [3, 2]


def test_a_correction_without_reason_or_change_is_refused(signal, school_worker):
    with pytest.raises(ValidationError) as error:
        signal_correct(
            signal=signal,
            actor=school_worker,
            correction=correction_of(signal, description=NEW),
            reason="  ",
        )
    assert "reason" in error.value.error_dict
    with pytest.raises(ValidationError):
        signal_correct(
            signal=signal,
            actor=school_worker,
            correction=correction_of(signal),
            reason="Niets.",
        )
    with pytest.raises(ValidationError) as error:
        signal_correct(
            signal=signal,
            actor=school_worker,
            correction=correction_of(
                signal, observed_at=datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)
            ),
            reason="Datum.",
        )
    assert "observed_at" in error.value.error_dict
    assert not SignalVersion.objects.exists()


def test_only_the_owning_organisation_corrects_or_withdraws(
    in_dossier, as_user, screener, youth_care_contact, police_officer
):
    signal = in_dossier
    for user in (screener, youth_care_contact):
        with pytest.raises(PermissionDenied):
            signal_correct(
                signal=signal,
                actor=user,
                correction=correction_of(signal, description=NEW),
                reason="Niet van mij.",
            )
        with pytest.raises(PermissionDenied):
            signal_withdraw(signal=signal, actor=user, reason="Niet van mij.")
    # Readers of another organisation: 403; someone who cannot read it: 404.
    for user, status in (
        (screener, 403),
        (youth_care_contact, 403),
        (police_officer, 404),
    ):
        client = as_user(user)
        assert (
            client.post(
                reverse("signals:correct", kwargs={"uuid": signal.uuid}),
                correction_post(signal, description=NEW),
            ).status_code
            == status
        )
        assert (
            client.post(
                reverse("signals:withdraw", kwargs={"uuid": signal.uuid}),
                {"intrekken-reason": "Weg ermee."},
            ).status_code
            == status
        )
        page = client.get(reverse("signals:detail", kwargs={"uuid": signal.uuid}))
        assert b'data-action="correct"' not in page.content
    signal.refresh_from_db()
    assert signal.description == OLD and signal.withdrawn_at is None


def test_the_owner_corrects_on_the_page_and_readers_see_that_it_changed(
    in_dossier, as_user, school_worker, screener, youth_care_contact
):
    signal = in_dossier
    url = reverse("signals:detail", kwargs={"uuid": signal.uuid})
    owner = as_user(school_worker)
    assert b'data-action="correct"' in owner.get(url).content
    response = owner.post(
        reverse("signals:correct", kwargs={"uuid": signal.uuid}),
        correction_post(signal, description=NEW),
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.description == NEW

    # The owner and the screening team read the replaced text ...
    for user in (school_worker, screener):
        page = html.unescape(as_user(user).get(url).content.decode())
        assert "Gecorrigeerd op" in page
        assert "Kleur van de auto verkeerd genoteerd." in page
        assert OLD in page, user
    # ... another participant sees that, when, by whom and why, not the old text.
    page = html.unescape(as_user(youth_care_contact).get(url).content.decode())
    assert 'data-testid="corrected"' in page
    assert school_worker.get_full_name() in page
    assert "Kleur van de auto verkeerd genoteerd." in page
    assert "Gewijzigd: gebeurtenis." in page
    assert OLD not in page


def test_a_correction_with_an_error_comes_back_open_with_the_summary(
    signal, as_user, school_worker
):
    response = as_user(school_worker).post(
        reverse("signals:correct", kwargs={"uuid": signal.uuid}),
        correction_post(signal, description=NEW, reason=""),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Fout:" in page
    assert 'data-action="correct" open' in page
    assert "data-error-summary" in page and 'href="#id_correctie-reason"' in page
    signal.refresh_from_db()
    assert signal.description == OLD


# --- withdrawing --------------------------------------------------------------------


def test_withdrawing_needs_a_reason(signal, as_user, school_worker):
    response = as_user(school_worker).post(
        reverse("signals:withdraw", kwargs={"uuid": signal.uuid}),
        {"intrekken-reason": ""},
    )
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert 'data-action="withdraw" open' in page
    assert "Leg uit waarom het signaal wordt ingetrokken." in page
    signal.refresh_from_db()
    assert signal.withdrawn_at is None


def test_a_withdrawn_signal_stays_marked_with_its_reason_and_leaves_the_queue(
    in_dossier, as_user, school_worker, screener, youth_care_contact
):
    signal = in_dossier
    reason = "Dubbel ingevoerd; zie het andere signaal."
    response = as_user(school_worker).post(
        reverse("signals:withdraw", kwargs={"uuid": signal.uuid}),
        {"intrekken-reason": reason},
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.withdrawn_at is not None and signal.withdrawn_by == school_worker
    assert signal.status == Status.CLOSED
    assert Signal.objects.filter(pk=signal.pk).exists()
    url = reverse("signals:detail", kwargs={"uuid": signal.uuid})
    for user in (school_worker, screener, youth_care_contact):
        page = html.unescape(as_user(user).get(url).content.decode())
        assert 'data-testid="withdrawn"' in page and reason in page, user
        assert 'data-action="correct"' not in page
    listed = html.unescape(
        as_user(school_worker).get(reverse("signals:list")).content.decode()
    )
    assert "Ingetrokken" in listed
    # Withdrawn once: it is not changed again.
    with pytest.raises(PermissionDenied):
        signal_withdraw(signal=signal, actor=school_worker, reason="Nog eens.")
    audit = AuditEvent.objects.filter(
        action=Action.UPDATE, object_id=str(signal.pk), reason="ingetrokken"
    ).get()
    assert audit.person_ids == [signal.persons.get().person_id]


def test_a_withdrawn_melding_waits_for_no_screener(school_worker, screener):
    signal = enter_signal(school_worker)
    waiting = signals_waiting_for_screening(user=screener)
    assert waiting is not None and [s.pk for s in waiting.rows] == [signal.pk]
    signal_withdraw(signal=signal, actor=school_worker, reason="Vergissing.")
    waiting = signals_waiting_for_screening(user=screener)
    assert waiting is not None and waiting.rows == []


def test_the_meldpunt_still_reads_a_withdrawn_signal(region, school_worker):
    client, token = api_client_issue(organisation=region.school, name="Schoolmeldpunt")
    meldpunt = Meldpunt(token, client)
    created = meldpunt.post(EXAMPLE).json()
    assert meldpunt.get(created["id"]).json()["withdrawn_at"] is None
    signal = Signal.objects.get(uuid=created["id"])
    signal = signal_withdraw(
        signal=signal, actor=school_worker, reason="Dubbel gemeld."
    )
    response = meldpunt.get(created["id"])
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "closed"
    assert signal.withdrawn_at is not None
    assert (
        body["withdrawn_at"] == signal.withdrawn_at.astimezone(datetime.UTC).isoformat()
    )
    assert "Dubbel gemeld." not in response.content.decode()
