from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.constants import Action, Client


class AuditEvent(models.Model):
    """One line of the append-only audit trail (NEN 7513: who, for whom, what, when, how).

    There are deliberately no foreign keys: the trail outlives users and organisations,
    and an ON DELETE action would have to UPDATE rows the database forbids to change.
    Names are snapshots taken at the time of the event. The entry never holds the
    personal data itself, only which object was touched.
    """

    at = models.DateTimeField(_("tijdstip"), default=timezone.now)
    actor_id = models.BigIntegerField(_("gebruiker-id"), null=True, blank=True)
    actor_username = models.CharField(_("gebruiker"), max_length=150, blank=True)
    organisation_id = models.BigIntegerField(_("organisatie-id"), null=True, blank=True)
    organisation = models.CharField(_("organisatie"), max_length=200, blank=True)
    roles = models.CharField(_("rollen"), max_length=200, blank=True)
    client = models.CharField(_("kanaal"), max_length=16, choices=Client.choices)
    action = models.CharField(_("actie"), max_length=16, choices=Action.choices)
    object_type = models.CharField(_("objecttype"), max_length=100, blank=True)
    object_id = models.CharField(_("object-id"), max_length=64, blank=True)
    route = models.CharField(_("route"), max_length=200, blank=True)
    reason = models.CharField(_("reden"), max_length=500, blank=True)
    changed_fields = models.JSONField(_("gewijzigde velden"), default=list, blank=True)
    # The ids of the persons (signals.Person) a read or search showed: ids, never
    # names, so the trail answers "who looked up this child?" without holding
    # personal data. Null (not an empty list) when none: adding the column then
    # rewrites no row, which the append-only triggers would refuse.
    person_ids = models.JSONField(_("personen (id's)"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    request_id = models.CharField(_("verzoek-id"), max_length=36, blank=True)

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("audittrail")
        ordering = ["-at", "-id"]
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["object_type", "object_id", "-at"]),
            models.Index(fields=["actor_id", "-at"]),
            models.Index(fields=["organisation_id", "-at"]),
            models.Index(fields=["-at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_username} {self.action}"
