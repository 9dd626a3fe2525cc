"""Forms for entering a signal. They parse what a person typed; signal_create checks
every domain rule and writes, and its errors are put back on these fields."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundWidget
from django.forms.utils import ErrorDict, ErrorList
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from partners.forms import DateInput, UtrechtFormMixin
from partners.models import Organisation
from partners.text import LineField, MultilineField
from signals import messages as msg
from signals.constants import (
    MAX_AGE,
    MAX_DESCRIPTION,
    MAX_MUNICIPALITY,
    MAX_NAME,
    MAX_PERSONS,
    MAX_PHONE,
    MAX_REASON,
    MAX_TEXT,
    Gender,
    IndicatorGroup,
    IndicatorList,
    Kind,
    PersonRole,
    Sharing,
    Source,
    SubjectRole,
)
from signals.models import Indicator, Signal
from signals.services import (
    PersonInput,
    SignalCorrection,
    SignalInput,
    observed_at_problem,
)


# The same words as the service uses (signals.messages), so a person reads one
# message for one problem; free text follows the text policy (partners.text).
def _age_out_of_range() -> str:
    return str(msg.AGE_OUT_OF_RANGE) % {"max": MAX_AGE}


AGE_OUT_OF_RANGE = lazy(_age_out_of_range, str)()

KIND_HELP = {
    Kind.REGULAR: _(
        "Gaat via veredeling (informatie van partners) naar het casusoverleg."
    ),
    Kind.URGENT: _(
        "Direct bilateraal oppakken; achteraf, met uw toestemming, gedeeld in "
        "het casusoverleg."
    ),
    Kind.TREND: _(
        "Een verschijnsel, niet een persoon: besproken in het casusoverleg. "
        "Vul dan geen personen in."
    ),
}


def _blank(choices: Iterable[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", _("– kies –")), *choices]


def split_commas(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class KindSelect(forms.RadioSelect):
    """Radio buttons; the template draws each with the explanation of its kind."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            attrs={"class": "utrecht-radio-button utrecht-radio-button--html-input"}
            | (attrs or {})
        )

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        # Each radio button is described by the explanation beside it.
        option_id = option["attrs"].get("id")
        if option_id:
            option["attrs"]["aria-describedby"] = f"{option_id}_help"
        return option


@dataclass
class IndicatorGroupOptions:
    label: str
    options: list[BoundWidget]
    # Ticked in the form as shown: the group's disclosure opens with them.
    checked: int = 0


@dataclass
class IndicatorSection:
    label: str
    help_text: str
    groups: list[IndicatorGroupOptions]


class SharingFields(forms.Form):
    """Who inside a dossier reads a contribution (docs/domain.md section 9): every
    participant, or only the organisations ticked. The service checks the choice
    against the organisations it may be shared with."""

    sharing = forms.ChoiceField(
        label=_("Delen binnen het dossier"),
        help_text=_(
            "Het screeningsteam en de ketenregisseur zien het altijd. Deel zorg- of "
            "opsporingsinformatie alleen met wie het nodig heeft."
        ),
        choices=Sharing.choices,
        initial=Sharing.PARTICIPANTS,
        # Left out, as by a form from before this choice existed: every
        # participant, as it always was.
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": msg.CHOOSE_SHARING},
    )
    shared_with = forms.MultipleChoiceField(
        label=_("De organisaties die ik aanvink"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": msg.CANNOT_SHARE_WITH},
    )

    def clean_sharing(self) -> str:
        return str(self.cleaned_data.get("sharing") or Sharing.PARTICIPANTS)

    def set_sharing_choices(self, organisations: Iterable[Organisation]) -> None:
        cast(forms.ChoiceField, self.fields["shared_with"]).choices = [
            (organisation.slug, organisation.name) for organisation in organisations
        ]


class SignalSharingForm(UtrechtFormMixin, SharingFields):
    """The owner changes who inside a dossier reads its signal."""

    def __init__(self, *args: Any, owner_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A change fails closed: a post without a choice widens nothing (it would
        # otherwise read as "every participant").
        sharing = self.fields["sharing"]
        sharing.required = True
        sharing.error_messages["required"] = msg.CHOOSE_SHARING
        self.set_sharing_choices(
            Organisation.objects.filter(active=True)
            .exclude(pk=owner_id)
            .order_by("name")
        )


class SignalForm(UtrechtFormMixin, SharingFields):
    observed_at = forms.DateTimeField(
        label=_("Waargenomen op"),
        help_text=_("Wanneer is het gezien of gehoord?"),
        widget=DateTimeLocalInput(),
    )
    description = MultilineField(
        label=_("Gebeurtenis"),
        help_text=_(
            "Wat is er gebeurd of gezegd? Feitelijk; kleine feiten tellen ook."
        ),
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": msg.DESCRIBE_EVENT,
        },
    )
    relevance = MultilineField(
        label=_("Relevantie"),
        help_text=_("Waarom baart dit zorgen?"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    non_verbal = MultilineField(
        label=_("Non-verbale uitingen"),
        help_text=_("Bijvoorbeeld angst, verwarring, schaamte."),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    subject_role = forms.ChoiceField(
        label=_("Over wie gaat het signaal?"),
        choices=_blank(SubjectRole.choices),
        error_messages={"required": _("Kies over wie het signaal gaat.")},
    )
    kind = forms.ChoiceField(
        label=_("Soort signaal"),
        choices=Kind.choices,
        initial=Kind.REGULAR,
        widget=KindSelect,
        error_messages={"required": _("Kies de soort signaal.")},
    )
    source = forms.ChoiceField(
        label=_("Bron"),
        help_text=_("Waar komt het signaal vandaan?"),
        choices=_blank(Source.choices),
        error_messages={"required": _("Kies de bron.")},
    )
    keywords = LineField(
        label=_("Steekwoorden"),
        help_text=_("Gescheiden door komma's, bijvoorbeeld: station, dure telefoon."),
        max_length=MAX_TEXT,
        required=False,
    )
    indicators = forms.MultipleChoiceField(
        label=_("Indicatoren"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    passed_on_to = forms.MultipleChoiceField(
        label=_("Al doorgegeven aan"),
        help_text=_("Aan welke organisaties heeft u dit signaal al doorgegeven?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reporter_anonymous = forms.BooleanField(
        label=_("De melder wil anoniem blijven"),
        help_text=_("Vul dan geen naam, telefoonnummer of e-mailadres in."),
        required=False,
    )
    reporter_name = LineField(
        label=_("Naam melder"),
        max_length=MAX_NAME,
        required=False,
    )
    reporter_organisation = LineField(
        label=_("Organisatie melder"),
        max_length=MAX_NAME,
        required=False,
    )
    reporter_phone = LineField(
        label=_("Telefoon melder"),
        max_length=MAX_PHONE,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    reporter_email = forms.EmailField(
        label=_("E-mail melder"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def __init__(
        self, *args: Any, owner: Organisation, quiet: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.quiet = quiet
        self._indicators = list(
            Indicator.objects.filter(active=True).order_by("order", "code")
        )
        cast(forms.ChoiceField, self.fields["indicators"]).choices = [
            (indicator.code, indicator.label) for indicator in self._indicators
        ]
        # Passing a signal on to one's own organisation is not passing it on.
        organisations = list(
            Organisation.objects.filter(active=True)
            .exclude(pk=owner.pk)
            .order_by("name")
        )
        cast(forms.ChoiceField, self.fields["passed_on_to"]).choices = [
            (organisation.slug, organisation.name) for organisation in organisations
        ]
        self.set_sharing_choices(organisations)

    @property
    def errors(self) -> ErrorDict:
        # While a person is added the half-filled form is shown again without errors.
        if self.quiet:
            return ErrorDict()
        return super().errors

    def clean_observed_at(self) -> Any:
        return _clean_observed_at(self.cleaned_data["observed_at"])

    def kind_options(self) -> list[tuple[BoundWidget, str]]:
        return [
            (option, str(KIND_HELP[Kind(option.data["value"])]))
            for option in self["kind"].subwidgets
        ]

    def indicator_sections(self) -> list[IndicatorSection]:
        """The checkboxes in one fieldset per group, the victim list first."""
        by_code = {option.data["value"]: option for option in self["indicators"]}
        sections = []
        for list_value, help_text in (
            (
                IndicatorList.SIGNALENLIJST,
                _("Bij een (mogelijk) slachtoffer (bijlage 2 van de handreiking)."),
            ),
            (
                IndicatorList.LOVERBOY_CHECKLIST,
                _("Bij een (mogelijke) dader (bijlage 1 van de handreiking)."),
            ),
        ):
            groups = []
            for group in IndicatorGroup:
                options = [
                    by_code[indicator.code]
                    for indicator in self._indicators
                    if indicator.list == list_value and indicator.group == group
                ]
                if options:
                    checked = sum(1 for option in options if option.data["selected"])
                    groups.append(
                        IndicatorGroupOptions(str(group.label), options, checked)
                    )
            if groups:
                sections.append(
                    IndicatorSection(str(list_value.label), str(help_text), groups)
                )
        return sections

    def to_input(self, persons: list[PersonInput]) -> SignalInput:
        data = self.cleaned_data
        return SignalInput(
            observed_at=data["observed_at"],
            description=data["description"],
            subject_role=data["subject_role"],
            kind=data["kind"],
            source=data["source"],
            relevance=data["relevance"],
            non_verbal=data["non_verbal"],
            keywords=split_commas(data["keywords"]),
            indicator_codes=list(data["indicators"]),
            passed_on_to=list(data["passed_on_to"]),
            persons=persons,
            reporter_anonymous=data["reporter_anonymous"],
            reporter_name=data["reporter_name"],
            reporter_organisation=data["reporter_organisation"],
            reporter_phone=data["reporter_phone"],
            reporter_email=data["reporter_email"],
            sharing=data["sharing"],
            shared_with=list(data["shared_with"]),
        )


def _clean_observed_at(value: Any) -> Any:
    # The bound of the service and the API (signals.services.observed_at_problem).
    problem = observed_at_problem(value) if value is not None else None
    if problem:
        raise ValidationError(problem)
    return value


class SignalCorrectionForm(UtrechtFormMixin, forms.Form):
    """The owner corrects what was observed; the service keeps the old values."""

    observed_at = forms.DateTimeField(
        label=_("Waargenomen op"), widget=DateTimeLocalInput()
    )
    description = MultilineField(
        label=_("Gebeurtenis"),
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": msg.DESCRIBE_EVENT},
    )
    relevance = MultilineField(
        label=_("Relevantie"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    non_verbal = MultilineField(
        label=_("Non-verbale uitingen"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    subject_role = forms.ChoiceField(
        label=_("Over wie gaat het signaal?"),
        choices=_blank(SubjectRole.choices),
        error_messages={"required": _("Kies over wie het signaal gaat.")},
    )
    source = forms.ChoiceField(
        label=_("Bron"),
        choices=_blank(Source.choices),
        error_messages={"required": _("Kies de bron.")},
    )
    keywords = LineField(
        label=_("Steekwoorden"),
        help_text=_("Gescheiden door komma's."),
        max_length=MAX_TEXT,
        required=False,
    )
    reason = MultilineField(
        label=_("Reden van de correctie"),
        help_text=_("Wat klopte er niet? Iedereen die het signaal leest, ziet dit."),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": msg.GIVE_REASON_CORRECTION},
    )

    @classmethod
    def for_signal(cls, signal: Signal) -> SignalCorrectionForm:
        return cls(
            initial={
                "observed_at": timezone.localtime(signal.observed_at),
                "description": signal.description,
                "relevance": signal.relevance,
                "non_verbal": signal.non_verbal,
                "subject_role": signal.subject_role,
                "source": signal.source,
                "keywords": ", ".join(signal.keywords),
            },
            prefix="correctie",
        )

    def to_correction(self) -> SignalCorrection:
        data = self.cleaned_data
        return SignalCorrection(
            observed_at=data["observed_at"],
            description=data["description"],
            relevance=data["relevance"],
            non_verbal=data["non_verbal"],
            subject_role=data["subject_role"],
            source=data["source"],
            keywords=split_commas(data["keywords"]),
        )


class SignalWithdrawForm(UtrechtFormMixin, forms.Form):
    reason = MultilineField(
        label=_("Reden van intrekken"),
        help_text=_(
            "Iedereen die het signaal leest, ziet dat het is ingetrokken en waarom."
        ),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": msg.GIVE_REASON_WITHDRAWAL},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="intrekken", **kwargs)


class PersonForm(UtrechtFormMixin, forms.Form):
    role = forms.ChoiceField(
        label=_("Rol"),
        choices=_blank(PersonRole.choices),
        error_messages={"required": msg.CHOOSE_ROLE},
    )
    name = LineField(
        label=_("Naam"),
        help_text=_("Of roepnaam, als de volledige naam niet bekend is."),
        max_length=MAX_NAME,
        required=False,
    )
    aliases = LineField(
        label=_("Bijnamen en accounts"),
        help_text=_("Gescheiden door komma's, bijvoorbeeld een Snapchat-naam."),
        max_length=MAX_TEXT,
        required=False,
    )
    date_of_birth = forms.DateField(
        label=_("Geboortedatum"), required=False, widget=DateInput()
    )
    estimated_age = forms.IntegerField(
        label=_("Geschatte leeftijd"),
        help_text=_("Als de geboortedatum niet bekend is."),
        min_value=0,
        max_value=MAX_AGE,
        required=False,
        error_messages={"min_value": AGE_OUT_OF_RANGE, "max_value": AGE_OUT_OF_RANGE},
    )
    gender = forms.ChoiceField(
        label=_("Geslacht"), choices=_blank(Gender.choices), required=False
    )
    municipality = LineField(
        label=_("Woonplaats"),
        max_length=MAX_MUNICIPALITY,
        required=False,
    )

    def __init__(self, *args: Any, quiet: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.quiet = quiet

    @property
    def errors(self) -> ErrorDict:
        if self.quiet:
            return ErrorDict()
        return super().errors

    def to_input(self) -> PersonInput:
        data = self.cleaned_data
        return PersonInput(
            role=data["role"],
            name=data["name"],
            aliases=split_commas(data["aliases"]),
            date_of_birth=data["date_of_birth"],
            estimated_age=data["estimated_age"],
            gender=data["gender"],
            municipality=data["municipality"],
        )


class BasePersonFormSet(forms.BaseFormSet[PersonForm]):
    def __init__(self, *args: Any, quiet: bool = False, **kwargs: Any) -> None:
        self.quiet = quiet
        self.service_errors: list[str] = []
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "quiet": self.quiet}

    def filled_forms(self) -> list[PersonForm]:
        """The persons to store: a person form left empty is not a person."""
        return [form for form in self.forms if form.has_changed()]

    def persons(self) -> list[PersonInput]:
        return [form.to_input() for form in self.filled_forms()]

    def non_form_errors(self) -> ErrorList:
        if self.quiet:
            return self.error_class()
        return self.error_class([*super().non_form_errors(), *self.service_errors])

    def has_errors(self) -> bool:
        return bool(self.non_form_errors()) or any(form.errors for form in self.forms)


PersonFormSet = cast(
    type[BasePersonFormSet],
    forms.formset_factory(
        PersonForm,
        formset=BasePersonFormSet,
        extra=1,
        max_num=MAX_PERSONS,
        absolute_max=MAX_PERSONS,
        validate_max=True,
    ),
)
PERSONS_PREFIX = "persons"


def apply_signal_errors(
    error: ValidationError, form: SignalForm, formset: BasePersonFormSet
) -> None:
    """Put the service's errors where they belong.

    Keys are field names, ``persons`` for the list as a whole, and
    ``persons.<index>.<field>`` where the index counts the filled-in persons only.
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    filled = formset.filled_forms()
    for key, errors in error.error_dict.items():
        messages = [message for item in errors for message in item.messages]
        if key == "persons":
            formset.service_errors.extend(messages)
            continue
        if key.startswith("persons."):
            _prefix, position, name = key.split(".", 2)
            index = int(position)
            person = filled[index] if index < len(filled) else None
            if person is not None and name in person.fields:
                person.add_error(name, messages)
            else:
                formset.service_errors.extend(messages)
            continue
        if key == "reporter":
            key = "reporter_anonymous"
        form.add_error(key if key in form.fields else None, messages)
