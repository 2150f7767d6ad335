"""The catalogue: listing, searching and a module's page."""

from tests.factories import PACKAGES, import_tiny_module


def test_catalogue_lists_title_summary_duration_level(client, module):
    text = client.get("/").get_data(as_text=True)
    assert "A tiny module for tests" in text
    assert "Two lessons, a quiz" in text
    assert "20 minutes" in text and "Beginner" in text


def test_search_by_title_and_tag(client, module):
    assert "A tiny module" in client.get("/?q=TINY").get_data(as_text=True)
    assert "A tiny module" in client.get("/?q=hashtags").get_data(as_text=True)
    text = client.get("/?q=knitting").get_data(as_text=True)
    assert "0 modules found" in text and "A tiny module" not in text


def test_search_treats_wildcards_as_text(client, module):
    assert "0 modules found" in client.get("/?q=%25").get_data(as_text=True)
    assert client.get("/?q=" + "x" * 5000).status_code == 200


def test_module_page_shows_outcomes_steps_and_start(client, module):
    text = client.get("/modules/tiny-module").get_data(as_text=True)
    for expected in ("Pass a quiz", "Write a reflection", "Welcome", "Check your understanding",
                     "20 minutes", "Create an account to start"):
        assert expected in text


def test_newest_version_is_listed(client, module, tmp_path):
    import shutil

    copy = tmp_path / "v2"
    shutil.copytree(PACKAGES / "tiny-module", copy)
    text = (copy / "module.yaml").read_text().replace("version: 1.0.0", "version: 2.0.0")
    (copy / "module.yaml").write_text(text.replace("A tiny module for tests", "Tiny, second"))
    import_tiny_module(copy)
    page = client.get("/").get_data(as_text=True)
    assert "Tiny, second" in page and "A tiny module for tests" not in page
