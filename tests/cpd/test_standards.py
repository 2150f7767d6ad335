"""The standards framework is data: the shipped default, and a file a deployment replaces."""

import pytest

from courseware.cpd.standards import FrameworkError, load_framework, parse_framework
from tests.cpd.helpers import FINISHED, form_items
from tests.factories import post_form


def test_the_shipped_framework_has_six_sections_of_numbered_standards():
    framework = load_framework()
    assert framework.name == "Social Work England professional standards"
    assert [s.number for s in framework.sections] == ["1", "2", "3", "4", "5", "6"]
    codes = list(framework.by_code)
    assert codes[0] == "1.1" and "3.10" in codes and "4.6" in codes
    assert all(code.split(".")[0] == s.number for s in framework.sections
               for code in (x.code for x in s.standards))
    assert framework.by_code["4.6"].label == "4.6 Reflecting on the impact of learning"
    # Standards whose wording we could not confirm show only their section's short name.
    assert framework.by_code["3.4"].label == "3.4 (Accountable practice and decisions)"
    assert framework.labels(["4.6", "1.1", "9.9"]) == [
        "1.1 Valuing each person as an individual",
        "4.6 Reflecting on the impact of learning",
        "9.9",
    ]


def test_the_shipped_file_says_its_wording_must_be_checked():
    from courseware.cpd.standards import DEFAULT_FILE

    text = DEFAULT_FILE.read_text()
    assert "MUST BE CHECKED against the regulator's published professional standards" in text


@pytest.mark.parametrize("text, problem", [
    ("name: X\nsections:\n  - number: '1'\n    title: A\n    standards:\n      - code: 1.10\n",
     "must be quoted"),
    ("name: X\nsections:\n  - number: '1'\n    title: A\n    standards:\n"
     "      - code: '1.1'\n      - code: '1.1'\n", "appears twice"),
    ("name: X\nsections: []\n", "'sections' must be a list"),
    ("name: X\nsections:\n  - number: 1\n    title: A\n    standards:\n      - code: '1.1'\n",
     "'number' must be quoted"),
    ("name: [\n", "not valid YAML"),
    ("name: X\nsections:\n  - number: '1'\n    title: A\n    standards:\n"
     "      - code: 'has space'\n", "short number"),
])
def test_a_broken_framework_file_is_refused_with_the_reason(text, problem):
    with pytest.raises(FrameworkError) as error:
        parse_framework(text, "mine.yaml")
    assert problem in str(error.value) and str(error.value).startswith("mine.yaml: ")


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(FrameworkError, match="cannot be read"):
        load_framework(tmp_path / "missing.yaml")


def test_a_deployment_replaces_the_framework_through_configuration(app, client, auth, learner,
                                                                   tmp_path):
    path = tmp_path / "pcf.yaml"
    path.write_text(
        "name: Professional Capabilities Framework\n"
        "sections:\n"
        "  - number: '1'\n"
        "    title: Professionalism\n"
        "    standards:\n"
        "      - {code: PCF1, heading: Identify and behave as a professional}\n"
    )
    app.config["CPD_STANDARDS_FILE"] = str(path)
    auth.login()
    page = client.get("/cpd/new").get_data(as_text=True)
    assert "PCF1 Identify and behave as a professional" in page
    assert "Valuing each person" not in page
    data = FINISHED | {"standards": ["PCF1"]}
    response = post_form(client, "/cpd/new", form_items(data))
    assert response.status_code == 302
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "PCF1 Identify and behave as a professional" in shown
    refused = post_form(client, "/cpd/new", form_items(FINISHED | {"standards": ["4.6"]}),
                        token_from="/cpd/new")
    assert refused.status_code == 200 and "There is a problem" in refused.get_data(as_text=True)



def test_the_cli_checks_a_standards_file(runner, tmp_path):
    result = runner.invoke(args=["cpd", "standards"])
    assert result.exit_code == 0, result.output
    assert "4. Maintain my continuing professional development" in result.output
    assert "  4.6 Reflecting on the impact of learning" in result.output
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: X\nsections:\n  - number: '1'\n    title: A\n    standards:\n"
                      "      - code: 1.10\n")
    result = runner.invoke(args=["cpd", "standards", str(broken)])
    assert result.exit_code == 1
    assert "broken.yaml: not usable" in result.output and "must be quoted" in result.output
