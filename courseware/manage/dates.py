"""Dates as managers read them."""

from datetime import date


def day_text(day: date | None) -> str:
    """14 March 2026."""
    return f"{day:%-d %B %Y}" if day else ""
