"""Template filters the learner's pages use."""

from markupsafe import Markup

from courseware.learn import bp


@bp.app_template_filter("inline_html")
def inline_html(html: str):
    """The inside of a one-paragraph fragment, to sit in a legend; None for anything else."""
    text = html.strip()
    if text.startswith("<p>") and text.endswith("</p>") and text.count("<p>") == 1:
        return Markup(text[3:-4])  # noqa: S704 - already sanitised at import
    return None
