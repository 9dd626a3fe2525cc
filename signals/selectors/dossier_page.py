"""What the dossier pages read besides the dossier itself: the rows of the list,
the choices of the change forms, a dossier to change or to add a signal to, and
the persons a signal brings along. The views only parse, call and render."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from partners.models import Organisation, User
from signals.constants import EnrichmentStatus
from signals.models import (
    Dossier,
    DossierSignal,
    EnrichmentRequest,
    Person,
    Signal,
    SignalPerson,
)
from signals.selectors.dossier import (
    dossier_list_newest_first,
    dossier_list_visible_to,
    dossier_may_change,
    dossier_participant_group_ids,
)

# The columns a row of the dossier list needs, read as values: no model instances
# for 50 dossiers, their owners and casemanagers.
DOSSIER_LIST_COLUMNS = (
    "pk",
    "uuid",
    "created_at",
    "status",
    "organisation__name",
    "casemanager__username",
    "casemanager__first_name",
    "casemanager__last_name",
    "updated_at",
    "open_questions",
)


def dossier_list_rows(*, user: Any) -> QuerySet[Any]:
    """The user's dossiers, last updated first, as ``DOSSIER_LIST_COLUMNS`` tuples
    with the number of questions still open."""
    open_questions = (
        EnrichmentRequest.objects.filter(
            dossier=OuterRef("pk"), status=EnrichmentStatus.OPEN
        )
        .order_by()
        .values("dossier")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        dossier_list_newest_first(user=user)
        .annotate(
            open_questions=Coalesce(
                Subquery(open_questions, output_field=IntegerField()), 0
            )
        )
        .values_list(*DOSSIER_LIST_COLUMNS)
    )


def organisations_with_valid_convenant() -> QuerySet[Organisation]:
    """Organisations that may receive personal data today, by name."""
    return (
        Organisation.objects.with_valid_convenant()
        .filter(has_valid_convenant=True)  # type: ignore[misc]
        .order_by("name")
    )


@dataclass
class DossierFormChoices:
    """What the change forms of one dossier offer."""

    casemanagers: QuerySet[User]
    invitable: QuerySet[Organisation]
    withdrawable: QuerySet[Organisation]
    askable: QuerySet[Organisation]


def dossier_form_choices(*, user: User, dossier: Dossier) -> DossierFormChoices:
    """Casemanagers from the taking-part organisations; organisations under a valid
    convenant that may be invited (not yet taking part) or asked (not the user's
    own: asking one's own organisation is not veredelen); those whose invitation
    may be withdrawn (not the owner). Nothing for a user who may not change the
    dossier: the candidates' names are for those who choose among them."""
    if not dossier_may_change(user, dossier):
        return DossierFormChoices(
            casemanagers=User.objects.none(),
            invitable=Organisation.objects.none(),
            withdrawable=Organisation.objects.none(),
            askable=Organisation.objects.none(),
        )
    group_ids = dossier_participant_group_ids(dossier=dossier)
    return DossierFormChoices(
        casemanagers=User.objects.filter(is_active=True)
        .filter(
            Q(organisation_id=dossier.organisation_id)
            | Q(organisation__group_id__in=group_ids)
        )
        .select_related("organisation")
        .order_by("organisation__name", "last_name", "first_name", "username"),
        invitable=organisations_with_valid_convenant().exclude(group_id__in=group_ids),
        withdrawable=Organisation.objects.filter(group_id__in=group_ids)
        .exclude(pk=dossier.organisation_id)
        .order_by("name"),
        askable=organisations_with_valid_convenant().exclude(pk=user.organisation_id),
    )


def dossier_find_visible(*, user: Any, key: tuple[str, Any]) -> Dossier | None:
    """A dossier the user sees, by ("uuid", uuid) or ("reference", (year, pk));
    None whether it is absent or out of scope, so the answer tells nothing about
    other organisations' work."""
    kind, value = key
    scoped = dossier_list_visible_to(user=user)
    if kind == "uuid":
        return scoped.filter(uuid=value).first()
    year, pk = value
    dossier = scoped.filter(pk=pk).first()
    if dossier is None or dossier.created_at.year != year:
        return None
    return dossier


def dossier_holds_signal(*, dossier: Dossier, signal: Signal) -> bool:
    return DossierSignal.objects.filter(dossier=dossier, signal=signal).exists()


def signal_confirmed_persons(*, signal: Signal) -> list[tuple[Person, str]]:
    """The persons the screeners stacked this signal's mentions onto, each once,
    with the role of its first mention."""
    seen: dict[int, tuple[Person, str]] = {}
    mentions = (
        SignalPerson.objects.filter(signal=signal, person__isnull=False)
        .select_related("person")
        .order_by("pk")
    )
    for mention in mentions:
        assert mention.person is not None
        seen.setdefault(mention.person.pk, (mention.person, mention.role))
    return list(seen.values())
