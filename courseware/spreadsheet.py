"""CSV cells that a spreadsheet shows as text and never runs as a formula."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: str, allow_dash_lists: bool = False) -> str:
    """Put ' before a cell that starts like a formula (=, +, -, @, tab, return).

    With allow_dash_lists, text starting "- " (a list a person typed) or a lone "-" is kept as it
    is: a spreadsheet does not run those.
    """
    if not value or value[0] not in FORMULA_STARTS:
        return value
    if allow_dash_lists and value[0] == "-" and value[1:2] in (" ", ""):
        return value
    return "'" + value
