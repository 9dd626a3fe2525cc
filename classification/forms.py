"""The screening page's forms; the services decide, the forms only read input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from classification.constants import (
    MAX_FEEDBACK,
    MAX_NOTE,
    MAX_RATIONALE,
    MAX_TEST_NOTE,
    Colour,
    PerpetratorOutcome,
    Result273f,
)
from partners.forms import UtrechtFormMixin
from partners.models import Organisation
from partners.text import MultilineField
from signals.models import Dossier


class StepForm(UtrechtFormMixin, forms.Form):
    """What onderzoeken or verifiëren did."""

    partners_asked = forms.ModelMultipleChoiceField(
        label=_("Partners bevraagd"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reporter_contacted = forms.BooleanField(
        label=_("Melder benaderd voor meer informatie"), required=False
    )
    home_contacted = forms.BooleanField(
        label=_("Thuissituatie benaderd"), required=False
    )
    note = MultilineField(
        label=_("Wat is er gedaan en gevonden"), max_length=MAX_NOTE, required=False
    )

    def __init__(self, *args: Any, perpetrator: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "stap")
        super().__init__(*args, **kwargs)
        partners = self.fields["partners_asked"]
        assert isinstance(partners, forms.ModelMultipleChoiceField)
        partners.queryset = Organisation.objects.convenant_valid().order_by("name")
        if perpetrator:
            # Not for meldingen about a perpetrator (docs/domain.md section 6).
            del self.fields["home_contacted"]


class SkipForm(UtrechtFormMixin, forms.Form):
    reason = MultilineField(
        label=_("Reden om deze fase over te slaan"), max_length=MAX_NOTE
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "overslaan")
        super().__init__(*args, **kwargs)


class ClassifyForm(UtrechtFormMixin, forms.Form):
    """Vaststellen: a colour with its rationale, on a new or an existing dossier."""

    colour = forms.ChoiceField(
        label=_("Kleur"), choices=Colour.choices, widget=forms.RadioSelect
    )
    rationale = MultilineField(label=_("Onderbouwing"), max_length=MAX_RATIONALE)
    dossier = forms.ModelChoiceField(
        label=_("Dossier"),
        queryset=Dossier.objects.none(),
        required=False,
        empty_label=_("Nieuw dossier (of het dossier waar de melding al in zit)"),
        help_text=_("Voeg de melding toe aan een dossier over dezelfde persoon."),
    )
    deviation_reason = MultilineField(
        label=_("Waarom wijkt u af van de suggestie van het instrument?"),
        max_length=MAX_RATIONALE,
        required=False,
        help_text=_("Verplicht als de gekozen kleur afwijkt van de suggestie."),
    )
    exploitation = forms.BooleanField(
        label=_("Uitbuiting of dreigende uitbuiting"),
        help_text=_(
            "Bij een minderjarige: politie, OM en de ketenregisseur worden direct "
            "gealarmeerd (doorlaatverbod)."
        ),
        required=False,
    )

    def __init__(self, *args: Any, candidates: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "vaststellen")
        super().__init__(*args, **kwargs)
        dossier = self.fields["dossier"]
        assert isinstance(dossier, forms.ModelChoiceField)
        if candidates is None:
            del self.fields["dossier"]
        else:
            dossier.queryset = candidates


class RecolourForm(UtrechtFormMixin, forms.Form):
    """Opschalen / afschalen of a classified dossier."""

    colour = forms.ChoiceField(
        label=_("Nieuwe kleur"), choices=Colour.choices, widget=forms.RadioSelect
    )
    rationale = MultilineField(label=_("Onderbouwing"), max_length=MAX_RATIONALE)
    withdraw_access = forms.BooleanField(
        label=_(
            "Bij afschalen: organisaties die door de vorige kleur deelnamen trekken zich terug"
        ),
        help_text=_(
            "Zonder vinkje houden zij hun toegang; dit besluit wordt vastgelegd."
        ),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "kleur")
        super().__init__(*args, **kwargs)


class FeedbackForm(UtrechtFormMixin, forms.Form):
    feedback = MultilineField(
        label=_("Terugkoppeling aan de melder"),
        max_length=MAX_FEEDBACK,
        help_text=_(
            "De melder en het meldpunt lezen deze tekst. Noem geen kleur, geen "
            "dossier en niets wat partners weten."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "terugkoppelen")
        super().__init__(*args, **kwargs)


class PerpetratorForm(UtrechtFormMixin, forms.Form):
    """Vaststellen of a melding about a possible perpetrator (no colour)."""

    outcome = forms.ChoiceField(
        label=_("Besluit"), choices=PerpetratorOutcome.choices, widget=forms.RadioSelect
    )
    rationale = MultilineField(label=_("Onderbouwing"), max_length=MAX_RATIONALE)
    dossier = forms.ModelChoiceField(
        label=_("Dossier"),
        queryset=Dossier.objects.none(),
        required=False,
        empty_label=_("Nieuw dossier (of het dossier waar de melding al in zit)"),
        help_text=_("Bundel de melding met een dossier over dezelfde persoon."),
    )

    def __init__(self, *args: Any, candidates: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "dader")
        super().__init__(*args, **kwargs)
        dossier = self.fields["dossier"]
        assert isinstance(dossier, forms.ModelChoiceField)
        if candidates is None:
            del self.fields["dossier"]
        else:
            dossier.queryset = candidates


class Answer273fForm(UtrechtFormMixin, forms.Form):
    """The OM's or the RCMP's answer to the art. 273f Sr test."""

    result = forms.ChoiceField(
        label=_("Uitkomst van de toetsing"),
        choices=Result273f.choices,
        widget=forms.RadioSelect,
    )
    note = MultilineField(
        label=_("Toelichting"),
        max_length=MAX_TEST_NOTE,
        required=False,
        help_text=_(
            "Alleen of vervolging mogelijk is, nooit de inhoud van een onderzoek."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "toetsing")
        super().__init__(*args, **kwargs)
