"""Reads of the risicotaxatie-instrument.

The classification form shows ``instrument_suggestion`` next to the screener's
decision; the dossier has already been read through the access layer."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from classification.constants_risk import VersionStatus
from classification.models_instrument import (
    Assessment,
    AssessmentScore,
    InstrumentItem,
    InstrumentVersion,
)
from signals.models import Dossier


def instrument_versions() -> QuerySet[InstrumentVersion]:
    return InstrumentVersion.objects.select_related("published_by").order_by("-number")


def instrument_version_items(*, version: InstrumentVersion) -> QuerySet[InstrumentItem]:
    return version.items.order_by("category", "order", "id")


def instrument_published_current() -> InstrumentVersion | None:
    return (
        InstrumentVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .order_by("-number")
        .first()
    )


def assessment_latest(*, dossier: Dossier) -> Assessment | None:
    """The dossier's newest assessment with its version and scores."""
    return (
        Assessment.objects.filter(dossier=dossier)
        .select_related("version", "assessed_by")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=AssessmentScore.objects.select_related("item").order_by(
                    "item__category", "item__order"
                ),
            )
        )
        .order_by("-assessed_at", "-id")
        .first()
    )


def instrument_suggestion(*, dossier: Dossier) -> str | None:
    """The colour the dossier's newest assessment suggests, or None (not scored)."""
    return (
        Assessment.objects.filter(dossier=dossier)
        .order_by("-assessed_at", "-id")
        .values_list("suggested_colour", flat=True)
        .first()
    )
