"""A protected model that exists only in the test settings, to prove the access layer
before the real dossiers arrive. It is shaped like them: a direct-FK grant table."""

from django.db import models
from guardian.models import GroupObjectPermissionBase


class Casefile(models.Model):
    title = models.CharField(max_length=100)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        app_label = "accessfixture"
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.title


class CasefileGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Casefile, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        app_label = "accessfixture"
        indexes = [models.Index(fields=["content_object", "group", "permission"])]
