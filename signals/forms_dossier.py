"""Forms for dossiers, veredelen, stacking and search. They parse what a person typed;
the services check every domain rule, and their errors are put back on these fields
(``partners.forms.apply_service_error``)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from partners.forms import UtrechtFormMixin
from partners.models import Organisation, User
from partners.text import LineField, MultilineField
from signals import messages as msg
from signals.constants import MAX_TEXT, DossierStatus, PersonRole
from signals.forms import SharingFields
from signals.models import Person
from signals.selectors.search import MAX_QUERY_LENGTH

# DOS-<year>-<number>, as Dossier.reference writes it.
REFERENCE = re.compile(r"^DOS-(?P<year>\d{4})-(?P<pk>\d{1,12})$", re.IGNORECASE)


class UserChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        name = obj.get_full_name() or obj.username
        return f"{name} ({obj.organisation.name})"


class DossierStatusForm(UtrechtFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=DossierStatus.choices,
        error_messages={"invalid_choice": _("Kies een bestaande status.")},
    )


class CasemanagerForm(UtrechtFormMixin, forms.Form):
    casemanager = UserChoiceField(
        label=_("Casemanager"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("– geen casemanager –"),
        help_text=_(
            "Een medewerker van een organisatie die aan dit dossier deelneemt."
        ),
        error_messages={
            "invalid_choice": _(
                "Kies een medewerker van een organisatie die aan dit dossier deelneemt."
            )
        },
    )

    def __init__(self, *args: Any, candidates: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["casemanager"]
        assert isinstance(field, UserChoiceField)
        field.queryset = candidates


class InviteForm(UtrechtFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisation.objects.none(),
        empty_label=_("– kies –"),
        help_text=_(
            "Alleen actieve organisaties met een geldig convenant die nog niet "
            "deelnemen."
        ),
        error_messages={
            "required": _("Kies een organisatie."),
            "invalid_choice": _(
                "Deze organisatie kan niet (meer) worden uitgenodigd; kies een andere."
            ),
        },
    )

    def __init__(
        self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations


class WithdrawForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        error_messages={
            "required": _("Kies een organisatie."),
            "invalid_choice": _("Deze organisatie neemt niet (meer) deel."),
        },
    )

    def __init__(
        self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations


class EnrichmentAskForm(UtrechtFormMixin, forms.Form):
    # The same words as enrichment_ask uses, so one problem reads as one message.
    organisations = forms.ModelMultipleChoiceField(
        label=_("Aan welke organisaties?"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": msg.CHOOSE_ORGANISATIONS,
            "invalid_choice": _(
                "Deze organisatie kan geen vraag krijgen (geen geldig convenant)."
            ),
        },
    )
    reason = MultilineField(
        label=_("Waarom wordt dit dossier ingebracht?"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": msg.EXPLAIN_REASON},
    )
    question = MultilineField(
        label=_("Vraag"),
        help_text=_("Welke informatie vraagt u van deze partners?"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": msg.ASK_QUESTION},
    )

    def __init__(
        self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisations"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = organisations


class EnrichmentAnswerForm(UtrechtFormMixin, SharingFields):
    answer = MultilineField(
        label=_("Antwoord"),
        help_text=_(
            "Wat uw organisatie weet en wil delen. Weet u niets, kies dan "
            "'Geen informatie beschikbaar'."
        ),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": msg.ANSWER_OR_NOTHING},
    )

    def __init__(
        self,
        *args: Any,
        participants: Iterable[Organisation] = (),
        no_information: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # "Geen informatie beschikbaar" is sent with an empty answer; whether both
        # were given is enrichment_answer's to say.
        self.fields["answer"].required = not no_information
        # The answer can reach the dossier's other participants only.
        self.set_sharing_choices(participants)


def parse_dossier_key(value: str) -> tuple[str, Any] | None:
    """A dossier as a person names it: its reference or its uuid.

    Returns ("pk", (year, pk)) or ("uuid", UUID), or None when it is neither.
    """
    value = value.strip()
    match = REFERENCE.match(value)
    if match:
        return "pk", (int(match["year"]), int(match["pk"]))
    try:
        return "uuid", uuid.UUID(value)
    except ValueError:
        return None


class AddSignalForm(UtrechtFormMixin, forms.Form):
    signal = forms.UUIDField(widget=forms.HiddenInput)
    dossier = LineField(
        label=_("Dossierreferentie"),
        help_text=_("Bijvoorbeeld DOS-2026-000123."),
        max_length=60,
        error_messages={"required": _("Vul een dossierreferentie in.")},
    )

    def clean_dossier(self) -> tuple[str, Any]:
        key = parse_dossier_key(str(self.cleaned_data["dossier"]))
        if key is None:
            raise forms.ValidationError(
                _("Vul een dossierreferentie in zoals DOS-2026-000123.")
            )
        return key


class StackingDecisionForm(forms.Form):
    CONFIRM = "confirm"
    REJECT = "reject"
    NEW = "new"

    mention = forms.IntegerField(min_value=1)
    person = forms.IntegerField(min_value=1, required=False)
    decision = forms.ChoiceField(
        choices=[(CONFIRM, CONFIRM), (REJECT, REJECT), (NEW, NEW)]
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") in (self.CONFIRM, self.REJECT) and not cleaned.get(
            "person"
        ):
            self.add_error("person", _("Kies een persoon."))
        return cleaned


class PersonLinkForm(UtrechtFormMixin, forms.Form):
    """Two of the signal's confirmed persons and their roles: the koppeling.

    Only the persons confirmed in this signal can be chosen, because the link is
    supported by what this signal says about both.
    """

    NOT_IN_SIGNAL = _("Kies een persoon die in dit signaal als persoon is bevestigd.")
    ROLE_CHOICES = [("", _("– kies een rol –")), *PersonRole.choices]

    person = forms.TypedChoiceField(
        label=_("Persoon A"),
        coerce=int,
        error_messages={
            "required": _("Kies persoon A."),
            "invalid_choice": NOT_IN_SIGNAL,
        },
    )
    role = forms.ChoiceField(
        label=_("Rol van persoon A"),
        choices=ROLE_CHOICES,
        error_messages={
            "required": _("Kies een rol."),
            "invalid_choice": _("Kies een rol."),
        },
    )
    other = forms.TypedChoiceField(
        label=_("Persoon B"),
        coerce=int,
        error_messages={
            "required": _("Kies persoon B."),
            "invalid_choice": NOT_IN_SIGNAL,
        },
    )
    other_role = forms.ChoiceField(
        label=_("Rol van persoon B"),
        choices=ROLE_CHOICES,
        error_messages={
            "required": _("Kies een rol."),
            "invalid_choice": _("Kies een rol."),
        },
    )

    def __init__(self, *args: Any, persons: list[Person], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "link_%s")
        super().__init__(*args, **kwargs)
        self.persons = {person.pk: person for person in persons}
        choices = [("", _("– kies een persoon –"))] + [
            (person.pk, self.label(person)) for person in persons
        ]
        for name in ("person", "other"):
            field = self.fields[name]
            assert isinstance(field, forms.TypedChoiceField)
            field.choices = choices

    @staticmethod
    def label(person: Person) -> str:
        aliases = ", ".join(person.aliases or [])
        return f"{person} ({aliases})" if person.name and aliases else str(person)

    def clean_person(self) -> Person:
        return self.persons[self.cleaned_data["person"]]

    def clean_other(self) -> Person:
        return self.persons[self.cleaned_data["other"]]


class SearchForm(UtrechtFormMixin, forms.Form):
    q = LineField(
        label=_("Zoekterm"),
        help_text=_(
            "Woorden uit een signaal, een naam, bijnaam of account. U ziet alleen "
            "wat u mag inzien."
        ),
        max_length=MAX_QUERY_LENGTH,
        error_messages={"required": _("Vul een zoekterm in.")},
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class DossierListFilterForm(UtrechtFormMixin, forms.Form):
    """The filters, search and order of the dossier list (a GET form). A value it
    does not know is ignored, never an error: the list then shows unfiltered."""

    CASEMANAGER_CHOICES = [
        ("", _("Iedereen")),
        ("ik", _("Ik")),
        ("geen", _("Nog niet toegewezen")),
    ]
    OWNER_CHOICES = [("", _("Alle eigenaren")), ("eigen", _("Mijn organisatie"))]
    OPEN_CHOICES = [
        ("", _("Met en zonder")),
        ("ja", _("Met open vragen")),
        ("nee", _("Zonder open vragen")),
    ]
    CHANGED_CHOICES = [
        ("", _("Altijd")),
        ("7", _("Afgelopen 7 dagen")),
        ("30", _("Afgelopen 30 dagen")),
        ("90", _("Afgelopen 90 dagen")),
    ]
    SORT_CHOICES = [
        ("", _("Laatst bijgewerkt eerst")),
        ("oudst", _("Langst niet bijgewerkt eerst")),
        ("open", _("Meeste open vragen eerst")),
        ("nieuw", _("Nieuwste dossier eerst")),
    ]

    q = LineField(
        label=_("Referentie, eigenaar of casemanager"),
        widget=forms.TextInput(attrs={"type": "search"}),
        max_length=MAX_QUERY_LENGTH,
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Alle statussen")), *DossierStatus.choices],
        required=False,
    )
    casemanager = forms.ChoiceField(
        label=_("Casemanager"), choices=CASEMANAGER_CHOICES, required=False
    )
    eigenaar = forms.ChoiceField(
        label=_("Eigenaar"), choices=OWNER_CHOICES, required=False
    )
    open = forms.ChoiceField(
        label=_("Open vragen"), choices=OPEN_CHOICES, required=False
    )
    bijgewerkt = forms.ChoiceField(
        label=_("Laatst bijgewerkt"), choices=CHANGED_CHOICES, required=False
    )
    volgorde = forms.ChoiceField(
        label=_("Volgorde"), choices=SORT_CHOICES, required=False
    )

    def filters(self) -> dict[str, str]:
        """The valid, non-empty values by field name; an invalid one is dropped."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            name: str(cleaned[name]).strip()
            for name in self.fields
            if name not in self.errors and str(cleaned.get(name) or "").strip()
        }
