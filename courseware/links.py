"""The links in every page's header and footer, built once per app rather than on each page."""

from flask import Flask, has_request_context, request, url_for

NAV_ENDPOINTS = (
    "catalogue.index", "learn.my_learning", "cpd.record", "authoring.home", "manage.overview",
    "manage.teams", "main.help_page", "auth.account", "auth.logout", "auth.login",
    "auth.register",
)
STYLESHEET = "css/site.css"


def init_app(app: Flask) -> None:
    """Offer `nav[endpoint]` (and `nav['site.css']`) to every template."""
    built: dict[str, dict[str, str]] = {}  # by mount point (SCRIPT_NAME)

    @app.context_processor
    def nav_links() -> dict:
        if not has_request_context():
            return {}
        links = None if app.debug else built.get(request.script_root)
        if links is None:
            links = {endpoint: url_for(endpoint) for endpoint in NAV_ENDPOINTS}
            links["site.css"] = url_for("static", filename=STYLESHEET)
            built[request.script_root] = links
        return {"nav": links}
