"""Stapelen for the screening team: per mention in a signal, the known persons it
may be, and the screener's decision (same person, another person, a new person).

Proposals only suggest (``person_match_candidates``); the decision is the
screener's, written by the person services. Once two mentions are confirmed, the
screener can link those persons (the koppeling), supported by this signal.
Everyone else gets a 403 here: the page is about work only the screening team does,
not about whether a signal exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from partners.access import request_user
from partners.forms import apply_service_error
from partners.models import User
from signals.forms_dossier import PersonLinkForm, StackingDecisionForm
from signals.models import Person, Signal, SignalPerson
from signals.selectors import (
    AgeFacts,
    MatchProposal,
    dossier_list_visible_to,
    may_stack_persons,
    person_age_facts,
    person_match_candidates,
    persons_for_mention_ids,
    signal_get_visible,
    signal_person_links,
)
from signals.services import (
    mention_confirm,
    mention_reject,
    person_create_from_mention,
    person_link_create,
)


@dataclass
class ProposalRow:
    proposal: MatchProposal
    facts: AgeFacts


@dataclass
class MentionRow:
    mention: SignalPerson
    person: Person | None = None
    facts: AgeFacts | None = None
    proposals: list[ProposalRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _decide(
    request: HttpRequest, user: User, signal: Signal
) -> tuple[HttpResponse | None, dict[int, list[str]]]:
    """Carry out one decision; a redirect when done, else errors per mention."""
    form = StackingDecisionForm(request.POST)
    if not form.is_valid():
        raise Http404
    data = form.cleaned_data
    mention = SignalPerson.objects.filter(signal=signal, pk=data["mention"]).first()
    if mention is None:
        raise Http404
    person = None
    if data["decision"] != StackingDecisionForm.NEW:
        person = Person.objects.filter(pk=data["person"]).first()
        if person is None:
            raise Http404
    try:
        if data["decision"] == StackingDecisionForm.NEW:
            person = person_create_from_mention(mention=mention, actor=user)
            message = _("Er is een nieuwe persoon vastgelegd: %(name)s.")
        elif data["decision"] == StackingDecisionForm.CONFIRM:
            assert person is not None
            person = mention_confirm(mention=mention, person=person, actor=user)
            message = _("Gekoppeld: deze vermelding is %(name)s.")
        else:
            assert person is not None
            mention_reject(mention=mention, person=person, actor=user)
            message = _("Vastgelegd: deze vermelding is niet %(name)s.")
    except ValidationError as exc:
        return None, {mention.pk: exc.messages}
    messages.success(request, message % {"name": str(person)})
    return redirect(request.path), {}


def _confirmed(
    user: User, signal: Signal
) -> tuple[list[SignalPerson], dict[int, Person]]:
    """The signal's mentions, and the confirmed person of each that has one."""
    mentions = list(
        SignalPerson.objects.filter(signal=signal)
        .select_related("signal")
        .order_by("pk")
    )
    confirmed = persons_for_mention_ids(
        user=user, mention_ids=[m.pk for m in mentions if m.person_id]
    )
    return mentions, confirmed


def _linkable(confirmed: dict[int, Person]) -> list[Person]:
    """Each confirmed person once, in mention order."""
    return list({p.pk: p for _, p in sorted(confirmed.items())}.values())


def _page(
    request: HttpRequest,
    user: User,
    signal: Signal,
    *,
    errors: dict[int, list[str]] | None = None,
    link_form: PersonLinkForm | None = None,
    found: tuple[list[SignalPerson], dict[int, Person]] | None = None,
) -> HttpResponse:
    errors = errors or {}
    mentions, confirmed = found or _confirmed(user, signal)
    rows = []
    for mention in mentions:
        row = MentionRow(mention, errors=errors.get(mention.pk, []))
        person = confirmed.get(mention.pk)
        if person is not None:
            row.person, row.facts = person, person_age_facts(person)
        else:
            row.proposals = [
                ProposalRow(p, person_age_facts(p.person))
                for p in person_match_candidates(mention=mention, user=user)
            ]
        rows.append(row)
    linkable = _linkable(confirmed)
    if link_form is None and len(linkable) >= 2:
        link_form = PersonLinkForm(persons=linkable)
    return render(
        request,
        "dossiers/signal_persons.html",
        {
            "signal": signal,
            "rows": rows,
            "link_form": link_form,
            "links": signal_person_links(user=user, signal=signal),
            "dossiers": list(
                dossier_list_visible_to(user=user)
                .filter(signals=signal)
                .order_by("-updated_at")
            ),
            "on_stacking_page": True,
        },
    )


def _screener_signal(request: HttpRequest, uuid: UUID, reason: str) -> Signal:
    """The signal, for the screening team only; anyone else a 403 before lookup."""
    if not may_stack_persons(request_user(request)):
        raise PermissionDenied
    return signal_get_visible(user=request_user(request), uuid=uuid, reason=reason)


@never_cache
@require_http_methods(["GET", "POST"])
def signal_persons_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = request_user(request)
    signal = _screener_signal(request, uuid, "personen koppelen")
    errors: dict[int, list[str]] = {}
    if request.method == "POST":
        response, errors = _decide(request, user, signal)
        if response is not None:
            return response
    return _page(request, user, signal, errors=errors)


@never_cache
@require_POST
def signal_person_link_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """Link two of the signal's confirmed persons, this signal supporting it."""
    user = request_user(request)
    signal = _screener_signal(request, uuid, "personen aan elkaar koppelen")
    found = _confirmed(user, signal)
    form = PersonLinkForm(request.POST, persons=_linkable(found[1]))
    if form.is_valid():
        data = form.cleaned_data
        try:
            person_link_create(
                person=data["person"],
                role=data["role"],
                other=data["other"],
                other_role=data["other_role"],
                signal=signal,
                actor=user,
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Gekoppeld: %(person)s en %(other)s.")
                % {"person": data["person"], "other": data["other"]},
            )
            url = reverse("dossiers:signal-persons", kwargs={"uuid": signal.uuid})
            return redirect(f"{url}#koppelingen")
    return _page(request, user, signal, link_form=form, found=found)
