"""A real SMTP server (aiosmtpd) on loopback that keeps what it receives, for tests of mail."""

import asyncio
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager

from aiosmtpd.controller import Controller
from flask import has_app_context

from courseware.extensions import db


class Inbox:
    """An aiosmtpd handler that keeps every message it receives (taking `delay` seconds over
    each, as a busy mail server does)."""

    def __init__(self, delay: float = 0.0):
        self.messages = []
        self.delay = delay

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        self.messages.append(envelope)
        return "250 OK"

    def wait(self, count=1, timeout=10.0):
        """The messages, once `count` have come (or the time is up). The test's own transaction
        ends first, as a finished request's would: on SQLite it may hold the write lock that
        the thread sending an account's emails needs to mark them (courseware/mail.py)."""
        if has_app_context():
            db.session.commit()
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.messages


@contextmanager
def smtp_server(handler: Inbox | None = None, port: int | None = None) \
        -> Iterator[tuple[Inbox, int]]:
    """An SMTP server on a free loopback port (or this one) while the block runs: its inbox and
    its port."""
    handler = handler or Inbox()
    if port is None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()
