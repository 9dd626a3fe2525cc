"""Writes for signals: entry by a partner user or by the meldpunt API."""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.constants import Action
from audit.services import audit_record
from notifications.models import Notification
from notifications.services import notify, recipients_with_roles
from partners.constants import Role
from partners.models import ApiClient, Organisation, User
from partners.text import has_forbidden_character, text_problems
from signals import messages as msg
from signals.constants import (
    MAX_AGE,
    MAX_ALIAS_LENGTH,
    MAX_ALIASES,
    MAX_DESCRIPTION,
    MAX_KEYWORD_LENGTH,
    MAX_KEYWORDS,
    MAX_MUNICIPALITY,
    MAX_NAME,
    MAX_PERSONS,
    MAX_PHONE,
    MAX_REASON,
    MAX_TEXT,
    OBSERVED_AT_CLOCK_SKEW_MINUTES,
    OBSERVED_AT_MAX_YEARS_AGO,
    Kind,
    PersonRole,
    Sharing,
    Source,
    Status,
    SubjectRole,
)
from signals.models import Indicator, Signal, SignalPerson, SignalVersion
from signals.selectors.signal import (
    may_change_sharing,
    may_correct_signal,
    may_enter_signals,
    signal_readable_by,
)
from signals.services.audience import audience_add_owner, audience_refresh

logger = logging.getLogger(__name__)

CLOCK_SKEW = datetime.timedelta(minutes=OBSERVED_AT_CLOCK_SKEW_MINUTES)


def _years_before(moment: datetime.datetime, years: int) -> datetime.datetime:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


def observed_at_problem(
    value: datetime.datetime, *, now: datetime.datetime | None = None
) -> str | None:
    """What is wrong with an observation time, or None: the one bound that the
    signal form, the meldpunt API's serializer and the services all apply."""
    now = now or timezone.now()
    if value > now + CLOCK_SKEW:
        return str(msg.OBSERVED_IN_FUTURE)
    if value < _years_before(now, OBSERVED_AT_MAX_YEARS_AGO):
        return str(msg.OBSERVED_TOO_LONG_AGO) % {"years": OBSERVED_AT_MAX_YEARS_AGO}
    return None


REFERENCE_INDICATORS = (
    Path(__file__).resolve().parent.parent / "reference_data" / "indicators.json"
)


def indicators_sync(**kwargs: Any) -> int:
    """Create the handreiking's indicators that are missing (post_migrate receiver).

    Existing rows are left alone, so a functioneel beheerder's edits survive every
    migrate; a deleted item comes back, a deactivated one stays inactive.
    """
    items = json.loads(REFERENCE_INDICATORS.read_text(encoding="utf-8"))
    present = set(Indicator.objects.values_list("code", flat=True))
    missing = [Indicator(**item) for item in items if item["code"] not in present]
    Indicator.objects.bulk_create(missing)
    return len(missing)


@dataclass
class PersonInput:
    role: str
    name: str = ""
    aliases: list[str] = field(default_factory=list)
    date_of_birth: datetime.date | None = None
    estimated_age: int | None = None
    gender: str = ""
    municipality: str = ""


@dataclass
class SignalInput:
    """Everything a signal holds, as a form or the API delivers it."""

    observed_at: datetime.datetime
    description: str
    subject_role: str
    kind: str
    source: str
    relevance: str = ""
    non_verbal: str = ""
    keywords: list[str] = field(default_factory=list)
    indicator_codes: list[str] = field(default_factory=list)
    passed_on_to: list[str] = field(default_factory=list)
    persons: list[PersonInput] = field(default_factory=list)
    # Inside a dossier: every participant, or only these organisations (slugs).
    sharing: str = Sharing.PARTICIPANTS
    shared_with: list[str] = field(default_factory=list)
    reporter_anonymous: bool = False
    reporter_name: str = ""
    reporter_organisation: str = ""
    reporter_phone: str = ""
    reporter_email: str = ""


class IdempotencyConflict(Exception):
    """The same external_id or Idempotency-Key came with a different body."""

    def __init__(self, signal: Signal) -> None:
        super().__init__("idempotency conflict")
        self.signal = signal


def clean_text(
    value: str,
    field_name: str,
    limit: int,
    errors: dict[str, list[str]],
    *,
    multiline: bool = False,
) -> str:
    """Strip ``value`` and add what the text policy (partners.text) says about it."""
    value = (value or "").strip()
    problems = text_problems(value, limit=limit, multiline=multiline)
    if problems:
        errors.setdefault(field_name, []).extend(problems)
    return value


def _clean_keywords(values: Iterable[str], errors: dict[str, list[str]]) -> list[str]:
    keywords: list[str] = []
    for raw in values:
        keyword = " ".join(str(raw).split()).lower()
        if not keyword:
            continue
        if len(keyword) > MAX_KEYWORD_LENGTH or has_forbidden_character(keyword):
            errors.setdefault("keywords", []).append(
                str(msg.KEYWORD_TOO_LONG) % {"limit": MAX_KEYWORD_LENGTH}
            )
            continue
        if keyword not in keywords:
            keywords.append(keyword)
    if len(keywords) > MAX_KEYWORDS:
        errors.setdefault("keywords", []).append(
            str(msg.TOO_MANY_KEYWORDS) % {"limit": MAX_KEYWORDS}
        )
    return keywords


def _age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _clean_person(
    person: PersonInput, index: int, today: datetime.date
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if person.role not in PersonRole.values:
        errors["role"] = [str(msg.CHOOSE_ROLE)]
    person.name = clean_text(person.name, "name", MAX_NAME, errors)
    person.municipality = clean_text(
        person.municipality, "municipality", MAX_MUNICIPALITY, errors
    )
    aliases = []
    for alias in person.aliases:
        alias = clean_text(str(alias), "aliases", MAX_ALIAS_LENGTH, errors)
        if alias and alias not in aliases:
            aliases.append(alias)
    if len(aliases) > MAX_ALIASES:
        errors.setdefault("aliases", []).append(
            str(msg.TOO_MANY_ALIASES) % {"limit": MAX_ALIASES}
        )
    person.aliases = aliases
    if person.date_of_birth is not None:
        if person.date_of_birth > today:
            errors["date_of_birth"] = [str(msg.BORN_IN_FUTURE)]
        elif _age_on(person.date_of_birth, today) > MAX_AGE:
            errors["date_of_birth"] = [str(msg.AGE_IMPOSSIBLE) % {"max": MAX_AGE}]
    if person.estimated_age is not None and not 0 <= person.estimated_age <= MAX_AGE:
        errors["estimated_age"] = [str(msg.AGE_OUT_OF_RANGE) % {"max": MAX_AGE}]
    return errors


def clean_sharing(
    sharing: str,
    slugs: Sequence[str],
    errors: dict[str, list[str]],
    *,
    among: QuerySet[Organisation],
    owner_id: int | None,
) -> list[Organisation]:
    """The organisations named with a contribution's sharing: those it is shared
    with (``SELECTED``) or withheld from (``EXCEPT``); [] for every participant.

    ``among``: the organisations that may be named. The owner always reads its
    own contribution, so naming it changes nothing.
    """
    if sharing not in Sharing.values:
        errors["sharing"] = [str(msg.CHOOSE_SHARING)]
        return []
    slugs = list(dict.fromkeys(slugs))
    if sharing == Sharing.PARTICIPANTS:
        if slugs:
            errors["shared_with"] = [
                _(
                    "Kies 'alleen met de organisaties die ik aanvink' om "
                    "organisaties aan te vinken, of vink ze uit."
                )
            ]
        return []
    organisations = list(among.filter(slug__in=slugs))
    unknown = sorted(set(slugs) - {o.slug for o in organisations})
    if unknown:
        errors["shared_with"] = [
            str(msg.CANNOT_SHARE_WITH) % {"value": slug} for slug in unknown
        ]
    organisations = [o for o in organisations if o.pk != owner_id]
    if sharing == Sharing.EXCEPT and not organisations and not unknown:
        errors["shared_with"] = [
            _("Vink aan voor welke organisaties u het achterhoudt.")
        ]
    return organisations


class SignalLinks(NamedTuple):
    """What a valid signal refers to, read once by ``signal_validate``."""

    indicators: list[Indicator]
    passed_on_to: list[Organisation]
    shared_with: list[Organisation]


def signal_validate(data: SignalInput, *, owner_id: int | None = None) -> SignalLinks:
    """Check every domain rule at once; raise one ValidationError with all field errors."""
    errors: dict[str, list[str]] = {}
    problem = observed_at_problem(data.observed_at)
    if problem:
        errors["observed_at"] = [problem]
    data.description = clean_text(
        data.description, "description", MAX_DESCRIPTION, errors, multiline=True
    )
    if not data.description:
        errors.setdefault("description", []).append(str(msg.DESCRIBE_EVENT))
    data.relevance = clean_text(
        data.relevance, "relevance", MAX_TEXT, errors, multiline=True
    )
    data.non_verbal = clean_text(
        data.non_verbal, "non_verbal", MAX_TEXT, errors, multiline=True
    )
    data.keywords = _clean_keywords(data.keywords, errors)
    for name, limit in (
        ("reporter_name", MAX_NAME),
        ("reporter_organisation", MAX_NAME),
        ("reporter_phone", MAX_PHONE),
    ):
        setattr(data, name, clean_text(getattr(data, name), name, limit, errors))
    if data.reporter_anonymous and (
        data.reporter_name or data.reporter_phone or data.reporter_email
    ):
        errors["reporter"] = [
            _("Een anonieme melding bevat geen naam, telefoonnummer of e-mailadres.")
        ]

    codes = list(dict.fromkeys(data.indicator_codes))
    indicators = list(Indicator.objects.filter(code__in=codes, active=True))
    unknown = sorted(set(codes) - {i.code for i in indicators})
    if unknown:
        errors["indicators"] = [
            _("Onbekende indicator: %(code)s.") % {"code": code} for code in unknown
        ]
    slugs = list(dict.fromkeys(data.passed_on_to))
    organisations = list(Organisation.objects.filter(slug__in=slugs, active=True))
    unknown = sorted(set(slugs) - {o.slug for o in organisations})
    if unknown:
        errors["passed_on_to"] = [
            _("Onbekende organisatie: %(slug)s.") % {"slug": slug} for slug in unknown
        ]

    if data.kind == Kind.TREND and data.persons:
        errors["persons"] = [
            _("Een trendsignaal gaat over een verschijnsel, niet over personen.")
        ]
    elif len(data.persons) > MAX_PERSONS:
        errors["persons"] = [str(msg.TOO_MANY_PERSONS) % {"limit": MAX_PERSONS}]
    else:
        today = timezone.localdate()
        for index, person in enumerate(data.persons):
            for name, messages in _clean_person(person, index, today).items():
                errors.setdefault(f"persons.{index}.{name}", []).extend(messages)
    shared_with = clean_sharing(
        data.sharing,
        data.shared_with,
        errors,
        among=Organisation.objects.filter(active=True),
        owner_id=owner_id,
    )
    if errors:
        raise ValidationError(errors)
    return SignalLinks(indicators, organisations, shared_with)


def signal_search_text(data: SignalInput | Signal) -> str:
    """The text full-text search reads (see signals.selectors.search)."""
    parts = [data.description, data.relevance, data.non_verbal, " ".join(data.keywords)]
    return "\n".join(part for part in parts if part)


def _store(data: SignalInput, links: SignalLinks, **owner: Any) -> Signal:
    signal = Signal(
        observed_at=data.observed_at,
        description=data.description,
        relevance=data.relevance,
        non_verbal=data.non_verbal,
        subject_role=data.subject_role,
        kind=data.kind,
        source=data.source,
        keywords=data.keywords,
        reporter_anonymous=data.reporter_anonymous,
        reporter_name=data.reporter_name,
        reporter_organisation=data.reporter_organisation,
        reporter_phone=data.reporter_phone,
        reporter_email=data.reporter_email,
        bilateral=data.kind == Kind.URGENT,
        sharing=data.sharing,
        search_text=signal_search_text(data),
        **owner,
    )
    # Foreign keys, uniqueness and constraints are the database's and the validation
    # above's business; full_clean checks the field values without extra queries.
    signal.full_clean(
        exclude=["organisation", "api_client", "created_by"],
        validate_unique=False,
        validate_constraints=False,
    )
    signal.save()
    # A new signal has no links yet: insert them without .set()'s read-back.
    Signal.indicators.through.objects.bulk_create(
        Signal.indicators.through(signal_id=signal.pk, indicator_id=i.pk)
        for i in links.indicators
    )
    Signal.passed_on_to.through.objects.bulk_create(
        Signal.passed_on_to.through(signal_id=signal.pk, organisation_id=o.pk)
        for o in links.passed_on_to
    )
    # In no dossier yet, so its readers are its owner alone whatever it is shared
    # with (audience_add_owner below); no refresh needed.
    Signal.shared_with.through.objects.bulk_create(
        Signal.shared_with.through(signal_id=signal.pk, organisation_id=o.pk)
        for o in links.shared_with
    )
    SignalPerson.objects.bulk_create(
        SignalPerson(
            signal=signal,
            role=p.role,
            name=p.name,
            aliases=p.aliases,
            date_of_birth=p.date_of_birth,
            estimated_age=p.estimated_age,
            gender=p.gender,
            municipality=p.municipality,
        )
        for p in data.persons
    )
    audience_add_owner(signal)
    return signal


def _notify_chain(signal: Signal) -> None:
    """Urgent: the screeners and the ketenregisseur at once, in-app and by e-mail
    (bilateral handling). Trend: the ketenregisseur's trend list. In the caller's
    transaction, so a signal that is not stored alerts nobody."""
    if signal.kind == Kind.URGENT:
        roles = [Role.SCREENER, Role.KETENREGISSEUR]
        kind = Notification.Kind.URGENT_SIGNAL
        title = _("Urgent signaal %(reference)s ontvangen: direct bilateraal oppakken")
    elif signal.kind == Kind.TREND:
        roles = [Role.KETENREGISSEUR]
        kind = Notification.Kind.TREND_SIGNAL
        title = _("Nieuw trendsignaal %(reference)s")
    else:
        return
    # Nobody gets a link they cannot open: the roles alerted read these signals by
    # the scope rule (signals.selectors.signal), and this holds them to it.
    recipients = []
    for user in recipients_with_roles(roles=roles):
        if signal_readable_by(user=user, signal=signal):
            recipients.append(user)
        else:
            logger.error(
                "event=alert_recipient_cannot_read signal_id=%s user_id=%s",
                signal.pk,
                user.pk,
            )
    notify(
        recipients=recipients,
        kind=kind,
        title=title % {"reference": signal.reference},
        link=reverse("signals:detail", kwargs={"uuid": signal.uuid}),
    )


@transaction.atomic
def signal_create(*, user: User, data: SignalInput) -> Signal:
    """A partner user enters a signal; it belongs to the user's organisation."""
    if not may_enter_signals(user):
        raise PermissionDenied
    links = signal_validate(data, owner_id=user.organisation_id)
    signal = _store(data, links, organisation=user.organisation, created_by=user)
    audit_record(actor=user, action=Action.CREATE, obj=signal)
    _notify_chain(signal)
    return signal


@transaction.atomic
def signal_set_sharing(
    *, signal: Signal, actor: User, sharing: str, shared_with: Sequence[str]
) -> Signal:
    """The owner decides who inside a dossier reads its signal (docs/domain.md
    section 9): every participant, or only the organisations named (slugs).

    Only a user of the owning organisation who may enter signals changes it. The
    readers of the signal are refreshed in this transaction, so a narrower choice
    holds from the moment it is stored.
    """
    if not may_change_sharing(actor, signal):
        raise PermissionDenied
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    errors: dict[str, list[str]] = {}
    organisations = clean_sharing(
        sharing,
        shared_with,
        errors,
        among=Organisation.objects.filter(active=True),
        owner_id=signal.organisation_id,
    )
    if errors:
        raise ValidationError(errors)
    signal.sharing = sharing
    signal.save(update_fields=["sharing", "updated_at"])
    signal.shared_with.set(organisations)
    audience_refresh(signal_ids=[signal.pk])
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=signal,
        changed_fields=["sharing", "shared_with"],
    )
    return signal


def request_hash(payload: Mapping[str, Any]) -> str:
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _existing_for(client: ApiClient, external_id: str, key: str) -> Signal | None:
    candidates = Signal.objects.filter(api_client=client)
    if key:
        found = candidates.filter(idempotency_key=key).first()
        if found is not None:
            return found
    return candidates.filter(external_id=external_id).first()


def _replay(client: ApiClient, signal: Signal, body_hash: str) -> tuple[Signal, bool]:
    """The same body again: answer with the first signal, and record that the
    client read it back."""
    if signal.request_hash != body_hash:
        raise IdempotencyConflict(signal)
    audit_record(actor=client, action=Action.READ, obj=signal, reason="herhaling")
    return signal, False


@transaction.atomic
def signal_receive(
    *,
    client: ApiClient,
    external_id: str,
    data: SignalInput,
    body_hash: str,
    idempotency_key: str = "",
) -> tuple[Signal, bool]:
    """Store a meldpunt signal once. Returns (signal, created).

    A retry with the same external_id or Idempotency-Key and the same body replays the
    first signal (audited as a read); a different body raises IdempotencyConflict.
    Racing retries are settled by the database's unique constraints, not by this check.
    """
    existing = _existing_for(client, external_id, idempotency_key)
    if existing is not None:
        return _replay(client, existing, body_hash)
    links = signal_validate(data, owner_id=client.organisation_id)
    try:
        with transaction.atomic():
            signal = _store(
                data,
                links,
                organisation=client.organisation,
                api_client=client,
                external_id=external_id,
                idempotency_key=idempotency_key,
                request_hash=body_hash,
            )
    except IntegrityError:
        # Another request with the same identity committed first: replay it.
        existing = _existing_for(client, external_id, idempotency_key)
        if existing is None:
            raise
        return _replay(client, existing, body_hash)
    audit_record(actor=client, action=Action.CREATE, obj=signal)
    _notify_chain(signal)
    return signal, True


# What the owner may correct: the observation itself. Kind, persons, indicators and
# sharing have their own consequences (alerts, stacking, readers) and are not
# corrected here; a signal entered wrongly there is withdrawn and entered anew.
CORRECTABLE_FIELDS = (
    "observed_at",
    "description",
    "relevance",
    "non_verbal",
    "subject_role",
    "source",
    "keywords",
)


@dataclass
class SignalCorrection:
    """The correctable fields of a signal as the owner wants them to read."""

    observed_at: datetime.datetime
    description: str
    subject_role: str
    source: str
    relevance: str = ""
    non_verbal: str = ""
    keywords: list[str] = field(default_factory=list)


def _same_minute(a: datetime.datetime, b: datetime.datetime) -> bool:
    # The form shows the time to the minute; a signal from the API has seconds.
    return a.replace(second=0, microsecond=0) == b.replace(second=0, microsecond=0)


def _as_json(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return value


def _linked_person_ids(signal: Signal) -> list[int]:
    return sorted(
        set(
            SignalPerson.objects.filter(
                signal=signal, person__isnull=False
            ).values_list("person_id", flat=True)
        )
    )


def _locked_for_change(signal: Signal, actor: User) -> Signal:
    if not may_correct_signal(actor, signal):
        raise PermissionDenied
    locked = Signal.objects.select_for_update().get(pk=signal.pk)
    if locked.withdrawn_at is not None:
        raise ValidationError(str(msg.ALREADY_WITHDRAWN))
    return locked


def _clean_reason(reason: str, errors: dict[str, list[str]], required: str) -> str:
    reason = clean_text(reason, "reason", MAX_REASON, errors, multiline=True)
    if not reason and "reason" not in errors:
        errors["reason"] = [required]
    return reason


def _full_clean_owned(signal: Signal) -> None:
    signal.full_clean(
        exclude=["organisation", "api_client", "created_by"],
        validate_unique=False,
        validate_constraints=False,
    )


@transaction.atomic
def signal_correct(
    *, signal: Signal, actor: User, correction: SignalCorrection, reason: str
) -> SignalVersion:
    """The owner corrects its signal as a new version: the values it replaces are
    kept in a SignalVersion with who, when and why; the signal shows the new ones.

    Only a user of the owning organisation who may enter signals corrects, and not
    a withdrawn signal. Full-text search reads the new text at once; the readers
    stay (who may read a signal does not depend on these fields).
    """
    signal = _locked_for_change(signal, actor)
    errors: dict[str, list[str]] = {}
    observed_at = correction.observed_at
    if _same_minute(observed_at, signal.observed_at):
        observed_at = signal.observed_at
    else:
        problem = observed_at_problem(observed_at)
        if problem:
            errors["observed_at"] = [problem]
    description = clean_text(
        correction.description, "description", MAX_DESCRIPTION, errors, multiline=True
    )
    if not description:
        errors.setdefault("description", []).append(str(msg.DESCRIBE_EVENT))
    new: dict[str, Any] = {
        "observed_at": observed_at,
        "description": description,
        "relevance": clean_text(
            correction.relevance, "relevance", MAX_TEXT, errors, multiline=True
        ),
        "non_verbal": clean_text(
            correction.non_verbal, "non_verbal", MAX_TEXT, errors, multiline=True
        ),
        "subject_role": correction.subject_role,
        "source": correction.source,
        "keywords": _clean_keywords(correction.keywords, errors),
    }
    if new["subject_role"] not in SubjectRole.values:
        errors["subject_role"] = [_("Kies over wie het signaal gaat.")]
    if new["source"] not in Source.values:
        errors["source"] = [_("Kies de bron.")]
    reason = _clean_reason(reason, errors, str(msg.GIVE_REASON_CORRECTION))
    changed = [
        name for name in CORRECTABLE_FIELDS if getattr(signal, name) != new[name]
    ]
    if not changed and not errors:
        errors["__all__"] = [str(msg.NOTHING_CORRECTED)]
    if errors:
        raise ValidationError(errors)

    previous = {name: _as_json(getattr(signal, name)) for name in changed}
    number = max(signal.versions.values_list("number", flat=True), default=1) + 1
    for name in changed:
        setattr(signal, name, new[name])
    now = timezone.now()
    signal.search_text = signal_search_text(signal)
    signal.corrected_at = now
    signal.corrected_by = actor
    _full_clean_owned(signal)
    signal.save(
        update_fields=[
            *changed,
            "search_text",
            "corrected_at",
            "corrected_by",
            "updated_at",
        ]
    )
    version = SignalVersion(
        signal=signal,
        number=number,
        changed_fields=changed,
        previous=previous,
        reason=reason,
        created_by=actor,
        organisation_id=signal.organisation_id,
        created_at=now,
    )
    version.full_clean(exclude=["signal", "created_by", "organisation"])
    version.save()
    # Which fields changed, never their text: the trail holds no personal data.
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=signal,
        changed_fields=changed,
        reason=f"gecorrigeerd (versie {number})",
        person_ids=_linked_person_ids(signal),
    )
    return version


@transaction.atomic
def signal_withdraw(*, signal: Signal, actor: User, reason: str) -> Signal:
    """The owner withdraws its signal, with a reason: never a delete. The signal
    stays where it is and readable to its readers, marked withdrawn; it is closed,
    so it waits for no screener, and the meldpunt reads ``closed`` with
    ``withdrawn_at`` (docs/api-contract.md)."""
    signal = _locked_for_change(signal, actor)
    errors: dict[str, list[str]] = {}
    reason = _clean_reason(reason, errors, str(msg.GIVE_REASON_WITHDRAWAL))
    if errors:
        raise ValidationError(errors)
    signal.withdrawn_at = timezone.now()
    signal.withdrawn_by = actor
    signal.withdrawal_reason = reason
    signal.status = Status.CLOSED
    # Out of the screening werkvoorraad (its stored flag and partial index).
    signal.screening_open = False
    _full_clean_owned(signal)
    signal.save(
        update_fields=[
            "withdrawn_at",
            "withdrawn_by",
            "withdrawal_reason",
            "status",
            "screening_open",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=signal,
        changed_fields=["withdrawn_at", "withdrawal_reason", "status"],
        reason="ingetrokken",
        person_ids=_linked_person_ids(signal),
    )
    return signal
