"""The access layer: who may see and do what to which protected object.

Two questions, answered in one place for views, API, PDF export and tasks:

* **What kind of work may this user do at all?** Model-level permissions that come
  from the user's roles (``ROLE_PERMISSIONS``), e.g. ``signals.view_dossier``.
* **On which objects?** Object grants to the user's *organisation* group, stored in
  the protected model's direct-foreign-key guardian table. A user never holds an
  object grant personally; the organisation does (need to know per organisation).

Both are gated by the convenant, in one place: a user whose organisation has no
valid convenant gets a ``Principal`` without an organisation group and without
any permission for work on personal data (only the chain's own administration,
``CONVENANT_FREE_APPS``), so every check and every scope built on the principal
answers "nothing" without repeating the convenant condition.

``visible_to`` scopes a queryset in SQL with an ``Exists`` subquery on literal group
and permission ids (docs/architecture.md: filtering on ``permission__codename`` makes
PostgreSQL misestimate and sort everything), so lists are paginated after scoping and
never filtered in Python. ``can`` answers for one object. Objects outside scope are
reported as missing (404), never as forbidden.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, wraps
from typing import Any, TypeAlias, TypeVar

from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import (
    ImproperlyConfigured,
    ObjectDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db import connection, models, transaction
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase

from audit.constants import Action
from audit.services import ObjectNotVisible, audit_record
from partners.constants import ROLE_GROUP_PREFIX
from partners.models import Organisation, User, valid_convenant_q

#: The user of a request as it arrives: signed in, or anonymous (on the login page,
#: the context processors ask too). An anonymous or inactive user has no principal,
#: so every check below answers "no" for it.
RequestUser: TypeAlias = User | AnonymousUser

M = TypeVar("M", bound=models.Model)
V = TypeVar("V", bound=Callable[..., Any])

_PRINCIPAL_ATTR = "_access_principal"


# Apps whose permissions hold no personal data of cases: the chain's own
# administration (organisations, convenanten, users, API clients) and the audit
# trail. A user of an organisation without a valid convenant keeps these, so that
# a functioneel beheerder can record the renewed convenant; every other
# permission (signals, dossiers, and whatever app comes next) needs the convenant.
# An organisation that is no longer active has left the chain: its users keep
# nothing, not these either.
CONVENANT_FREE_APPS = frozenset({"partners", "audit"})


@dataclass(frozen=True)
class Principal:
    """Everything the access layer needs to know of a user, looked up once.

    The convenant gate lives here: without a valid convenant ``group_id`` is None
    (no object grant of the organisation counts) and ``permissions`` holds only
    those of ``CONVENANT_FREE_APPS``.
    """

    user_id: int
    organisation_id: int
    # The organisation's group: every object grant of the user's work goes to it.
    # None while the organisation has no valid convenant.
    group_id: int | None
    roles: frozenset[str]
    permissions: frozenset[str]

    def has_permission(self, perm: str) -> bool:
        return perm in self.permissions

    @property
    def group_ids(self) -> tuple[int, ...]:
        """The groups whose grants count, for ``group_id__in`` lookups."""
        return () if self.group_id is None else (self.group_id,)


def gated_by_convenant(
    *,
    group_id: int,
    permissions: Iterable[str],
    convenant_valid: bool,
    organisation_active: bool = True,
) -> tuple[int | None, frozenset[str]]:
    """The group and permissions a principal holds: all of them under a valid
    convenant, else no group and only the permissions of ``CONVENANT_FREE_APPS``;
    nothing at all for an organisation that is no longer active."""
    if not organisation_active:
        return None, frozenset()
    if convenant_valid:
        return group_id, frozenset(permissions)
    return None, frozenset(
        p for p in permissions if p.partition(".")[0] in CONVENANT_FREE_APPS
    )


def principal_for(user: RequestUser) -> Principal | None:
    """The user's access facts, cached on the user object for the request.

    One query, run on every request that touches personal data, so written out in
    SQL (the ORM took three times longer to build it than PostgreSQL to run it):
    the organisation, whether it is active under a valid convenant today (the SQL
    of ``partners.models.valid_convenant_q``, compiled once from the ORM), and the
    permissions of the user's role groups, gated by ``gated_by_convenant``.
    Returns None for anonymous, inactive or non-human users.
    """
    if not isinstance(user, User) or not user.is_active:
        return None
    cached: Principal | None = getattr(user, _PRINCIPAL_ATTR, None)
    if cached is not None:
        return cached
    valid_sql, valid_params = _valid_organisations(timezone.localdate())
    with connection.cursor() as cursor:
        cursor.execute(
            _principal_sql(valid_sql),
            [*valid_params, ROLE_GROUP_PREFIX + "%", user.pk],
        )
        rows = cursor.fetchall()
    if not rows:
        return None
    roles: set[str] = set()
    permissions: set[str] = set()
    for _, _, _, _, name, app_label, codename in rows:
        if name:
            roles.add(name.removeprefix(ROLE_GROUP_PREFIX))
        if codename:
            permissions.add(f"{app_label}.{codename}")
    organisation_id, group_id, valid, active = rows[0][:4]
    group, granted = gated_by_convenant(
        group_id=group_id,
        permissions=permissions,
        convenant_valid=bool(valid),
        organisation_active=bool(active),
    )
    principal = Principal(
        user_id=user.pk,
        organisation_id=organisation_id,
        group_id=group,
        roles=frozenset(roles),
        permissions=granted,
    )
    setattr(user, _PRINCIPAL_ATTR, principal)
    return principal


# A day no convenant is about, compiled into the rule's SQL in place of "today".
_DAY_MARKER = datetime.date(1, 1, 1)


@cache
def _valid_organisations_sql() -> tuple[str, tuple[Any, ...]]:
    """The ids of the organisations meeting ``valid_convenant_q``, as SQL compiled
    once from that ORM condition (so the rule is written once), with the date
    parameters of ``_DAY_MARKER``."""
    query = (
        Organisation.objects.filter(valid_convenant_q(_DAY_MARKER))
        .values("pk")
        .order_by()
        .query
    )
    sql, params = query.sql_with_params()
    return sql, tuple(params)


def _valid_organisations(on: datetime.date) -> tuple[str, list[Any]]:
    """``_valid_organisations_sql`` with its dates set to ``on``."""
    sql, params = _valid_organisations_sql()
    marker = connection.ops.adapt_datefield_value(_DAY_MARKER)
    day = connection.ops.adapt_datefield_value(on)
    return sql, [day if p == marker else p for p in params]


def convenant_valid(organisation_id: int) -> bool:
    """Is the organisation active under a valid convenant today? One query.

    For an organisation that is not the user's own (inviting it, asking it a
    question); the user's own is answered by the principal."""
    return Organisation.objects.convenant_valid().filter(pk=organisation_id).exists()


@cache
def _principal_sql(valid_organisations: str) -> str:
    quote = connection.ops.quote_name

    def table(model: type[models.Model]) -> str:
        return quote(model._meta.db_table)

    return (
        f"SELECT o.id, o.group_id, o.id IN ({valid_organisations}), o.active, "
        "g.name, ct.app_label, p.codename "
        f"FROM {table(User)} u "
        f"JOIN {table(Organisation)} o ON o.id = u.organisation_id "
        f"LEFT JOIN {table(User.groups.through)} ug ON ug.user_id = u.id "
        f"LEFT JOIN {table(Group)} g ON g.id = ug.group_id AND g.name LIKE %s "
        f"LEFT JOIN {table(Group.permissions.through)} gp ON gp.group_id = g.id "
        f"LEFT JOIN {table(Permission)} p ON p.id = gp.permission_id "
        f"LEFT JOIN {table(ContentType)} ct ON ct.id = p.content_type_id "
        "WHERE u.id = %s"
    )


def may(user: RequestUser, perm: str) -> bool:
    """May ``user`` do this kind of work at all: a role permission the principal
    holds (so under a valid convenant). The one answer for checks that are not
    about a particular object."""
    principal = principal_for(user)
    return principal is not None and principal.has_permission(perm)


def holds_permission(user: RequestUser, perm: str) -> bool:
    """Django's ``user.has_perm(perm)`` for our users, read from the principal:
    permissions come from role groups only, gated by the convenant like every
    other answer of the principal, and a superuser holds them all. ModelBackend
    would load the permissions a second time on every page."""
    if getattr(user, "is_active", False) and getattr(user, "is_superuser", False):
        return True
    principal = principal_for(user)
    return principal is not None and principal.has_permission(perm)


def permission_required(perm: str) -> Callable[[V], V]:
    """View decorator: a 403 unless ``holds_permission(user, perm)``."""

    def decorate(view: V) -> V:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not holds_permission(request.user, perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate


def request_user(request: HttpRequest) -> User:
    """The logged-in human of a page request (the login middleware admits no other)."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def forget_principal(user: User) -> None:
    """Drop the cached facts, e.g. after roles or organisation changed mid-request."""
    if hasattr(user, _PRINCIPAL_ATTR):
        delattr(user, _PRINCIPAL_ATTR)


@cache
def grant_model_for(model: type[models.Model]) -> type[GroupObjectPermissionBase]:
    """The direct-FK group grant table of a protected model.

    Generic (content-type) grant tables are refused: they cast primary keys and are
    known to take seconds at 100k rows.
    """
    for relation in model._meta.related_objects:
        related = relation.related_model
        if (
            isinstance(related, type)
            and issubclass(related, GroupObjectPermissionBase)
            and relation.field.name == "content_object"
        ):
            return related
    raise ImproperlyConfigured(
        f"{model._meta.label} has no direct-FK GroupObjectPermissionBase model; "
        "it cannot be protected by the access layer."
    )


_permission_ids: dict[tuple[str, str], int] = {}


def permission_id(app_label: str, codename: str) -> int:
    """Permission ids are stable within a database; look each up once per process."""
    key = (app_label, codename)
    if key not in _permission_ids:
        _permission_ids[key] = Permission.objects.values_list("pk", flat=True).get(
            content_type__app_label=app_label, codename=codename
        )
    return _permission_ids[key]


def clear_permission_cache(**kwargs: Any) -> None:
    """post_migrate receiver: a flush or migrate may renumber permissions."""
    _permission_ids.clear()


def _codename(model: type[models.Model], action: str) -> str:
    return f"{action}_{model._meta.model_name}"


def _admits(
    principal: Principal | None, model: type[models.Model], action: str
) -> bool:
    if principal is None:
        return False
    return principal.has_permission(
        f"{model._meta.app_label}.{_codename(model, action)}"
    )


def visible_to(
    queryset: models.QuerySet[M], *, user: RequestUser, action: str = "view"
) -> models.QuerySet[M]:
    """Scope ``queryset`` to the objects ``user`` may ``action``, in SQL."""
    model = queryset.model
    principal = principal_for(user)
    if not _admits(principal, model, action):
        return queryset.none()
    assert principal is not None
    grants = grant_model_for(model).objects.filter(
        content_object=OuterRef("pk"),
        group_id__in=principal.group_ids,
        permission_id=permission_id(model._meta.app_label, _codename(model, action)),
    )
    return queryset.filter(Exists(grants))


def visible_count(
    model: type[models.Model], *, user: RequestUser, action: str = "view", cap: int
) -> int:
    """How many ``model`` objects ``user`` may ``action``, counted up to ``cap + 1``.

    Counted on the grant table alone (an index-only scan of the unique index on
    group, permission and object) instead of probing a grant for every row: for an
    organisation that sees 5% of 100k dossiers that is the difference between
    reading ~1,000 index entries and walking ~20,000 rows. For an unfiltered list
    only; a filtered list counts its own queryset.
    """
    principal = principal_for(user)
    if not _admits(principal, model, action):
        return 0
    assert principal is not None
    grant_model = grant_model_for(model)
    perm = permission_id(model._meta.app_label, _codename(model, action))
    return _capped_count(
        grant_model,
        "WHERE group_id = %s AND permission_id = %s",
        [principal.group_id, perm],
        cap=cap,
    )


def table_count(model: type[models.Model], *, cap: int) -> int:
    """How many rows ``model``'s table holds, counted up to ``cap + 1``: for the
    users who see every row of it (screening team, ketenregisseur)."""
    return _capped_count(model, "", [], cap=cap)


def _capped_count(
    model: type[models.Model], where: str, params: list[Any], *, cap: int
) -> int:
    """Rows of ``model``'s table that meet ``where``, counted up to ``cap + 1``.

    On every list page: plain SQL, as the ORM takes longer to build it than the
    database to read a thousand index entries.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM (SELECT 1 FROM "
            f"{connection.ops.quote_name(model._meta.db_table)} {where} "
            "LIMIT %s) capped",
            [*params, cap + 1],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def can(user: RequestUser, action: str, obj: models.Model) -> bool:
    """May ``user`` ``action`` this one object? One query (after the principal)."""
    model = type(obj)
    principal = principal_for(user)
    if not _admits(principal, model, action):
        return False
    assert principal is not None
    return (
        grant_model_for(model)
        .objects.filter(
            content_object=obj,
            group_id__in=principal.group_ids,
            permission_id=permission_id(
                model._meta.app_label, _codename(model, action)
            ),
        )
        .exists()
    )


def get_visible_or_404(
    queryset: models.QuerySet[M],
    *,
    user: RequestUser,
    action: str = "view",
    **lookup: Any,
) -> M:
    """One object the user may ``action``; anything else is indistinguishable from
    absent, and the attempt is recorded as denied (``not_visible``)."""
    try:
        return visible_to(queryset, user=user, action=action).get(**lookup)
    except (ObjectDoesNotExist, ValueError, ValidationError) as exc:
        object_id = next(iter(lookup.values()), "") if len(lookup) == 1 else lookup
        raise not_visible(user, queryset.model, object_id) from exc


def not_visible(
    user: RequestUser, model: type[models.Model], object_id: Any
) -> Http404:
    """The 404 for an object out of ``user``'s scope (or absent: the same answer),
    which the audit trail records as a denied attempt with route, object and user
    (``audit.services.ObjectNotVisible``). Every lookup of the access layer and of
    the selectors that fetch one protected object raises it."""
    actor = user if isinstance(user, User) and user.pk is not None else None
    return ObjectNotVisible(
        actor=actor, object_type=model._meta.label_lower, object_id=object_id
    )


@transaction.atomic
def access_grant(
    *,
    obj: models.Model,
    organisation: Organisation,
    actions: Iterable[str],
    actor: User,
    reason: str = "",
) -> None:
    """Give ``organisation`` the ``actions`` on ``obj`` (idempotent), audited."""
    access_grant_many(
        obj=obj,
        organisations=[organisation],
        actions=actions,
        actor=actor,
        reason=reason,
    )


@transaction.atomic
def access_grant_many(
    *,
    obj: models.Model,
    organisations: Iterable[Organisation],
    actions: Iterable[str],
    actor: User,
    reason: str = "",
) -> None:
    """Give each of ``organisations`` the ``actions`` on ``obj`` (idempotent):
    one query reads the grants they hold, one inserts the missing ones, and every
    organisation that got something has its own audit entry."""
    model = type(obj)
    grant_model = grant_model_for(model)
    permissions = {
        action: permission_id(model._meta.app_label, _codename(model, action))
        for action in dict.fromkeys(actions)
    }
    by_pk = {organisation.pk: organisation for organisation in organisations}
    held = set(
        grant_model.objects.filter(
            content_object=obj,
            group_id__in=[o.group_id for o in by_pk.values()],
            permission_id__in=permissions.values(),
        ).values_list("group_id", "permission_id")
    )
    granted: dict[int, list[str]] = {}
    for organisation in by_pk.values():
        for action, perm in permissions.items():
            if (organisation.group_id, perm) not in held:
                granted.setdefault(organisation.pk, []).append(action)
    # The permission ids are the model's own (permission_id above), so guardian's
    # per-row content-type check in save() has nothing to add; a grant made at the
    # same moment by another transaction is kept once (the unique constraint).
    grant_model.objects.bulk_create(
        [
            # content_object is each grant model's own foreign key (the base
            # class the stubs see has none), hence the keyword dictionary.
            grant_model(
                **{
                    "content_object": obj,
                    "group_id": by_pk[pk].group_id,
                    "permission_id": permissions[action],
                }
            )
            for pk, actions_granted in granted.items()
            for action in actions_granted
        ],
        ignore_conflicts=True,
    )
    for pk, actions_granted in granted.items():
        audit_record(
            actor=actor,
            action=Action.GRANT,
            obj=obj,
            reason=f"{by_pk[pk].slug}: {', '.join(actions_granted)}"
            + (f" – {reason}" if reason else ""),
        )


@transaction.atomic
def access_revoke(
    *,
    obj: models.Model,
    organisation: Organisation,
    actions: Iterable[str] | None = None,
    actor: User,
    reason: str = "",
) -> None:
    """Withdraw ``organisation``'s grants on ``obj`` (all of them when ``actions`` is None)."""
    model = type(obj)
    grants = grant_model_for(model).objects.filter(
        content_object=obj,
        group_id=organisation.group_id,
    )
    if actions is not None:
        grants = grants.filter(
            permission_id__in=[
                permission_id(model._meta.app_label, _codename(model, a))
                for a in actions
            ]
        )
    deleted, _ = grants.delete()
    if deleted:
        audit_record(
            actor=actor,
            action=Action.REVOKE,
            obj=obj,
            reason=organisation.slug + (f" – {reason}" if reason else ""),
        )
