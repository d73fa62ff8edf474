"""The application scenario suite (every rule of the brief) on SQLite and PostgreSQL too.

The same tests run on POPO under tests/unit/application; here only the store changes.
"""

from __future__ import annotations

import pytest

from tests.unit.application.test_attachments import *  # noqa: F403
from tests.unit.application.test_bad_input import *  # noqa: F403
from tests.unit.application.test_closed_review import *  # noqa: F403
from tests.unit.application.test_closing_and_lateness import *  # noqa: F403
from tests.unit.application.test_listing import *  # noqa: F403
from tests.unit.application.test_paper_marks import *  # noqa: F403
from tests.unit.application.test_reading_the_past import *  # noqa: F403
from tests.unit.application.test_sending_for_signature import *  # noqa: F403
from tests.unit.application.test_signing_and_voiding import *  # noqa: F403
from tests.unit.application.test_writing_and_correcting import *  # noqa: F403

pytestmark = pytest.mark.stores("sqlite", "postgres")
