"""marshmallow schemas: the single source of the validation rules and of the OpenAPI components."""

from __future__ import annotations

import re

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, validate

STATUSES = ("active", "inactive", "retired")
ID_PATTERN = r"^[A-Za-z0-9._-]{1,64}$"


class Text(fields.String):
    """A string that can be stored: valid Unicode (no lone surrogates from JSON `\\ud800`
    escapes, which neither SQLite nor DynamoDB can encode) and no control characters."""

    def _deserialize(self, value: object, attr: str | None, data: object, **kwargs: object) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ValidationError("Not valid Unicode text.") from exc
        if _CONTROL_RE.search(text):
            raise ValidationError("Must not contain control characters.")
        return text


_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


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
    return Text(validate=[validate.Length(min=1, max=128), _not_blank], **kwargs)


class DeviceSchema(_Strict):
    """A device as the API returns it."""

    id = fields.String(
        required=True,
        validate=_valid_id,
        metadata={"example": "sensor-01", "pattern": ID_PATTERN, "minLength": 1, "maxLength": 64},
    )
    name = _name_field(required=True, metadata={"example": "Boiler"})
    location = Text(load_default="", validate=validate.Length(max=128), metadata={"example": "basement"})
    status = fields.String(load_default="active", validate=validate.OneOf(STATUSES))
    updated_at = fields.String(
        dump_only=True, metadata={"format": "date-time", "description": "Set by the server (UTC)."}
    )


class DeviceCreateSchema(DeviceSchema):
    """Body of POST /api/devices; `updated_at` is the server's, so sending it is an unknown field."""


class DevicePatchSchema(_Strict):
    """Body of PATCH /api/devices/<id>: any of the writable fields except the id."""

    name = _name_field()
    location = Text(validate=validate.Length(max=128))
    status = fields.String(validate=validate.OneOf(STATUSES))


class DeviceListQuerySchema(Schema):
    class Meta:
        # Unknown query parameters (cache busters, tracking tags) are ignored, not rejected.
        unknown = EXCLUDE

    status = fields.String(validate=validate.OneOf(STATUSES))
    location = Text(validate=validate.Length(max=128))
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
