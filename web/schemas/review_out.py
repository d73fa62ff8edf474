"""How the API shows a review, its history and its integrity (response schemas)."""

from __future__ import annotations

from marshmallow import Schema, fields


class StudentOut(Schema):
    name = fields.String()
    gender = fields.String()
    grade = fields.String()
    id_number = fields.String()


class IncidentOut(Schema):
    occurred_on = fields.String(metadata={"format": "date"})
    school = fields.String()
    jurisdiction = fields.String()
    category = fields.String()
    on_premises = fields.Boolean()
    student = fields.Nested(StudentOut)


class PersonOut(Schema):
    account = fields.String(metadata={"description": "username"})
    name = fields.String()


class MemberOut(PersonOut):
    party = fields.String()


class AspectOut(Schema):
    text = fields.String()
    draft = fields.Integer(metadata={"description": "1 for the first text, +1 per rewrite"})


class RiskPointOut(Schema):
    id = fields.String()
    description = fields.String()
    themes = fields.List(
        fields.String(), metadata={"description": "theme codes (classification, not signed)"}
    )


class ProgressOut(Schema):
    at = fields.String()
    actor = fields.String()
    note = fields.String()


class MeasureOut(Schema):
    id = fields.String()
    description = fields.String()
    addresses = fields.List(fields.String())
    owner = fields.String()
    due_on = fields.String(metadata={"format": "date"})
    status = fields.String()
    progress = fields.List(fields.Nested(ProgressOut))
    evidence = fields.String()
    taken_at = fields.String(allow_none=True)
    owner_account = fields.String(allow_none=True)
    themes = fields.List(
        fields.String(), metadata={"description": "inherited from the risk points addressed"}
    )


class BlockerOut(Schema):
    code = fields.String()


class SlotOut(Schema):
    slot = fields.String()
    account = fields.String()
    name = fields.String()
    state = fields.String(metadata={"enum": ["waiting", "signed", "sealed", "declined"]})
    at = fields.String(allow_none=True)


class SignOffOut(Schema):
    revision = fields.Integer()
    content_hash = fields.String()
    state = fields.String(metadata={"enum": ["open", "complete", "void"]})
    slots = fields.List(fields.Nested(SlotOut))


class WithdrawalOut(Schema):
    requested_by = fields.String(metadata={"description": "username"})
    reason = fields.String()
    duplicate_of = fields.String(allow_none=True)
    at = fields.String()


class ReviewOut(Schema):
    id = fields.String()
    reference_number = fields.String(
        allow_none=True, metadata={"description": "复盘-2026-0042; null until numbered"}
    )
    version = fields.Integer()
    status = fields.String()
    incident = fields.Nested(IncidentOut)
    due_on = fields.String(metadata={"format": "date"})
    days_left = fields.Integer()
    overdue = fields.Boolean()
    late = fields.Boolean()
    late_reason = fields.String()
    team = fields.List(fields.Nested(MemberOut))
    signatories = fields.Dict(keys=fields.String(), values=fields.Nested(PersonOut))
    aspects = fields.Dict(keys=fields.String(), values=fields.Nested(AspectOut))
    risk_points = fields.List(fields.Nested(RiskPointOut))
    measures = fields.List(fields.Nested(MeasureOut))
    report_revision = fields.Integer()
    content_hash = fields.String()
    blockers = fields.List(fields.Nested(BlockerOut))
    signoff = fields.Nested(SignOffOut, allow_none=True)
    withdrawal = fields.Nested(WithdrawalOut, allow_none=True)


class RegisteredOut(Schema):
    id = fields.String()
    due_on = fields.String(metadata={"format": "date"})
    status = fields.String()


class EventOut(Schema):
    stream = fields.String()
    stream_id = fields.String()
    version = fields.Integer()
    event = fields.String()
    at = fields.String()
    actor = fields.String(metadata={"description": "username"})
    data = fields.Dict()
    position = fields.Integer(allow_none=True)


class HistoryOut(Schema):
    items = fields.List(fields.Nested(EventOut))


class RunningOut(Schema):
    scope = fields.String()
    done = fields.Integer()
    total = fields.Integer()
    started_at = fields.String()
    updated_at = fields.String()


class IntegrityOut(Schema):
    """The last integrity check (``ok`` null: never checked) and a run in progress."""

    ok = fields.Boolean(allow_none=True)
    checked_at = fields.String(allow_none=True)
    age_seconds = fields.Integer(allow_none=True)
    scope = fields.String(
        allow_none=True, metadata={"description": "since_checkpoint or everything"}
    )
    from_position = fields.Integer()
    started_by = fields.String()
    events = fields.Integer()
    streams = fields.Integer()
    head = fields.Dict()
    checkpoints = fields.Integer()
    snapshots = fields.Integer()
    links = fields.Dict()
    first_problem = fields.Dict(allow_none=True)
    problems = fields.List(fields.Dict())
    running = fields.Nested(RunningOut, allow_none=True)
    warnings = fields.List(fields.Dict())
