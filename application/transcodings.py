"""JSON transcodings for the domain's dates, enums and value objects.

Events and snapshots are stored as JSON; each type gets a stable name that must never
change once events using it are stored (rename the class, keep the name). When a value
object's fields change, it gets a new name, and the old name stays registered as a
``LegacyShape`` that reads back as a plain dict for the aggregate's upcaster
(``docs/events.md``).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from enum import Enum
from typing import Any

from eventsourcing.persistence import JSONTranscoder, Transcoding

from domain import values
from domain.account import Role
from domain.account_contact import Delivery
from domain.account_request import RequestKind, RequestStatus
from domain.attachment import Attachment, AttachmentKind
from domain.webhook import WebhookKind


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class EnumAsValue(Transcoding):
    def __init__(self, enum: type[Enum], name: str) -> None:
        self.type = enum
        self.name = name

    def encode(self, obj: Enum) -> Any:
        return obj.value

    def decode(self, data: Any) -> Enum:
        member: Enum = self.type(data)
        return member


class DataclassAsDict(Transcoding):
    """A frozen dataclass as a dict of its fields; lists come back as tuples."""

    def __init__(self, cls: type[Any], name: str) -> None:
        self.type = cls
        self.name = name

    def encode(self, obj: Any) -> dict[str, Any]:
        return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}

    def decode(self, data: dict[str, Any]) -> Any:
        return self.type(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()})


class LegacyShape(Transcoding):
    """A name stored by an earlier release whose class has changed shape: it decodes to the
    dict of its stored fields (the aggregate's ``upcast_vN_vM`` turns it into the new
    object) and is never used to encode."""

    def __init__(self, name: str) -> None:
        self.type = type(f"Legacy_{name}", (), {})
        self.name = name

    def encode(self, obj: Any) -> Any:
        raise TypeError(f"{self.name} is a legacy shape: it is only read, never written")

    def decode(self, data: Any) -> Any:
        return dict(data)


ENUMS: dict[str, type[Enum]] = {
    "party": values.Party,
    "aspect": values.Aspect,
    "category": values.Category,
    "gender": values.Gender,
    "status": values.Status,
    "signatory_role": values.SignatoryRole,
    "measure_status": values.MeasureStatus,
    "mark": values.Mark,
    "role": Role,
    "request_kind": RequestKind,
    "request_status": RequestStatus,
    "delivery": Delivery,
    "webhook_kind": WebhookKind,
    "attachment_kind": AttachmentKind,
}

VALUE_OBJECTS: dict[str, type[Any]] = {
    "student": values.Student,
    "incident": values.Incident,
    "member": values.Member,
    "signatory": values.Signatory,
    "aspect_draft": values.AspectText,  # was "aspect_text" with ``revision`` (Review v1)
    "risk_point": values.RiskPoint,
    "progress_note": values.ProgressNote,
    "measure": values.Measure,
    "slot": values.Slot,
    "slot_mark": values.SlotMark,
    "attachment": Attachment,
}


# Names that earlier releases stored, whose classes have changed shape since.
LEGACY_SHAPES = ("aspect_text",)


def register_domain_transcodings(transcoder: JSONTranscoder) -> None:
    transcoder.register(DateAsISO())
    for name, enum in ENUMS.items():
        transcoder.register(EnumAsValue(enum, name))
    for name, cls in VALUE_OBJECTS.items():
        transcoder.register(DataclassAsDict(cls, name))
    for name in LEGACY_SHAPES:
        transcoder.register(LegacyShape(name))
