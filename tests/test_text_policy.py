"""One text policy for every free-text field (partners.text): a control character
(BEL, ESC), a bidirectional override (U+202E) or a text over its limit is a field
error in Dutch in every form, in the API and in the models, and nothing is stored.
Free text never reaches the audit trail."""

from __future__ import annotations

import copy
import datetime
import html
import json
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import partners.forms
import signals.forms
import signals.forms_dossier
from audit.models import AuditEvent
from partners.constants import MAX_CONVENANT_TEXT
from partners.forms import ConvenantForm, OrganisationForm, UserForm
from partners.models import Convenant, Organisation, User
from partners.services import api_client_issue, convenant_save, organisation_create
from partners.text import (
    FORBIDDEN_CHARACTER,
    LineField,
    has_forbidden_character,
    validate_line,
    validate_multiline,
)
from signals.constants import MAX_DESCRIPTION, MAX_TEXT, EnrichmentStatus
from signals.models import EnrichmentRequest, Signal, SignalPerson
from signals.services import (
    PersonInput,
    SignalInput,
    dossier_create,
    enrichment_ask,
    person_create_from_mention,
    signal_create,
)
from tests.signals.test_api import EXAMPLE
from tests.signals.test_views import CREATE, post_data

pytestmark = pytest.mark.django_db

FORBIDDEN = str(FORBIDDEN_CHARACTER)
BAD = [
    pytest.param("\x07", id="BEL"),
    pytest.param("\x1b", id="ESC"),
    pytest.param("\u202e", id="RLO"),
]


def error_at(page: str, field_id: str, message: str) -> bool:
    return f'id="{field_id}_error">{html.escape(message)}</div>' in page


def content(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


# --- the policy itself -------------------------------------------------------------

REFUSED_EVERYWHERE = [
    *(chr(code) for code in range(0x00, 0x09)),
    "\x0b",
    "\x0c",
    *(chr(code) for code in range(0x0E, 0x20)),
    "\x7f",
    "\x85",
    *(chr(code) for code in range(0x202A, 0x202F)),
    *(chr(code) for code in range(0x2066, 0x206A)),
]


@pytest.mark.parametrize("char", REFUSED_EVERYWHERE, ids=lambda c: f"U+{ord(c):04X}")
def test_control_and_bidi_characters_are_refused_in_one_line_and_in_several(char):
    assert has_forbidden_character(f"Jan{char}sen")
    assert has_forbidden_character(f"Jan{char}sen", multiline=True)


def test_tab_and_line_breaks_are_text_in_several_lines_only():
    text = "Eerste regel\r\nTweede\tregel\n"
    assert not has_forbidden_character(text, multiline=True)
    assert has_forbidden_character(text)
    assert not has_forbidden_character("Zoë Ağaoğlu – אבי (ﻋﻠﻲ)")


# --- every field is under it ------------------------------------------------------

# Not free text: chosen from a list, checked by a stricter validator of their own
# (a username, a slug, an e-mail address), written by the system, or a secret.
NOT_FREE_TEXT = {
    "partners.User.username",
    "partners.User.password",
    "partners.ApiClient.token_prefix",
    "partners.ApiClient.token_hash",
    "partners.UserSession.session_key",
    "partners.UserSession.user_agent",
    "partners.RoleProposal.role",
    "signals.Signal.idempotency_key",
    "signals.Signal.request_hash",
    "signals.Signal.search_text",
    "signals.DossierEvent.detail",
}


def _model_text_fields() -> list[tuple[str, models.Field[Any, Any]]]:
    found: list[tuple[str, models.Field[Any, Any]]] = []
    for label in ("partners", "signals", "classification", "casusoverleg"):
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.get_fields():
                if not isinstance(field, models.CharField | models.TextField):
                    continue
                if isinstance(field, models.EmailField | models.SlugField):
                    continue
                if field.choices or not field.editable:
                    continue
                name = f"{label}.{model.__name__}.{field.name}"
                if name not in NOT_FREE_TEXT:
                    found.append((name, field))
    return found


@pytest.mark.parametrize(
    "field",
    [f for _n, f in _model_text_fields()],
    ids=[n for n, _f in _model_text_fields()],
)
def test_every_free_text_field_of_a_model_has_the_policy_and_a_limit(field):
    assert field.max_length, "a free text without a limit"
    assert any(v in (validate_line, validate_multiline) for v in field.validators)
    if isinstance(field, models.TextField):
        # Django does not enforce a TextField's max_length itself.
        with pytest.raises(ValidationError):
            field.run_validators("x" * (field.max_length + 1))


def _form_char_fields() -> list[tuple[str, forms.Field]]:
    found: list[tuple[str, forms.Field]] = []
    for module in (partners.forms, signals.forms, signals.forms_dossier):
        for name, form in vars(module).items():
            # Every form class of ours is a Form or a ModelForm (they have base_fields).
            if not (
                isinstance(form, type)
                and issubclass(form, forms.Form | forms.ModelForm)
            ):
                continue
            if form.__module__ != module.__name__:
                continue
            for field_name, field in form.base_fields.items():
                if type(field) is forms.CharField:
                    found.append((f"{name}.{field_name}", field))
    return found


def test_no_form_has_a_plain_text_field_outside_the_policy():
    # A ModelForm's text fields come from field_classes; plain CharFields are the
    # ones someone could add without thinking of the policy.
    plain = [name for name, _field in _form_char_fields()]
    allowed = {"UserForm.username"}
    assert set(plain) <= allowed, plain


@pytest.mark.parametrize(
    ("form_class", "fields"),
    [
        (OrganisationForm, ["name"]),
        (UserForm, ["first_name", "last_name", "phone"]),
        (ConvenantForm, ["title", "purpose", "target_group"]),
    ],
)
def test_model_forms_use_the_policy_fields(form_class, fields, beheerder):
    kwargs = {"actor": beheerder} if form_class is UserForm else {}
    form = form_class(**kwargs)
    for name in fields:
        assert isinstance(form.fields[name], LineField), name


# --- the signal form --------------------------------------------------------------

SIGNAL_FIELDS = [
    ("description", "id_description"),
    ("relevance", "id_relevance"),
    ("non_verbal", "id_non_verbal"),
    ("keywords", "id_keywords"),
    ("reporter_name", "id_reporter_name"),
    ("reporter_organisation", "id_reporter_organisation"),
    ("reporter_phone", "id_reporter_phone"),
]
PERSON_FIELDS = ["name", "aliases", "municipality"]


@pytest.mark.parametrize("char", BAD)
@pytest.mark.parametrize(("field", "field_id"), SIGNAL_FIELDS)
def test_the_signal_form_refuses_the_character_and_stores_nothing(
    region, school_worker, as_user, field, field_id, char
):
    page = content(
        as_user(school_worker).post(
            CREATE, post_data(**{field: f"Fictieve{char} tekst"})
        )
    )
    assert error_at(page, field_id, FORBIDDEN)
    assert not Signal.objects.exists()


@pytest.mark.parametrize("char", BAD)
@pytest.mark.parametrize("field", PERSON_FIELDS)
def test_the_person_form_refuses_the_character_in_a_name_and_stores_nothing(
    region, school_worker, as_user, field, char
):
    person = {"role": "victim", field: f"Fictief{char} Meisje"}
    page = content(as_user(school_worker).post(CREATE, post_data(person)))
    assert error_at(page, f"id_persons-0-{field}", FORBIDDEN)
    assert not Signal.objects.exists()
    assert not SignalPerson.objects.exists()


def test_an_over_long_description_is_a_field_error(region, school_worker, as_user):
    page = content(
        as_user(school_worker).post(
            CREATE, post_data(description="x" * (MAX_DESCRIPTION + 1))
        )
    )
    assert error_at(
        page,
        "id_description",
        f"Maximaal {MAX_DESCRIPTION} tekens; dit zijn er {MAX_DESCRIPTION + 1}.",
    )
    assert not Signal.objects.exists()


# --- dossier forms: asking and answering -----------------------------------------


@pytest.fixture
def dossier(screener, school_worker):
    signal = signal_create(
        user=school_worker,
        data=SignalInput(
            observed_at=timezone.now() - datetime.timedelta(hours=2),
            description="Leerling wordt na school opgehaald (fictief).",
            subject_role="victim",
            kind="regular",
            source="education",
            persons=[PersonInput(role="victim", name="Fictief Meisje")],
        ),
    )
    person = person_create_from_mention(mention=signal.persons.get(), actor=screener)
    return dossier_create(
        actor=screener, signals=[signal], persons=[(person, "victim")]
    )


def dossier_url(name: str, dossier: Any) -> str:
    return reverse(f"dossiers:{name}", kwargs={"uuid": dossier.uuid})


@pytest.mark.parametrize("char", BAD)
@pytest.mark.parametrize("field", ["reason", "question"])
def test_the_question_form_refuses_the_character_and_stores_nothing(
    as_user, screener, dossier, region, field, char
):
    data = {
        "organisations": [region.politie.pk],
        "reason": "Meerdere signalen over ophalen na school.",
        "question": "Is deze jongere bekend?",
    }
    data[field] = f"Fictief{char} bericht"
    page = content(as_user(screener).post(dossier_url("ask", dossier), data))
    assert error_at(page, f"ask_{field}", FORBIDDEN)
    assert not EnrichmentRequest.objects.exists()


def test_the_question_service_refuses_what_the_form_would(screener, dossier, region):
    with pytest.raises(ValidationError) as refused:
        enrichment_ask(
            dossier=dossier,
            organisations=[region.politie],
            reason="Bel\x07",
            question="x" * (MAX_TEXT + 1),
            actor=screener,
        )
    assert refused.value.message_dict["reason"] == [FORBIDDEN]
    assert refused.value.message_dict["question"] == [
        f"Maximaal {MAX_TEXT} tekens; dit zijn er {MAX_TEXT + 1}."
    ]
    assert not EnrichmentRequest.objects.exists()


@pytest.mark.parametrize("char", [*BAD, pytest.param("x" * (MAX_TEXT + 1), id="long")])
def test_the_answer_form_refuses_the_text_and_stores_nothing(
    as_user, screener, police_contact, dossier, region, char
):
    (question,) = enrichment_ask(
        dossier=dossier,
        organisations=[region.politie],
        reason="Meerdere signalen.",
        question="Bekend?",
        actor=screener,
    )
    page = content(
        as_user(police_contact).post(
            reverse("dossiers:enrichment-answer", kwargs={"pk": question.pk}),
            {"answer": f"Bekend{char} bij ons", "sharing": "participants"},
        )
    )
    assert 'id="answer_answer_error">' in page
    question.refresh_from_db()
    assert question.status == EnrichmentStatus.OPEN
    assert question.answer == ""


@pytest.mark.parametrize("char", BAD)
def test_search_refuses_the_character(as_user, screener, region, char):
    page = content(
        as_user(screener).post(reverse("dossiers:search"), {"q": f"Jan{char}"})
    )
    assert html.escape(FORBIDDEN) in page


# --- management forms and their services -------------------------------------------


@pytest.mark.parametrize("char", BAD)
@pytest.mark.parametrize("field", ["name"])
def test_an_organisation_name_with_the_character_is_refused(
    region, beheerder, field, char
):
    data = {
        "name": "Fictieve Stichting",
        "slug": "fictief",
        "kind": "welzijn",
        "domain": "zorg",
        "ring": "flexibele_schil",
        "active": "on",
    }
    data[field] = f"Fictieve{char} Stichting"
    form = OrganisationForm(data=data)
    assert form.errors[field] == [FORBIDDEN]
    with pytest.raises(ValidationError):
        organisation_create(
            actor=beheerder,
            name=data["name"],
            slug="fictief",
            kind="welzijn",
            domain="zorg",
            ring="flexibele_schil",
        )
    assert not Organisation.objects.filter(slug="fictief").exists()


@pytest.mark.parametrize("char", BAD)
@pytest.mark.parametrize("field", ["first_name", "last_name", "phone"])
def test_a_user_name_with_the_character_is_refused(region, beheerder, field, char):
    data = {
        "username": "nieuw.persoon",
        "first_name": "Nieuw",
        "last_name": "Persoon",
        "email": "nieuw@example.org",
        "phone": "06-00000000",
        "organisation": region.gemeente.pk,
        "is_active": "on",
    }
    data[field] = f"Fictief{char}"
    form = UserForm(data=data, actor=beheerder)
    assert form.errors[field] == [FORBIDDEN]
    assert not User.objects.filter(username="nieuw.persoon").exists()


CONVENANT = {
    "title": "Fictief convenant",
    "purpose": "Samen signalen duiden.",
    "target_group": "Jongeren in Demostad.",
    "valid_from": "2026-01-01",
    "valid_until": "",
}


@pytest.mark.parametrize(
    "value", [*BAD, pytest.param("x" * (MAX_CONVENANT_TEXT + 1), id="long")]
)
@pytest.mark.parametrize("field", ["title", "purpose", "target_group"])
def test_convenant_text_is_under_the_policy_in_the_form_and_the_service(
    region, beheerder, field, value
):
    bad = f"Fictief{value}"
    form = ConvenantForm(data={**CONVENANT, field: bad})
    assert field in form.errors
    fields: dict[str, Any] = {
        "title": CONVENANT["title"],
        "purpose": CONVENANT["purpose"],
        "target_group": CONVENANT["target_group"],
        "valid_from": datetime.date(2026, 1, 1),
        field: bad,
    }
    before = Convenant.objects.count()
    with pytest.raises(ValidationError) as refused:
        convenant_save(actor=beheerder, participations=[], **fields)
    assert field in refused.value.message_dict
    assert Convenant.objects.count() == before


def test_a_purpose_of_a_megabyte_is_refused(region, beheerder):
    with pytest.raises(ValidationError) as refused:
        convenant_save(
            actor=beheerder,
            participations=[],
            title="Fictief",
            purpose="x" * 1_000_000,
            target_group="Jongeren",
            valid_from=datetime.date(2026, 1, 1),
        )
    assert refused.value.message_dict["purpose"] == [
        f"Maximaal {MAX_CONVENANT_TEXT} tekens; dit zijn er 1000000."
    ]


# --- the API ------------------------------------------------------------------------

API_FIELDS = [
    ("external_id",),
    ("description",),
    ("relevance",),
    ("non_verbal",),
    ("keywords", 0),
    ("persons", 0, "name"),
    ("persons", 0, "aliases", 0),
    ("persons", 0, "municipality"),
    ("reporter", "name"),
    ("reporter", "organisation"),
    ("reporter", "phone"),
]


def _set(body: dict, path: tuple, value: str) -> None:
    target: Any = body
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


def _errors_at(errors: Any, path: tuple) -> Any:
    for key in path:
        if isinstance(errors, dict):
            errors = errors[str(key)] if str(key) in errors else errors[key]
        elif isinstance(errors, list) and isinstance(key, int) and len(errors) > key:
            errors = errors[key]
    return errors


@pytest.mark.parametrize("char", BAD)
@pytest.mark.parametrize("path", API_FIELDS, ids=lambda p: ".".join(map(str, p)))
def test_the_api_refuses_the_character_as_a_field_error_and_stores_nothing(
    region, path, char
):
    _client, token = api_client_issue(organisation=region.gemeente, name="Meldpunt")
    body = copy.deepcopy(EXAMPLE)
    _set(body, path, f"Fictief{char}1")
    response = Client().post(
        "/api/v1/signals/",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )
    assert response.status_code == 400, response.content
    assert FORBIDDEN in json.dumps(
        _errors_at(response.json(), path), ensure_ascii=False
    )
    assert not Signal.objects.exists()


def test_the_api_refuses_an_over_long_description(region):
    _client, token = api_client_issue(organisation=region.gemeente, name="Meldpunt")
    body = {**copy.deepcopy(EXAMPLE), "description": "x" * (MAX_DESCRIPTION + 1)}
    response = Client().post(
        "/api/v1/signals/",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )
    assert response.status_code == 400
    assert "description" in response.json()
    assert not Signal.objects.exists()


# --- free text stays out of the audit trail --------------------------------------


def test_the_audit_entry_of_an_invitation_holds_no_typed_text(
    as_user, screener, dossier, region
):
    response = as_user(screener).post(
        dossier_url("invite", dossier),
        {"organisation": region.school.pk, "reason": "Fictieve Leerling Jansen"},
    )
    assert response.status_code == 302
    entry = AuditEvent.objects.filter(action="grant").latest("id")
    assert entry.reason.startswith("school")
    assert "Jansen" not in entry.reason
    assert not AuditEvent.objects.filter(reason__contains="Jansen").exists()
