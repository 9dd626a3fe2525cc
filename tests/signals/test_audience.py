"""Who may read a signal is stored (SignalAudience) and must always equal the rule:
the owner, and every organisation taking part in a dossier that holds the signal."""

from __future__ import annotations

import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.http import Http404

from audit.models import AuditEvent
from signals.models import (
    DossierGroupObjectPermission,
    DossierPerson,
    DossierSignal,
    Person,
    Signal,
    SignalAudience,
    SignalPerson,
)
from signals.selectors import (
    dossier_list_visible_to,
    person_list_visible_to,
    search,
    signal_get_visible,
    signal_list_visible_to,
)
from signals.services import (
    dossier_add_signal,
    dossier_create,
    dossier_invite,
    dossier_withdraw_invitation,
    person_create_from_mention,
    signal_set_sharing,
)
from signals.services.audience import (
    audience_differences,
    audience_rebuild,
    audience_refresh_dossier,
)
from signals.tasks import verify_signal_audience
from tests.signals.test_dossiers import enter_signal

pytestmark = pytest.mark.django_db


def readers(signal: Signal) -> set[int]:
    return set(
        SignalAudience.objects.filter(signal=signal).values_list("group_id", flat=True)
    )


def sees(user, signal: Signal) -> bool:
    return signal_list_visible_to(user=user).filter(pk=signal.pk).exists()


def test_a_new_signal_is_read_by_its_owner_alone(school_worker, region):
    signal = enter_signal(school_worker)
    assert readers(signal) == {region.school.group_id}
    assert not Signal.objects.get(pk=signal.pk).in_dossier
    assert audience_differences() == []


def test_participation_follows_the_dossier_through_invite_and_withdrawal(
    school_worker, screener, police_officer, ketenregisseur, region
):
    police_signal = enter_signal(
        police_officer, description="Politiesignaal (fictief)."
    )
    dossier = dossier_create(actor=screener, signals=[police_signal])
    assert Signal.objects.get(pk=police_signal.pk).in_dossier
    # The screener's organisation does not take part by making the dossier.
    assert readers(police_signal) == {region.politie.group_id}
    assert not sees(school_worker, police_signal)

    dossier_invite(dossier=dossier, organisation=region.school, actor=screener)
    assert sees(school_worker, police_signal)
    assert signal_get_visible(user=school_worker, uuid=police_signal.uuid)

    # A signal stacked later reaches everyone already taking part.
    care = enter_signal(ketenregisseur, description="Zorgsignaal (fictief).")
    dossier_add_signal(dossier=dossier, signal=care, actor=screener)
    assert sees(school_worker, care)
    # Owning a signal in the dossier is not taking part in it.
    assert not sees(police_officer, care)
    assert audience_differences() == []

    dossier_withdraw_invitation(
        dossier=dossier, organisation=region.school, actor=screener
    )
    assert not sees(school_worker, police_signal)
    assert not sees(school_worker, care)
    with pytest.raises(Http404):
        signal_get_visible(user=school_worker, uuid=care.uuid)
    assert search(user=school_worker, query="Zorgsignaal").signals == []
    assert audience_differences() == []


def test_a_signal_taken_out_of_the_dossier_is_no_longer_shared(
    screener, police_officer, school_worker, region
):
    signal = enter_signal(school_worker)
    dossier = dossier_create(actor=screener, signals=[signal])
    dossier_invite(dossier=dossier, organisation=region.politie, actor=screener)
    assert sees(police_officer, signal)

    # No service takes a signal out yet; done past the services (a script), the
    # nightly check repairs the readers (no receiver does it).
    DossierSignal.objects.filter(dossier=dossier, signal=signal).delete()
    assert audience_differences() != []
    assert verify_signal_audience() == 1
    assert not sees(police_officer, signal)
    assert sees(school_worker, signal)  # the owner keeps it
    assert not Signal.objects.get(pk=signal.pk).in_dossier
    assert audience_differences() == []


def test_a_signal_in_two_dossiers_stays_shared_through_the_other(
    screener, police_officer, school_worker, region
):
    signal = enter_signal(school_worker)
    first = dossier_create(actor=screener, signals=[signal])
    second = dossier_create(actor=screener, signals=[signal])
    dossier_invite(dossier=first, organisation=region.politie, actor=screener)
    dossier_invite(dossier=second, organisation=region.politie, actor=screener)

    dossier_withdraw_invitation(
        dossier=first, organisation=region.politie, actor=screener
    )
    assert sees(police_officer, signal)
    dossier_withdraw_invitation(
        dossier=second, organisation=region.politie, actor=screener
    )
    assert not sees(police_officer, signal)


def test_deleting_a_dossier_takes_its_sharing_along(
    screener, police_officer, school_worker, region
):
    signal = enter_signal(school_worker)
    dossier = dossier_create(actor=screener, signals=[signal])
    dossier_invite(dossier=dossier, organisation=region.politie, actor=screener)
    # No service deletes a dossier yet; a cascade past the services leaves the
    # readers to the nightly check, which repairs them.
    dossier.delete()
    assert verify_signal_audience() == 1
    assert not sees(police_officer, signal)
    assert audience_differences() == []


def test_the_ketenregisseur_reads_signals_in_any_dossier_and_trends(
    ketenregisseur, screener, school_worker
):
    loose = enter_signal(school_worker)
    stacked = enter_signal(school_worker, description="Gestapeld (fictief).")
    trend = enter_signal(school_worker, kind="trend", persons=[])
    dossier_create(actor=screener, signals=[stacked])
    assert not sees(ketenregisseur, loose)
    assert sees(ketenregisseur, stacked)
    assert sees(ketenregisseur, trend)


def test_rebuild_repairs_a_damaged_audience(screener, school_worker, region):
    signal = enter_signal(school_worker)
    dossier_create(actor=screener, signals=[signal])
    SignalAudience.objects.filter(signal=signal).delete()
    SignalAudience.objects.create(
        signal=signal,
        group_id=region.outsider_org.group_id,
        received_at=signal.received_at,
    )
    Signal.objects.filter(pk=signal.pk).update(in_dossier=False)
    problems = audience_differences()
    assert {kind for _, _, kind in problems} == {"missing", "extra", "in_dossier"}

    audience_rebuild()
    assert audience_differences() == []
    assert readers(signal) == {region.school.group_id}


@pytest.mark.django_db(transaction=True)
def test_a_withdrawal_racing_a_new_signal_leaves_nothing_shared(
    screener, school_worker, police_officer, region
):
    """Withdraw the police while a signal is stacked into the same dossier at the
    same moment: whichever commits last, the police reads neither signal."""
    first = enter_signal(school_worker)
    dossier = dossier_create(actor=screener, signals=[first])
    dossier_invite(dossier=dossier, organisation=region.politie, actor=screener)
    second = enter_signal(school_worker, description="Tweede (fictief).")
    stacked = threading.Event()
    errors: list[BaseException] = []

    def stack() -> None:
        try:
            with transaction.atomic():
                dossier_add_signal(dossier=dossier, signal=second, actor=screener)
                stacked.set()  # stacked and refreshed, not yet committed
                threading.Event().wait(0.3)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
            stacked.set()
        finally:
            connection.close()

    worker = threading.Thread(target=stack)
    worker.start()
    stacked.wait(timeout=10)
    dossier_withdraw_invitation(
        dossier=dossier, organisation=region.politie, actor=screener
    )
    worker.join(timeout=10)
    assert errors == []
    assert not sees(police_officer, first)
    assert not sees(police_officer, second)
    assert audience_differences() == []
    audience_refresh_dossier(dossier_id=dossier.pk)
    assert audience_differences() == []


def test_the_command_finds_and_repairs_a_damaged_audience(
    screener, school_worker, region
):
    signal = enter_signal(school_worker)
    dossier = dossier_create(actor=screener, signals=[signal])
    dossier_invite(dossier=dossier, organisation=region.politie, actor=screener)
    call_command("signal_audience", "--check", stdout=StringIO())
    SignalAudience.objects.filter(signal=signal).delete()
    with pytest.raises(CommandError, match="2 differences"):
        call_command("signal_audience", "--check", stdout=StringIO())

    out = StringIO()
    call_command("signal_audience", "--rebuild", stdout=out)
    assert "match the rule" in out.getvalue()
    assert AuditEvent.objects.filter(object_type="signals.signalaudience").exists()


def test_partner_person_scope_equals_the_signal_and_dossier_rule(
    screener, school_worker, police_officer, ketenregisseur, region
):
    first = enter_signal(school_worker)
    second = enter_signal(police_officer, description="Politie (fictief).")
    for signal in (first, second):
        mention = SignalPerson.objects.get(signal=signal)
        person_create_from_mention(mention=mention, actor=screener)
    lone = Person.objects.create(name="Alleen In Dossier (fictief)")
    dossier = dossier_create(actor=screener, signals=[first])
    DossierPerson.objects.create(dossier=dossier, person=lone, role="victim")
    dossier_invite(dossier=dossier, organisation=region.politie, actor=screener)

    for user in (school_worker, police_officer, ketenregisseur):
        readable = signal_list_visible_to(user=user).values("pk")
        dossiers = dossier_list_visible_to(user=user).values("pk")
        expected = set(
            Person.objects.filter(
                pk__in=SignalPerson.objects.filter(signal__in=readable).values(
                    "person_id"
                )
            ).values_list("pk", flat=True)
        ) | set(
            DossierPerson.objects.filter(dossier__in=dossiers).values_list(
                "person_id", flat=True
            )
        )
        got = set(person_list_visible_to(user=user).values_list("pk", flat=True))
        assert got == expected, user
    # Only in the dossier: the invited police sees them, the school (no participant)
    # does not.
    assert lone.pk in set(
        person_list_visible_to(user=police_officer).values_list("pk", flat=True)
    )
    assert lone.pk not in set(
        person_list_visible_to(user=school_worker).values_list("pk", flat=True)
    )


def test_the_nightly_check_repairs_and_reports_a_skipped_refresh(
    screener, school_worker, police_officer, region, caplog
):
    signal = enter_signal(school_worker)
    dossier = dossier_create(actor=screener, signals=[signal])
    dossier_invite(dossier=dossier, organisation=region.politie, actor=screener)
    assert verify_signal_audience() == 0
    # A code path that withdraws the police without the refresh (plain SQL).
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {DossierGroupObjectPermission._meta.db_table} "
            "WHERE content_object_id = %s AND group_id = %s",
            [dossier.pk, region.politie.group_id],
        )
    assert sees(police_officer, signal)

    with caplog.at_level("ERROR", logger="signals.tasks"):
        assert verify_signal_audience() == 1
    assert not sees(police_officer, signal)
    assert audience_differences() == []
    assert "signal_audience_repaired signals=1" in caplog.text
    assert AuditEvent.objects.filter(
        object_type="signals.signalaudience", reason__contains="1 signalen hersteld"
    ).exists()


def test_no_model_receiver_rewrites_the_readers():
    """The services refresh the readers explicitly; a grant, a stacking or a
    sharing change has no receiver doing it behind the caller's back."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from signals.models import DossierGroupObjectPermission

    for model in (DossierGroupObjectPermission, DossierSignal):
        assert not post_save.has_listeners(model), model
        assert not post_delete.has_listeners(model), model
    assert not m2m_changed.has_listeners(Signal.shared_with.through)


def test_each_service_refreshes_the_readers_itself(
    screener, school_worker, police_officer, region
):
    """Stacking, inviting, withdrawing and sharing each leave the stored readers
    equal to the rule, without help from a receiver or the nightly check."""
    first = enter_signal(school_worker)
    dossier = dossier_create(actor=screener, signals=[first])
    assert audience_differences() == []
    dossier_invite(dossier=dossier, organisation=region.politie, actor=screener)
    assert sees(police_officer, first) and audience_differences() == []
    second = enter_signal(school_worker, description="Tweede (fictief).")
    dossier_add_signal(dossier=dossier, signal=second, actor=screener)
    assert sees(police_officer, second) and audience_differences() == []
    signal_set_sharing(
        signal=second, actor=school_worker, sharing="selected", shared_with=[]
    )
    assert not sees(police_officer, second) and audience_differences() == []
    dossier_withdraw_invitation(
        dossier=dossier, organisation=region.politie, actor=screener
    )
    assert not sees(police_officer, first) and audience_differences() == []
