"""The Dutch validation messages that forms and services of signals share.

A form and the service behind it say the same words for one problem, so each
message is written here once. The text policy's own messages (a forbidden
character, a text too long) are in ``partners.text``; the limits are in
``signals.constants``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

DESCRIBE_EVENT = _("Beschrijf wat er is gebeurd.")
CHOOSE_ROLE = _("Kies een rol.")
CHOOSE_SHARING = _("Kies met wie u dit deelt.")
# %(value)s: the organisation's short name, as Django's invalid_choice names it.
CANNOT_SHARE_WITH = _("Met deze organisatie kunt u niet delen: %(value)s.")
AGE_OUT_OF_RANGE = _("De geschatte leeftijd ligt tussen 0 en %(max)d jaar.")
BORN_IN_FUTURE = _("De geboortedatum ligt in de toekomst.")
AGE_IMPOSSIBLE = _("Een leeftijd boven de %(max)d jaar kan niet kloppen.")
TOO_MANY_ALIASES = _("Hooguit %(limit)d bijnamen of accounts.")
KEYWORD_TOO_LONG = _("Een steekwoord is hooguit %(limit)d gewone tekens lang.")
TOO_MANY_KEYWORDS = _("Hooguit %(limit)d steekwoorden.")
TOO_MANY_PERSONS = _("Hooguit %(limit)d personen.")
CHOOSE_ORGANISATIONS = _("Kies ten minste één organisatie.")
EXPLAIN_REASON = _("Leg uit waarom dit dossier wordt ingebracht.")
ASK_QUESTION = _("Stel een concrete vraag.")
ANSWER_OR_NOTHING = _("Geef een antwoord, of kies 'geen informatie beschikbaar'.")
# %(years)d: OBSERVED_AT_MAX_YEARS_AGO.
OBSERVED_IN_FUTURE = _("Het tijdstip van waarneming ligt in de toekomst.")
OBSERVED_TOO_LONG_AGO = _(
    "Het tijdstip van waarneming ligt meer dan %(years)d jaar terug. Klopt het jaar?"
)
GIVE_REASON_CORRECTION = _("Leg uit wat er gecorrigeerd wordt en waarom.")
GIVE_REASON_WITHDRAWAL = _("Leg uit waarom het signaal wordt ingetrokken.")
NOTHING_CORRECTED = _("Er is niets gewijzigd. Pas een veld aan, of annuleer.")
ALREADY_WITHDRAWN = _("Dit signaal is ingetrokken en kan niet meer worden gewijzigd.")
