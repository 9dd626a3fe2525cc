"""Forms of the instrument pages, the doorlaatverbod alert and the CoMensha report."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from classification.constants_risk import (
    MAX_CONSENT_REFERENCE,
    MAX_INSTRUMENT_ITEMS,
    MAX_INTERVENTION,
    MAX_ITEM_LABEL,
    MAX_ITEM_POINTS,
    MAX_THRESHOLD,
    ConsentBasis,
    InstrumentCategory,
)
from classification.models_instrument import InstrumentItem
from partners.forms import UtrechtFormMixin
from partners.text import LineField, MultilineField
from signals.models import Person


class ThresholdsForm(UtrechtFormMixin, forms.Form):
    threshold_groen = forms.IntegerField(
        label=_("Drempel groen (punten)"), min_value=0, max_value=MAX_THRESHOLD
    )
    threshold_oranje = forms.IntegerField(
        label=_("Drempel oranje (punten)"), min_value=0, max_value=MAX_THRESHOLD
    )
    threshold_rood = forms.IntegerField(
        label=_("Drempel rood (punten)"), min_value=0, max_value=MAX_THRESHOLD
    )


class ItemForm(UtrechtFormMixin, forms.Form):
    category = forms.ChoiceField(
        label=_("Categorie"), choices=InstrumentCategory.choices
    )
    label = LineField(label=_("Omschrijving"), max_length=MAX_ITEM_LABEL)
    points = forms.IntegerField(
        label=_("Punten"), min_value=0, max_value=MAX_ITEM_POINTS
    )
    order = forms.IntegerField(
        label=_("Volgorde"), min_value=0, max_value=32767, initial=0
    )
    source_code = forms.CharField(widget=forms.HiddenInput, required=False)


ItemFormSet = forms.formset_factory(
    ItemForm,
    extra=1,
    can_delete=True,
    max_num=MAX_INSTRUMENT_ITEMS,
    validate_max=True,
)


class AssessmentForm(UtrechtFormMixin, forms.Form):
    """One group of checkboxes per category of the version."""

    def __init__(self, *args: Any, items: list[InstrumentItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for category in InstrumentCategory:
            choices = [
                (item.pk, f"{item.label} ({item.points})")
                for item in items
                if item.category == category
            ]
            if choices:
                self.fields[f"cat_{category.value}"] = forms.TypedMultipleChoiceField(
                    label=category.label,
                    choices=choices,
                    coerce=int,
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                )

    def item_ids(self) -> list[int]:
        ids: list[int] = []
        for name, value in self.cleaned_data.items():
            if name.startswith("cat_"):
                ids.extend(value)
        return ids


class InterventionForm(UtrechtFormMixin, forms.Form):
    intervention = MultilineField(
        label=_("Genomen interventie"),
        max_length=MAX_INTERVENTION,
        help_text=_(
            "Wat is er gedaan om de minderjarige uit de (dreigende) uitbuiting te "
            "halen, door wie en wanneer."
        ),
    )


class PersonChoiceField(forms.ModelChoiceField[Person]):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class ComenshaForm(UtrechtFormMixin, forms.Form):
    person = PersonChoiceField(
        label=_("Vermoedelijk slachtoffer"),
        queryset=Person.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    consent_basis = forms.ChoiceField(
        label=_("Wie heeft de schriftelijke toestemming getekend?"),
        choices=[
            (ConsentBasis.PERSON, ConsentBasis.PERSON.label),
            (ConsentBasis.PARENT_OR_GUARDIAN, ConsentBasis.PARENT_OR_GUARDIAN.label),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    consent_reference = LineField(
        label=_("Vindplaats van de getekende toestemming"),
        max_length=MAX_CONSENT_REFERENCE,
        required=False,
        help_text=_(
            "Bijvoorbeeld het documentnummer in het dossiersysteem van uw "
            "organisatie. Het formulier zelf wordt hier niet opgeslagen."
        ),
    )

    def __init__(
        self, *args: Any, victims: list[Person], duty: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Person.objects.filter(pk__in=[p.pk for p in victims])
        if duty:
            # Police and investigative services report without consent.
            del self.fields["consent_basis"]
