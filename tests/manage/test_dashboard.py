"""The team dashboard: cells, totals, filters, sorting, paging, and the CSV equal to the screen."""

import csv
import io
import re
from datetime import date
from html.parser import HTMLParser

from courseware.domain.cells import COMPLETED, IN_PROGRESS, NOT_STARTED, OVERDUE
from courseware.extensions import db
from courseware.manage import dashboard as dash
from courseware.models import ModuleVersion, TeamMember
from tests.factories import Auth, import_tiny_module, make_user
from tests.manage.conftest import TODAY
from tests.manage.helpers import csv_as_screen, make_team, progress, screen_summary


class TableText(HTMLParser):
    """The text of each row of the first table with class "matrix", cell by cell."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self.depth = 0
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        if tag == "table" and "matrix" in classes.split():
            self.depth = 1
        elif self.depth and tag == "tr":
            self.rows.append([])
        elif self.depth and tag in ("th", "td"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.depth = 0
        elif self.depth and tag in ("th", "td") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def screen_rows(html: str) -> list[list[str]]:
    parser = TableText()
    parser.feed(html)
    return parser.rows


def csv_of(response) -> list[list[str]]:
    text = response.get_data(as_text=True).lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))


def columns(org):
    return dash.team_columns(org.team_a.id)


def rows_of(org, **filters):
    m = dash.matrix(org.team_a.id, columns(org), dash.Filters(**filters), TODAY)
    return m, {r.name: r for r in m.rows}


def test_each_cell_says_where_the_learner_stands(app, org):
    m, rows = rows_of(org)
    assert [c.slug for c in m.columns] == ["tiny-module", "tiny-0"]
    assert rows["Ann Archer"].texts() == [
        "Ann Archer", "ann@example.org", "Completed: 20 February 2026, score 80%", "Not assigned",
        "1 of 1", "0"]
    assert rows["Ben Baker"].texts() == [
        "Ben Baker", "ben@example.org", "Overdue: step 3 of 4, was due 1 March 2026",
        "Not started", "0 of 2", "1"]
    assert rows["Cat Cole"].texts()[2] == "Overdue: not started, was due 1 March 2026"
    assert "Dan Dale" not in rows  # team B
    assert (m.assigned, m.completed, m.overdue, m.completion_rate, m.row_count) == (4, 1, 2, 25, 3)


def test_overdue_only_once_the_due_date_has_passed(app, org):
    on_the_day = dash.matrix(org.team_a.id, columns(org), dash.Filters(), date(2026, 3, 1))
    ben = next(r for r in on_the_day.rows if r.name == "Ben Baker")
    assert ben.cells[0].status == IN_PROGRESS
    assert ben.cells[0].text == "In progress: step 3 of 4, due 1 March 2026"
    assert next(r for r in on_the_day.rows if r.name == "Cat Cole").cells[0].status == NOT_STARTED
    day_after = dash.matrix(org.team_a.id, columns(org), dash.Filters(), date(2026, 3, 2))
    assert {r.cells[0].status for r in day_after.rows if r.name != "Ann Archer"} == {OVERDUE}


def test_completing_any_version_counts(app, org, tmp_path):
    import shutil

    from tests.factories import PACKAGES

    newer = tmp_path / "v2"
    shutil.copytree(PACKAGES / "tiny-module", newer)
    text = (newer / "module.yaml").read_text().replace("version: 1.0.0", "version: 2.0.0")
    (newer / "module.yaml").write_text(text)
    v2 = import_tiny_module(newer)
    assert v2.module_id == org.tiny.module_id and v2.id != org.tiny.id
    progress(org.cat, v2, 4, date(2026, 3, 2), completed=date(2026, 3, 3), scores=(100,))
    _, rows = rows_of(org)
    assert rows["Cat Cole"].cells[0].text == "Completed: 3 March 2026, score 100%"
    # a later, unfinished enrolment on a newer version does not undo a completion
    progress(org.ann, v2, 1, date(2026, 3, 5))
    _, rows = rows_of(org)
    assert rows["Ann Archer"].cells[0].status == COMPLETED


def test_filters_narrow_the_rows_and_the_totals(app, org):
    m, rows = rows_of(org, status=OVERDUE)
    assert list(rows) == ["Ben Baker", "Cat Cole"]
    assert (m.assigned, m.completed, m.overdue) == (3, 0, 2)
    _, rows = rows_of(org, status=COMPLETED, completed_from=date(2026, 2, 20),
                      completed_to=date(2026, 2, 20))
    assert list(rows) == ["Ann Archer"]
    _, rows = rows_of(org, completed_from=date(2026, 2, 21))
    assert rows == {}
    m = dash.matrix(org.team_a.id, [c for c in columns(org) if c.module_id == org.other.module_id],
                    dash.Filters(module_id=org.other.module_id), TODAY)
    assert [r.texts() for r in m.rows] == [
        ["Ben Baker", "ben@example.org", "Not started", "0 of 1", "0"]]


def test_sorting_and_paging_happen_in_the_database(app, org):
    _, rows = rows_of(org, sort="name", order="desc")
    assert list(rows) == ["Cat Cole", "Ben Baker", "Ann Archer"]
    _, rows = rows_of(org, sort="completed", order="desc")
    assert list(rows)[0] == "Ann Archer"
    _, rows = rows_of(org, sort="overdue", order="asc")
    assert list(rows)[0] == "Ann Archer"
    pages = [dash.matrix(org.team_a.id, columns(org), dash.Filters(page=n), TODAY, page_size=2)
             for n in (1, 2)]
    assert [[r.name for r in p.rows] for p in pages] == [["Ann Archer", "Ben Baker"],
                                                          ["Cat Cole"]]
    assert pages[1].pages == 2 and pages[1].row_count == 3 and pages[1].assigned == 4


def test_the_page_shows_cells_totals_and_charts(app, client, org):
    Auth(client).login("mo@example.org")
    page = client.get(f"/manage/teams/{org.team_a.id}").get_data(as_text=True)
    assert "25%" in page and "(1 of 4)" in page
    assert "Overdue</strong>: step 3 of 4, was due 1 March 2026" in page
    assert page.count("<svg") == 2 and "style=" not in page and "<script" not in page
    assert "Where people are, module by module" in page
    assert "Dan Dale" not in page


def test_the_csv_gives_status_steps_dates_and_score_their_own_columns(app, client, org):
    Auth(client).login("mo@example.org")
    header, *rows = csv_of(client.get(f"/manage/teams/{org.team_a.id}/export.csv"))
    title = "A tiny module for tests"
    each = [f"{title}: {what}" for what in ("status", "steps done", "steps in all", "due date",
                                             "completed on", "score (%)")]
    assert header == ["Learner", "Email", *each, *each, "Modules completed", "Modules assigned",
                      "Modules overdue"]
    by_name = {r[0]: r for r in rows}
    assert by_name["Ann Archer"] == [
        "Ann Archer", "ann@example.org", "Completed", "4", "4", "2026-03-01", "2026-02-20", "80",
        "Not assigned", "", "", "", "", "", "1", "1", "0"]
    assert by_name["Ben Baker"] == [
        "Ben Baker", "ben@example.org", "Overdue", "2", "4", "2026-03-01", "", "",
        "Not started", "", "", "", "", "", "0", "2", "1"]
    assert by_name["Cat Cole"][2:8] == ["Overdue", "", "", "2026-03-01", "", ""]
    screen = screen_rows(client.get(f"/manage/teams/{org.team_a.id}").get_data(as_text=True))
    assert "Completed: 20 February 2026, score 80%" in screen[1]  # the screen keeps its words


def test_csv_has_the_screens_learners_and_statuses_for_the_same_filters(app, client, org):
    for n in range(4):
        user = make_user(f"extra{n}@example.org", f"Extra {n}")
        db.session.add(TeamMember(team_id=org.team_a.id, user_id=user.id))
    db.session.commit()
    app.config["MANAGE_PAGE_SIZE"] = 2
    Auth(client).login("mo@example.org")
    base = f"/manage/teams/{org.team_a.id}"
    for query in ["", "?status=overdue", "?sort=overdue&order=desc",
                  f"?module={org.tiny.module_id}&status=overdue",
                  "?status=completed&completed_from=2026-02-01&completed_to=2026-02-28"]:
        first = client.get(base + query).get_data(as_text=True)
        pages = int(re.search(r"Page 1 of (\d+)", first).group(1)) if "Page 1 of" in first else 1
        screen = screen_rows(first)
        for n in range(2, pages + 1):
            sep = "&" if query else "?"
            more = client.get(f"{base}{query}{sep}page={n}").get_data(as_text=True)
            screen += screen_rows(more)[1:]
        exported = client.get(f"{base}/export.csv{query}")
        assert exported.headers["Content-Type"].startswith("text/csv")
        assert exported.is_streamed
        assert len(screen) > 1, query
        assert csv_as_screen(csv_of(exported)) == screen_summary(screen), query


def test_csv_cells_cannot_run_as_formulas(app, client, org):
    org.ann.name = "=HYPERLINK(\"http://x\")"
    db.session.commit()
    Auth(client).login("mo@example.org")
    rows = csv_of(client.get(f"/manage/teams/{org.team_a.id}/export.csv"))
    assert ["'=HYPERLINK(\"http://x\")", "ann@example.org"] == rows[1][:2]
    assert dash.spreadsheet_cell("+1") == "'+1" and dash.spreadsheet_cell("@x") == "'@x"
    assert dash.spreadsheet_cell("-2") == "'-2" and dash.spreadsheet_cell("Ann") == "Ann"


def test_bad_filters_are_explained_and_ignored(app, client, org):
    Auth(client).login("mo@example.org")
    base = f"/manage/teams/{org.team_a.id}"
    page = client.get(base + "?completed_from=2026-13-01&status=nonsense&module=999&page=x")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "There is a problem" in text and "Enter a real date" in text
    assert "Ann Archer" in text and "Cat Cole" in text
    beyond = client.get(base + "?page=99").get_data(as_text=True)
    assert "Ann Archer" in beyond  # a page past the end shows the first page
    backwards = client.get(base + "?completed_from=2026-03-01&completed_to=2026-02-01")
    assert "The second date must be the same as or after the first." in backwards.get_data(
        as_text=True)


def test_a_team_with_nothing_assigned(app, client, org):
    empty = make_team("Empty team", [org.ann], [org.mo])
    Auth(client).login("mo@example.org")
    text = client.get(f"/manage/teams/{empty.id}").get_data(as_text=True)
    assert "Nothing is assigned to this team yet." in text
    assert client.get(f"/manage/teams/{empty.id}/export.csv").get_data(as_text=True).strip(
        "\ufeff\r\n") == "Learner,Email,Modules completed,Modules assigned,Modules overdue"
    assert ModuleVersion.query.count() == 2


def test_a_completion_just_after_midnight_in_summer_is_on_the_london_day(app, client, org):
    """00:30 on 2 July in London is 23:30 on 1 July in UTC: managers read the London date."""
    from sqlalchemy import update

    from courseware.models import Enrolment
    from tests.clock import london

    db.session.execute(update(Enrolment).where(Enrolment.user_id == org.ann.id)
                       .values(completed_at=london(2026, 7, 2, 0, 30)))
    db.session.commit()
    _, rows = rows_of(org, completed_from=date(2026, 7, 2), completed_to=date(2026, 7, 2))
    assert "Completed: 2 July 2026" in " ".join(rows["Ann Archer"].texts())
    _, none = rows_of(org, completed_from=date(2026, 7, 1), completed_to=date(2026, 7, 1))
    assert "Ann Archer" not in none
    Auth(client).login("mo@example.org")
    by_name = {r[0]: r for r in csv_of(client.get(f"/manage/teams/{org.team_a.id}/export.csv"))}
    assert by_name["Ann Archer"][6] == "2026-07-02"
