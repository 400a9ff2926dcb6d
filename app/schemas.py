"""marshmallow schemas: the single source of the validation rules and of the OpenAPI components."""

from __future__ import annotations

import re

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, validate

STATUSES = ("active", "inactive", "retired")
ID_PATTERN = r"^[A-Za-z0-9._-]{1,64}$"


class _Strict(Schema):
    class Meta:
        unknown = RAISE


def _not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError("Must not be blank.")


_ID_RE = re.compile(ID_PATTERN[1:-1])


def valid_device_id(value: str) -> bool:
    return _ID_RE.fullmatch(value) is not None


def _valid_id(value: str) -> None:
    # fullmatch, because `$` in re.match would also accept a trailing newline.
    if not valid_device_id(value):
        raise ValidationError("1 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-'.")


def _name_field(**kwargs: object) -> fields.String:
    return fields.String(validate=[validate.Length(min=1, max=128), _not_blank], **kwargs)


class DeviceSchema(_Strict):
    """A device as the API returns it."""

    id = fields.String(
        required=True,
        validate=_valid_id,
        metadata={"example": "sensor-01", "pattern": ID_PATTERN, "minLength": 1, "maxLength": 64},
    )
    name = _name_field(required=True, metadata={"example": "Boiler"})
    location = fields.String(
        load_default="", validate=validate.Length(max=128), metadata={"example": "basement"}
    )
    status = fields.String(load_default="active", validate=validate.OneOf(STATUSES))
    updated_at = fields.String(
        dump_only=True, metadata={"format": "date-time", "description": "Set by the server (UTC)."}
    )


class DeviceCreateSchema(DeviceSchema):
    """Body of POST /api/devices; `updated_at` is the server's, so sending it is an unknown field."""


class DevicePatchSchema(_Strict):
    """Body of PATCH /api/devices/<id>: any of the writable fields except the id."""

    name = _name_field()
    location = fields.String(validate=validate.Length(max=128))
    status = fields.String(validate=validate.OneOf(STATUSES))


class DeviceListQuerySchema(Schema):
    class Meta:
        # Unknown query parameters (cache busters, tracking tags) are ignored, not rejected.
        unknown = EXCLUDE

    status = fields.String(validate=validate.OneOf(STATUSES))
    location = fields.String(validate=validate.Length(max=128))
    limit = fields.Integer(load_default=50, strict=False, validate=validate.Range(min=1, max=100))
    cursor = fields.String(validate=validate.Length(min=1, max=512))


class DevicePageSchema(Schema):
    items = fields.List(fields.Nested(DeviceSchema), required=True)
    next_cursor = fields.String(allow_none=True, required=True)


class ErrorBodySchema(Schema):
    code = fields.String(required=True, metadata={"example": "validation_error"})
    message = fields.String(required=True)
    fields_ = fields.Dict(
        data_key="fields",
        keys=fields.String(),
        values=fields.Raw(),
        metadata={"description": "Per-field messages, on 422 only."},
    )
    request_id = fields.String(metadata={"description": "On 500 only: quote it when reporting."})


class ErrorSchema(Schema):
    error = fields.Nested(ErrorBodySchema, required=True)


class VersionSchema(Schema):
    version = fields.String(required=True)
    git_sha = fields.String(allow_none=True, required=True)


class HealthSchema(Schema):
    status = fields.String(required=True)
