"""HTML pages for signals: entering one, the list, and one signal.

Every read goes through signals.selectors (scoped in SQL, audited), the one write
through signals.services.signal_create. Requests are atomic (ATOMIC_REQUESTS).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
)

from audit.constants import Action
from audit.services import audit_record
from partners.access import permission_required, request_user
from partners.forms import apply_service_error
from partners.models import User
from signals.constants import (
    MAX_PERSONS,
    IndicatorGroup,
    IndicatorList,
    Kind,
    Source,
    Status,
    SubjectRole,
)
from signals.forms import (
    PERSONS_PREFIX,
    BasePersonFormSet,
    PersonFormSet,
    SignalCorrectionForm,
    SignalForm,
    SignalSharingForm,
    SignalWithdrawForm,
    apply_signal_errors,
)
from signals.models import Indicator, Signal, SignalVersion
from signals.selectors import (
    may_change_sharing,
    may_enter_signals,
    may_see_reporter,
    signal_count_visible,
    signal_get_visible,
    signal_list_newest_first,
)
from signals.selectors.signal import may_correct_signal, may_read_signal_history
from signals.services import (
    signal_correct,
    signal_create,
    signal_set_sharing,
    signal_withdraw,
)
from signals.views.paging import capped_page

PAGE_SIZE = 50
PAGE_PARAM = "pagina"
# The list counts no further (signals.views.paging).
COUNT_CAP = 1000
# The kind filter: an enum value, no personal data, so it may sit in the URL.
KIND_PARAM = "soort"
# The name of the submit button that asks for one more person form.
ADD_PERSON = "extra_persoon"


# --- list ------------------------------------------------------------------------


@permission_required("signals.view_signal")
@require_GET
def signal_list_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    # An unknown kind is ignored, not refused: the list is shown unfiltered.
    kind = request.GET.get(KIND_PARAM, "")
    if kind not in Kind.values:
        kind = ""
    page_obj = capped_page(
        signal_list_newest_first(user=user, kind=kind),
        signal_count_visible(user=user, kind=kind, cap=COUNT_CAP),
        request.GET.get(PAGE_PARAM),
        cap=COUNT_CAP,
        page_size=PAGE_SIZE,
    )
    # Choice labels looked up once per page: get_FOO_display translates every
    # choice of the field on each call, four times a row.
    labels = {
        name: {value: str(label) for value, label in choices}
        for name, choices in (
            ("kind", Kind.choices),
            ("subject_role", SubjectRole.choices),
            ("source", Source.choices),
            ("status", Status.choices),
        )
    }
    withdrawn = _("Ingetrokken")
    for signal in page_obj.object_list:
        for name, choices in labels.items():
            value = getattr(signal, name)
            setattr(signal, f"{name}_label", choices.get(value, value))
        if signal.withdrawn_at is not None:
            signal.status_label = withdrawn
    audit_record(
        actor=user,
        action=Action.LIST,
        object_type="signals.signal",
        reason=f"signalenlijst, pagina {page_obj.number}"
        + (f", soort {kind}" if kind else ""),
    )
    return render(
        request,
        "signals/signal_list.html",
        {
            "page_obj": page_obj,
            "count_cap": COUNT_CAP,
            "may_add": may_enter_signals(user),
            "kind": kind,
            "kinds": Kind.choices,
            "page_query": urlencode({KIND_PARAM: kind}) if kind else "",
        },
    )


# --- entry -----------------------------------------------------------------------


def _with_one_more_person(data: QueryDict) -> tuple[QueryDict, bool]:
    data = data.copy()
    key = f"{PERSONS_PREFIX}-TOTAL_FORMS"
    try:
        total = max(0, int(data.get(key, "0")))
    except ValueError:
        total = 0
    if total >= MAX_PERSONS:
        return data, False
    data[key] = str(total + 1)
    return data, True


def _form_page(
    request: HttpRequest, form: SignalForm, formset: BasePersonFormSet
) -> HttpResponse:
    return render(
        request, "signals/signal_form.html", {"form": form, "formset": formset}
    )


@require_http_methods(["GET", "POST"])
def signal_create_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not may_enter_signals(user):
        raise PermissionDenied
    owner = user.organisation

    if request.method != "POST":
        form = SignalForm(owner=owner)
        formset = PersonFormSet(prefix=PERSONS_PREFIX)
        return _form_page(request, form, formset)

    if ADD_PERSON in request.POST:
        # Without JavaScript: the same form again, one person form longer, and no
        # errors yet for what the person has not finished typing.
        data, added = _with_one_more_person(request.POST)
        form = SignalForm(data, owner=owner, quiet=True)
        formset = PersonFormSet(data, prefix=PERSONS_PREFIX, quiet=True)
        if added and formset.forms:
            formset.forms[-1].fields["role"].widget.attrs["autofocus"] = True
        else:
            messages.warning(
                request,
                _("Er kunnen hooguit %(limit)d personen bij één signaal.")
                % {"limit": MAX_PERSONS},
            )
        return _form_page(request, form, formset)

    form = SignalForm(request.POST, owner=owner)
    formset = PersonFormSet(request.POST, prefix=PERSONS_PREFIX)
    # Both are checked, so that every error shows at once.
    if all([form.is_valid(), formset.is_valid()]):
        try:
            signal = signal_create(user=user, data=form.to_input(formset.persons()))
        except ValidationError as exc:
            apply_signal_errors(exc, form, formset)
        else:
            messages.success(
                request,
                _("Het signaal is opgeslagen onder referentie %(reference)s.")
                % {"reference": signal.reference},
            )
            return redirect("signals:detail", uuid=signal.uuid)
    return _form_page(request, form, formset)


# --- detail ----------------------------------------------------------------------


@dataclass
class IndicatorGroupRows:
    group: str
    list_label: str
    group_label: str
    indicators: list[Indicator]


def _indicators_by_group(indicators: list[Indicator]) -> list[IndicatorGroupRows]:
    """Victim list before the checklist, groups in the handreiking's order."""
    list_rank = {value: rank for rank, value in enumerate(IndicatorList.values)}
    group_rank = {value: rank for rank, value in enumerate(IndicatorGroup.values)}
    ordered = sorted(
        indicators,
        key=lambda i: (list_rank[i.list], group_rank[i.group], i.order, i.code),
    )
    rows: list[IndicatorGroupRows] = []
    for indicator in ordered:
        if not rows or rows[-1].group != indicator.group:
            rows.append(
                IndicatorGroupRows(
                    indicator.group,
                    indicator.get_list_display(),
                    indicator.get_group_display(),
                    [],
                )
            )
        rows[-1].indicators.append(indicator)
    return rows


@dataclass
class VersionChange:
    label: str
    previous: str


@dataclass
class VersionRow:
    """One correction as the signal page shows it; ``changes`` (the replaced
    values) only to a reader who may read them (may_read_signal_history)."""

    number: int
    created_at: datetime.datetime
    by: str
    organisation: str
    reason: str
    fields: list[str]
    changes: list[VersionChange] | None


def _user_name(user: User | None) -> str:
    if user is None:
        return str(_("een verwijderde gebruiker"))
    return user.get_full_name() or user.username


def _shown_value(name: str, value: Any) -> str:
    if value in (None, "", []):
        return "–"
    if name == "observed_at":
        moment = timezone.localtime(datetime.datetime.fromisoformat(value))
        return date_format(moment, "j F Y H:i")
    if name == "subject_role":
        return str(dict(SubjectRole.choices).get(value, value))
    if name == "source":
        return str(dict(Source.choices).get(value, value))
    if name == "keywords":
        return ", ".join(value)
    return str(value)


def _version_rows(signal: Signal, *, with_values: bool) -> list[VersionRow]:
    versions = list(
        SignalVersion.objects.filter(signal=signal)
        .select_related("created_by", "organisation")
        .order_by("-number")
    )
    labels = {
        name: capfirst(str(getattr(Signal._meta.get_field(name), "verbose_name", name)))
        for version in versions
        for name in version.changed_fields
    }
    return [
        VersionRow(
            number=version.number,
            created_at=version.created_at,
            by=_user_name(version.created_by),
            organisation=version.organisation.name,
            reason=version.reason,
            fields=[labels[name] for name in version.changed_fields],
            changes=[
                VersionChange(labels[name], _shown_value(name, version.previous[name]))
                for name in version.changed_fields
            ]
            if with_values
            else None,
        )
        for version in versions
    ]


def _detail(
    request: HttpRequest,
    user: User,
    signal: Signal,
    sharing_form: SignalSharingForm | None = None,
    correction_form: SignalCorrectionForm | None = None,
    withdraw_form: SignalWithdrawForm | None = None,
) -> HttpResponse:
    may_share = may_change_sharing(user, signal)
    may_correct = may_correct_signal(user, signal)
    if may_correct:
        correction_form = correction_form or SignalCorrectionForm.for_signal(signal)
        withdraw_form = withdraw_form or SignalWithdrawForm()
    invalid = any(
        form is not None and form.is_bound and form.errors
        for form in (sharing_form, correction_form, withdraw_form)
    )
    shared_with = list(signal.shared_with.order_by("name"))
    if may_share and sharing_form is None:
        sharing_form = SignalSharingForm(
            initial={
                "sharing": signal.sharing,
                "shared_with": [o.slug for o in shared_with],
            },
            owner_id=signal.organisation_id,
            auto_id="sharing_%s",
        )
    return render(
        request,
        "signals/signal_detail.html",
        {
            "signal": signal,
            "persons": list(signal.persons.all()),
            "indicator_groups": _indicators_by_group(list(signal.indicators.all())),
            "passed_on_to": list(signal.passed_on_to.all()),
            "shared_with": shared_with,
            "show_reporter": may_see_reporter(user, signal),
            "form": sharing_form if may_share else None,
            "versions": _version_rows(
                signal, with_values=may_read_signal_history(user, signal)
            )
            if signal.corrected_at is not None
            else [],
            "withdrawn_by": _user_name(signal.withdrawn_by)
            if signal.withdrawn_at is not None
            else "",
            "correction_form": correction_form if may_correct else None,
            "withdraw_form": withdraw_form if may_correct else None,
        },
        status=400 if invalid else 200,
    )


@require_GET
def signal_detail_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = request_user(request)
    signal = signal_get_visible(user=user, uuid=uuid, reason="signaal bekeken")
    return _detail(request, user, signal)


@require_POST
def signal_sharing_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The owner narrows or widens who inside a dossier reads its signal."""
    user = request_user(request)
    signal = signal_get_visible(user=user, uuid=uuid, reason="delen gewijzigd")
    if not may_change_sharing(user, signal):
        raise PermissionDenied
    form = SignalSharingForm(
        request.POST, owner_id=signal.organisation_id, auto_id="sharing_%s"
    )
    if form.is_valid():
        try:
            signal_set_sharing(
                signal=signal,
                actor=user,
                sharing=form.cleaned_data["sharing"],
                shared_with=form.cleaned_data["shared_with"],
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(
                request, _("Vastgelegd met wie dit signaal gedeeld wordt.")
            )
            return redirect("signals:detail", uuid=signal.uuid)
    return _detail(request, user, signal, form)


@require_POST
def signal_correct_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The owner corrects its signal; the page shows the new version."""
    user = request_user(request)
    signal = signal_get_visible(user=user, uuid=uuid, reason="signaal corrigeren")
    if not may_correct_signal(user, signal):
        raise PermissionDenied
    form = SignalCorrectionForm(request.POST, prefix="correctie")
    if form.is_valid():
        try:
            version = signal_correct(
                signal=signal,
                actor=user,
                correction=form.to_correction(),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Het signaal is gecorrigeerd (versie %(number)d).")
                % {"number": version.number},
            )
            return redirect("signals:detail", uuid=signal.uuid)
    return _detail(request, user, signal, correction_form=form)


@require_POST
def signal_withdraw_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The owner withdraws its signal with a reason; it is never deleted."""
    user = request_user(request)
    signal = signal_get_visible(user=user, uuid=uuid, reason="signaal intrekken")
    if not may_correct_signal(user, signal):
        raise PermissionDenied
    form = SignalWithdrawForm(request.POST)
    if form.is_valid():
        try:
            signal_withdraw(
                signal=signal, actor=user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Het signaal %(reference)s is ingetrokken.")
                % {"reference": signal.reference},
            )
            return redirect("signals:detail", uuid=signal.uuid)
    return _detail(request, user, signal, withdraw_form=form)
