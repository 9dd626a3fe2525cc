"""The signal form is short: the indicator groups, the organisations it was passed
on to and the reporter are disclosures that start closed and open when they hold
something, so nothing typed or ticked is hidden after a failed submit."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.signals.test_views import post_data

pytestmark = pytest.mark.django_db


def disclosures(page: str) -> list[str]:
    return re.findall(r"<details[^>]*>", page)


def test_the_empty_form_opens_with_every_disclosure_closed(as_user, school_worker):
    page = as_user(school_worker).get(reverse("signals:create")).content.decode()
    groups = [d for d in disclosures(page) if "data-indicator-group" in d]
    assert len(groups) >= 7
    assert not [d for d in disclosures(page) if " open" in d]
    assert 'data-testid="reporter"' in page and 'data-testid="passed-on-to"' in page
    # Every checkbox is still in the form, inside its disclosure.
    assert page.count('name="indicators"') > 50


def test_a_failed_submit_opens_what_holds_a_value(as_user, school_worker, region):
    response = as_user(school_worker).post(
        reverse("signals:create"),
        post_data(
            description="",
            indicators=["gedrag.opgehaald_gebracht"],
            passed_on_to=["politie"],
            reporter_name="Fictieve Mentor",
        ),
    )
    page = response.content.decode()
    assert "data-error-summary" in page
    opened = [d for d in disclosures(page) if " open" in d]
    assert len([d for d in opened if "data-indicator-group" in d]) == 1
    assert any('data-testid="reporter"' in d for d in opened)
    assert any('data-testid="passed-on-to"' in d for d in opened)
    assert "1 aangevinkt" in page
