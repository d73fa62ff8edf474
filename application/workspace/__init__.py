"""A principal's workspace: every read and write of the interfaces goes through here, where
the access policy decides (deny by default) and confidential reads are recorded.

Each public method declares its policy once (``@requires`` for an action on one review,
``@requires_global`` otherwise); a review the principal may not see is reported as not
found; a visible review on which the action is not allowed is a refusal (``forbidden``).
"""

from __future__ import annotations

from application.workspace.accounts import Administration
from application.workspace.attachments import Attachments
from application.workspace.case_lists import CaseLists
from application.workspace.contact import ContactSettings
from application.workspace.inbox import Inbox
from application.workspace.incident import Incidents
from application.workspace.lists import Lists
from application.workspace.reference import ReferenceLists
from application.workspace.report import Report
from application.workspace.rounds import Rounds
from application.workspace.signing import Signing
from application.workspace.statistics import StatisticsView
from application.workspace.tasks import TaskList
from application.workspace.team import Team


class Workspace(
    Signing,
    Lists,
    TaskList,
    Incidents,
    Team,
    Report,
    Inbox,
    ContactSettings,
    Administration,
    ReferenceLists,
    Attachments,
    CaseLists,
    StatisticsView,
    Rounds,
):
    """What one principal may read and do, as typed methods."""


__all__ = ["Workspace"]
