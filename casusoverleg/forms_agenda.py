"""The agenda's forms; the services decide, the forms only read input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from casusoverleg.constants import MAX_ITEM_MINUTES, MAX_LINE, MAX_SKETCH
from partners.forms import UtrechtFormMixin
from partners.models import Organisation
from partners.text import LineField, MultilineField

DURATION_ERROR = _("Geef een duur van 1 tot %(max)d minuten.") % {
    "max": MAX_ITEM_MINUTES
}


class DurationForm(UtrechtFormMixin, forms.Form):
    planned_minutes = forms.IntegerField(
        label=_("Geplande duur (minuten)"),
        min_value=1,
        max_value=MAX_ITEM_MINUTES,
        error_messages={
            "required": DURATION_ERROR,
            "invalid": DURATION_ERROR,
            "min_value": DURATION_ERROR,
            "max_value": DURATION_ERROR,
        },
    )

    def __init__(self, *args: Any, item_id: int, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"duur-{item_id}")
        super().__init__(*args, **kwargs)
        self.fields["planned_minutes"].widget.attrs.update(
            {"inputmode": "numeric", "class": "utrecht-textbox app-agenda__minutes"}
        )


class AddDossierForm(UtrechtFormMixin, forms.Form):
    reference = LineField(
        label=_("Dossierkenmerk"),
        max_length=MAX_LINE,
        help_text=_("Bijvoorbeeld DOS-2026-000123."),
        error_messages={"required": _("Vul het kenmerk van het dossier in.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "toevoegen")
        super().__init__(*args, **kwargs)


class SketchForm(UtrechtFormMixin, forms.Form):
    background = MultilineField(
        label=_("Achtergrond"), max_length=MAX_SKETCH, required=False
    )
    open_actions = MultilineField(
        label=_("Openstaande acties"), max_length=MAX_SKETCH, required=False
    )
    questions = MultilineField(
        label=_("Vragen aan het overleg"), max_length=MAX_SKETCH, required=False
    )
    proposed_interventions = MultilineField(
        label=_("Voorgestelde interventies"), max_length=MAX_SKETCH, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "schets")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("rows", "4")


class InviteForm(UtrechtFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisatie uit de flexibele schil"),
        queryset=Organisation.objects.none(),
        error_messages={
            "required": _("Kies de organisatie die u uitnodigt."),
            "invalid_choice": _("Kies een organisatie uit de lijst."),
        },
    )

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "uitnodigen")
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        if organisations is not None:
            field.queryset = organisations
