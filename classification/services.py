"""Writes of screening and classification (docs/domain.md sections 6 and 9).

Keyword-only, atomic, audited in the same transaction. Only the screening team
(``signals.screen_signal``) screens and classifies; a receiving organisation
acknowledges its hand-offs. Need to know follows the colour: a confirmed
classification lets the organisations of its routing join the dossier through the
signals services (``dossier_invite``: the access layer's grant, the stored readers
refreshed, audited, a timeline entry). A pending proposal (four eyes on rood)
grants nothing. Lowering the colour withdraws nobody unless the screener records
that decision (``withdraw_access``); then ``dossier_withdraw_invitation`` does it,
audited and on the timeline.

The melding's status and feedback for the reporter and the meldpunt live on
``Signal.status`` and ``Signal.feedback`` (signals owns them, these services write
them); they never carry the colour or the dossier (docs/api-contract.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.constants import Action
from audit.services import audit_record
from classification.constants import (
    COLOUR_RANK,
    KERNTEAM_COLOURS,
    MAX_FEEDBACK,
    MAX_NOTE,
    MAX_RATIONALE,
    MAX_ROUTING_NOTE,
    PHASE_ORDER,
    SKIPPABLE_PHASES,
    STEP_PHASES,
    ClassificationStatus,
    Colour,
    HandOffKind,
    PerpetratorOutcome,
    Phase,
)
from classification.models import (
    Classification,
    HandOff,
    PerpetratorDecision,
    Screening,
    ScreeningStep,
)
from classification.selectors import dossier_colour, routing_targets
from classification.selectors_instrument import instrument_suggestion
from classification.services_doorlaatverbod import doorlaatverbod_raise
from classification.services_hand_off import hand_offs_create
from classification.services_instrument import (
    deviation_validate,
    rationale_required_reason,
)
from partners.access import may, principal_for
from partners.models import Organisation, User
from partners.text import text_problems
from signals.constants import DossierEventKind, DossierStatus, Status, SubjectRole
from signals.dossier_hooks import dossier_access_keep
from signals.models import Dossier, Signal
from signals.selectors.dossier import dossier_participant_group_ids
from signals.selectors.dossier_page import signal_confirmed_persons
from signals.services import (
    dossier_add_signal_with_persons,
    dossier_create,
    dossier_event_record,
    dossier_invite_many,
    dossier_withdraw_invitation,
)

SCREEN = "signals.screen_signal"


def _require_screener(actor: User) -> None:
    if not may(actor, SCREEN):
        raise PermissionDenied


def _next_phase(phase: str) -> str:
    return PHASE_ORDER[PHASE_ORDER.index(phase) + 1]


def _text(
    errors: dict[str, list[str]], field: str, value: str, limit: int, required: str
) -> str:
    value = value.strip()
    if not value and required:
        errors.setdefault(field, []).append(required)
    problems = text_problems(value, limit=limit, multiline=True)
    if problems:
        errors.setdefault(field, []).extend(problems)
    return value


def _set_signal_status(
    signal: Signal, status: str, feedback: str | None = None
) -> None:
    """The melding's status (and feedback) as the reporter and the meldpunt read it.

    Classified or closed, the melding has left the screening werkvoorraad: the
    stored flag the work list reads (``Signal.screening_open``) is cleared in the
    same UPDATE."""
    fields = []
    if signal.status != status:
        signal.status = status
        fields.append("status")
    if signal.screening_open and status not in (Status.RECEIVED, Status.IN_SCREENING):
        signal.screening_open = False
        fields.append("screening_open")
    if feedback is not None:
        signal.feedback = feedback
        fields.append("feedback")
    if fields:
        signal.save(update_fields=[*fields, "updated_at"])


def _settle_status(signal: Signal, actor: User | None) -> None:
    """After its screening ends, a melding is ``closed`` when nothing more follows
    from it (docs/api-contract.md): its perpetrator decision was insufficient
    (registered for later dossier building), or every dossier holding it is
    afgesloten; otherwise it stays ``classified``. A withdrawn melding stays
    closed. The API reads only this status, never why."""
    if signal.withdrawn_at is not None:
        closed = True
    else:
        insufficient = PerpetratorDecision.objects.filter(
            signal=signal, outcome=PerpetratorOutcome.INSUFFICIENT
        ).exists()
        statuses = set(signal.dossiers.values_list("status", flat=True))
        closed = insufficient or statuses == {DossierStatus.AFGESLOTEN}
    status = Status.CLOSED if closed else Status.CLASSIFIED
    if signal.status != status:
        _set_signal_status(signal, status)
        audit_record(
            actor=actor, action=Action.UPDATE, obj=signal, changed_fields=["status"]
        )


def signals_settle_for_dossier(dossier: Dossier, actor: User) -> None:
    """The dossier's status changed (``signals.dossier_hooks``): its meldingen
    whose screening has ended become closed, or classified again on reopening."""
    for screening in Screening.objects.filter(
        signal__dossiers=dossier, phase=Phase.AFGEROND
    ).select_related("signal"):
        _settle_status(screening.signal, actor)


def _locked_screening(signal: Signal) -> Screening:
    screening, _created = Screening.objects.get_or_create(signal=signal)
    return (
        Screening.objects.select_for_update()
        .select_related("signal")
        .get(pk=screening.pk)
    )


@transaction.atomic
def screening_take(*, signal: Signal, actor: User) -> Screening:
    """ "Ik pak deze op": the actor works on this melding now (shown in the
    werkvoorraad so that two screeners don't duplicate work)."""
    _require_screener(actor)
    screening = _locked_screening(signal)
    screening.taken_by = actor
    screening.taken_at = timezone.now()
    screening.full_clean()
    screening.save()
    if screening.signal.status == Status.RECEIVED:
        _set_signal_status(screening.signal, Status.IN_SCREENING)
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=screening,
        changed_fields=["taken_by", "taken_at"],
    )
    return screening


def _start(screening: Screening, actor: User) -> None:
    """Working on a phase takes the melding when nobody has."""
    if screening.taken_by_id is None:
        screening.taken_by = actor
        screening.taken_at = timezone.now()
    if screening.signal.status == Status.RECEIVED:
        _set_signal_status(screening.signal, Status.IN_SCREENING)


@transaction.atomic
def screening_record_step(
    *,
    screening: Screening,
    actor: User,
    partners_asked: Sequence[Organisation] = (),
    reporter_contacted: bool = False,
    home_contacted: bool = False,
    note: str = "",
) -> ScreeningStep:
    """Record what the current phase (onderzoeken or verifiëren) did and move on."""
    _require_screener(actor)
    screening = _locked_screening(screening.signal)
    errors: dict[str, list[str]] = {}
    if screening.phase not in STEP_PHASES:
        raise ValidationError(
            _("In deze fase wordt geen stap vastgelegd: %(phase)s.")
            % {"phase": Phase(screening.phase).label}
        )
    if home_contacted and screening.signal.subject_role == SubjectRole.PERPETRATOR:
        errors["home_contacted"] = [
            _(
                "Bij een melding over een mogelijke dader wordt de thuissituatie niet benaderd."
            )
        ]
    note = _text(errors, "note", note, MAX_NOTE, "")
    if not (partners_asked or reporter_contacted or home_contacted or note):
        errors.setdefault("__all__", []).append(
            _(
                "Leg vast wat er in deze fase is gedaan, of sla de fase over met een reden."
            )
        )
    if errors:
        raise ValidationError(errors)
    step = ScreeningStep(
        screening=screening,
        phase=screening.phase,
        reporter_contacted=reporter_contacted,
        home_contacted=home_contacted,
        note=note,
        by=actor,
    )
    step.full_clean()
    step.save()
    step.partners_asked.set(partners_asked)
    _start(screening, actor)
    screening.phase = _next_phase(screening.phase)
    screening.save()
    audit_record(actor=actor, action=Action.CREATE, obj=step)
    return step


@transaction.atomic
def screening_skip_phase(
    *, screening: Screening, actor: User, reason: str
) -> ScreeningStep:
    """Skip the current phase; the reason is recorded and mandatory."""
    _require_screener(actor)
    screening = _locked_screening(screening.signal)
    if screening.phase not in SKIPPABLE_PHASES:
        raise ValidationError(
            _("De fase %(phase)s kan niet worden overgeslagen.")
            % {"phase": Phase(screening.phase).label}
        )
    errors: dict[str, list[str]] = {}
    reason = _text(
        errors,
        "reason",
        reason,
        MAX_NOTE,
        _("Geef aan waarom deze fase wordt overgeslagen."),
    )
    if errors:
        raise ValidationError(errors)
    step = ScreeningStep(
        screening=screening,
        phase=screening.phase,
        skipped=True,
        skip_reason=reason,
        by=actor,
    )
    step.full_clean()
    step.save()
    _start(screening, actor)
    screening.phase = _next_phase(screening.phase)
    screening.save()
    audit_record(actor=actor, action=Action.CREATE, obj=step, reason="overgeslagen")
    if screening.phase == Phase.AFGEROND:
        _settle_status(screening.signal, actor)
    return step


@transaction.atomic
def screening_classify(
    *,
    screening: Screening,
    actor: User,
    colour: str,
    rationale: str,
    dossier: Dossier | None = None,
    deviation_reason: str = "",
    exploitation: bool = False,
) -> Classification:
    """Vaststellen: the melding's dossier gets a colour. A melding in no dossier
    gets one (``dossier_create``, with the persons the screeners confirmed), or
    joins ``dossier``; a melding already in a dossier is classified there.

    A colour that differs from the risk instrument's suggestion (the dossier's
    newest assessment) needs ``deviation_reason``, which is added to the rationale
    so the colour history keeps it. ``exploitation`` marks (imminent) exploitation
    and raises the doorlaatverbod for a minor whatever the colour."""
    _require_screener(actor)
    screening = _locked_screening(screening.signal)
    if screening.phase != Phase.VASTSTELLEN:
        raise ValidationError(_("Vaststellen kan pas na onderzoeken en verifiëren."))
    signal = screening.signal
    if signal.subject_role == SubjectRole.PERPETRATOR:
        # A perpetrator melding follows its own path (services_perpetrator).
        raise ValidationError(
            _(
                "Een melding over een mogelijke dader krijgt geen kleur: "
                "leg het besluit over de dadermelding vast."
            )
        )
    if dossier is not None:
        dossier_add_signal_with_persons(dossier=dossier, signal=signal, actor=actor)
    else:
        dossier = signal.dossiers.order_by("-updated_at").first()
    suggested = instrument_suggestion(dossier=dossier) if dossier else None
    deviation_validate(
        suggested=suggested,
        chosen=colour,
        deviation_reason=deviation_reason,
        field="deviation_reason",
    )
    if suggested and rationale_required_reason(suggested, colour) and rationale.strip():
        rationale = f"{rationale.strip()}\n\n" + _(
            "Afwijking van de suggestie (%(suggested)s): %(reason)s"
        ) % {"suggested": Colour(suggested).label, "reason": deviation_reason.strip()}
    if dossier is None:
        dossier = dossier_create(
            actor=actor,
            signals=[signal],
            persons=signal_confirmed_persons(signal=signal),
        )
    _start(screening, actor)
    screening.save()
    return dossier_classify(
        dossier=dossier,
        actor=actor,
        colour=colour,
        rationale=rationale,
        signal=signal,
        exploitation=exploitation,
    )


def _needs_four_eyes(previous: str, colour: str) -> bool:
    """Raising to rood or lowering from rood takes a second screener."""
    return colour != previous and Colour.ROOD in (colour, previous)


@transaction.atomic
def dossier_classify(
    *,
    dossier: Dossier,
    actor: User,
    colour: str,
    rationale: str,
    signal: Signal | None = None,
    withdraw_access: bool = False,
    exploitation: bool = False,
) -> Classification:
    """Give the dossier a colour (opschalen, afschalen) with a mandatory rationale.

    Raising to rood or lowering from rood only proposes it (pending) until a second
    screener confirms; everything else takes effect at once. ``withdraw_access``
    records the decision, when lowering, to withdraw the organisations that joined
    by the previous colour and are not routed to by the new one."""
    _require_screener(actor)
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    errors: dict[str, list[str]] = {}
    if colour not in Colour.values:
        errors["colour"] = [_("Kies een kleur.")]
    rationale = _text(
        errors, "rationale", rationale, MAX_RATIONALE, _("Onderbouw de kleur.")
    )
    previous = dossier_colour(dossier=dossier)
    if colour and colour == previous:
        errors.setdefault("colour", []).append(_("Het dossier heeft deze kleur al."))
    if Classification.objects.filter(
        dossier=dossier, status=ClassificationStatus.PENDING
    ).exists():
        errors.setdefault("__all__", []).append(
            _("Er wacht al een kleurvoorstel op bevestiging door een tweede screener.")
        )
    lowering = bool(previous) and COLOUR_RANK.get(colour, 99) < COLOUR_RANK[previous]
    if withdraw_access and not lowering:
        errors.setdefault("withdraw_access", []).append(
            _("Toegang intrekken kan alleen bij het afschalen.")
        )
    if errors:
        raise ValidationError(errors)
    pending = _needs_four_eyes(previous, colour)
    classification = Classification(
        dossier=dossier,
        signal=signal,
        colour=colour,
        previous_colour=previous,
        rationale=rationale,
        status=ClassificationStatus.PENDING
        if pending
        else ClassificationStatus.CONFIRMED,
        decided_by=actor,
        withdraw_access=withdraw_access,
    )
    classification.full_clean()
    classification.save()
    audit_record(actor=actor, action=Action.CREATE, obj=classification)
    # Doorlaatverbod (docs/domain.md section 9): a minor in (imminent) exploitation,
    # rood or any colour the screener marks so, alerts police, OM and the
    # ketenregisseur now, also while rood waits for the second screener;
    # doorlaatverbod_raise checks the age and raises once per open alert.
    if colour == Colour.ROOD or exploitation:
        doorlaatverbod_raise(dossier=dossier, actor=actor)
    if pending:
        dossier_event_record(
            dossier=dossier,
            kind=DossierEventKind.CLASSIFICATION_PROPOSED,
            actor=actor,
            detail=_colour_change(previous, colour)
            + " "
            + _("(wacht op een tweede screener)"),
        )
    else:
        _apply(classification, actor)
    return classification


def _colour_change(previous: str, colour: str) -> str:
    if previous:
        return f"{Colour(previous).label} → {Colour(colour).label}"
    return str(Colour(colour).label)


def _decide(
    *, classification: Classification, actor: User, status: str, refusal: str
) -> Classification:
    """Four eyes: a screener other than the proposer decides a pending proposal,
    under a row lock so a confirmation and a decline cannot both win."""
    _require_screener(actor)
    classification = Classification.objects.select_for_update().get(
        pk=classification.pk
    )
    if classification.status != ClassificationStatus.PENDING:
        raise ValidationError(_("Over dit voorstel is al besloten."))
    if classification.decided_by_id == actor.pk:
        raise PermissionDenied(refusal)
    classification.status = status
    classification.confirmed_by = actor
    classification.confirmed_at = timezone.now()
    classification.full_clean()
    classification.save()
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=classification,
        changed_fields=["status", "confirmed_by"],
    )
    return classification


@transaction.atomic
def classification_confirm(
    *, classification: Classification, actor: User
) -> Classification:
    """Four eyes: a second screener confirms a proposal; then it takes effect."""
    classification = _decide(
        classification=classification,
        actor=actor,
        status=ClassificationStatus.CONFIRMED,
        refusal=_("Een tweede screener bevestigt; niet wie het voorstel deed."),
    )
    _apply(classification, actor)
    return classification


@transaction.atomic
def classification_decline(
    *, classification: Classification, actor: User
) -> Classification:
    """Four eyes: a second screener declines a proposal; nothing changes."""
    classification = _decide(
        classification=classification,
        actor=actor,
        status=ClassificationStatus.DECLINED,
        refusal=_("Een tweede screener beslist; niet wie het voorstel deed."),
    )
    dossier_event_record(
        dossier=classification.dossier,
        kind=DossierEventKind.CLASSIFICATION_PROPOSED,
        actor=actor,
        detail=_("Voorstel %(change)s afgewezen")
        % {
            "change": _colour_change(
                classification.previous_colour, classification.colour
            )
        },
    )
    return classification


# What each colour routes to, by organisation kind (docs/domain.md section 6).
ROUTING: dict[str, tuple[tuple[str, str], ...]] = {
    Colour.BLAUW: (("veiligheidshuis", HandOffKind.REGISTRATION),),
    Colour.GROEN: (("cjg", HandOffKind.CARE),),
    Colour.ORANJE: (
        ("veiligheidshuis", HandOffKind.SAFETY_HOUSE),
        ("rcmp", HandOffKind.RCMP),
        ("veiligheidshuis", HandOffKind.OVERLEG_PROPOSAL),
    ),
    Colour.ROOD: (
        ("rcmp", HandOffKind.RCMP),
        ("veiligheidshuis", HandOffKind.PRIORITY),
        ("veiligheidshuis", HandOffKind.CASEMANAGER),
    ),
}


def colour_organisations(
    colour: str, targets: tuple[dict[str, Organisation], list[str]] | None = None
) -> tuple[list[Organisation], list[str]]:
    """The organisations that join a dossier of this colour (valid convenant), and
    the routing kinds the region lacks. ``targets``: the colour's
    ``routing_targets`` when the caller has them already."""
    found, missing = targets or routing_targets([k for k, _h in ROUTING[colour]])
    joining = list({o.pk: o for o in found.values()}.values())
    if colour in KERNTEAM_COLOURS:
        kernteam = (
            Organisation.objects.convenant_valid()
            .filter(ring="kernteam")
            .select_related("contact_person")
        )
        for organisation in kernteam:
            if organisation.pk not in {o.pk for o in joining}:
                joining.append(organisation)
    return joining, missing


def _apply(classification: Classification, actor: User) -> None:
    """A confirmed colour takes effect: timeline, joins, hand-offs, the melding's
    status, and (only when decided) withdrawals."""
    dossier = classification.dossier
    colour = classification.colour
    dossier_event_record(
        dossier=dossier,
        kind=DossierEventKind.CLASSIFIED,
        actor=actor,
        detail=_colour_change(classification.previous_colour, colour),
    )
    targets, missing = routing_targets([kind for kind, _h in ROUTING[colour]])
    joining, _missing = colour_organisations(colour, (targets, missing))
    participants = set(dossier_participant_group_ids(dossier=dossier))
    # One invitation for all of them: each still gets its grant, audit entry and
    # timeline entry, the stored readers are refreshed once.
    dossier_invite_many(
        dossier=dossier,
        organisations=[o for o in joining if o.group_id not in participants],
        actor=actor,
    )
    hand_offs = [
        (targets[kind], hand_off_kind)
        for kind, hand_off_kind in ROUTING[colour]
        if kind in targets
    ]
    if colour in KERNTEAM_COLOURS:
        hand_offs += [
            (o, HandOffKind.KERNTEAM) for o in joining if o.ring == "kernteam"
        ]
    hand_offs_create(
        dossier=dossier, routing=hand_offs, actor=actor, classification=classification
    )
    if missing:
        classification.routing_note = _(
            "Niet doorgeleid: de regio heeft geen %(kinds)s met een geldig convenant."
        ) % {"kinds": ", ".join(_kind_label(k) for k in missing)}
        classification.save(update_fields=["routing_note"])
    if classification.withdraw_access and classification.previous_colour:
        _withdraw(classification, actor, keep=joining)
    if classification.signal is not None:
        _set_signal_status(classification.signal, Status.CLASSIFIED)
        Screening.objects.filter(
            signal=classification.signal, phase=Phase.VASTSTELLEN
        ).update(phase=Phase.TERUGKOPPELEN, updated_at=timezone.now())


def _kind_label(kind: str) -> str:
    from partners.constants import OrganisationKind

    return str(OrganisationKind(kind).label)


def _withdraw(
    classification: Classification, actor: User, *, keep: Iterable[Organisation]
) -> None:
    """The recorded decision of an afschalen: the organisations the previous colour
    brought in, and the new one does not, leave the dossier (the owner stays).
    An organisation an app above still needs the dossier for (the casusoverleg:
    ``signals.dossier_hooks.dossier_access_keep``) stays; the routing note says so."""
    dossier = classification.dossier
    before, _missing = colour_organisations(classification.previous_colour)
    kept = {o.pk for o in keep} | {dossier.organisation_id}
    participants = set(dossier_participant_group_ids(dossier=dossier))
    stayed: dict[str, list[str]] = {}
    for organisation in before:
        if organisation.pk not in kept and organisation.group_id in participants:
            reason = dossier_access_keep(
                dossier=dossier, organisation=organisation, actor=actor
            )
            if reason:
                stayed.setdefault(str(reason), []).append(organisation.name)
                continue
            dossier_withdraw_invitation(
                dossier=dossier, organisation=organisation, actor=actor
            )
    if not stayed:
        return
    note = " ".join(
        _("Toegang behouden voor %(reason)s: %(names)s.")
        % {"reason": reason, "names": ", ".join(names)}
        for reason, names in stayed.items()
    )
    classification.routing_note = " ".join(
        part for part in (classification.routing_note, note) if part
    )[:MAX_ROUTING_NOTE]
    classification.save(update_fields=["routing_note"])
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=classification,
        changed_fields=["routing_note"],
    )


@transaction.atomic
def screening_feedback(
    *, screening: Screening, actor: User, feedback: str
) -> Screening:
    """Terugkoppelen: the text the reporter (and the meldpunt, through the API)
    reads. It never names the colour, the dossier or what partners know."""
    _require_screener(actor)
    screening = _locked_screening(screening.signal)
    if screening.phase != Phase.TERUGKOPPELEN:
        raise ValidationError(_("Terugkoppelen kan na het vaststellen."))
    errors: dict[str, list[str]] = {}
    feedback = _text(
        errors,
        "feedback",
        feedback,
        MAX_FEEDBACK,
        _("Schrijf de terugkoppeling aan de melder."),
    )
    if errors:
        raise ValidationError(errors)
    step = ScreeningStep(
        screening=screening,
        phase=Phase.TERUGKOPPELEN,
        reporter_contacted=True,
        by=actor,
    )
    step.full_clean()
    step.save()
    screening.phase = Phase.AFGEROND
    screening.save()
    _set_signal_status(screening.signal, Status.CLASSIFIED, feedback=feedback)
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=screening.signal,
        changed_fields=["feedback", "status"],
    )
    _settle_status(screening.signal, actor)
    return screening


@transaction.atomic
def hand_off_acknowledge(*, hand_off: HandOff, actor: User) -> HandOff:
    """The receiving organisation confirms it has the hand-off."""
    principal = principal_for(actor)
    if (
        principal is None
        or principal.group_id is None
        or not principal.has_permission("classification.change_handoff")
        or principal.organisation_id != hand_off.to_organisation_id
    ):
        raise PermissionDenied
    hand_off = HandOff.objects.select_for_update().get(pk=hand_off.pk)
    if hand_off.acknowledged_at is None:
        hand_off.acknowledged_by = actor
        hand_off.acknowledged_at = timezone.now()
        hand_off.save(update_fields=["acknowledged_by", "acknowledged_at"])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            obj=hand_off,
            changed_fields=["acknowledged_by", "acknowledged_at"],
        )
    return hand_off
