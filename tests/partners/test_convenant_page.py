"""The convenant page lists its participants as one table with one form to add a
participant, instead of a fieldset per participant (12,900 px in the demo)."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.models import ConvenantParticipation

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_the_participants_are_one_table_with_one_add_form(region, beheerder, as_user):
    url = reverse("partners:beheer-convenant-edit", kwargs={"pk": region.convenant.pk})
    page = html.unescape(as_user(beheerder).get(url).content.decode())
    table = page[page.index('data-testid="participants"') : page.index("</table>")]
    rows = re.findall(r'data-participant="([^"]+)"', table)
    assert set(rows) == {"gemeente", "politie", "om", "welzijn", "school", "jeugdzorg"}
    assert "Politie Eenheid Demoland" in table
    # One add form; no fieldset per participant, no select per participant.
    assert page.count('data-testid="add-participant"') == 1
    assert "Deelnemer 1" not in page
    assert page.count("<select") == 1
    # Every date input in the table is labelled with its organisation.
    assert "Ondertekend op: Politie Eenheid Demoland" in table


def test_removing_one_and_adding_one_from_the_table(region, beheerder, as_user):
    convenant = region.convenant
    participations = list(
        ConvenantParticipation.objects.filter(convenant=convenant).order_by(
            "organisation__name"
        )
    )
    data = {
        "title": convenant.title,
        "purpose": convenant.purpose,
        "target_group": convenant.target_group,
        "valid_from": convenant.valid_from.isoformat(),
        "valid_until": "",
        "deelnemers-TOTAL_FORMS": str(len(participations) + 1),
        "deelnemers-INITIAL_FORMS": str(len(participations)),
        "deelnemers-MIN_NUM_FORMS": "0",
        "deelnemers-MAX_NUM_FORMS": "1000",
    }
    for index, participation in enumerate(participations):
        data[f"deelnemers-{index}-organisation"] = participation.organisation_id
        data[f"deelnemers-{index}-signed_on"] = participation.signed_on.isoformat()
        data[f"deelnemers-{index}-withdrawn_on"] = ""
        if participation.organisation_id == region.welzijn.pk:
            data[f"deelnemers-{index}-DELETE"] = "on"
    new = len(participations)
    data[f"deelnemers-{new}-organisation"] = region.outsider_org.pk
    data[f"deelnemers-{new}-signed_on"] = (
        TODAY - datetime.timedelta(days=1)
    ).isoformat()
    response = as_user(beheerder).post(
        reverse("partners:beheer-convenant-edit", kwargs={"pk": convenant.pk}), data
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert convenant.is_valid_on(TODAY)
    current = set(
        ConvenantParticipation.objects.filter(
            convenant=convenant, withdrawn_on__isnull=True
        ).values_list("organisation__slug", flat=True)
    )
    assert "sportclub" in current and "welzijn" not in current
