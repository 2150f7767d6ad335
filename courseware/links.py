"""Links built once rather than one url_for each: every page's header and footer, and lists of
links that differ only in a slug (a catalogue's modules, a module's steps)."""

from collections.abc import Callable

from flask import Flask, has_request_context, request, url_for

from courseware.content.text import is_slug

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


def address_maker(endpoint: str, name: str, **values) -> Callable[[str], str]:
    """A function giving url_for(endpoint, **values, name=value) with one url_for in all: slugs
    (which need no escaping) go into a copy of the first address; anything else gets url_for."""
    prefix, _, suffix = url_for(endpoint, **values, **{name: "SLUG"}).rpartition("SLUG")

    def address(value: str) -> str:
        if is_slug(value):
            return f"{prefix}{value}{suffix}"
        return url_for(endpoint, **values, **{name: value})

    return address
