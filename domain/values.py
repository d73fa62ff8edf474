"""Value objects and enumerations of the review, named from the brief's glossary."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from uuid import UUID


class Party(Enum):
    """The four parties of the joint review (四方联合复盘)."""

    SCHOOL = "school"
    EDUCATION_DEPARTMENT = "education_department"
    POLICE = "police"
    EXPERT = "expert"


class Aspect(Enum):
    """The four aspects a report must make clear (四个方面)."""

    DAILY_CONDUCT = "daily_conduct"
    FAMILY_AND_PARENTING = "family_and_parenting"
    TRIGGER_AND_COURSE = "trigger_and_course"
    RISKS_AND_MEASURES = "risks_and_measures"


class Category(Enum):
    SUICIDE = "suicide"
    DROWNING = "drowning"
    ACCIDENT = "accident"
    OTHER = "other"


class Gender(Enum):
    FEMALE = "female"
    MALE = "male"
    UNSPECIFIED = "unspecified"


class Status(Enum):
    REGISTERED = "registered"
    INVESTIGATING = "investigating"
    AWAITING_SIGNATURES = "awaiting_signatures"
    CLOSED = "closed"
    CORRECTING = "correcting"
    WITHDRAWN = "withdrawn"  # registered in error or twice; read-only, out of deadlines


class SignatoryRole(Enum):
    """The three fixed signatories besides the investigators."""

    SCHOOL_SECRETARY = "school_secretary"
    PRINCIPAL = "principal"
    DEPARTMENT_HEAD = "department_head"


class MeasureStatus(Enum):
    PROPOSED = "proposed"
    IN_PROGRESS = "in_progress"
    TAKEN = "taken"


class Mark(Enum):
    """What a signatory put on a slot."""

    SIGNATURE = "signature"
    SEAL = "seal"
    DECLINE = "decline"


ERASED = "[erased]"
"""What a sensitive text reads back as once its review's data key is destroyed."""


@dataclass(frozen=True)
class Student:
    """The student's personal data (sensitive)."""

    name: str
    gender: Gender
    grade_class: str
    id_number: str = ""

    @classmethod
    def erased(cls) -> Student:
        return cls(name=ERASED, gender=Gender.UNSPECIFIED, grade_class=ERASED, id_number=ERASED)


def erased_value(event_class: type, field_name: str) -> object:
    """The value a sensitive field of an erased review reads back as."""
    del event_class
    return Student.erased() if field_name == "student" else ERASED


@dataclass(frozen=True)
class Incident:
    occurred_on: date
    school: str
    jurisdiction: str
    category: Category
    on_premises: bool
    student: Student


@dataclass(frozen=True)
class Member:
    """An investigator on the review team, an account from one party."""

    account_id: UUID
    name: str
    party: Party


@dataclass(frozen=True)
class Signatory:
    account_id: UUID
    name: str


@dataclass(frozen=True)
class AspectText:
    """One aspect's current text and its draft number (1 for the first text written; the
    word "revision" is the report's)."""

    text: str
    draft: int


@dataclass(frozen=True)
class RiskPoint:
    id: UUID
    description: str


@dataclass(frozen=True)
class ProgressNote:
    at: datetime
    actor: UUID
    note: str


@dataclass(frozen=True)
class Measure:
    """A prevention measure: proposed (signed content), then followed up (not signed)."""

    id: UUID
    description: str
    addresses: tuple[UUID, ...]
    owner: str
    due_on: date
    status: MeasureStatus = MeasureStatus.PROPOSED
    progress: tuple[ProgressNote, ...] = field(default=())
    evidence: str = ""
    taken_at: datetime | None = None
    # Who is reminded as it falls due (an account), beside the free-text ``owner``;
    # follow-up, not signed content.
    owner_account: UUID | None = None


@dataclass(frozen=True)
class Slot:
    """One required signature on a sign-off: an investigator's or a fixed signatory's."""

    key: str
    holder: UUID
    name: str
    role: str


@dataclass(frozen=True)
class SlotMark:
    mark: Mark
    actor: UUID
    at: datetime
    reason: str = ""
    key_id: str = ""
    signature: str = ""  # hex, Ed25519 over ``payload``
    payload: str = ""  # the exact signed statement (canonical JSON)
    # Signed or sealed on paper, recorded by a case officer (``actor``) from the scan of the
    # paper copy (an attachment, by its id and SHA-256); no electronic signature.
    paper: bool = False
    scan: str = ""
    scan_sha256: str = ""


@dataclass(frozen=True)
class SignatureProof:
    """A signature made with the signatory's personal key over a signing payload."""

    payload: str
    signature: str
    key_id: str
