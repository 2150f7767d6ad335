"""CPD tests run on 21 March 2026, a week after the entries the helpers make, unless a test
moves the clock itself."""

import pytest

from tests.clock import london


@pytest.fixture(autouse=True)
def a_day_in_march(time_machine):
    time_machine.move_to(london(2026, 3, 21, 12))
