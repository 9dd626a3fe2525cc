"""The doorlaatverbod banner on the dossier page (signals.dossier_banners)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from classification.selectors_doorlaatverbod import doorlaatverbod_open_for
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
