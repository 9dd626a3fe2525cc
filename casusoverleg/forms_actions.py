"""The action page's form: progress and outcome of an intervention. The service
decides (a reason for niet mogelijk / niet uitgevoerd); the form only reads."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from casusoverleg.constants import MAX_NOTE
from casusoverleg.selectors.actions import PROGRESS_STATUSES, REASON_STATUSES
from casusoverleg.services.actions import REASON_REQUIRED
from partners.forms import UtrechtFormMixin
from partners.text import MultilineField


class ProgressForm(UtrechtFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Stand van zaken"),
        choices=[(s.value, s.label) for s in PROGRESS_STATUSES],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies de stand van zaken.")},
    )
    note = MultilineField(
        label=_("Toelichting"),
        max_length=MAX_NOTE,
        required=False,
        help_text=_(
            "Verplicht bij ‘niet mogelijk’ en ‘niet uitgevoerd’: het volgende "
            "casusoverleg leest waarom."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    outcome = MultilineField(
        label=_("Resultaat"),
        max_length=MAX_NOTE,
        required=False,
        help_text=_("Wat heeft de actie opgeleverd? Vervangt het vorige resultaat."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "voortgang")
        super().__init__(*args, **kwargs)
        # Sent with niet mogelijk / niet uitgevoerd, the reason is required: the
        # page then no longer calls it "niet verplicht" (the service decides too).
        if self.is_bound and self.data.get(self.add_prefix("status")) in (
            REASON_STATUSES
        ):
            note = self.fields["note"]
            note.required = True
            note.error_messages["required"] = REASON_REQUIRED
