"""seed_demo's casusoverleg (casusoverleg/demo.py), done through the services: a
closed meeting with its minutes, an upcoming one with a built agenda, the school
invited to one item, an intervention carried over, actions for several
organisations, some overdue."""

import subprocess

import pytest
from django.core.management import call_command
from django.utils import formats, timezone

from casusoverleg.constants import (
    InterventionStatus,
    ItemReason,
    ItemStatus,
    JobStatus,
    MeetingStatus,
)
from casusoverleg.models import (
    Decision,
    Intervention,
    InterventionReminder,
    ItemInvitation,
    Meeting,
    Minutes,
)
from casusoverleg.selectors.actions import actions_list
from partners.models import User
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db


def _pdf_text(tmp_path, pdf: bytes) -> str:
    path = tmp_path / "verslag.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-raw", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_the_demo_region_has_a_casusoverleg_past_and_coming(capsys, tmp_path):
    call_command("seed_demo")
    counts = (
        Meeting.objects.count(),
        Intervention.objects.count(),
        Minutes.objects.count(),
        InterventionReminder.objects.count(),
    )
    call_command("seed_demo")  # re-runnable: the second run adds nothing
    capsys.readouterr()
    assert counts == (
        Meeting.objects.count(),
        Intervention.objects.count(),
        Minutes.objects.count(),
        InterventionReminder.objects.count(),
    )

    closed = Meeting.objects.get(status=MeetingStatus.CLOSED)
    upcoming = Meeting.objects.get(status=MeetingStatus.PLANNED)
    assert closed.starts_at < timezone.now() < upcoming.starts_at
    assert closed.attendance.filter(kind="apologies", info_sent=True).exists()

    # The minutes: the full set and one per organisation, rendered.
    minutes = Minutes.objects.filter(meeting=closed)
    assert minutes.filter(organisation__isnull=True).exists()
    assert minutes.filter(organisation__slug="politie").exists()
    for row in minutes:
        assert row.status == JobStatus.DONE, row
        assert bytes(row.pdf or b"").startswith(b"%PDF")

    # The past meeting reads like one: its record is dated on its own day (the
    # services stamped the seed time), and so are its minutes, rendered after.
    day = timezone.localdate(closed.starts_at)
    assert closed.started_at and closed.closed_at
    assert closed.starts_at <= closed.started_at < closed.closed_at
    assert timezone.localdate(closed.closed_at) == day
    decisions = Decision.objects.filter(item__meeting=closed)
    assert decisions.count() == 2
    for when in decisions.values_list("recorded_at", flat=True):
        assert closed.started_at < when < closed.closed_at
    full = minutes.get(organisation__isnull=True)
    text = _pdf_text(tmp_path, bytes(full.pdf or b""))
    closed_on = timezone.localtime(closed.closed_at)
    seed_day = formats.date_format(timezone.localdate(), "j F Y")
    line = next(line for line in text.splitlines() if "Gesloten op" in line)
    assert formats.date_format(closed_on, "j F Y, H:i") in line, line
    assert seed_day not in line, line

    # The agenda of the next meeting was built and accepted.
    build = upcoming.agenda_builds.get()
    assert build.status == JobStatus.DONE
    items = upcoming.items.filter(status=ItemStatus.ACCEPTED)
    assert not upcoming.items.filter(status=ItemStatus.PROPOSED).exists()

    # An intervention carried over: niet uitgevoerd with its reason, and its case
    # back on the agenda for that reason.
    carried = Intervention.objects.get(status=InterventionStatus.NOT_DONE)
    assert carried.status_reason
    assert ItemReason.CARRIED_OVER in items.get(dossier=carried.dossier).reasons

    # The school is invited to one item only, and sees that one.
    invitation = ItemInvitation.objects.get(organisation__slug="school")
    assert invitation.item.meeting == upcoming
    sofie = User.objects.get(username="sofie.mentor")
    assert invitation.item.dossier is not None
    page = verified_client(sofie).get(f"/casusoverleg/{upcoming.uuid}/")
    assert page.status_code == 200
    assert invitation.item.dossier.reference in page.content.decode()

    # Actions for several organisations, some overdue.
    today = timezone.localdate()
    responsible = set(Intervention.objects.values_list("responsible__slug", flat=True))
    assert len(responsible) >= 4
    overdue = Intervention.objects.filter(
        deadline__lt=today,
        status__in=[InterventionStatus.OPEN, InterventionStatus.IN_PROGRESS],
    )
    assert overdue.count() >= 2
    assert InterventionReminder.objects.filter(kind="after").exists()
    pieter = User.objects.get(username="pieter.agent")
    own = list(actions_list(user=pieter))
    assert own and own[0].deadline < today
    body = verified_client(pieter).get("/casusoverleg/acties/").content.decode()
    assert 'data-overdue="true"' in body
