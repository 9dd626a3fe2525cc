"""The search page. The query travels in a POST body, never in a URL: it is usually
a child's name, and URLs end up in access logs and browser history
(docs/threat-model.md). ``search`` keeps every result inside the user's scope and
records the search without the query."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from partners.models import User
from signals.forms_dossier import SearchForm
from signals.models import Person
from signals.selectors import (
    AgeFacts,
    PersonAsRead,
    SearchResults,
    person_age_facts,
    person_reader_signals,
    persons_as_read,
    search,
)


@dataclass
class PersonHit:
    person: Person | PersonAsRead
    facts: AgeFacts


@never_cache
@require_http_methods(["GET", "POST"])
def search_view(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    form = SearchForm(request.POST if request.method == "POST" else None)
    results: SearchResults | None = None
    persons: list[PersonHit] = []
    if form.is_bound and form.is_valid():
        results = search(user=request.user, query=form.cleaned_data["q"])
        readable = person_reader_signals(request.user)
        as_read = persons_as_read(results.persons, readable=readable)
        persons = [
            PersonHit(as_read[p.pk], person_age_facts(as_read[p.pk]))
            for p in results.persons
        ]
        if readable is not None:
            # A partner's hits in the order of the names it reads.
            persons.sort(key=lambda hit: (hit.person.name.casefold(), hit.person.pk))
    return render(
        request,
        "search/search.html",
        {"form": form, "results": results, "persons": persons},
    )
