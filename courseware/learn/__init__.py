"""Taking a module: steps, quizzes, reflections and My learning."""

from flask import Blueprint

bp = Blueprint("learn", __name__)

from courseware.learn import views  # noqa: E402,F401


@bp.app_template_filter("saved_when")
def saved_when_filter(moment) -> str:
    """1 July 2026 at 14:32, on the learners' clock."""
    from courseware.autosave import saved_when

    return saved_when(moment)


@bp.app_template_filter("inline_html")
def inline_html(html: str):
    """The inside of a one-paragraph fragment, to sit in a legend; None for anything else."""
    from markupsafe import Markup

    text = html.strip()
    if text.startswith("<p>") and text.endswith("</p>") and text.count("<p>") == 1:
        return Markup(text[3:-4])  # noqa: S704 - already sanitised at import
    return None
