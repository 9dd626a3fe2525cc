"""Forms for the management pages. They check input; the services write."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partners.constants import Role
from partners.models import Convenant, Organisation, User
from partners.services import Participation
from partners.text import LineField, MultilineField

CONTACT_PERSON_ELSEWHERE = _(
    "De vaste contactpersoon moet bij deze organisatie werken."
)
END_BEFORE_START = _("De einddatum ligt vóór de begindatum.")
WITHDRAWN_NOT_AFTER_SIGNING = _("De uittreding moet na de ondertekening liggen.")

# The Utrecht checkbox is the custom one: the same box in every browser.
_CHECKBOX = "utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom"
_WIDGET_CLASSES: tuple[tuple[type[forms.Widget], str], ...] = (
    (forms.CheckboxSelectMultiple, _CHECKBOX),
    (forms.CheckboxInput, _CHECKBOX),
    (forms.RadioSelect, "utrecht-radio-button utrecht-radio-button--html-input"),
    (forms.Select, "utrecht-select utrecht-select--html-select"),
    (forms.Textarea, "utrecht-textarea"),
    (forms.widgets.Input, "utrecht-textbox utrecht-textbox--html-input"),
)


class UtrechtFormMixin:
    """Gives every widget the NL Design System class that styles it."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            for widget_class, css in _WIDGET_CLASSES:
                if isinstance(field.widget, widget_class):
                    field.widget.attrs.setdefault("class", css)
                    break


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def apply_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, on the field where it has one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            field = name if name in form.fields and name != NON_FIELD_ERRORS else None
            form.add_error(field, errors)
    else:
        form.add_error(None, error)


class UserChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.username})" if name else obj.username


# --- organisations ---------------------------------------------------------------


class OrganisationForm(UtrechtFormMixin, forms.ModelForm[Organisation]):
    contact_person = UserChoiceField(
        label=_("Vaste contactpersoon"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Een medewerker van deze organisatie."),
        error_messages={"invalid_choice": CONTACT_PERSON_ELSEWHERE},
    )

    class Meta:
        model = Organisation
        fields = ["name", "slug", "kind", "domain", "ring", "contact_person", "active"]
        # Free text under the text policy (partners.text); the model holds the limits.
        field_classes = {"name": LineField}
        error_messages = {
            "name": {"unique": _("Er is al een organisatie met deze naam.")},
            "slug": {
                "unique": _(
                    "Deze korte naam is al in gebruik bij een andere organisatie."
                )
            },
        }
        help_texts = {
            "slug": _("Kleine letters, cijfers en streepjes, bijvoorbeeld 'politie'."),
            "ring": _(
                "Kernteam: altijd aan tafel. Flexibele schil: alleen als een casus "
                "erom vraagt."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = self.instance
        if organisation.pk is None:
            # A new organisation has no staff yet to choose from.
            del self.fields["contact_person"]
            return
        field = self.fields["contact_person"]
        assert isinstance(field, UserChoiceField)
        # The current contact stays selectable even if deactivated since.
        field.queryset = User.objects.filter(
            Q(is_active=True) | Q(pk=organisation.contact_person_id or 0),
            organisation=organisation,
        ).order_by("last_name", "first_name", "username")


# --- users -----------------------------------------------------------------------


class UserForm(UtrechtFormMixin, forms.ModelForm[User]):
    roles = forms.MultipleChoiceField(
        label=_("Rollen"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = User
        fields = [
            "username",
            "first_name",
            "last_name",
            "email",
            "phone",
            "organisation",
            "is_active",
        ]
        field_classes = {
            "first_name": LineField,
            "last_name": LineField,
            "phone": LineField,
        }
        labels = {"is_active": _("Actief")}
        help_texts = {
            "username": _("Letters, cijfers en @ . + - _; ten hoogste 150 tekens."),
            "is_active": _(
                "Een gebruiker die niet actief is, kan niet inloggen; "
                "zijn sessies worden beëindigd."
            ),
        }

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        self.actor = actor
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = _(
            "Hierheen gaat de e-mail waarmee de gebruiker een wachtwoord instelt."
        )
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)
        organisation.queryset = Organisation.objects.filter(
            Q(active=True) | Q(pk=getattr(self.instance, "organisation_id", None) or 0)
        ).order_by("name")
        if self.instance.pk is not None:
            self.initial.setdefault("roles", sorted(self.instance.role_names))
        roles = self.fields["roles"]
        if self.instance.pk is not None and self.instance.pk == actor.pk:
            # A beheerder administers and does not read cases: her own roles are
            # not hers to change (a disabled field ignores whatever is posted).
            roles.disabled = True
            roles.help_text = _(
                "U kunt uw eigen rollen niet wijzigen; vraag dat een andere "
                "functioneel beheerder."
            )
        else:
            roles.help_text = _(
                "Screener en ketenregisseur lezen persoonsgegevens, en een functioneel "
                "beheerder bevestigt die rollen: zo'n rol gaat pas in als een tweede "
                "functioneel beheerder het voorstel bevestigt."
            )

    def clean_organisation(self) -> Organisation:
        organisation: Organisation = self.cleaned_data["organisation"]
        user = self.instance
        if user.pk is not None and organisation.pk != user.organisation_id:
            elsewhere = (
                Organisation.objects.filter(contact_person=user)
                .exclude(pk=organisation.pk)
                .first()
            )
            if elsewhere is not None:
                raise ValidationError(
                    _(
                        "Deze gebruiker is de vaste contactpersoon van %(name)s. "
                        "Wijs daar eerst een andere contactpersoon aan."
                    ),
                    params={"name": elsewhere.name},
                )
        return organisation

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        own = self.instance.pk is not None and self.instance.pk == self.actor.pk
        if own and cleaned.get("is_active") is False:
            self.add_error(
                "is_active", _("U kunt uw eigen account niet op inactief zetten.")
            )
        return cleaned


class UserFilterForm(UtrechtFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("Alle organisaties"),
    )
    text = LineField(
        label=_("Naam, gebruikersnaam of e-mail"), max_length=100, required=False
    )


# --- convenant -------------------------------------------------------------------


class ConvenantForm(UtrechtFormMixin, forms.ModelForm[Convenant]):
    class Meta:
        model = Convenant
        fields = ["title", "purpose", "target_group", "valid_from", "valid_until"]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "target_group": forms.Textarea(attrs={"rows": 2}),
            "valid_from": DateInput(),
            "valid_until": DateInput(),
        }
        field_classes = {
            "title": LineField,
            "purpose": MultilineField,
            "target_group": MultilineField,
        }
        help_texts = {
            "valid_until": _("Leeg laten als het convenant voor onbepaalde tijd geldt.")
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("valid_from"), cleaned.get("valid_until")
        if start and end and end < start:
            # On the field, rather than the model constraint's form-wide message.
            self.add_error("valid_until", END_BEFORE_START)
        return cleaned


class ParticipationForm(UtrechtFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"), queryset=Organisation.objects.order_by("name")
    )
    signed_on = forms.DateField(label=_("Ondertekend op"), widget=DateInput())
    withdrawn_on = forms.DateField(
        label=_("Uitgetreden op"), required=False, widget=DateInput()
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        signed, withdrawn = cleaned.get("signed_on"), cleaned.get("withdrawn_on")
        if signed and withdrawn and withdrawn <= signed:
            self.add_error("withdrawn_on", WITHDRAWN_NOT_AFTER_SIGNING)
        return cleaned


class BaseParticipationFormSet(forms.BaseFormSet[ParticipationForm]):
    def clean(self) -> None:
        seen: set[int] = set()
        for form in self.kept_forms():
            organisation = form.cleaned_data.get("organisation")
            if organisation is None:
                continue
            if organisation.pk in seen:
                form.add_error(
                    "organisation",
                    _("%(name)s staat al eerder in de lijst van deelnemers.")
                    % {"name": organisation.name},
                )
            seen.add(organisation.pk)

    def add_fields(self, form: ParticipationForm, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            delete = form.fields["DELETE"]
            delete.label = _("Uit de lijst halen")
            delete.help_text = _("De organisatie krijgt dan een uittredingsdatum.")
            delete.widget.attrs["class"] = (
                "utrecht-checkbox utrecht-checkbox--html-input"
            )

    def kept_forms(self) -> list[ParticipationForm]:
        """Filled-in rows that are not marked for removal."""
        kept = []
        for index, form in enumerate(self.forms):
            if index >= self.initial_form_count() and not form.has_changed():
                continue
            if self.can_delete and form.cleaned_data.get("DELETE"):
                continue
            kept.append(form)
        return kept

    def participations(self) -> list[Participation]:
        return [
            Participation(
                organisation=form.cleaned_data["organisation"],
                signed_on=form.cleaned_data["signed_on"],
                withdrawn_on=form.cleaned_data.get("withdrawn_on"),
            )
            for form in self.kept_forms()
            if form.cleaned_data.get("organisation")
        ]


# One form to add a participant below the table of those who signed.
ParticipationFormSet = cast(
    type[BaseParticipationFormSet],
    forms.formset_factory(
        ParticipationForm, formset=BaseParticipationFormSet, extra=1, can_delete=True
    ),
)
