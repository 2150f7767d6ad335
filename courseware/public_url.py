"""The site's public address: every link the server puts outside the page it is answering.

Emails, certificate PDFs, their QR codes and signed credentials are read away from this
server, so their links come from one configured base URL (PUBLIC_URL), never from the Host
header of whoever made the request.
"""

import re
from urllib.parse import urlsplit

from flask import Flask, current_app
from werkzeug.routing import MapAdapter

# What `make run` serves: the address links point at on a developer's machine.
LOCAL_URL = "http://localhost:5000"

HOST_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?")  # a name or IPv4 address
PATH = re.compile(r"(?:/[A-Za-z0-9._~!$&'()*+,;=:@%-]*)*")

MISSING = (
    "This server does not know its public address, so it cannot put links in emails and on "
    "certificates. Set PUBLIC_URL to the address people use, such as https://cpd.example.org "
    "(or set SERVER_NAME). On a developer's machine, set COURSEWARE_ENV=development instead."
)


class PublicUrlError(ValueError):
    """A PUBLIC_URL that cannot be the site's address."""


def normalise(value: str, setting: str = "PUBLIC_URL") -> str:
    """The base URL without a trailing slash; PublicUrlError saying what is wrong if it is bad."""
    text = value.strip()
    parts = urlsplit(text)
    problem = None
    if parts.scheme not in ("http", "https"):
        problem = "it must start with https:// (or http://)"
    elif "@" in parts.netloc:
        problem = "it must not hold a user name or password"
    elif not HOST_NAME.fullmatch(_host(parts.netloc)):
        problem = "it must name a host, such as cpd.example.org"
    elif parts.query or parts.fragment or "?" in text or "#" in text:
        problem = "it must not have a query (?) or fragment (#)"
    elif not PATH.fullmatch(parts.path):
        problem = "its path holds characters an address cannot"
    else:
        try:
            parts.port  # noqa: B018 - raises on a port that is not a number from 1 to 65535
        except ValueError:
            problem = "its port must be a number from 1 to 65535"
    if problem:
        raise PublicUrlError(f"{setting} {value!r} is not usable: {problem}.")
    return f"{parts.scheme}://{parts.netloc.lower()}{parts.path.rstrip('/')}"


def _host(netloc: str) -> str:
    """The host of a URL's netloc, without the port."""
    return netloc.partition(":")[0].lower()


def is_production(app: Flask) -> bool:
    """In production unless testing, debugging, or COURSEWARE_ENV=development (`make run`)."""
    environment = app.config.get("COURSEWARE_ENV") or ""
    return not (app.testing or app.debug or environment.strip().lower() == "development")


def configured(config) -> str | None:
    """The base URL a deployer set: PUBLIC_URL, else SERVER_NAME with PREFERRED_URL_SCHEME."""
    if config.get("PUBLIC_URL"):
        return normalise(config["PUBLIC_URL"])
    if config.get("SERVER_NAME"):
        scheme = config.get("PREFERRED_URL_SCHEME") or "http"
        root = (config.get("APPLICATION_ROOT") or "/").rstrip("/")
        return normalise(f"{scheme}://{config['SERVER_NAME']}{root}",
                         "SERVER_NAME (with PREFERRED_URL_SCHEME)")
    return None


def base_url(app: Flask) -> str:
    """The site's public base URL; the local address only outside production."""
    url = configured(app.config)
    if url is None:
        if is_production(app):
            raise RuntimeError(MISSING)
        url = LOCAL_URL
    return url


def trusted_hosts(app: Flask) -> list[str] | None:
    """The hosts requests may name: the public URL's and TRUSTED_HOSTS; None (any) if neither."""
    extra = app.config.get("TRUSTED_HOSTS") or []
    if isinstance(extra, str):
        extra = extra.split(",")
    hosts = [host.strip().lower() for host in extra if host.strip()]
    url = configured(app.config)
    if url is not None:
        hosts.insert(0, _host(urlsplit(url).netloc))
    return list(dict.fromkeys(hosts)) or None


def adapter(app: Flask) -> MapAdapter:
    """The app's URL map bound to the public base URL, as if a request had come for it."""
    parts = urlsplit(base_url(app))
    return app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme)


def public_url(endpoint: str, **values) -> str:
    """An absolute address for an endpoint, on the site's public base URL (no request needed)."""
    return adapter(current_app).build(endpoint, values, force_external=True)


def init_app(app: Flask) -> None:
    """Check the public address at start (refuse a bad one, or none in production); trust its
    host alone from then on."""
    base_url(app)
    app.config["TRUSTED_HOSTS"] = trusted_hosts(app)
