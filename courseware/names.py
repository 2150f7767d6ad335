"""The one rule for a name, a person's or a team's, however it comes in: composed (NFC),
trimmed, 1 to 120 characters, with no control or text-direction characters."""

import unicodedata

from wtforms.validators import StopValidation

MAX_LENGTH = 120
# Bidi embeddings, overrides and isolates: they reorder the text around them on screen.
DIRECTION_MARKS = frozenset(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))


def _hidden(char: str) -> bool:
    return char in DIRECTION_MARKS or unicodedata.category(char) == "Cc"  # C0, DEL, C1


def check_name(text: str) -> tuple[str, str | None]:
    """The name as it is kept, and what is wrong with it ("empty", "too-long",
    "hidden-characters") or None."""
    name = unicodedata.normalize("NFC", text).strip()
    if any(_hidden(char) for char in name):
        return name, "hidden-characters"
    if not name:
        return name, "empty"
    if len(name) > MAX_LENGTH:
        return name, "too-long"
    return name, None


def name_message(problem: str, what: str = "the name") -> str:
    """Plain words for a problem from check_name, about "your name", "the team's name"..."""
    return {
        "empty": f"Enter {what}.",
        "too-long": f"Keep {what} to {MAX_LENGTH} characters or fewer.",
        "hidden-characters": (f"{what[0].upper()}{what[1:]} has hidden characters in it (control "
                              "or text-direction characters, often pasted in by mistake). "
                              "Type it again by hand."),
    }[problem]


class NameRule:
    """A form field's check_name: it keeps the cleaned name, or says what is wrong."""

    def __init__(self, what: str = "the name"):
        self.what = what

    def __call__(self, form, field) -> None:
        name, problem = check_name(field.data or "")
        field.data = name
        if problem:
            raise StopValidation(name_message(problem, self.what))
