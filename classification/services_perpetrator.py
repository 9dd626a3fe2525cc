"""Vaststellen of a melding about a possible perpetrator and the art. 273f Sr test
(docs/domain.md section 6).

The screening team decides: *insufficient* registers the melding in a dossier
(new, or one about the same person) for later dossier building, with no routing;
*strong suspicion* puts it to the RCMP, the OM and the RIEC, who join the dossier
(the access layer's grant, audited, on the timeline) and each get a hand-off.
Only a user of the OM or the RCMP records the answer, through their hand-off:
*prosecution possible* hands the case to the OM and the RCMP (takeover hand-offs;
the dossier shows the criminal route as leading); *no prosecution (yet)* puts it
on the Veiligheidshuis agenda (a hand-off to the Veiligheidshuis, which joins).
Audited; no four eyes; every refusal a Dutch error, nothing half-written.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.constants import Action
from audit.services import audit_record
from classification.constants import (
    MAX_RATIONALE,
    MAX_TEST_NOTE,
    TEST_273F_ANSWER_KINDS,
    TEST_273F_KINDS,
    HandOffKind,
    PerpetratorOutcome,
    Phase,
    Result273f,
)
from classification.models import HandOff, PerpetratorDecision, Screening
from classification.selectors import routing_targets
from classification.selectors_perpetrator import perpetrator_test_may_record
from classification.services import (
    _locked_screening,
    _require_screener,
    _set_signal_status,
    _start,
    _text,
)
from classification.services_hand_off import hand_offs_create
from partners.access import access_grant
from partners.constants import OrganisationKind
from partners.models import Organisation, User
from signals.constants import DossierEventKind, Status, SubjectRole
from signals.models import Dossier
from signals.selectors.dossier import dossier_participant_group_ids
from signals.selectors.dossier_page import signal_confirmed_persons
from signals.services import (
    dossier_add_signal_with_persons,
    dossier_create,
    dossier_event_record,
    dossier_invite,
)
from signals.services.audience import audience_refresh_dossier


@transaction.atomic
def perpetrator_decide(
    *,
    screening: Screening,
    actor: User,
    outcome: str,
    rationale: str,
    dossier: Dossier | None = None,
) -> PerpetratorDecision:
    """Vaststellen of a perpetrator melding: insufficient or strong suspicion,
    with a mandatory rationale. The melding goes into ``dossier``, the dossier it
    is in, or a new one (with the persons the screeners confirmed)."""
    _require_screener(actor)
    screening = _locked_screening(screening.signal)
    signal = screening.signal
    if signal.subject_role != SubjectRole.PERPETRATOR:
        raise ValidationError(
            _("Alleen een melding over een mogelijke dader krijgt dit besluit.")
        )
    if screening.phase != Phase.VASTSTELLEN:
        raise ValidationError(_("Vaststellen kan pas na onderzoeken en verifiëren."))
    if PerpetratorDecision.objects.filter(signal=signal).exists():
        raise ValidationError(_("Over deze melding is al besloten."))
    errors: dict[str, list[str]] = {}
    if outcome not in PerpetratorOutcome.values:
        errors["outcome"] = [_("Kies een besluit.")]
    rationale = _text(
        errors, "rationale", rationale, MAX_RATIONALE, _("Onderbouw het besluit.")
    )
    targets: dict[str, Organisation] = {}
    if outcome == PerpetratorOutcome.STRONG_SUSPICION:
        targets, _missing = routing_targets(list(TEST_273F_KINDS))
        if not TEST_273F_ANSWER_KINDS & set(targets):
            errors.setdefault("outcome", []).append(
                _(
                    "De regio heeft geen OM of RCMP met een geldig convenant om "
                    "de toetsing aan art. 273f Sr aan voor te leggen."
                )
            )
    if errors:
        raise ValidationError(errors)
    if dossier is not None:
        dossier_add_signal_with_persons(dossier=dossier, signal=signal, actor=actor)
    else:
        dossier = signal.dossiers.order_by("-updated_at").first()
    if dossier is None:
        dossier = dossier_create(
            actor=actor,
            signals=[signal],
            persons=signal_confirmed_persons(signal=signal),
        )
    decision = PerpetratorDecision(
        signal=signal,
        dossier=dossier,
        outcome=outcome,
        rationale=rationale,
        decided_by=actor,
    )
    decision.full_clean()
    decision.save()
    audit_record(actor=actor, action=Action.CREATE, obj=decision)
    dossier_event_record(
        dossier=dossier,
        kind=DossierEventKind.PERPETRATOR_DECIDED,
        actor=actor,
        detail=str(PerpetratorOutcome(outcome).label),
    )
    if outcome == PerpetratorOutcome.STRONG_SUSPICION:
        participants = set(dossier_participant_group_ids(dossier=dossier))
        # RCMP, OM and RIEC, in that order, each once.
        organisations = [targets[k] for k in TEST_273F_KINDS if k in targets]
        for organisation in organisations:
            if organisation.group_id not in participants:
                dossier_invite(dossier=dossier, organisation=organisation, actor=actor)
        hand_offs_create(
            dossier=dossier,
            routing=[(o, HandOffKind.TEST_273F) for o in organisations],
            actor=actor,
            perpetrator_decision=decision,
        )
    _start(screening, actor)
    screening.phase = Phase.TERUGKOPPELEN
    screening.save()
    _set_signal_status(signal, Status.CLASSIFIED)
    return decision


@transaction.atomic
def perpetrator_test_record(
    *, decision: PerpetratorDecision, actor: User, result: str, note: str = ""
) -> PerpetratorDecision:
    """The OM's or the RCMP's answer to the art. 273f Sr test, once."""
    if not perpetrator_test_may_record(actor, decision):
        raise PermissionDenied
    decision = (
        PerpetratorDecision.objects.select_for_update()
        .select_related("dossier")
        .get(pk=decision.pk)
    )
    if decision.test_result:
        raise ValidationError(_("Het antwoord op de toetsing is al vastgelegd."))
    errors: dict[str, list[str]] = {}
    if result not in Result273f.values:
        errors["result"] = [_("Kies de uitkomst van de toetsing.")]
    note = _text(errors, "note", note, MAX_TEST_NOTE, "")
    if errors:
        raise ValidationError(errors)
    assert actor.organisation is not None  # perpetrator_test_may_record checked it
    decision.test_result = result
    decision.test_note = note
    decision.test_by = actor
    decision.test_organisation = actor.organisation
    decision.test_at = timezone.now()
    decision.full_clean()
    decision.save()
    # The note is typed text: it stays out of the trail (docs/threat-model.md).
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=decision,
        changed_fields=["test_result", "test_note", "test_by", "test_at"],
    )
    dossier = decision.dossier
    own = HandOff.objects.select_for_update().filter(
        perpetrator_decision=decision,
        kind=HandOffKind.TEST_273F,
        to_organisation=actor.organisation,
        acknowledged_at__isnull=True,
    )
    for hand_off in own:
        hand_off.acknowledged_by = actor
        hand_off.acknowledged_at = decision.test_at
        hand_off.save(update_fields=["acknowledged_by", "acknowledged_at"])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            obj=hand_off,
            changed_fields=["acknowledged_by", "acknowledged_at"],
        )
    if result == Result273f.PROSECUTION_POSSIBLE:
        detail = _(
            "Vervolging mogelijk: RCMP/OM nemen over, strafrechtelijke route leidend"
        )
        kinds = [OrganisationKind.RCMP, OrganisationKind.OM]
        hand_off_kind = HandOffKind.TAKEOVER
    else:
        detail = _("Geen vervolging (nog): op de agenda van het Veiligheidshuis")
        kinds = [OrganisationKind.VEILIGHEIDSHUIS]
        hand_off_kind = HandOffKind.SAFETY_HOUSE_AGENDA
    dossier_event_record(
        dossier=dossier, kind=DossierEventKind.TEST_273F, actor=actor, detail=detail
    )
    targets, _missing = routing_targets([str(k) for k in kinds])
    organisations = [targets[k] for k in kinds if k in targets]
    if organisations:
        _join(dossier, organisations, actor)
        hand_offs_create(
            dossier=dossier,
            routing=[(o, hand_off_kind) for o in organisations],
            actor=actor,
            perpetrator_decision=decision,
        )
    return decision


def _join(dossier: Dossier, organisations: list[Organisation], actor: User) -> None:
    """The organisations the answer routes to read the dossier. The OM or RCMP
    user cannot invite (a screening team's right), so the grant is given here,
    audited with its reason and on the timeline like an invitation."""
    participants = set(dossier_participant_group_ids(dossier=dossier))
    joined = [o for o in organisations if o.group_id not in participants]
    for organisation in joined:
        access_grant(
            obj=dossier,
            organisation=organisation,
            actions=("view",),
            actor=actor,
            reason="toetsing art. 273f Sr",
        )
    if joined:
        audience_refresh_dossier(dossier_id=dossier.pk)
    for organisation in joined:
        dossier_event_record(
            dossier=dossier,
            kind=DossierEventKind.INVITED,
            actor=actor,
            detail=organisation.name,
            organisation=organisation,
        )
