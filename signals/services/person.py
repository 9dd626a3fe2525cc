"""Persons and stacking (stapelen, docs/domain.md sections 3 and 4): the screening team
confirms that a signal's mention is a known person, rejects a proposal, keeps the
person's few facts, and links persons (the koppeling victim ↔ perpetrator).

Only the screening team, under a valid convenant, does this: a person bundles what
several organisations reported, so it is not a partner's to see or shape.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.constants import Action
from audit.services import audit_record
from partners.models import User
from signals import messages as msg
from signals.ages import age_on
from signals.constants import (
    MAX_AGE,
    MAX_ALIAS_LENGTH,
    MAX_MUNICIPALITY,
    MAX_NAME,
    MAX_PERSON_ALIASES,
    MatchDecision,
    PersonRole,
    VulnerabilityFactor,
)
from signals.models import Person, PersonLink, PersonMention, Signal, SignalPerson
from signals.selectors.person import alias_key, may_stack_persons
from signals.services.signal import clean_text

PERSON_FIELDS = frozenset(
    {
        "name",
        "aliases",
        "date_of_birth",
        "estimated_age",
        "estimated_on",
        "gender",
        "municipality",
        "vulnerability_factors",
    }
)


def _require_screener(user: User) -> None:
    if not may_stack_persons(user):
        raise PermissionDenied(_("Alleen het screeningsteam koppelt personen."))


def _locked_mention(mention: SignalPerson) -> SignalPerson:
    """The mention as it is now, locked: two screeners deciding at once queue up."""
    fresh = (
        SignalPerson.objects.select_for_update(of=("self",))
        .select_related("signal")
        .get(pk=mention.pk)
    )
    return fresh


def _estimated_on(mention: SignalPerson) -> datetime.date | None:
    """An estimate in a signal was made on the day of the observation."""
    if mention.estimated_age is None:
        return None
    return timezone.localdate(mention.signal.observed_at)


def _merge_aliases(existing: list[str], new: list[str]) -> list[str]:
    merged = list(existing)
    keys = {alias_key(a) for a in merged}
    for alias in new:
        alias = str(alias).strip()
        key = alias_key(alias)
        if key and key not in keys:
            merged.append(alias)
            keys.add(key)
    return merged


def _decide(
    *, mention: SignalPerson, person: Person, decision: MatchDecision, actor: User
) -> PersonMention:
    """Record (or change) the one decision per mention and person, audited."""
    record = PersonMention.objects.filter(mention=mention, person=person).first()
    if record is None:
        record = PersonMention(mention=mention, person=person)
        action = Action.CREATE
    elif record.decision == decision:
        return record
    else:
        action = Action.UPDATE
    record.decision = decision
    record.decided_by = actor
    record.decided_at = timezone.now()
    record.full_clean()
    record.save()
    audit_record(
        actor=actor,
        action=action,
        obj=record,
        reason=str(decision),
        changed_fields=["decision"],
    )
    return record


def _set_mention_person(mention: SignalPerson, person: Person, actor: User) -> None:
    mention.person = person
    mention.save(update_fields=["person"])
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=mention,
        reason=f"confirmed as person {person.pk}",
        changed_fields=["person"],
    )


@transaction.atomic
def person_create_from_mention(*, mention: SignalPerson, actor: User) -> Person:
    """A new person from what one signal says about them; the mention is confirmed."""
    _require_screener(actor)
    fresh = _locked_mention(mention)
    if fresh.person_id is not None:
        raise ValidationError(
            {"person": [_("Deze vermelding is al aan een persoon gekoppeld.")]}
        )
    aliases = _merge_aliases([], fresh.aliases or [])
    if not fresh.name and not aliases:
        raise ValidationError(
            {
                "name": [
                    _("Zonder naam, bijnaam of account is er geen persoon te maken.")
                ]
            }
        )
    person = Person(
        name=fresh.name,
        aliases=aliases,
        date_of_birth=fresh.date_of_birth,
        estimated_age=fresh.estimated_age,
        estimated_on=_estimated_on(fresh),
        gender=fresh.gender,
        municipality=fresh.municipality,
    )
    person.full_clean()
    person.save()
    audit_record(actor=actor, action=Action.CREATE, obj=person)
    _decide(mention=fresh, person=person, decision=MatchDecision.CONFIRMED, actor=actor)
    _set_mention_person(fresh, person, actor)
    mention.person = person
    return person


@transaction.atomic
def mention_confirm(*, mention: SignalPerson, person: Person, actor: User) -> Person:
    """The mention is this person: link it, and let the person learn what was new.

    New handles are added (compared without case or "@"); an unknown name, date of
    birth, estimate, gender or municipality is filled in; a known one is never
    overwritten, because the mention keeps what its reporter said anyway.
    """
    _require_screener(actor)
    fresh = _locked_mention(mention)
    if fresh.person_id == person.pk:
        return person
    if fresh.person_id is not None:
        raise ValidationError(
            {"person": [_("Deze vermelding is al aan een andere persoon gekoppeld.")]}
        )
    locked = Person.objects.select_for_update().get(pk=person.pk)
    changed: list[str] = []
    aliases = _merge_aliases(locked.aliases or [], fresh.aliases or [])
    if aliases != locked.aliases:
        locked.aliases = aliases
        changed.append("aliases")
    for name in ("name", "gender", "municipality"):
        if not getattr(locked, name) and getattr(fresh, name):
            setattr(locked, name, getattr(fresh, name))
            changed.append(name)
    if locked.date_of_birth is None:
        if fresh.date_of_birth is not None:
            locked.date_of_birth = fresh.date_of_birth
            changed.append("date_of_birth")
        elif locked.estimated_age is None and fresh.estimated_age is not None:
            locked.estimated_age = fresh.estimated_age
            locked.estimated_on = _estimated_on(fresh)
            changed += ["estimated_age", "estimated_on"]
    if changed:
        locked.full_clean()
        locked.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            obj=locked,
            reason="merged from a confirmed mention",
            changed_fields=changed,
        )
    _decide(mention=fresh, person=locked, decision=MatchDecision.CONFIRMED, actor=actor)
    _set_mention_person(fresh, locked, actor)
    mention.person = locked
    for name in changed:
        setattr(person, name, getattr(locked, name))
    return locked


@transaction.atomic
def mention_reject(
    *, mention: SignalPerson, person: Person, actor: User
) -> PersonMention:
    """Not this person: the proposal is not shown again for this mention."""
    _require_screener(actor)
    fresh = _locked_mention(mention)
    if fresh.person_id == person.pk:
        raise ValidationError(
            {
                "person": [
                    _(
                        "Deze vermelding is bevestigd als deze persoon; "
                        "afwijzen kan dan niet."
                    )
                ]
            }
        )
    return _decide(
        mention=fresh, person=person, decision=MatchDecision.REJECTED, actor=actor
    )


def _clean_person_fields(
    fields: dict[str, Any], today: datetime.date
) -> dict[str, list[str]]:
    """Check and normalise ``fields`` in place; field errors in Dutch."""
    errors: dict[str, list[str]] = {}
    for name, limit in (("name", MAX_NAME), ("municipality", MAX_MUNICIPALITY)):
        if name in fields:
            fields[name] = clean_text(str(fields[name] or ""), name, limit, errors)
    if "aliases" in fields:
        raw = fields["aliases"] or []
        if isinstance(raw, str) or not isinstance(raw, list | tuple):
            errors["aliases"] = [_("Geef de bijnamen en accounts als lijst.")]
        else:
            cleaned = [
                clean_text(str(a), "aliases", MAX_ALIAS_LENGTH, errors) for a in raw
            ]
            fields["aliases"] = _merge_aliases([], cleaned)
            if len(fields["aliases"]) > MAX_PERSON_ALIASES:
                errors.setdefault("aliases", []).append(
                    str(msg.TOO_MANY_ALIASES) % {"limit": MAX_PERSON_ALIASES}
                )
    if "vulnerability_factors" in fields:
        raw = fields["vulnerability_factors"] or []
        if isinstance(raw, str) or not isinstance(raw, list | tuple):
            errors["vulnerability_factors"] = [
                _("Geef de kwetsbaarheidsfactoren als lijst.")
            ]
        else:
            codes = list(dict.fromkeys(str(code) for code in raw))
            unknown = [c for c in codes if c not in VulnerabilityFactor.values]
            if unknown:
                errors["vulnerability_factors"] = [
                    _("Onbekende kwetsbaarheidsfactor: %(code)s.") % {"code": code}
                    for code in unknown
                ]
            fields["vulnerability_factors"] = codes
    born = fields.get("date_of_birth")
    if born is not None:
        if not isinstance(born, datetime.date):
            errors["date_of_birth"] = [_("Geef een geldige datum.")]
        elif born > today:
            errors["date_of_birth"] = [str(msg.BORN_IN_FUTURE)]
        elif (
            age_on(date_of_birth=born, estimated_age=None, estimated_on=None, day=today)
            or 0
        ) > MAX_AGE:
            errors["date_of_birth"] = [str(msg.AGE_IMPOSSIBLE) % {"max": MAX_AGE}]
    estimate = fields.get("estimated_age")
    if estimate is not None and (
        not isinstance(estimate, int) or not 0 <= estimate <= MAX_AGE
    ):
        errors["estimated_age"] = [str(msg.AGE_OUT_OF_RANGE) % {"max": MAX_AGE}]
    elif "estimated_age" in fields and "estimated_on" not in fields:
        # A new estimate is made today and ages from today on.
        fields["estimated_on"] = today if estimate is not None else None
    on = fields.get("estimated_on")
    if on is not None and isinstance(on, datetime.date) and on > today:
        errors["estimated_on"] = [_("De schatting ligt in de toekomst.")]
    return errors


@transaction.atomic
def person_update(*, person: Person, actor: User, **fields: Any) -> Person:
    """Change a person's facts; only the fields given, each checked, audited by name."""
    _require_screener(actor)
    unknown = set(fields) - PERSON_FIELDS
    if unknown:
        raise TypeError(f"person_update() got unknown fields: {sorted(unknown)}")
    locked = Person.objects.select_for_update().get(pk=person.pk)
    errors = _clean_person_fields(fields, timezone.localdate())
    if errors:
        raise ValidationError(errors)
    changed = []
    for name, value in fields.items():
        if getattr(locked, name) != value:
            setattr(locked, name, value)
            changed.append(name)
    if not changed:
        return locked
    locked.full_clean()
    locked.save(update_fields=[*changed, "updated_at"])
    audit_record(actor=actor, action=Action.UPDATE, obj=locked, changed_fields=changed)
    for name in (*changed, "updated_at"):
        setattr(person, name, getattr(locked, name))
    return locked


@transaction.atomic
def person_link_create(
    *,
    person: Person,
    role: str,
    other: Person,
    other_role: str,
    signal: Signal,
    actor: User,
) -> PersonLink:
    """Link two persons (the koppeling), supported by a signal that mentions both."""
    _require_screener(actor)
    errors: dict[str, list[str]] = {}
    if role not in PersonRole.values:
        errors["role"] = [_("Kies een rol.")]
    if other_role not in PersonRole.values:
        errors["other_role"] = [_("Kies een rol.")]
    if person.pk == other.pk:
        errors["other"] = [_("Een persoon kan niet aan zichzelf worden gekoppeld.")]
    else:
        mentioned = set(
            SignalPerson.objects.filter(
                signal=signal, person_id__in=[person.pk, other.pk]
            ).values_list("person_id", flat=True)
        )
        if mentioned != {person.pk, other.pk}:
            errors["signal"] = [
                _(
                    "Dit signaal noemt niet beide personen. Koppel eerst hun "
                    "vermeldingen in het signaal aan de personen."
                )
            ]
    if errors:
        raise ValidationError(errors)
    same = Q(person=person, role=role, other=other, other_role=other_role) | Q(
        person=other, role=other_role, other=person, other_role=role
    )
    if PersonLink.objects.filter(same, signal=signal).exists():
        raise ValidationError(
            {"other": [_("Deze koppeling is met dit signaal al vastgelegd.")]}
        )
    link = PersonLink(
        person=person,
        role=role,
        other=other,
        other_role=other_role,
        signal=signal,
        created_by=actor,
    )
    link.full_clean()
    link.save()
    audit_record(actor=actor, action=Action.CREATE, obj=link)
    return link
