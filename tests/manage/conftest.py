"""A small organisation: two teams, two modules, learners at every status, on fixed dates."""

from dataclasses import dataclass
from datetime import date

import pytest

from courseware.domain.certificates import issue_certificate
from courseware.extensions import db
from courseware.models import ModuleVersion, Team, User
from tests.clock import london
from tests.factories import import_tiny_module, make_user
from tests.manage.helpers import assign_to, make_team, progress
from tests.test_query_counts import more_modules

TODAY = date(2026, 3, 10)
NOON_TODAY = london(2026, 3, 10, 12)


@dataclass
class Org:
    tiny: ModuleVersion
    other: ModuleVersion
    team_a: Team
    team_b: Team
    ann: User
    ben: User
    cat: User
    dan: User
    mo: User
    ola: User
    admin: User


@pytest.fixture
def org(app, tmp_path, time_machine) -> Org:
    """Team A (Ann, Ben, Cat; managed by Mo) and team B (Dan; managed by Ola)."""
    time_machine.move_to(NOON_TODAY)
    tiny = import_tiny_module()
    more_modules(tmp_path, 1)
    other = ModuleVersion.query.filter(ModuleVersion.id != tiny.id).one()
    ann = make_user("ann@example.org", "Ann Archer")
    ben = make_user("ben@example.org", "Ben Baker")
    cat = make_user("cat@example.org", "Cat Cole")
    dan = make_user("dan@example.org", "Dan Dale")
    mo = make_user("mo@example.org", "Mo Manager", role="manager")
    ola = make_user("ola@example.org", "Ola Other", role="manager")
    admin = make_user("admin@example.org", "Ada Admin", role="admin")
    team_a = make_team("Team A", [ann, ben, cat], [mo])
    team_b = make_team("Team B", [dan], [ola])
    assign_to(team_a, tiny, date(2026, 3, 1))
    assign_to(team_a, other, users=[ben])
    assign_to(team_b, tiny, date(2026, 4, 1))
    issue_certificate(progress(ann, tiny, 4, date(2026, 2, 1), completed=date(2026, 2, 20),
                               scores=(50, 80), wrong=("q2",)))
    progress(ben, tiny, 2, date(2026, 2, 25))
    issue_certificate(progress(dan, tiny, 4, date(2026, 1, 5), completed=date(2026, 1, 9),
                               scores=(100,)))
    db.session.commit()
    return Org(tiny, other, team_a, team_b, ann, ben, cat, dan, mo, ola, admin)
