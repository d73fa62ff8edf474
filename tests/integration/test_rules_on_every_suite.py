"""The crypto-relevant part of the application scenario suite (signing, seals, attachments,
personal signatures, correction and the reading of the past) on a store of the ``sm`` suite
and on one rotated from ``standard`` to ``sm`` (decision 27). The same tests run on the
standard suite under tests/unit/application and test_rules_on_every_store.py.
"""

from __future__ import annotations

import pytest

from tests.unit.application.test_attachments import *  # noqa: F403
from tests.unit.application.test_personal_signatures import *  # noqa: F403
from tests.unit.application.test_reading_the_past import *  # noqa: F403
from tests.unit.application.test_sending_for_signature import *  # noqa: F403
from tests.unit.application.test_signing_and_voiding import *  # noqa: F403

pytestmark = [pytest.mark.stores("sqlite"), pytest.mark.suites(alone=True)]
