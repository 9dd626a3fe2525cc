"""The dossier page's section on the casusoverleg (signals.dossier_sections)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from casusoverleg.selectors.dossier import dossier_casusoverleg
from partners.models import User
from signals.dossier_sections import DossierSection
from signals.models import Dossier


def casusoverleg_sections(user: User, dossier: Dossier) -> list[DossierSection]:
    """The meetings where the dossier was on the agenda and its interventions, as
    far as ``user`` may see them (casusoverleg.selectors.dossier). A reader who
    sees none of it gets no section: not even a heading."""
    found = dossier_casusoverleg(user=user, dossier=dossier)
    if not found.items and not found.interventions:
        return []
    return [
        DossierSection(
            id="casusoverleg",
            title=_("Casusoverleg"),
            template="casusoverleg/_dossier_section.html",
            context={"items": found.items, "interventions": found.interventions},
        )
    ]
