"""Writes of the risicotaxatie-instrument (docs/domain.md section 6).

The functioneel beheerder copies the current version as a draft, edits the draft's
items and thresholds and publishes it; a published version is never changed. A
screener's assessment is scored with the published version of that moment and
keeps it, with the points of each item it ticked.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.constants import Action
from audit.services import audit_record
from classification.constants import Colour
from classification.constants_risk import (
    MAX_INSTRUMENT_ITEMS,
    InstrumentCategory,
    VersionStatus,
)
from classification.models_instrument import (
    Assessment,
    AssessmentScore,
    InstrumentItem,
    InstrumentVersion,
)
from partners.access import may
from partners.models import User
from signals.models import Dossier, Indicator

# The shipped version: the signalenlijst (1 point an item) and the loverboy-checklist
# (2 points; the questions about the 'vriend' weigh more), each item placed in one
# of the seven categories. The handreiking publishes no weights: these are a
# starting point that the functioneel beheerder changes in the app.
DEFAULT_THRESHOLDS = {"groen": 3, "oranje": 8, "rood": 14}
_GROUP_CATEGORY = {
    "uiterlijk": InstrumentCategory.UITERLIJK,
    "zelfbeeld": InstrumentCategory.GEDRAG,
    "gedrag": InstrumentCategory.GEDRAG,
    "seksueel": InstrumentCategory.GEDRAG,
    "anderen": InstrumentCategory.NETWERK,
    "lichamelijk": InstrumentCategory.FYSIEK,
    "checklist": InstrumentCategory.NETWERK,
}
_CODE_CATEGORY = {
    "uiterlijk.moe_vermagerd": InstrumentCategory.FYSIEK,
    "uiterlijk.psychosomatisch": InstrumentCategory.FYSIEK,
    "uiterlijk.zelfverwonding": InstrumentCategory.FYSIEK,
    "seksueel.zelfverwonding": InstrumentCategory.FYSIEK,
    "gedrag.weinig_binding_thuis": InstrumentCategory.GEZIN,
    "gedrag.weglopen": InstrumentCategory.GEZIN,
    "gedrag.problemen_thuis_school": InstrumentCategory.SCHOOL,
    "seksueel.concentratie": InstrumentCategory.SCHOOL,
    "checklist.chantage_beelden": InstrumentCategory.STRAFRECHTELIJK,
    "checklist.herkomst_geld": InstrumentCategory.STRAFRECHTELIJK,
    "checklist.lening": InstrumentCategory.STRAFRECHTELIJK,
    "checklist.telefoonabonnement": InstrumentCategory.STRAFRECHTELIJK,
    "checklist.drugs_wapens": InstrumentCategory.STRAFRECHTELIJK,
    "checklist.rosse_buurt": InstrumentCategory.STRAFRECHTELIJK,
    "checklist.kent_prostituees": InstrumentCategory.STRAFRECHTELIJK,
}


def default_items() -> list[tuple[str, str, str, int]]:
    """(code, category, label, points) of the shipped version."""
    from signals.services import indicators_sync

    if not Indicator.objects.exists():
        indicators_sync()
    items = []
    for indicator in Indicator.objects.order_by("list", "order", "code"):
        category = _CODE_CATEGORY.get(
            indicator.code,
            _GROUP_CATEGORY.get(indicator.group, InstrumentCategory.GEDRAG),
        )
        points = 2 if indicator.group == "checklist" else 1
        items.append((indicator.code, str(category), indicator.label, points))
    return items


def instrument_default_ensure(**kwargs: Any) -> InstrumentVersion | None:
    """Create and publish version 1 when there is no version yet (post_migrate).

    Idempotent: once any version exists nothing is touched, so the beheerder's
    versions survive every migrate."""
    with transaction.atomic():
        if InstrumentVersion.objects.exists():
            return None
        version = InstrumentVersion.objects.create(
            number=1,
            status=VersionStatus.PUBLISHED,
            published_at=timezone.now(),
            threshold_groen=DEFAULT_THRESHOLDS["groen"],
            threshold_oranje=DEFAULT_THRESHOLDS["oranje"],
            threshold_rood=DEFAULT_THRESHOLDS["rood"],
        )
        InstrumentItem.objects.bulk_create(
            InstrumentItem(
                version=version,
                category=category,
                label=label,
                points=points,
                order=order,
                source_code=code,
            )
            for order, (code, category, label, points) in enumerate(default_items())
        )
        return version


def suggest_colour(*, version: InstrumentVersion, total: int) -> str:
    """The colour the version's thresholds suggest for ``total`` points."""
    if total >= version.threshold_rood:
        return Colour.ROOD
    if total >= version.threshold_oranje:
        return Colour.ORANJE
    if total >= version.threshold_groen:
        return Colour.GROEN
    return Colour.BLAUW


def rationale_required_reason(suggested: str | None, chosen: str) -> str | None:
    """What the rationale must explain when the chosen colour differs from the
    instrument's suggestion; None when it does not (or nothing was suggested)."""
    if not suggested or suggested == chosen:
        return None
    return _(
        "De gekozen kleur (%(chosen)s) wijkt af van de suggestie van het "
        "risicotaxatie-instrument (%(suggested)s). Leg uit waarom."
    ) % {"chosen": Colour(chosen).label, "suggested": Colour(suggested).label}


def deviation_validate(
    *, suggested: str | None, chosen: str, deviation_reason: str, field: str
) -> None:
    """Raise when a decision differs from the suggestion without saying why.

    The vaststellen form asks for the reason in a field of its own (``field``) and
    the service adds it to the rationale, so the colour history keeps it."""
    message = rationale_required_reason(suggested, chosen)
    if message and not deviation_reason.strip():
        raise ValidationError({field: [message]})


def _require(actor: User, perm: str) -> None:
    if not may(actor, perm):
        raise PermissionDenied


def _draft(version: InstrumentVersion) -> InstrumentVersion:
    locked = InstrumentVersion.objects.select_for_update().get(pk=version.pk)
    if locked.status != VersionStatus.DRAFT:
        raise ValidationError(
            _("Een gepubliceerde versie wordt niet meer gewijzigd; maak een concept.")
        )
    return locked


@transaction.atomic
def instrument_draft_create(*, actor: User) -> InstrumentVersion:
    """Copy the latest version (items and thresholds) as a new draft; an existing
    draft is returned instead, so there is one at a time."""
    _require(actor, "classification.change_instrumentversion")
    existing = InstrumentVersion.objects.filter(status=VersionStatus.DRAFT).first()
    if existing is not None:
        return existing
    source = (
        InstrumentVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .order_by("-number")
        .first()
    )
    number = (InstrumentVersion.objects.aggregate(m=Max("number"))["m"] or 0) + 1
    draft = InstrumentVersion(
        number=number,
        status=VersionStatus.DRAFT,
        threshold_groen=source.threshold_groen if source else 3,
        threshold_oranje=source.threshold_oranje if source else 8,
        threshold_rood=source.threshold_rood if source else 14,
        created_by=actor,
    )
    draft.full_clean()
    draft.save()
    if source is not None:
        InstrumentItem.objects.bulk_create(
            InstrumentItem(
                version=draft,
                category=item.category,
                label=item.label,
                points=item.points,
                order=item.order,
                source_code=item.source_code,
            )
            for item in source.items.all()
        )
    audit_record(actor=actor, action=Action.CREATE, obj=draft)
    return draft


@dataclass
class ItemInput:
    category: str
    label: str
    points: int
    order: int = 0
    source_code: str = ""


@transaction.atomic
def instrument_draft_update(
    *,
    version: InstrumentVersion,
    actor: User,
    threshold_groen: int,
    threshold_oranje: int,
    threshold_rood: int,
    items: Sequence[ItemInput],
) -> InstrumentVersion:
    """Replace a draft's thresholds and items (a published version is refused)."""
    _require(actor, "classification.change_instrumentversion")
    draft = _draft(version)
    if not items:
        raise ValidationError(_("Een versie heeft ten minste één item."))
    if len(items) > MAX_INSTRUMENT_ITEMS:
        raise ValidationError(
            _("Een versie heeft ten hoogste %(max)d items.")
            % {"max": MAX_INSTRUMENT_ITEMS}
        )
    draft.threshold_groen = threshold_groen
    draft.threshold_oranje = threshold_oranje
    draft.threshold_rood = threshold_rood
    draft.full_clean()
    draft.save(update_fields=["threshold_groen", "threshold_oranje", "threshold_rood"])
    new_items = [
        InstrumentItem(
            version=draft,
            category=item.category,
            label=item.label,
            points=item.points,
            order=item.order,
            source_code=item.source_code,
        )
        for item in items
    ]
    for item in new_items:
        item.full_clean(exclude=["version"])
    # A draft is never assessed with, so its items can be replaced.
    draft.items.all().delete()
    InstrumentItem.objects.bulk_create(new_items)
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=draft,
        changed_fields=["thresholds", "items"],
    )
    return draft


@transaction.atomic
def instrument_publish(*, version: InstrumentVersion, actor: User) -> InstrumentVersion:
    """Publish a draft: from now on new assessments use it; old ones keep theirs."""
    _require(actor, "classification.change_instrumentversion")
    draft = _draft(version)
    if not draft.items.exists():
        raise ValidationError(_("Een versie heeft ten minste één item."))
    draft.status = VersionStatus.PUBLISHED
    draft.published_by = actor
    draft.published_at = timezone.now()
    draft.full_clean()
    draft.save(update_fields=["status", "published_by", "published_at"])
    audit_record(
        actor=actor, action=Action.UPDATE, obj=draft, changed_fields=["status"]
    )
    return draft


def instrument_current() -> InstrumentVersion | None:
    return (
        InstrumentVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .order_by("-number")
        .first()
    )


@transaction.atomic
def assessment_create(
    *, dossier: Dossier, actor: User, item_ids: Iterable[int]
) -> Assessment:
    """Score a dossier with the current published version (screener)."""
    _require(actor, "classification.add_assessment")
    version = instrument_current()
    if version is None:
        raise ValidationError(_("Er is geen gepubliceerde versie van het instrument."))
    wanted = set(item_ids)
    items = list(version.items.filter(pk__in=wanted))
    if len(items) != len(wanted):
        raise ValidationError(
            _("Een item hoort niet bij de huidige versie van het instrument.")
        )
    total = sum(item.points for item in items)
    assessment = Assessment(
        dossier=dossier,
        version=version,
        total=total,
        suggested_colour=suggest_colour(version=version, total=total),
        assessed_by=actor,
    )
    assessment.full_clean()
    assessment.save()
    AssessmentScore.objects.bulk_create(
        AssessmentScore(assessment=assessment, item=item, points=item.points)
        for item in items
    )
    audit_record(actor=actor, action=Action.CREATE, obj=assessment)
    return assessment
