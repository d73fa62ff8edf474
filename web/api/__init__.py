"""The JSON API (flask-smorest): bearer tokens, the same application layer and policy as
the pages, one error shape, an OpenAPI document at /api/v1/openapi.json and a reference
page served by fupan itself."""

from __future__ import annotations

from typing import Any

from flask import Flask, render_template
from flask_smorest import Api
from marshmallow import Schema, fields

from web.api.json_gate import check_json_body
from web.security import csrf, public

PREFIX = "/api/v1"


class ErrorSchema(Schema):
    """fupan's one error shape (documentation; the body is written by web.errors)."""

    code = fields.String(metadata={"description": "fupan's stable code, e.g. team_incomplete"})
    status = fields.Integer(metadata={"description": "The HTTP status"})
    message = fields.String(metadata={"description": "In the user's language"})
    errors = fields.Dict(metadata={"description": "Reasons by field (or by blocker)"})


class FupanApi(Api):  # type: ignore[misc]
    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self) -> None:
        """Errors are rendered by web.errors, in fupan's one shape."""


def init_app(app: Flask) -> None:
    from web.api import attachments, incident, report, reviews, signoff, team, tokens

    del (
        attachments,
        incident,
        report,
        signoff,
        team,
    )  # their routes join the reviews blueprint on import

    app.config.update(
        API_TITLE="fupan",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX=PREFIX,
        OPENAPI_JSON_PATH="openapi.json",
    )
    api = FupanApi(
        app,
        spec_kwargs={
            "info": {"description": "学生非正常死亡事件复盘管理 — review management API"},
            "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
            "security": [{"bearer": []}],
        },
    )
    app.before_request(check_json_body)
    for blueprint in (tokens.blp, reviews.blp):
        api.register_blueprint(blueprint, url_prefix=PREFIX)
        csrf.exempt(blueprint)  # bearer tokens only; no cookies are accepted here
    spec_view = app.view_functions["api-docs.openapi_json"]

    @public
    def openapi_json() -> Any:
        """The OpenAPI document (public: it describes, it holds no data)."""
        return spec_view()

    app.view_functions["api-docs.openapi_json"] = openapi_json

    @app.get(f"{PREFIX}/docs")
    @public
    def api_reference() -> Any:
        """A readable API reference, rendered from the OpenAPI document."""
        return render_template("api.html", spec=api.spec.to_dict())
