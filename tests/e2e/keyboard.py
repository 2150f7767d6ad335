"""Using a page with the keyboard alone: Tab to a control, act on it with a key, and check that
focus can be seen wherever it lands."""

from playwright.sync_api import expect

from tests.factories import PASSWORD

FOCUSED = """() => {
  const e = document.activeElement;
  const by = (e.getAttribute("aria-labelledby") || "").split(" ").filter(Boolean)
    .map(id => document.getElementById(id)?.innerText || "").join(" ");
  const label = e.labels?.length ? e.labels[0].innerText : by || e.getAttribute("aria-label");
  const text = e.tagName === "SELECT" ? e.selectedOptions[0]?.text : e.innerText || e.value;
  return {text: (text || "").trim(), label: (label || "").trim(), tag: e.tagName,
          type: e.type || ""};
}"""

# Focus shows when the focused element looks different from the same element unfocused: an
# outline that can be seen, or a changed shadow, background or border. The element is blurred
# to compare, then focused again (Chromium keeps :focus-visible after keyboard use). Nothing
# may cover the part of it that is in the window.
FOCUS_SHOWS = """() => {
  const e = document.activeElement;
  const look = () => {
    const s = getComputedStyle(e);
    const clear = /rgba\\(.*,\\s*0\\)$|transparent/.test(s.outlineColor);
    const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0 && !clear;
    return {outline: outline ? `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}` : "",
            shadow: s.boxShadow, bg: s.backgroundColor, border: s.borderColor};
  };
  const focused = look();
  e.blur();
  const plain = look();
  e.focus();
  const changed = Object.keys(focused).filter(k => focused[k] !== plain[k]);
  // Focus not obscured: the part of the element inside the window is not covered.
  const box = e.getBoundingClientRect();
  const left = Math.max(box.left, 0), right = Math.min(box.right, innerWidth);
  const up = Math.max(box.top, 0), down = Math.min(box.bottom, innerHeight);
  const top = right > left && down > up
    ? document.elementFromPoint((left + right) / 2, (up + down) / 2) : null;
  return {hidden: !(top && (e.contains(top) || top.contains(e))) && {
            box: [box.left, box.top, box.width, box.height],
            covered_by: top && top.outerHTML.slice(0, 120)},
          visible: changed.length > 0 && (focused.outline !== "" || changed.some(
            k => k !== "outline")), changed, focused, plain,
          still: document.activeElement === e && e.matches(":focus-visible")};
}"""


def focused(page) -> dict:
    """What has the keyboard focus: its text, its label, its tag and type."""
    return page.evaluate(FOCUSED)


def assert_focus_shows(page, name: str = "") -> None:
    """The focused element looks different from when it is not focused."""
    seen = page.evaluate(FOCUS_SHOWS)
    assert seen["still"], f"focus moved away from {name!r} when checking it: {seen}"
    assert seen["visible"], f"no visible focus on {name!r}: {seen}"
    assert not seen["hidden"], f"{name!r} is out of sight or covered when focused: {seen}"


def tab_to(page, name: str, limit: int = 80, back: bool = False, exact: bool = False) -> dict:
    """Press Tab (Shift+Tab when back) until the focused element's text or label contains
    name (equals it when exact), and check that its focus can be seen."""
    key = "Shift+Tab" if back else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        info = focused(page)
        if info["tag"] in ("BODY", "MAIN"):
            continue
        texts = (info["text"], info["label"])
        if (name in texts) if exact else any(name in t for t in texts):
            assert_focus_shows(page, name)
            return info
    raise AssertionError(f"could not reach {name!r} with the {key} key")


def follow(page) -> None:
    """Press Enter on the focused link or button and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def download(page):
    """Press Enter on the focused link and return the file it downloads."""
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    return info.value


def choose_file(page, files) -> None:
    """Open the focused file input's dialog with Space, as a keyboard user does, and pick files."""
    assert focused(page)["type"] == "file", f"not a file input: {focused(page)}"
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(files)


DATE_ORDER = """() => new Intl.DateTimeFormat(navigator.language)
  .formatToParts(new Date(2026, 2, 14)).map(p => p.type)
  .filter(t => ["day", "month", "year"].includes(t))"""


def type_date(page, day) -> None:
    """Type a date into the focused date input, in the order this browser's language shows it."""
    digits = {"day": f"{day:%d}", "month": f"{day:%m}", "year": f"{day:%Y}"}
    for part in page.evaluate(DATE_ORDER):
        page.keyboard.type(digits[part])


def type_into(page, name: str, text: str, **kwargs) -> None:
    """Tab to a field and type into it."""
    tab_to(page, name, **kwargs)
    page.keyboard.type(text)


def sign_in(page, live_server: str, email: str) -> None:
    """Open the home page and sign in from the link in its header, with the keyboard alone."""
    page.goto(live_server + "/")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to main content"
    tab_to(page, "Sign in", exact=True)
    follow(page)
    type_into(page, "Email address", email)
    type_into(page, "Password", PASSWORD)
    follow(page)  # Enter in the last field submits the form, as people often do
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


# Marks each element the focus reaches; a date input keeps the focus across its parts.
MARK = """(seen) => {
  const e = document.activeElement;
  if (e === seen.last) return "same";
  seen.last = e;
  if (seen.all.has(e)) return "again";
  seen.all.add(e);
  return "new";
}"""


def tab_through(page, limit: int = 250) -> list[str]:
    """Tab round the whole page: every stop must show its focus, and the focus must come back
    round to where it started, through the top of the page, not stay caught in one place.
    Returns the names of the stops."""
    seen = page.evaluate_handle("() => ({all: new Set(), last: null})")
    names: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = focused(page)
        if info["tag"] in ("BODY", "MAIN"):
            continue
        mark = seen.evaluate(MARK)
        if mark == "again":
            assert "Skip to main content" in names, f"focus went round a part: {names}"
            return names
        if mark == "new":
            name = info["label"] or info["text"][:40]
            assert_focus_shows(page, name)
            names.append(name)
    raise AssertionError(f"Tab did not come back round the page: {names[-10:]}")
