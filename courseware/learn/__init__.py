"""Taking a module: steps, quizzes, reflections and My learning."""

from flask import Blueprint

bp = Blueprint("learn", __name__)


@bp.app_template_filter("inline_html")
def inline_html(html: str):
    """The inside of a one-paragraph fragment, to sit in a legend; None for anything else."""
    from markupsafe import Markup

    text = html.strip()
    if text.startswith("<p>") and text.endswith("</p>") and text.count("<p>") == 1:
        return Markup(text[3:-4])  # noqa: S704 - already sanitised at import
    return None
