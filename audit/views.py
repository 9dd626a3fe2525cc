"""Searching the audit trail. There is no page that changes or deletes an entry."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from audit.constants import Action
from audit.labels import label_events
from audit.selectors import AuditFilters, audit_search
from audit.services import audit_record

PAGE_SIZE = 50
TEXTBOX = {"class": "utrecht-textbox utrecht-textbox--html-input"}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}


class AuditSearchForm(forms.Form):
    username = forms.CharField(
        label=_("Gebruiker"),
        max_length=150,
        required=False,
        help_text=_("Een deel van de gebruikersnaam."),
        widget=forms.TextInput(attrs=TEXTBOX),
    )
    organisation = forms.SlugField(
        label=_("Organisatie"),
        max_length=60,
        required=False,
        help_text=_("De korte naam, bijvoorbeeld 'politie'."),
        widget=forms.TextInput(attrs=TEXTBOX),
    )
    action = forms.ChoiceField(
        label=_("Actie"),
        choices=[("", _("Alle acties")), *Action.choices],
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    object_type = forms.CharField(
        label=_("Objecttype"),
        max_length=100,
        required=False,
        help_text=_("Bijvoorbeeld 'partners.user'."),
        widget=forms.TextInput(attrs=TEXTBOX),
    )
    object_id = forms.CharField(
        label=_("Object-id"),
        max_length=64,
        required=False,
        widget=forms.TextInput(attrs=TEXTBOX),
    )
    person = forms.IntegerField(
        label=_("Persoon"),
        required=False,
        min_value=1,
        help_text=_(
            "Het id van een persoon: wie heeft deze persoon ingezien of gevonden?"
        ),
        widget=forms.TextInput(attrs={**TEXTBOX, "inputmode": "numeric"}),
    )
    date_from = forms.DateField(
        label=_("Van"),
        required=False,
        widget=forms.DateInput(attrs={**TEXTBOX, "type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("Tot en met"),
        required=False,
        widget=forms.DateInput(attrs={**TEXTBOX, "type": "date"}, format="%Y-%m-%d"),
    )

    def clean_object_type(self) -> str:
        return str(self.cleaned_data["object_type"]).strip().lower()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("De einddatum ligt vóór de begindatum."))
        return cleaned


def _page_number(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


@permission_required("audit.view_auditevent", raise_exception=True)
@require_http_methods(["GET", "POST"])
def search(request: HttpRequest) -> HttpResponse:
    # Filters travel in a POST body: a username must not end up in a URL or access log.
    form = AuditSearchForm(request.POST if request.method == "POST" else None)
    page_obj = None
    if not form.is_bound or form.is_valid():
        filters = AuditFilters(**form.cleaned_data) if form.is_bound else AuditFilters()
        number = _page_number(request.POST.get("pagina"))
        with transaction.atomic():
            # Reading the trail is itself a read to account for; recorded first, so
            # the search shows up in its own results.
            audit_record(
                # Signed in: @permission_required admits no anonymous user.
                actor=request.user if request.user.is_authenticated else None,
                action=Action.SEARCH,
                object_type="audit.auditevent",
                reason=f"audittrail doorzocht; {filters.describe()}; pagina {number}",
                person_ids=[filters.person] if filters.person is not None else [],
            )
            paginator = Paginator(audit_search(filters=filters), PAGE_SIZE)
            page_obj = paginator.get_page(number)
            page_obj.object_list = list(page_obj.object_list)
            label_events(page_obj.object_list)
    return render(request, "audit/search.html", {"form": form, "page_obj": page_obj})
