"""HTML pages: the overview of the chain and the functioneel beheerder's pages.

Views validate with forms and write through partners.services only.
"""

from __future__ import annotations

from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from partners.access import permission_required, request_user
from partners.constants import FOUR_EYES_ROLES
from partners.forms import (
    ConvenantForm,
    OrganisationForm,
    ParticipationFormSet,
    UserFilterForm,
    UserForm,
    apply_service_error,
)
from partners.logins import (
    user_has_authenticator,
    user_is_locked_out,
    with_lockout,
)
from partners.models import Convenant, Organisation, RoleProposal, User
from partners.selectors import (
    convenant_list,
    convenant_participations,
    organisation_list,
    organisation_overview,
    role_proposals_decided,
    role_proposals_pending,
    user_list,
    users_with_roles,
)
from partners.services import (
    convenant_save,
    organisation_create,
    organisation_update,
    role_proposal_confirm,
    role_proposal_decline,
    user_create,
    user_update,
)

M = TypeVar("M", bound=Model)

PAGE_SIZE = 50
PAGE_PARAM = "pagina"


def _page(
    request: HttpRequest, items: QuerySet[M], number: str | None = None
) -> Page[M]:
    paginator = Paginator(items, PAGE_SIZE)
    return paginator.get_page(number or request.GET.get(PAGE_PARAM))


def _bound(request: HttpRequest) -> dict[str, object] | None:
    """POST data for a form, or None on GET (an empty POST still binds the form)."""
    return request.POST if request.method == "POST" else None  # type: ignore[return-value]


# --- overview --------------------------------------------------------------------


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    rings = organisation_overview()
    # The schil is drawn half above and half below the kernteam.
    half = (len(rings.flexibele_schil) + 1) // 2
    return render(
        request,
        "partners/overview.html",
        {
            "kernteam": rings.kernteam,
            "schil_above": rings.flexibele_schil[:half],
            "schil_below": rings.flexibele_schil[half:],
            "schil_count": len(rings.flexibele_schil),
        },
    )


# --- organisations ---------------------------------------------------------------


@permission_required("partners.change_organisation")
@require_GET
def organisation_list_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "partners/beheer/organisation_list.html",
        {"page_obj": _page(request, organisation_list())},
    )


@permission_required("partners.add_organisation")
@require_http_methods(["GET", "POST"])
def organisation_create_view(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(_bound(request))
    if form.is_bound and form.is_valid():
        try:
            organisation = organisation_create(
                actor=request_user(request), **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Organisatie %(name)s is aangemaakt. Maak nu gebruikers aan en "
                    "wijs daarna de vaste contactpersoon aan."
                )
                % {"name": organisation.name},
            )
            return redirect("partners:beheer-organisations")
    return render(
        request,
        "partners/beheer/organisation_form.html",
        {"form": form, "organisation": None},
    )


@permission_required("partners.change_organisation")
@require_http_methods(["GET", "POST"])
def organisation_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    form = OrganisationForm(_bound(request), instance=organisation)
    if form.is_bound and form.is_valid():
        if not form.has_changed():
            messages.info(request, _("Er is niets gewijzigd."))
            return redirect("partners:beheer-organisations")
        try:
            organisation = organisation_update(
                organisation=organisation,
                actor=request_user(request),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Organisatie %(name)s is opgeslagen.") % {"name": organisation.name},
            )
            return redirect("partners:beheer-organisations")
    return render(
        request,
        "partners/beheer/organisation_form.html",
        {"form": form, "organisation": organisation},
    )


# --- users -----------------------------------------------------------------------


@permission_required("partners.change_user")
@require_http_methods(["GET", "POST"])
def user_list_view(request: HttpRequest) -> HttpResponse:
    # Filters travel in a POST body: names typed here stay out of URLs and logs.
    form = UserFilterForm(_bound(request))
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    users = with_lockout(
        user_list(
            organisation=filters.get("organisation"), text=filters.get("text") or ""
        )
    )
    page_obj = _page(request, users, request.POST.get(PAGE_PARAM))
    page_obj.object_list = users_with_roles(page_obj.object_list)
    return render(
        request,
        "partners/beheer/user_list.html",
        {"form": form, "page_obj": page_obj},
    )


@permission_required("partners.add_user")
@require_http_methods(["GET", "POST"])
def user_create_view(request: HttpRequest) -> HttpResponse:
    form = UserForm(_bound(request), actor=request_user(request))
    if form.is_bound and form.is_valid():
        data = dict(form.cleaned_data)
        roles = data.pop("roles")
        try:
            user = user_create(actor=request_user(request), roles=roles, **data)
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Gebruiker %(username)s is aangemaakt. Verstuur hieronder de "
                    "uitnodiging: met de link daarin kiest de gebruiker een "
                    "wachtwoord en koppelt een authenticator-app."
                )
                % {"username": user.username},
            )
            return redirect("partners:beheer-user-edit", pk=user.pk)
    return render(
        request, "partners/beheer/user_form.html", {"form": form, "subject": None}
    )


@permission_required("partners.change_user")
@require_http_methods(["GET", "POST"])
def user_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    subject = get_object_or_404(User.objects.select_related("organisation"), pk=pk)
    form = UserForm(_bound(request), instance=subject, actor=request_user(request))
    if form.is_bound and form.is_valid():
        if not form.has_changed():
            messages.info(request, _("Er is niets gewijzigd."))
            return redirect("partners:beheer-users")
        data = dict(form.cleaned_data)
        roles = data.pop("roles")
        try:
            subject = user_update(
                user=subject, actor=request_user(request), roles=roles, **data
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Gebruiker %(username)s is opgeslagen.")
                % {"username": subject.username},
            )
            if (set(roles) & FOUR_EYES_ROLES) - subject.role_names:
                messages.info(request, PROPOSED_MESSAGE)
                return redirect("partners:beheer-user-edit", pk=subject.pk)
            return redirect("partners:beheer-users")
    return render(
        request,
        "partners/beheer/user_form.html",
        {
            "form": form,
            "subject": subject,
            "has_authenticator": user_has_authenticator(user=subject),
            "is_locked_out": user_is_locked_out(user=subject),
            "pending_proposals": role_proposals_pending(user=subject),
            "decided_proposals": role_proposals_decided(user=subject),
        },
    )


PROPOSED_MESSAGE = _(
    "De rol is voorgesteld. Die gaat pas in als een tweede functioneel beheerder "
    "het voorstel bevestigt."
)


# --- four eyes on roles ------------------------------------------------------------


@permission_required("partners.change_user")
@require_GET
def role_proposal_list_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "partners/beheer/role_proposal_list.html",
        {"page_obj": _page(request, role_proposals_pending())},
    )


@permission_required("partners.change_user")
@require_http_methods(["POST"])
def role_proposal_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(RoleProposal.objects.select_related("user"), pk=pk)
    decision = request.POST.get("besluit")
    actor = request_user(request)
    try:
        if decision == "bevestigen":
            role_proposal_confirm(proposal=proposal, actor=actor)
            messages.success(
                request,
                _("De rol %(role)s is toegekend aan %(username)s.")
                % {
                    "role": proposal.get_role_display(),
                    "username": proposal.user.username,
                },
            )
        elif decision == "afwijzen":
            role_proposal_decline(proposal=proposal, actor=actor)
            messages.success(request, _("Het voorstel is afgewezen."))
        else:
            messages.error(request, _("Kies bevestigen of afwijzen."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("partners:beheer-user-edit", pk=proposal.user_id)


# --- convenant -------------------------------------------------------------------


@permission_required("partners.change_convenant")
@require_GET
def convenant_list_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "partners/beheer/convenant_list.html",
        {"page_obj": _page(request, convenant_list()), "today": timezone.localdate()},
    )


def _convenant_form(request: HttpRequest, convenant: Convenant | None) -> HttpResponse:
    today = timezone.localdate()
    participations = (
        list(convenant_participations(convenant=convenant, on=today))
        if convenant
        else []
    )
    # Taken before validation, which writes the posted values onto the instance.
    is_valid_today = convenant.is_valid_on(today) if convenant else None
    form = ConvenantForm(_bound(request), instance=convenant)
    formset = ParticipationFormSet(
        _bound(request),
        prefix="deelnemers",
        initial=[
            {
                "organisation": p.organisation,
                "signed_on": p.signed_on,
                "withdrawn_on": p.withdrawn_on,
            }
            for p in participations
        ],
    )
    if form.is_bound:
        # Both validated, so every error shows at once.
        form_valid, formset_valid = form.is_valid(), formset.is_valid()
        if (
            form_valid
            and formset_valid
            and convenant
            and not (form.has_changed() or formset.has_changed())
        ):
            messages.info(request, _("Er is niets gewijzigd."))
            return redirect("partners:beheer-convenants")
        if form_valid and formset_valid:
            try:
                saved = convenant_save(
                    actor=request_user(request),
                    convenant=convenant,
                    participations=formset.participations(),
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(
                    request,
                    _("Convenant %(title)s is opgeslagen.") % {"title": saved.title},
                )
                return redirect("partners:beheer-convenant-edit", pk=saved.pk)
    return render(
        request,
        "partners/beheer/convenant_form.html",
        {
            "form": form,
            "formset": formset,
            "convenant": convenant,
            "participations": participations,
            "today": today,
            "is_valid_today": is_valid_today,
        },
    )


@permission_required("partners.add_convenant")
@require_http_methods(["GET", "POST"])
def convenant_create_view(request: HttpRequest) -> HttpResponse:
    return _convenant_form(request, None)


@permission_required("partners.change_convenant")
@require_http_methods(["GET", "POST"])
def convenant_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _convenant_form(request, get_object_or_404(Convenant, pk=pk))
