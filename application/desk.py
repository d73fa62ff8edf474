"""ReviewDesk: fupan's application, the review process as use cases over event streams."""

from __future__ import annotations

from typing import Any, ClassVar

from application.account_requests import AccountRequests
from application.attachments import AttachmentCommands
from application.contact_commands import ContactCommands
from application.expert_pool import ExpertPool
from application.incident_commands import IncidentCommands
from application.list_queries import ListQueries
from application.paper_marks import PaperMarks
from application.report_commands import ReportCommands
from application.report_document import ReportDocuments
from application.review_queries import ReviewQueries
from application.signoff_commands import SignOffCommands
from application.statistics_queries import StatisticsQueries
from application.team_commands import TeamCommands
from application.urging import Urging
from application.webhooks import WebhookCommands
from domain.review import Review

SNAPSHOT_INTERVAL = 50


class ReviewDesk(
    IncidentCommands,
    Urging,
    ListQueries,
    TeamCommands,
    ReportCommands,
    SignOffCommands,
    ReportDocuments,
    ReviewQueries,
    AccountRequests,
    ContactCommands,
    WebhookCommands,
    ExpertPool,
    AttachmentCommands,
    PaperMarks,
    StatisticsQueries,
):
    """Registers incidents and carries each review through team, report, signature, closing.

    The work list's rounds (``ChecklistRounds``) come through ``Urging`` → ``Notifying``,
    whose reminders read them."""

    name = "ReviewDesk"
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {Review: SNAPSHOT_INTERVAL}
