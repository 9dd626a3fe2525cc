"""The meldpunt REST API (docs/api-contract.md). One view per operation, whose nested
Input/Output serializers both read and render the bodies and feed the OpenAPI schema."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from partners.access import convenant_valid
from partners.models import ApiClient
from partners.text import validate_line, validate_multiline
from signals.constants import (
    MAX_AGE,
    MAX_ALIAS_LENGTH,
    MAX_ALIASES,
    MAX_DESCRIPTION,
    MAX_EXTERNAL_ID,
    MAX_INDICATOR_CODE,
    MAX_KEYWORD_LENGTH,
    MAX_KEYWORDS,
    MAX_MUNICIPALITY,
    MAX_NAME,
    MAX_PERSONS,
    MAX_PHONE,
    MAX_TEXT,
    Gender,
    Kind,
    PersonRole,
    Source,
    Status,
    SubjectRole,
)
from signals.models import Signal, SignalPerson, validate_indicator_code
from signals.selectors import signal_get_for_client
from signals.services import (
    IdempotencyConflict,
    PersonInput,
    SignalInput,
    observed_at_problem,
    request_hash,
    signal_receive,
)

IDEMPOTENCY_HEADER = "Idempotency-Key"


class IsMeldpuntClient(permissions.BasePermission):
    """A machine client whose organisation holds a valid convenant may post and read."""

    message = "Deze client mag geen meldingen aanleveren."

    def has_permission(self, request: Request, view: Any) -> bool:
        client = request.user
        if not isinstance(client, ApiClient):
            return False
        return convenant_valid(client.organisation_id)


class UtcDateTimeField(serializers.DateTimeField):
    """ISO 8601 in UTC (``…+00:00``), as the API has answered since v1."""

    def to_representation(self, value: datetime.datetime) -> str:
        return value.astimezone(datetime.UTC).isoformat()


class NullIfBlankCharField(serializers.CharField):
    """A text the client may leave out reads back as null, not as ``""``."""

    def to_representation(self, value: Any) -> Any:
        return super().to_representation(value) or None


class RelatedSlugsField(serializers.ListField):
    """One attribute (code, slug) of each related object, in the selector's order."""

    def __init__(self, *, slug_field: str, **kwargs: Any) -> None:
        self.slug_field = slug_field
        kwargs.setdefault("child", serializers.CharField())
        super().__init__(**kwargs)

    def to_representation(self, data: Any) -> list[str]:
        return [getattr(item, self.slug_field) for item in data.all()]


class NullIfBlankChoiceField(serializers.ChoiceField):
    def to_representation(self, value: Any) -> Any:
        return super().to_representation(value) or None


def _optional_line(max_length: int) -> serializers.CharField:
    """An optional one-line text of the reporter, under the text policy."""
    return serializers.CharField(
        max_length=max_length,
        required=False,
        allow_null=True,
        allow_blank=True,
        validators=[validate_line],
    )


def _to_input(data: dict[str, Any]) -> SignalInput:
    reporter = data.get("reporter") or {}
    return SignalInput(
        observed_at=data["observed_at"],
        description=data["description"],
        subject_role=data["subject_role"],
        kind=data["kind"],
        source=data["source"],
        relevance=data.get("relevance", ""),
        non_verbal=data.get("non_verbal", ""),
        keywords=data.get("keywords", []),
        indicator_codes=data.get("indicators", []),
        passed_on_to=data.get("passed_on_to", []),
        persons=[
            PersonInput(
                role=p["role"],
                name=p.get("name") or "",
                aliases=p.get("aliases") or [],
                date_of_birth=p.get("date_of_birth"),
                estimated_age=p.get("estimated_age"),
                gender=p.get("gender") or "",
                municipality=p.get("municipality") or "",
            )
            for p in data.get("persons", [])
        ],
        reporter_anonymous=reporter.get("anonymous", False),
        reporter_name=reporter.get("name") or "",
        reporter_organisation=reporter.get("organisation") or "",
        reporter_phone=reporter.get("phone") or "",
        reporter_email=reporter.get("email") or "",
    )


ERRORS = {
    400: OpenApiResponse(description='Ongeldige velden: `{"veld": ["melding", ...]}`'),
    401: OpenApiResponse(description="Geen of een ongeldig token."),
    403: OpenApiResponse(description="Dit token mag geen meldingen aanleveren."),
    413: OpenApiResponse(description="Het bericht is groter dan 256 KiB."),
    415: OpenApiResponse(description="Geen `application/json`."),
    429: OpenApiResponse(description="Te veel verzoeken; zie `Retry-After`."),
}


class SignalCreateApi(APIView):
    permission_classes = [IsMeldpuntClient]

    class InputSerializer(serializers.Serializer[Any]):
        """The fields a meldpunt sends."""

        class PersonSerializer(serializers.Serializer[Any]):
            role = serializers.ChoiceField(choices=PersonRole.choices)
            name = serializers.CharField(
                max_length=MAX_NAME,
                required=False,
                allow_null=True,
                allow_blank=True,
                validators=[validate_line],
            )
            aliases = serializers.ListField(
                child=serializers.CharField(
                    max_length=MAX_ALIAS_LENGTH, validators=[validate_line]
                ),
                required=False,
                max_length=MAX_ALIASES,
            )
            date_of_birth = serializers.DateField(required=False, allow_null=True)
            estimated_age = serializers.IntegerField(
                required=False, allow_null=True, min_value=0, max_value=MAX_AGE
            )
            gender = serializers.ChoiceField(
                choices=Gender.choices,
                required=False,
                allow_null=True,
                allow_blank=True,
            )
            municipality = serializers.CharField(
                max_length=MAX_MUNICIPALITY,
                required=False,
                allow_null=True,
                allow_blank=True,
                validators=[validate_line],
            )

            class Meta:
                ref_name = "Person"

        class ReporterSerializer(serializers.Serializer[Any]):
            anonymous = serializers.BooleanField(default=False)
            name = _optional_line(MAX_NAME)
            organisation = _optional_line(MAX_NAME)
            phone = _optional_line(MAX_PHONE)
            email = serializers.EmailField(
                required=False, allow_null=True, allow_blank=True
            )

            class Meta:
                ref_name = "Reporter"

        external_id = serializers.CharField(
            max_length=MAX_EXTERNAL_ID, validators=[validate_line]
        )
        observed_at = serializers.DateTimeField()
        subject_role = serializers.ChoiceField(choices=SubjectRole.choices)
        kind = serializers.ChoiceField(choices=Kind.choices)
        source = serializers.ChoiceField(choices=Source.choices)  # type: ignore[assignment]
        description = serializers.CharField(
            max_length=MAX_DESCRIPTION, validators=[validate_multiline]
        )
        relevance = serializers.CharField(
            max_length=MAX_TEXT,
            required=False,
            allow_blank=True,
            validators=[validate_multiline],
        )
        non_verbal = serializers.CharField(
            max_length=MAX_TEXT,
            required=False,
            allow_blank=True,
            validators=[validate_multiline],
        )
        persons = PersonSerializer(  # type: ignore[call-arg]
            many=True, required=False, max_length=MAX_PERSONS
        )
        indicators = serializers.ListField(
            child=serializers.CharField(
                max_length=MAX_INDICATOR_CODE,
                trim_whitespace=False,
                validators=[validate_indicator_code],
            ),
            required=False,
        )
        keywords = serializers.ListField(
            child=serializers.CharField(
                max_length=MAX_KEYWORD_LENGTH, validators=[validate_line]
            ),
            required=False,
            max_length=MAX_KEYWORDS,
        )
        passed_on_to = serializers.ListField(
            child=serializers.SlugField(max_length=60), required=False
        )
        reporter = ReporterSerializer(required=False)

        class Meta:
            ref_name = "SignalBody"

        def validate_observed_at(self, value: datetime.datetime) -> datetime.datetime:
            # The same bound as the form and the service (docs/api-contract.md).
            problem = observed_at_problem(value)
            if problem:
                raise serializers.ValidationError(problem)
            return value

    class OutputSerializer(serializers.Serializer[Signal]):
        id = serializers.UUIDField(source="uuid")
        reference = serializers.CharField()
        status = serializers.ChoiceField(choices=Status.choices)
        received_at = UtcDateTimeField()

        class Meta:
            ref_name = "SignalCreated"

    @extend_schema(
        operation_id="signal_create",
        summary="Een melding aanleveren (idempotent)",
        request=InputSerializer,
        parameters=[
            OpenApiParameter(
                IDEMPOTENCY_HEADER,
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description="Optioneel. Dezelfde sleutel maakt nooit een tweede melding.",
            )
        ],
        responses={
            201: OutputSerializer,
            200: OpenApiResponse(
                OutputSerializer,
                description="Herhaling met dezelfde inhoud: de oorspronkelijke melding.",
            ),
            409: OpenApiResponse(
                description="Zelfde external_id of Idempotency-Key met andere inhoud."
            ),
            **ERRORS,
        },
    )
    def post(self, request: Request) -> Response:
        client = request.user
        assert isinstance(client, ApiClient)
        body_hash = request_hash(request.data)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
        if len(key) > 255:
            return Response(
                {IDEMPOTENCY_HEADER: ["Hooguit 255 tekens."]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        try:
            signal, created = signal_receive(
                client=client,
                external_id=serializer.validated_data["external_id"],
                data=_to_input(serializer.validated_data),
                body_hash=body_hash,
                idempotency_key=key,
            )
        except IdempotencyConflict as conflict:
            return Response(
                {
                    "detail": "Deze external_id of Idempotency-Key hoort bij een "
                    "andere melding.",
                    "id": str(conflict.signal.uuid),
                },
                status=status.HTTP_409_CONFLICT,
            )
        location = reverse("signals-api:detail", kwargs={"uuid": signal.uuid})
        return Response(
            self.OutputSerializer(signal).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
            headers={"Location": request.build_absolute_uri(location)},
        )


class SignalDetailApi(APIView):
    permission_classes = [IsMeldpuntClient]

    class OutputSerializer(SignalCreateApi.OutputSerializer):
        """What the client sent, plus status and feedback; never colour or dossier.
        What it left out reads back as null; codes and slugs sorted."""

        class PersonSerializer(serializers.Serializer[SignalPerson]):
            role = serializers.ChoiceField(choices=PersonRole.choices)
            name = NullIfBlankCharField(allow_null=True)
            aliases = serializers.ListField(child=serializers.CharField())
            date_of_birth = serializers.DateField(allow_null=True)
            estimated_age = serializers.IntegerField(allow_null=True)
            gender = NullIfBlankChoiceField(choices=Gender.choices, allow_null=True)
            municipality = NullIfBlankCharField(allow_null=True)

            class Meta:
                ref_name = "Person"

        class ReporterSerializer(serializers.Serializer[Signal]):
            anonymous = serializers.BooleanField(source="reporter_anonymous")
            name = NullIfBlankCharField(source="reporter_name", allow_null=True)
            organisation = NullIfBlankCharField(
                source="reporter_organisation", allow_null=True
            )
            phone = NullIfBlankCharField(source="reporter_phone", allow_null=True)
            email = NullIfBlankCharField(source="reporter_email", allow_null=True)

            class Meta:
                ref_name = "Reporter"

        external_id = serializers.CharField()
        observed_at = UtcDateTimeField()
        subject_role = serializers.ChoiceField(choices=SubjectRole.choices)
        kind = serializers.ChoiceField(choices=Kind.choices)
        source = serializers.ChoiceField(choices=Source.choices)  # type: ignore[assignment]
        description = serializers.CharField()
        relevance = serializers.CharField()
        non_verbal = serializers.CharField()
        persons = PersonSerializer(many=True)
        indicators = RelatedSlugsField(slug_field="code")
        keywords = serializers.ListField(child=serializers.CharField())
        passed_on_to = RelatedSlugsField(slug_field="slug")
        reporter = ReporterSerializer(source="*")
        feedback = serializers.CharField(
            help_text="De terugkoppeling van het screeningsteam, zodra gegeven."
        )
        withdrawn_at = UtcDateTimeField(
            allow_null=True,
            help_text="Wanneer de eigenaar de melding introk (status is dan "
            "closed); anders null.",
        )

        class Meta:
            ref_name = "SignalRead"

    @extend_schema(
        operation_id="signal_read",
        summary="Een eigen melding teruglezen, met status en terugkoppeling",
        responses={
            200: OutputSerializer,
            404: OpenApiResponse(description="Onbekend, of van een andere client."),
            **{code: ERRORS[code] for code in (401, 403, 429)},
        },
    )
    def get(self, request: Request, uuid: Any) -> Response:
        client = request.user
        assert isinstance(client, ApiClient)
        try:
            signal = signal_get_for_client(client=client, uuid=uuid)
        except Http404:
            return Response(
                {"detail": "Niet gevonden."}, status=status.HTTP_404_NOT_FOUND
            )
        return Response(self.OutputSerializer(signal).data)
