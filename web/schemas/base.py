"""The base of fupan's schemas, shared by the pages and the API.

Unknown fields are refused, every string is bounded, every refusal is a ``Reason`` code
(translated by ``web.errors``, never an English sentence of marshmallow's). A schema loads
into a typed result (a frozen dataclass named by ``result``), so that a view passes named,
typed arguments to the workspace. Pages post flat names (``student.name``); ``load_form``
maps them to the nested data the API takes.
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar, cast

from marshmallow import RAISE, Schema, ValidationError, fields, post_load, validate
from werkzeug.datastructures import MultiDict

from domain.errors import Reason
from domain.validation import UNPRINTABLE

SHORT = 200
LONG = 20_000
T = TypeVar("T")
# Not form data: the CSRF token (checked before) and which form on the page was posted.
# What a page's form carries besides its fields: the CSRF token, which form it is, and that
# the person confirmed (``web.views.reviews.act``).
FORM_META = {"csrf_token", "form_name", "confirmed"}
S = TypeVar("S", bound="FupanSchema[Any]")
_SHARED: dict[type[Any], Any] = {}


class FupanSchema(Schema, Generic[T]):
    """A schema whose ``load`` returns an instance of ``result``."""

    class Meta:
        unknown = RAISE

    error_messages: ClassVar[dict[str, str]] = {  # type: ignore[misc]
        "unknown": Reason.UNKNOWN_FIELD,
        "type": Reason.NOT_AN_OBJECT,
    }
    result: ClassVar[type[Any] | None] = None

    @post_load
    def _typed(self, data: dict[str, Any], **_: Any) -> Any:
        return self.result(**data) if self.result is not None else data

    @classmethod
    def shared(cls: type[S]) -> S:
        """One instance of this schema for the whole process: loading keeps no state in the
        schema, and building one per request costs more than the load itself."""
        found = _SHARED.get(cls)
        if found is None:
            found = _SHARED[cls] = cls()
        return cast(S, found)

    def load_data(self, data: Any) -> T:
        """Load JSON-like data into the typed result."""
        return cast(T, self.load(data))

    def load_form(self, form: MultiDict[str, str]) -> T:
        """Load a browser's form: flat dotted names nested, empty optional values dropped,
        an unticked box false, a repeated name a list."""
        return self.load_data(_form_data(self, form))


def _form_data(schema: Schema, form: MultiDict[str, str], prefix: str = "") -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, field in schema.fields.items():
        key = field.data_key or name
        path = f"{prefix}{key}"
        if isinstance(field, fields.Nested) and isinstance(field.schema, Schema):
            nested = _form_data(field.schema, form, f"{path}.")
            if nested or field.required:
                data[key] = nested
        elif isinstance(field, fields.List):
            values = [v for v in form.getlist(path) if v.strip()]
            if values:
                data[key] = values
        elif path in form:
            value = form[path]
            if isinstance(field, fields.Boolean) or value.strip() or field.required:
                data[key] = value
        elif isinstance(field, fields.Boolean):
            data[key] = False  # an unticked box is not sent
    if not prefix:  # names the schema does not know are refused by name, like the API's
        known = _paths(schema) | FORM_META
        for key in set(form) - known:
            data[key] = form[key]
    return data


def _paths(schema: Schema, prefix: str = "") -> set[str]:
    found: set[str] = set()
    for name, field in schema.fields.items():
        path = f"{prefix}{field.data_key or name}"
        if isinstance(field, fields.Nested) and isinstance(field.schema, Schema):
            found |= _paths(field.schema, f"{path}.")
        else:
            found.add(path)
    return found


def _errors(invalid: Reason, **more: Reason) -> dict[str, str | list[Any] | dict[Any, Any]]:
    return {
        "required": Reason.REQUIRED,
        "null": Reason.REQUIRED,
        "validator_failed": Reason.INVALID,
        "invalid": invalid,
        **more,
    }


def printable(value: str) -> None:
    """No control characters (but tab and line breaks), lone surrogates or bidirectional
    overrides, in any string of any form or body."""
    if UNPRINTABLE.search(value):
        raise ValidationError(Reason.CONTROL_CHARACTERS)


def text(*, required: bool = True, max_length: int = SHORT, blank: bool = False) -> fields.String:
    """A string of at most ``max_length`` characters, printable; non-empty when required,
    unless ``blank`` (the domain then decides)."""
    checks: list[Any] = [
        validate.Length(max=max_length, error=f"{Reason.TOO_LONG.value}:{{max}}"),
        printable,
    ]
    if required and not blank:
        checks.insert(0, validate.Length(min=1, error=Reason.REQUIRED))
    return fields.String(
        required=required,
        validate=checks,
        error_messages=_errors(Reason.NOT_TEXT, invalid_utf8=Reason.NOT_TEXT),
    )


def choice(values: list[str], *, required: bool = True) -> fields.String:
    return fields.String(
        required=required,
        validate=validate.OneOf(values, error=Reason.NOT_ALLOWED),
        error_messages=_errors(Reason.NOT_TEXT),
    )


def day(*, required: bool = True) -> fields.Date:
    return fields.Date(required=required, error_messages=_errors(Reason.NOT_A_DATE))


def moment() -> fields.AwareDateTime:
    return fields.AwareDateTime(
        load_default=None,
        default_timezone=None,
        error_messages=_errors(Reason.NOT_A_MOMENT, invalid_awareness=Reason.NEEDS_TIME_ZONE),
    )


def identifier(*, required: bool = True) -> fields.UUID:
    return fields.UUID(
        required=required, error_messages=_errors(Reason.NOT_AN_ID, invalid_uuid=Reason.NOT_AN_ID)
    )


def identifiers(*, most: int = 50, required: bool = True) -> fields.List[Any]:
    return fields.List(
        identifier(),
        required=required,
        validate=validate.Length(min=1, max=most, error=Reason.OUT_OF_RANGE),
        error_messages=_errors(Reason.NOT_A_LIST),
    )


def texts(*, most: int = 10, max_length: int = 100, required: bool = True) -> fields.List[Any]:
    """A list of short texts (codes of a reference list), at least one when required."""
    return fields.List(
        text(max_length=max_length),
        required=required,
        validate=validate.Length(min=1 if required else 0, max=most, error=Reason.OUT_OF_RANGE),
        error_messages=_errors(Reason.NOT_A_LIST),
    )


def flag(*, default: bool | None = False) -> fields.Boolean:
    return fields.Boolean(load_default=default, error_messages=_errors(Reason.NOT_A_BOOLEAN))


def number(
    *, default: int | None = None, least: int = 0, most: int | None = None
) -> fields.Integer:
    return fields.Integer(
        load_default=default,
        validate=validate.Range(min=least, max=most, error=Reason.OUT_OF_RANGE),
        error_messages=_errors(Reason.NOT_A_NUMBER, too_large=Reason.OUT_OF_RANGE),
    )


def version() -> fields.Integer:
    """``expected_version``: the review's event version the user read (stale: a conflict)."""
    return number(least=1)


def nested(schema: type[Schema], *, required: bool = True) -> fields.Nested:
    return fields.Nested(
        schema,
        required=required,
        error_messages=_errors(Reason.NOT_AN_OBJECT, type=Reason.NOT_AN_OBJECT),
    )
