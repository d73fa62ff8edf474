"""Read models: what the application returns, as typed JSON-ready dicts (in the manner of
cargoshipping's ``CargoDetails``). Templates, the API and the CLI read these and nothing else.
"""

from __future__ import annotations

from application.views.accounts import (
    AccountEvent,
    AccountName,
    AccountRequestView,
    AccountSummary,
    KeyProvenance,
    PersonView,
    ReferenceEvent,
)
from application.views.history import (
    AccessRecordView,
    Change,
    EventView,
    SignatureCheck,
)
from application.views.inbox import NotificationView
from application.views.lists import (
    Missing,
    ReviewCounts,
    ReviewPage,
    ReviewSummary,
    TaskItem,
    TaskPage,
    Tasks,
)
from application.views.review import (
    AspectView,
    AttachmentView,
    Blocker,
    ClosingView,
    CorrectionView,
    IncidentView,
    MeasureView,
    MemberView,
    PrincipalReview,
    ProgressView,
    ReviewView,
    RiskPointView,
    SignatoryView,
    SigningPage,
    SignOffView,
    SlotView,
    StudentView,
    WithdrawalView,
)

__all__ = [
    "AccessRecordView",
    "AccountEvent",
    "AccountName",
    "AccountRequestView",
    "AccountSummary",
    "AspectView",
    "AttachmentView",
    "Blocker",
    "Change",
    "ClosingView",
    "CorrectionView",
    "EventView",
    "IncidentView",
    "KeyProvenance",
    "MeasureView",
    "MemberView",
    "Missing",
    "NotificationView",
    "PersonView",
    "PrincipalReview",
    "ProgressView",
    "ReferenceEvent",
    "ReviewCounts",
    "ReviewPage",
    "ReviewSummary",
    "ReviewView",
    "RiskPointView",
    "SignOffView",
    "SignatoryView",
    "SignatureCheck",
    "SigningPage",
    "SlotView",
    "StudentView",
    "TaskItem",
    "TaskPage",
    "Tasks",
    "WithdrawalView",
]
