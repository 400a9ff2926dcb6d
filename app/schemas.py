"""marshmallow schemas: the single source of the validation rules and of the OpenAPI components.

Every rule is a regular expression the spec states as a `pattern` and the code applies with the
same expression, so the two can't drift. The expressions are written in the subset that Python's
`re` and ECMA-262 (what JSON Schema validators and browsers use) read alike: character classes,
`\\xHH` / `\\uHHHH` escapes, `^...$` anchors; the code uses `fullmatch`, so Python's `$` never
lets a trailing newline through (and newlines are excluded anyway).
"""

from __future__ import annotations

import re

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, validate

STATUSES = ("active", "inactive", "retired")
MAX_ID_LENGTH = 64
MAX_TEXT_LENGTH = 128

# Characters no text field may hold: C0 and C1 controls (U+0085 NEXT LINE included), DEL, the line
# and paragraph separators U+2028/U+2029 (line breaks to JavaScript and many terminals), and the
# bidi embeddings, overrides and isolates U+202A-U+202E, U+2066-U+2069, which can make a name
# display as something else ("Trojan Source").
_FORBIDDEN = r"\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
# Blank: the whitespace Python's str.isspace() and ECMA's \s agree on once the controls above are
# excluded, plus U+FEFF (ECMA whitespace, invisible). Spelt out because the two `\s` differ.
_BLANK = r"\x20\xa0\u1680\u2000-\u200a\u202f\u205f\u3000\ufeff"
TEXT_PATTERN = rf"^[^{_FORBIDDEN}]*$"
NAME_PATTERN = rf"^[^{_FORBIDDEN}]*[^{_FORBIDDEN}{_BLANK}][^{_FORBIDDEN}]*$"
# A new id: 1-64 of A-Z a-z 0-9 . _ -, and not only dots: `.` and `..` are path segments that
# clients and proxies remove from a URL (RFC 3986 5.2.4), so such a device could never be
# addressed by /api/devices/<id>.
ID_PATTERN = r"^[A-Za-z0-9._-]*[A-Za-z0-9_-][A-Za-z0-9._-]*$"
# Any id a device may already have, including dot-only ones stored before the rule above: a path
# lookup or a cursor holding one still works, so such a device can still be read and deleted.
STORED_ID_PATTERN = r"^[A-Za-z0-9._-]{1,64}$"
# Cursors are unpadded base64url (app/storage: encode_cursor).
CURSOR_PATTERN = r"^[A-Za-z0-9_-]+$"

_TEXT_RE = re.compile(TEXT_PATTERN)
_NAME_RE = re.compile(NAME_PATTERN)
_ID_RE = re.compile(ID_PATTERN)
_STORED_ID_RE = re.compile(STORED_ID_PATTERN)

ID_RULE = "1 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-', not only dots."
TEXT_RULE = "Must not contain control, line separator or bidi override characters."


def valid_new_id(value: str) -> bool:
    """An id a device can be created with."""
    return len(value) <= MAX_ID_LENGTH and _ID_RE.fullmatch(value) is not None


def valid_device_id(value: str) -> bool:
    """An id a stored device can have (a path lookup or a cursor may name it)."""
    return _STORED_ID_RE.fullmatch(value) is not None


class Text(fields.String):
    """A string that can be stored and shown: valid Unicode (no lone surrogates from JSON `\\ud800`
    escapes, which neither SQLite nor DynamoDB can encode) and none of the characters above."""

    def __init__(self, *, pattern: re.Pattern[str] = _TEXT_RE, **kwargs: object) -> None:
        metadata = {"pattern": pattern.pattern, **kwargs.pop("metadata", {})}  # type: ignore[dict-item]
        super().__init__(metadata=metadata, **kwargs)  # type: ignore[arg-type]
        self._pattern = pattern

    def _deserialize(self, value: object, attr: str | None, data: object, **kwargs: object) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ValidationError("Not valid Unicode text.") from exc
        if _TEXT_RE.fullmatch(text) is None:
            raise ValidationError(TEXT_RULE)
        if self._pattern.fullmatch(text) is None:
            raise ValidationError("Must not be blank.")
        return text


class _Strict(Schema):
    class Meta:
        unknown = RAISE


def _valid_new_id(value: str) -> None:
    if not valid_new_id(value):
        raise ValidationError(ID_RULE)


def _name_field(**kwargs: object) -> fields.String:
    return Text(pattern=_NAME_RE, validate=validate.Length(min=1, max=MAX_TEXT_LENGTH), **kwargs)


def _location_field(**kwargs: object) -> fields.String:
    return Text(validate=validate.Length(max=MAX_TEXT_LENGTH), **kwargs)


class DeviceSchema(_Strict):
    """A device as the API returns it."""

    # As returned: any stored id (dot-only ones from before the rule included).
    id = fields.String(
        required=True,
        metadata={"example": "sensor-01", "pattern": STORED_ID_PATTERN, "minLength": 1, "maxLength": 64},
    )
    name = _name_field(required=True, metadata={"example": "Boiler"})
    location = _location_field(load_default="", metadata={"example": "basement"})
    status = fields.String(load_default="active", validate=validate.OneOf(STATUSES))
    updated_at = fields.String(
        dump_only=True, metadata={"format": "date-time", "description": "Set by the server (UTC)."}
    )


class DeviceCreateSchema(DeviceSchema):
    """Body of POST /api/devices; `updated_at` is the server's, so sending it is an unknown field."""

    id = fields.String(
        required=True,
        validate=_valid_new_id,
        metadata={"example": "sensor-01", "pattern": ID_PATTERN, "minLength": 1, "maxLength": MAX_ID_LENGTH},
    )


class DevicePatchSchema(_Strict):
    """Body of PATCH /api/devices/<id>: any of the writable fields except the id."""

    name = _name_field()
    location = _location_field()
    status = fields.String(validate=validate.OneOf(STATUSES))


class DeviceListQuerySchema(Schema):
    class Meta:
        # Unknown query parameters (cache busters, tracking tags) are ignored, not rejected.
        unknown = EXCLUDE

    status = fields.String(validate=validate.OneOf(STATUSES))
    location = _location_field(metadata={"description": "Exact match."})
    limit = fields.Integer(load_default=50, strict=False, validate=validate.Range(min=1, max=100))
    cursor = fields.String(
        validate=validate.Length(min=1, max=512),
        metadata={
            "pattern": CURSOR_PATTERN,
            "description": "Opaque: the `next_cursor` of the previous page, passed back unchanged.",
        },
    )


class DevicePageSchema(Schema):
    items = fields.List(fields.Nested(DeviceSchema), required=True)
    next_cursor = fields.String(allow_none=True, required=True)


class ErrorBodySchema(Schema):
    code = fields.String(required=True, metadata={"example": "validation_error"})
    message = fields.String(required=True)
    field_messages = fields.Dict(
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
