"""The base of fupan's schemas: unknown fields refused, every string bounded, form input
read from a browser's form (the CSRF token and empty optional values set aside)."""

from __future__ import annotations

from typing import Any

from marshmallow import RAISE, Schema, fields, validate
from werkzeug.datastructures import MultiDict

SHORT = 200
LONG = 20_000


class FupanSchema(Schema):
    class Meta:
        unknown = RAISE

    def load_form(self, form: MultiDict[str, str]) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name, field in self.fields.items():
            key = field.data_key or name
            if isinstance(field, fields.List):
                values = [v for v in form.getlist(key) if v.strip()]
                if values:
                    data[key] = values
            elif key in form:
                value = form[key]
                if isinstance(field, fields.Boolean) or value.strip() or field.required:
                    data[key] = value
            elif isinstance(field, fields.Boolean):
                data[key] = False  # an unticked box is not sent
        # The CSRF token is checked before; form_name tells the page which form failed.
        known = {f.data_key or n for n, f in self.fields.items()} | {"csrf_token", "form_name"}
        unknown = set(form) - known
        for key in unknown:
            data[key] = form[key]
        return self.load(data)  # type: ignore[return-value]


def text(*, required: bool = True, max_length: int = SHORT) -> fields.String:
    checks = [validate.Length(max=max_length, error="too long")]
    if required:
        checks.insert(0, validate.Length(min=1, error="required"))
    return fields.String(required=required, validate=checks)


def choice(values: list[str], *, required: bool = True) -> fields.String:
    return fields.String(
        required=required, validate=validate.OneOf(values, error="not an allowed value")
    )
