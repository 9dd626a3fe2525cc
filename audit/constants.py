from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    CREATE = "create", _("aangemaakt")
    READ = "read", _("ingezien")
    UPDATE = "update", _("gewijzigd")
    DELETE = "delete", _("verwijderd")
    LIST = "list", _("lijst bekeken")
    SEARCH = "search", _("gezocht")
    EXPORT = "export", _("geëxporteerd")
    GRANT = "grant", _("toegang verleend")
    REVOKE = "revoke", _("toegang ingetrokken")
    LOGIN = "login", _("ingelogd")
    LOGIN_FAILED = "login_failed", _("inlogpoging mislukt")
    LOGOUT = "logout", _("uitgelogd")
    # An attempt to open an object out of the user's scope (answered with a 404).
    DENIED = "denied", _("buiten bereik geweigerd")


# Actions that describe a change: their entry must share the change's transaction.
WRITE_ACTIONS = frozenset(
    {Action.CREATE, Action.UPDATE, Action.DELETE, Action.GRANT, Action.REVOKE}
)


class Client(models.TextChoices):
    WEB = "web", _("webapplicatie")
    API = "api", _("API")
    TASK = "task", _("achtergrondtaak")
    COMMAND = "command", _("beheercommando")
