"""The doorlaatverbod banner on the dossier page (signals.dossier_banners)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from classification.selectors_doorlaatverbod import doorlaatverbod_open_for
from classification.selectors_instrument import assessment_latest
from partners.access import may
from partners.models import User
from signals.dossier_banners import DossierBanner
from signals.models import Dossier


def doorlaatverbod_banners(user: User, dossier: Dossier) -> list[DossierBanner]:
    """Every reader of the dossier sees that an intervention is still missing."""
    return [
        DossierBanner(
            title=_("Doorlaatverbod"),
            text=_(
                "Een minderjarige is in een (dreigende) uitbuitingssituatie. Politie, "
                "OM en de ketenregisseur zijn op %(when)s gealarmeerd. Dit blijft "
                "staan tot de genomen interventie is vastgelegd."
            )
            % {
                "when": formats.date_format(
                    timezone.localtime(alert.raised_at), "j F Y H:i"
                )
            },
            link=reverse("risk:doorlaatverbod", kwargs={"pk": alert.pk}),
            link_text=_("Interventie vastleggen"),
        )
        for alert in doorlaatverbod_open_for(dossier=dossier)
    ]


def risk_tool_banners(user: User, dossier: Dossier) -> list[DossierBanner]:
    """The way from the dossier to the instrument and to a CoMensha report."""
    banners: list[DossierBanner] = []
    if may(user, "classification.add_assessment"):
        latest = assessment_latest(dossier=dossier)
        text = (
            _(
                "Laatste risicotaxatie: %(points)d punten met versie %(version)d; "
                "het instrument stelt %(colour)s voor."
            )
            % {
                "points": latest.total,
                "version": latest.version.number,
                "colour": latest.get_suggested_colour_display().lower(),
            }
            if latest
            else _("Dit dossier is nog niet gescoord met het risicotaxatie-instrument.")
        )
        banners.append(
            DossierBanner(
                title=_("Risicotaxatie"),
                text=text,
                link=reverse("risk:assessment_create", kwargs={"uuid": dossier.uuid}),
                link_text=_("Risicotaxatie invullen"),
                level="info",
            )
        )
    if may(user, "classification.add_comenshareport"):
        banners.append(
            DossierBanner(
                title=_("CoMensha"),
                text=_(
                    "Een vermoedelijk slachtoffer aanmelden bij CoMensha, met de "
                    "toestemming die daarvoor nodig is."
                ),
                link=reverse("risk:comensha_create", kwargs={"uuid": dossier.uuid}),
                link_text=_("Melding aan CoMensha voorbereiden"),
                level="info",
            )
        )
    return banners
