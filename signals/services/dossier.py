"""Dossiers: stacking signals and persons, participation, status, and veredelen."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.constants import Action
from audit.services import audit_record
from notifications.models import Notification
from notifications.services import notify
from partners.access import (
    access_grant,
    access_grant_many,
    access_revoke,
    convenant_valid,
    may,
)
from partners.constants import ROLE_GROUP_PREFIX, Role
from partners.models import Organisation, User
from partners.text import text_problems
from signals import messages as msg
from signals.constants import (
    MAX_TEXT,
    DossierEventKind,
    DossierStatus,
    EnrichmentStatus,
    Sharing,
)
from signals.dossier_hooks import dossier_status_hooks_run
from signals.models import (
    Dossier,
    DossierEvent,
    DossierGroupObjectPermission,
    DossierPerson,
    DossierSignal,
    EnrichmentRequest,
    Person,
    Signal,
)
from signals.selectors.dossier import (
    dossier_may_change,
    dossier_owner_group_ids,
    dossier_participant_group_ids,
    dossier_participants,
    dossier_sees_all,
)
from signals.selectors.dossier_page import (
    dossier_holds_signal,
    signal_confirmed_persons,
)
from signals.selectors.signal import signal_list_visible_to
from signals.services.audience import audience_refresh_dossier
from signals.services.signal import clean_sharing

# What a participating organisation may do with a dossier it takes part in.
PARTICIPANT_ACTIONS = ("view",)
OWNER_ACTIONS = ("view", "change")


def _require(user: User, perm: str) -> None:
    if not may(user, perm):
        raise PermissionDenied


def _require_change(user: User, dossier: Dossier) -> None:
    if not dossier_may_change(user, dossier):
        raise PermissionDenied


def _event(
    dossier: Dossier,
    kind: DossierEventKind,
    actor: User | None,
    detail: str = "",
    organisation: Organisation | None = None,
    signal: Signal | None = None,
) -> None:
    """Timeline entry; the dossier moves to the top of recently changed lists.
    An entry about one signal names it (``signal``), so that only its readers see it."""
    _events(
        dossier,
        [
            DossierEvent(
                kind=kind,
                actor=actor,
                detail=detail,
                organisation=organisation,
                signal=signal,
            )
        ],
    )


def _events(dossier: Dossier, events: Sequence[DossierEvent]) -> None:
    """Timeline entries written together (one row each, one INSERT), then the
    dossier moves to the top of recently changed lists once."""
    now = timezone.now()
    for event in events:
        event.dossier = dossier
        event.at = now
        if event.organisation_id is None and event.actor is not None:
            event.organisation_id = event.actor.organisation_id
        event.detail = event.detail[:300]
    DossierEvent.objects.bulk_create(events)
    Dossier.objects.filter(pk=dossier.pk).update(updated_at=now)
    DossierGroupObjectPermission.objects.filter(content_object=dossier).update(
        dossier_updated_at=now
    )
    dossier.updated_at = now


@transaction.atomic
def dossier_event_record(
    *,
    dossier: Dossier,
    kind: DossierEventKind,
    actor: User | None,
    detail: str = "",
    organisation: Organisation | None = None,
) -> None:
    """A timeline entry written by an app above signals (classification: a colour
    decided or proposed, a hand-off). ``detail`` is a summary without personal data."""
    _event(dossier, kind, actor, detail, organisation=organisation)


@transaction.atomic
def dossier_events_record(
    *,
    dossier: Dossier,
    entries: Sequence[tuple[DossierEventKind, Organisation | None, str]],
    actor: User | None,
) -> None:
    """Several timeline entries by an app above signals at once (classification:
    one per hand-off), each (kind, organisation, summary without personal data);
    one row each, written in one INSERT."""
    _events(
        dossier,
        [
            DossierEvent(
                kind=kind, actor=actor, organisation=organisation, detail=detail
            )
            for kind, organisation, detail in entries
        ],
    )


@transaction.atomic
def dossier_create(
    *,
    actor: User,
    signals: Sequence[Signal],
    persons: Iterable[tuple[Person, str]] = (),
) -> Dossier:
    """Bundle signals (and confirmed persons) into a new dossier made by the actor's
    organisation.

    The screening team and the ketenregisseur work on every dossier by their role,
    not as their organisation: a dossier they make does not make their
    organisation a participant, or every employee there (not only screeners) would
    read the signals and the child's name. Organisations join by the rules of the
    domain (oranje/rood, the casusoverleg, an invitation; docs/domain.md section 9).
    Anyone else making a dossier takes part in it with view and change access."""
    _require(actor, "signals.add_dossier")
    if not signals:
        raise ValidationError(
            {"signals": [_("Een dossier begint met ten minste één signaal.")]}
        )
    visible = set(
        signal_list_visible_to(user=actor)
        .filter(pk__in=[s.pk for s in signals])
        .values_list("pk", flat=True)
    )
    if visible != {s.pk for s in signals}:
        raise PermissionDenied
    dossier = Dossier(organisation=actor.organisation, created_by=actor)
    dossier.full_clean()
    dossier.save()
    if not dossier_sees_all(actor):
        access_grant(
            obj=dossier,
            organisation=actor.organisation,
            actions=OWNER_ACTIONS,
            actor=actor,
        )
    DossierSignal.objects.bulk_create(
        DossierSignal(dossier=dossier, signal=signal, added_by=actor)
        for signal in signals
    )
    # The readers of its signals: the grant above and the stacking, at once.
    audience_refresh_dossier(dossier_id=dossier.pk)
    for person, role in persons:
        DossierPerson.objects.create(dossier=dossier, person=person, role=role)
    # No count of its signals: a participant may not read all of them.
    _event(dossier, DossierEventKind.CREATED, actor)
    audit_record(actor=actor, action=Action.CREATE, obj=dossier)
    return dossier


@transaction.atomic
def dossier_add_signal(*, dossier: Dossier, signal: Signal, actor: User) -> None:
    _require_change(actor, dossier)
    if not signal_list_visible_to(user=actor).filter(pk=signal.pk).exists():
        raise PermissionDenied
    _, created = DossierSignal.objects.get_or_create(
        dossier=dossier, signal=signal, defaults={"added_by": actor}
    )
    if created:
        audience_refresh_dossier(dossier_id=dossier.pk)
        _event(
            dossier,
            DossierEventKind.SIGNAL_ADDED,
            actor,
            signal.reference,
            signal=signal,
        )
        audit_record(
            actor=actor, action=Action.UPDATE, obj=dossier, changed_fields=["signals"]
        )


@transaction.atomic
def dossier_add_person(
    *, dossier: Dossier, person: Person, role: str, actor: User
) -> None:
    _require_change(actor, dossier)
    _, created = DossierPerson.objects.get_or_create(
        dossier=dossier, person=person, defaults={"role": role}
    )
    if created:
        _event(dossier, DossierEventKind.PERSON_ADDED, actor)
        audit_record(
            actor=actor, action=Action.UPDATE, obj=dossier, changed_fields=["persons"]
        )


@transaction.atomic
def dossier_add_signal_with_persons(
    *, dossier: Dossier, signal: Signal, actor: User
) -> bool:
    """Add a signal and the persons the screeners stacked its mentions onto, as
    one unit: the signal does not go in without its persons. False (and nothing
    changes) when the dossier holds the signal already."""
    _require_change(actor, dossier)
    if dossier_holds_signal(dossier=dossier, signal=signal):
        return False
    dossier_add_signal(dossier=dossier, signal=signal, actor=actor)
    for person, role in signal_confirmed_persons(signal=signal):
        dossier_add_person(dossier=dossier, person=person, role=role, actor=actor)
    return True


@transaction.atomic
def dossier_set_status(*, dossier: Dossier, status: str, actor: User) -> Dossier:
    _require_change(actor, dossier)
    if status not in DossierStatus.values:
        raise ValidationError({"status": [_("Kies een bestaande status.")]})
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if dossier.status == status:
        return dossier
    old = DossierStatus(dossier.status).label
    dossier.status = status
    dossier.save(update_fields=["status"])
    _event(
        dossier,
        DossierEventKind.STATUS_CHANGED,
        actor,
        f"{old} → {DossierStatus(status).label}",
    )
    audit_record(
        actor=actor, action=Action.UPDATE, obj=dossier, changed_fields=["status"]
    )
    # A closed dossier closes its screened meldingen (classification's hook).
    dossier_status_hooks_run(dossier=dossier, actor=actor)
    return dossier


@transaction.atomic
def dossier_set_casemanager(
    *, dossier: Dossier, casemanager: User | None, actor: User
) -> Dossier:
    _require_change(actor, dossier)
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if casemanager is not None and not (
        casemanager.is_active
        and (
            casemanager.organisation_id == dossier.organisation_id
            or casemanager.organisation.group_id
            in dossier_participant_group_ids(dossier=dossier)
        )
    ):
        raise ValidationError(
            {
                "casemanager": [
                    _(
                        "De casemanager werkt bij een organisatie die aan dit dossier deelneemt."
                    )
                ]
            }
        )
    dossier.casemanager = casemanager
    dossier.save(update_fields=["casemanager"])
    _event(dossier, DossierEventKind.CASEMANAGER_SET, actor)
    audit_record(
        actor=actor, action=Action.UPDATE, obj=dossier, changed_fields=["casemanager"]
    )
    return dossier


@transaction.atomic
def dossier_invite(
    *, dossier: Dossier, organisation: Organisation, actor: User
) -> None:
    """Let an organisation take part (flexibele schil per case, or kernteam).

    No free text goes with it: the audit trail records who granted whom what,
    never words a person typed (docs/threat-model.md)."""
    dossier_invite_many(dossier=dossier, organisations=[organisation], actor=actor)


@transaction.atomic
def dossier_invite_many(
    *, dossier: Dossier, organisations: Sequence[Organisation], actor: User
) -> None:
    """``dossier_invite`` for several organisations at once (classification: the
    organisations a colour routes to). Each still gets its own grant, audit entry
    and timeline entry; the checks, the grants and the stored readers are done
    once for all of them. All or none: an organisation without a valid convenant
    refuses the lot."""
    _require(actor, "signals.invite_dossier")
    _require_change(actor, dossier)
    organisations = list({o.pk: o for o in organisations}.values())
    if not organisations:
        return
    valid = set(
        Organisation.objects.convenant_valid()
        .filter(pk__in=[o.pk for o in organisations])
        .values_list("pk", flat=True)
    )
    refused = [o for o in organisations if o.pk not in valid]
    if refused:
        raise ValidationError(
            {
                "organisation": [
                    _(
                        "%(name)s heeft geen geldig convenant en krijgt geen persoonsgegevens."
                    )
                    % {"name": organisation.name}
                    for organisation in refused
                ]
            }
        )
    access_grant_many(
        obj=dossier,
        organisations=organisations,
        actions=PARTICIPANT_ACTIONS,
        actor=actor,
    )
    audience_refresh_dossier(dossier_id=dossier.pk)
    _events(
        dossier,
        [
            DossierEvent(
                kind=DossierEventKind.INVITED,
                actor=actor,
                organisation=organisation,
                detail=organisation.name,
            )
            for organisation in organisations
        ],
    )


@transaction.atomic
def dossier_withdraw_invitation(
    *, dossier: Dossier, organisation: Organisation, actor: User
) -> None:
    _require(actor, "signals.invite_dossier")
    _require_change(actor, dossier)
    if organisation.group_id in dossier_owner_group_ids(dossier=dossier):
        raise ValidationError(
            {
                "organisation": [
                    _("De eigenaar van het dossier kan niet worden uitgesloten.")
                ]
            }
        )
    access_revoke(obj=dossier, organisation=organisation, actor=actor)
    audience_refresh_dossier(dossier_id=dossier.pk)
    _event(
        dossier,
        DossierEventKind.INVITATION_WITHDRAWN,
        actor,
        organisation.name,
        organisation=organisation,
    )


@transaction.atomic
def enrichment_ask(
    *,
    dossier: Dossier,
    organisations: Sequence[Organisation],
    reason: str,
    question: str,
    actor: User,
) -> list[EnrichmentRequest]:
    """Veredelen: ask named partners a specific question about this dossier."""
    _require(actor, "signals.add_enrichmentrequest")
    _require_change(actor, dossier)
    errors: dict[str, list[str]] = {}
    reason, question = reason.strip(), question.strip()
    if not organisations:
        errors["organisations"] = [str(msg.CHOOSE_ORGANISATIONS)]
    if not reason:
        errors["reason"] = [str(msg.EXPLAIN_REASON)]
    if not question:
        errors["question"] = [str(msg.ASK_QUESTION)]
    for name, value in (("reason", reason), ("question", question)):
        problems = text_problems(value, limit=MAX_TEXT, multiline=True)
        if problems:
            errors.setdefault(name, []).extend(problems)
    without = [o.name for o in organisations if not convenant_valid(o.pk)]
    if without:
        errors.setdefault("organisations", []).append(
            _("Geen geldig convenant: %(names)s.") % {"names": ", ".join(without)}
        )
    if errors:
        raise ValidationError(errors)
    requests = []
    for organisation in organisations:
        request = EnrichmentRequest(
            dossier=dossier,
            organisation=organisation,
            reason=reason,
            question=question,
            asked_by=actor,
        )
        request.full_clean()
        request.save()
        requests.append(request)
        _event(
            dossier,
            DossierEventKind.ENRICHMENT_ASKED,
            actor,
            organisation.name,
            organisation=organisation,
        )
        audit_record(actor=actor, action=Action.CREATE, obj=request)
        notify(
            recipients=_contact_persons(organisation),
            kind=Notification.Kind.ENRICHMENT_REQUEST,
            title=_("Nieuwe vraag over dossier %(reference)s")
            % {"reference": dossier.reference},
            link=f"/veredelen/{request.pk}/",
        )
    return requests


def _contact_persons(organisation: Organisation) -> list[User]:
    """The vaste contactpersoon receives the organisation's requests (docs/domain.md section 1);
    without one, everyone holding the contactpersoon role there.

    Only people who may open the question (its link is the answer page, which
    needs ``signals.change_enrichmentrequest``): a contact person recorded on the
    organisation without that role is passed over for those who hold it."""
    contact = organisation.contact_person
    if contact is not None and may(contact, "signals.change_enrichmentrequest"):
        return [contact]
    return [
        user
        for user in User.objects.filter(
            organisation=organisation,
            is_active=True,
            groups__name=f"{ROLE_GROUP_PREFIX}{Role.CONTACTPERSOON}",
        )
        if may(user, "signals.change_enrichmentrequest")
    ]


@transaction.atomic
def enrichment_answer(
    *,
    request: EnrichmentRequest,
    actor: User,
    answer: str = "",
    no_information: bool = False,
    sharing: str = Sharing.PARTICIPANTS,
    shared_with: Sequence[str] = (),
) -> EnrichmentRequest:
    """The asked organisation's contactpersoon answers, or records it has nothing.

    The answer belongs to the answering organisation. It is shown to the dossier's
    participants, or only to the participants it names (slugs) (docs/domain.md section
    9); the screening team and the ketenregisseur read it either way. Answering
    does not make the organisation a participant itself.
    """
    _require(actor, "signals.change_enrichmentrequest")
    request = EnrichmentRequest.objects.select_for_update().get(pk=request.pk)
    if actor.organisation_id != request.organisation_id:
        raise PermissionDenied
    if request.status != EnrichmentStatus.OPEN:
        raise ValidationError({"answer": [_("Deze vraag is al beantwoord.")]})
    answer = answer.strip()
    if no_information and answer:
        raise ValidationError(
            {"answer": [_("Kies óf een antwoord óf 'geen informatie beschikbaar'.")]}
        )
    if not no_information and not answer:
        raise ValidationError({"answer": [str(msg.ANSWER_OR_NOTHING)]})
    problems = text_problems(answer, limit=MAX_TEXT, multiline=True)
    if problems:
        raise ValidationError({"answer": problems})
    errors: dict[str, list[str]] = {}
    if no_information:
        # Nothing to share: "geen informatie" is part of the question's status.
        sharing, shared_with = Sharing.PARTICIPANTS, ()
    organisations = clean_sharing(
        sharing,
        shared_with,
        errors,
        among=dossier_participants(dossier=request.dossier),
        owner_id=request.organisation_id,
    )
    if errors:
        raise ValidationError(errors)
    request.sharing = sharing
    request.status = (
        EnrichmentStatus.NO_INFORMATION if no_information else EnrichmentStatus.ANSWERED
    )
    request.answer = answer
    request.answered_by = actor
    request.answered_at = timezone.now()
    request.full_clean()
    request.save()
    request.shared_with.set(organisations)
    _event(
        request.dossier,
        DossierEventKind.ENRICHMENT_ANSWERED,
        actor,
        str(EnrichmentStatus(request.status).label),
    )
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=request,
        changed_fields=["answer", "sharing", "shared_with"],
    )
    return request
