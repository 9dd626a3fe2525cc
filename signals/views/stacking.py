"""Stapelen for the screening team: per mention in a signal, the known persons it
may be, and the screener's decision (same person, another person, a new person).

Proposals only suggest (``person_match_candidates``); the decision is the
screener's, written by the person services. Everyone else gets a 403 here: the page
is about work only the screening team does, not about whether a signal exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from partners.models import User
from signals.forms_dossier import StackingDecisionForm
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
)
from signals.services import mention_confirm, mention_reject, person_create_from_mention


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


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


@never_cache
@require_http_methods(["GET", "POST"])
def signal_persons_view(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = _user(request)
    if not may_stack_persons(user):
        raise PermissionDenied
    signal = signal_get_visible(user=user, uuid=uuid, reason="personen koppelen")
    errors: dict[int, list[str]] = {}
    if request.method == "POST":
        response, errors = _decide(request, user, signal)
        if response is not None:
            return response

    mentions = list(
        SignalPerson.objects.filter(signal=signal)
        .select_related("signal")
        .order_by("pk")
    )
    confirmed = persons_for_mention_ids(
        user=user, mention_ids=[m.pk for m in mentions if m.person_id]
    )
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
    return render(
        request,
        "dossiers/signal_persons.html",
        {
            "signal": signal,
            "rows": rows,
            "dossiers": list(
                dossier_list_visible_to(user=user)
                .filter(signals=signal)
                .order_by("-updated_at")
            ),
            "on_stacking_page": True,
        },
    )
