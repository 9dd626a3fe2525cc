"""Forms of the casusoverleg's meeting pages. They read input; the services in
``casusoverleg.services.meeting`` decide (and give the Dutch errors of the rules)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casusoverleg.constants import (
    MAX_DECISION,
    MAX_LINE,
    MAX_NOTE,
    AttendanceKind,
    InterventionKind,
    Prosecution,
)
from casusoverleg.models import AgendaItem, Attendance, Intervention
from partners.constants import Role
from partners.forms import (
    DateInput,
    UserChoiceField,
    UtrechtFormMixin,
    apply_service_error,
)
from partners.models import Organisation, User
from partners.text import LineField, MultilineField, validate_line
from signals.forms import SharingFields


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


class PersonChoiceField(UserChoiceField):
    """A person with their organisation: the lists hold people of several."""

    def label_from_instance(self, obj: User) -> str:
        name = obj.get_full_name() or obj.username
        return f"{name} – {obj.organisation.name}"


def apply_errors(
    form: forms.BaseForm, error: ValidationError, aliases: dict[str, str] | None = None
) -> None:
    """A service's errors on the form, a service field shown on its form field."""
    if aliases and hasattr(error, "error_dict"):
        error = ValidationError(
            {
                aliases.get(name, name): errors
                for name, errors in error.error_dict.items()
            }
        )
    apply_service_error(form, error)


def ketenregisseurs() -> QuerySet[User]:
    return (
        User.objects.filter(
            is_active=True,
            groups__name=f"rol:{Role.KETENREGISSEUR}",
            organisation__in=Organisation.objects.convenant_valid(),
        )
        .select_related("organisation")
        .order_by("last_name", "first_name", "username")
        .distinct()
    )


class MeetingForm(UtrechtFormMixin, forms.Form):
    """Schedule a casusoverleg, or change the plan before it starts."""

    date = forms.DateField(
        label=_("Datum"),
        widget=DateInput(),
        error_messages={
            "required": _("Vul de datum in."),
            "invalid": _("Vul een geldige datum in."),
        },
    )
    time = forms.TimeField(
        label=_("Aanvang"),
        widget=TimeInput(),
        error_messages={
            "required": _("Vul de aanvangstijd in."),
            "invalid": _("Vul een geldige tijd in, bijvoorbeeld 13:30."),
        },
    )
    place = LineField(
        label=_("Plaats"),
        max_length=MAX_LINE,
        required=False,
        help_text=_("Adres en zaal; of laat leeg bij alleen een videoverbinding."),
    )
    video_link = forms.URLField(
        label=_("Videoverbinding"),
        max_length=500,
        required=False,
        assume_scheme="https",
        validators=[validate_line],
        help_text=_("Een https-link naar de beveiligde vergaderomgeving."),
        error_messages={"invalid": _("Vul een geldige link in (https://…).")},
    )
    chair = UserChoiceField(
        label=_("Voorzitter"),
        queryset=User.objects.none(),
        empty_label=_("Kies de voorzitter"),
        help_text=_("Een ketenregisseur."),
        error_messages={
            "required": _("Kies de voorzitter."),
            "invalid_choice": _("De voorzitter is een ketenregisseur."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "overleg")
        super().__init__(*args, **kwargs)
        chair = self.fields["chair"]
        assert isinstance(chair, UserChoiceField)
        chair.queryset = ketenregisseurs()

    def starts_at(self) -> datetime.datetime | None:
        date = self.cleaned_data.get("date")
        time = self.cleaned_data.get("time")
        if date is None or time is None:
            return None
        return timezone.make_aware(datetime.datetime.combine(date, time))


SERVICE_TO_MEETING_FORM = {"starts_at": "date"}


class AttendanceForm(UtrechtFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisation.objects.none(),
        empty_label=_("Kies de organisatie"),
        error_messages={
            "required": _("Kies de organisatie."),
            "invalid_choice": _("Deze organisatie neemt niet deel."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Aanwezigheid"),
        choices=AttendanceKind.choices,
        initial=AttendanceKind.PRESENT,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies aanwezig, afgemeld of toehoorder.")},
    )
    user = PersonChoiceField(
        label=_("Wie (met een account)"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Kies een persoon"),
        error_messages={"invalid_choice": _("Kies een persoon uit de lijst.")},
    )
    name = LineField(
        label=_("Of de naam (zonder account)"),
        max_length=MAX_LINE,
        required=False,
    )
    has_mandate = forms.BooleanField(
        label=_("Heeft mandaat van de organisatie"),
        required=False,
        help_text=_("Mag namens de organisatie besluiten en toezeggen."),
    )
    info_sent = forms.BooleanField(
        label=_("Bij afmelding: informatie vooraf aangeleverd"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "aanwezig")
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.convenant_valid().order_by("name")
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)
        organisation.queryset = organisations
        user = self.fields["user"]
        assert isinstance(user, PersonChoiceField)
        user.queryset = (
            User.objects.filter(organisation__in=organisations, is_active=True)
            .select_related("organisation")
            .order_by("organisation__name", "last_name", "first_name", "username")
        )


class StartForm(UtrechtFormMixin, forms.Form):
    """The chair opens the meeting: who acknowledged the statement."""

    acknowledged = forms.TypedMultipleChoiceField(
        label=_("Bevestigd door"),
        help_text=_(
            "Vink aan wie de verklaring aan tafel heeft bevestigd. Wie niet "
            "bevestigt, neemt niet deel."
        ),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Kies uit de presentielijst.")},
    )

    def __init__(
        self, *args: Any, attendees: Iterable[Attendance] = (), **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", "start")
        super().__init__(*args, **kwargs)
        field = self.fields["acknowledged"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [
            (
                a.pk,
                f"{(a.user.get_full_name() or a.user.username) if a.user else a.name}"
                f" – {a.organisation.name}",
            )
            for a in attendees
        ]


class DecisionForm(UtrechtFormMixin, forms.Form):
    text = MultilineField(
        label=_("Besluit"),
        max_length=MAX_DECISION,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Schrijf het besluit op.")},
    )


class ContributionForm(UtrechtFormMixin, SharingFields):
    organisation = forms.ModelChoiceField(
        label=_("Van organisatie"),
        queryset=Organisation.objects.none(),
        empty_label=_("Kies de organisatie"),
        error_messages={
            "required": _("Kies de organisatie van wie de inbreng is."),
            "invalid_choice": _("Deze organisatie neemt niet deel aan deze casus."),
        },
    )
    text = MultilineField(
        label=_("Inbreng"),
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Schrijf de inbreng op.")},
    )
    field_order = ["organisation", "text", "sharing", "shared_with"]

    def __init__(
        self, *args: Any, participants: list[Organisation], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)
        organisation.queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in participants]
        ).order_by("name")
        self.set_sharing_choices(participants)


class InterventionChoiceField(forms.ModelChoiceField[Intervention]):
    def label_from_instance(self, obj: Intervention) -> str:
        return (
            f"{obj.description} – {obj.responsible.name}, "
            f"{obj.deadline:%d-%m-%Y} ({obj.dossier.reference})"
        )


class InterventionForm(UtrechtFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Soort"),
        choices=[("", _("Kies de soort")), *InterventionKind.choices],
        error_messages={"required": _("Kies de soort interventie.")},
    )
    description = LineField(
        label=_("Omschrijving"),
        max_length=MAX_LINE,
        error_messages={"required": _("Omschrijf de interventie.")},
    )
    responsible = forms.ModelChoiceField(
        label=_("Verantwoordelijke organisatie"),
        queryset=Organisation.objects.none(),
        empty_label=_("Kies de organisatie"),
        error_messages={
            "required": _("Kies de organisatie die haar uitvoert."),
            "invalid_choice": _("Deze organisatie neemt niet deel aan deze casus."),
        },
    )
    owner = PersonChoiceField(
        label=_("Eigenaar"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nog niemand"),
        help_text=_("Een medewerker van de verantwoordelijke organisatie."),
        error_messages={"invalid_choice": _("Kies een persoon uit de lijst.")},
    )
    deadline = forms.DateField(
        label=_("Termijn"),
        widget=DateInput(),
        error_messages={
            "required": _("Vul de termijn in."),
            "invalid": _("Vul een geldige datum in."),
        },
    )
    order = forms.IntegerField(
        label=_("Volgorde"),
        initial=1,
        min_value=1,
        max_value=99,
        help_text=_("1 eerst; gelijke nummers lopen tegelijk."),
        error_messages={
            "required": _("Vul de volgorde in."),
            "invalid": _("De volgorde is een getal."),
            "min_value": _("De volgorde is een getal van 1 tot en met 99."),
            "max_value": _("De volgorde is een getal van 1 tot en met 99."),
        },
    )
    depends_on = InterventionChoiceField(
        label=_("Wacht op"),
        queryset=Intervention.objects.none(),
        required=False,
        empty_label=_("Op geen andere interventie"),
        error_messages={"invalid_choice": _("Kies een interventie uit de lijst.")},
    )

    def __init__(
        self,
        *args: Any,
        participants: list[Organisation],
        depends: QuerySet[Intervention],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        ids = [o.pk for o in participants]
        responsible = self.fields["responsible"]
        assert isinstance(responsible, forms.ModelChoiceField)
        responsible.queryset = Organisation.objects.filter(pk__in=ids).order_by("name")
        owner = self.fields["owner"]
        assert isinstance(owner, PersonChoiceField)
        owner.queryset = (
            User.objects.filter(organisation_id__in=ids, is_active=True)
            .select_related("organisation")
            .order_by("organisation__name", "last_name", "first_name", "username")
        )
        depends_on = self.fields["depends_on"]
        assert isinstance(depends_on, InterventionChoiceField)
        depends_on.queryset = depends


class ProsecutionForm(UtrechtFormMixin, forms.Form):
    prosecution = forms.ChoiceField(
        label=_("Volgt er een strafrechtelijk onderzoek?"),
        choices=Prosecution.choices,
        widget=forms.RadioSelect,
        help_text=_("Alleen of er een onderzoek volgt, nooit de inhoud."),
        error_messages={"required": _("Kies ja, nee of nog niet.")},
    )


class CorrectionForm(UtrechtFormMixin, forms.Form):
    item = forms.ModelChoiceField(
        label=_("Over agendapunt"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=_("Het overleg als geheel"),
        error_messages={"invalid_choice": _("Kies een agendapunt uit de lijst.")},
    )
    text = MultilineField(
        label=_("Correctie"),
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Het verslag blijft zoals het was; de correctie komt erbij, met datum."
        ),
        error_messages={"required": _("Schrijf de correctie op.")},
    )

    def __init__(
        self, *args: Any, items: QuerySet[AgendaItem] | None = None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", "correctie")
        super().__init__(*args, **kwargs)
        item = self.fields["item"]
        assert isinstance(item, forms.ModelChoiceField)
        if items is not None:
            item.queryset = items


def item_prefix(item: AgendaItem, name: str) -> str:
    """Each item's forms carry their own prefix: one page holds many."""
    return f"punt{item.pk}-{name}"
