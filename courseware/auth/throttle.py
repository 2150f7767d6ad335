"""Limits on failed sign-ins that stop guessing without letting anyone lock the owner out.

Three budgets of failures, each a fixed window in the shared limit storage:

- per account and address (10 in 10 minutes): one address guessing one account;
- per address (30 in 10 minutes): one address guessing many accounts;
- per account (50 an hour, 200 a day) from addresses that have not signed in to that account in
  the last KNOWN_ADDRESS_DAYS (kept per account as keyed hashes): many addresses guessing one.

The owner signing in from an address they have used before counts only against the first two,
which someone elsewhere cannot fill; from a new address, only an attack from many addresses
at once stands in their way, and a password reset (offered on the refusal) gets them in.

A try takes one from every budget that applies before the password is checked, atomically,
so parallel tries on every server cannot pass a limit; a refused try gives them back at once
and its password is never checked (the answer says nothing about it); a try that signs in
gives them back too, so only failures count.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta

from flask import abort, current_app, g
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse_many
from sqlalchemy import delete, select

from courseware import clock
from courseware.domain.accounts import normalise_email
from courseware.extensions import db, limiter
from courseware.models import KnownAddress, User
from courseware.models.upsert import upsert

PER_PAIR = "LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS"
PER_ADDRESS = "LOGIN_LIMIT_PER_ADDRESS"
PER_ACCOUNT = "LOGIN_LIMIT_PER_ACCOUNT"


@dataclass(frozen=True)
class Budget:
    """One limit on failed sign-ins, for one account, address or pair of them."""

    item: RateLimitItem
    identifiers: tuple[str, ...]

    @property
    def key(self) -> str:
        return self.item.key_for(*self.identifiers)


def sign_in_budgets(limits: dict[str, str], account: str, address: str,
                    known: bool) -> list[Budget]:
    """The budgets a sign-in to account from address draws on, the narrowest first."""
    wanted = [(PER_PAIR, ("login-pair", account, address)), (PER_ADDRESS, ("login", address))]
    if not known:
        wanted.append((PER_ACCOUNT, ("login-account", account)))
    return [Budget(item, identifiers) for setting, identifiers in wanted
            for item in parse_many(limits[setting])]


@dataclass
class Attempt:
    """A sign-in try that holds one from each of its budgets."""

    held: list[Budget]

    def succeeded(self) -> None:
        """Signing in does not count against any limit: give everything back."""
        give_back(self.held)
        self.held = []

    def failed(self) -> None:
        """A wrong password keeps what it took."""
        self.held = []


def start_attempt(email: str, user: User | None) -> Attempt:
    """Take one from each budget of this sign-in, or refuse it (429) saying how long to wait."""
    if not limiter.enabled:
        return Attempt([])
    address = get_remote_address() or "unknown"
    # Asked for an unknown account too, so that the answer takes as long either way.
    known = is_known_address(user.id if user is not None else 0, address) and user is not None
    budgets = sign_in_budgets(current_app.config, account_key(email), address, known)
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX", "")
    if prefix:
        budgets = [Budget(b.item, (prefix, *b.identifiers)) for b in budgets]
    held: list[Budget] = []
    for budget in budgets:
        held.append(budget)
        if limiter.storage.incr(budget.key, budget.item.get_expiry()) > budget.item.amount:
            g.rate_limit_reset_at = limiter.storage.get_expiry(budget.key)
            give_back(held)
            abort(429)
    return Attempt(held)


def give_back(budgets: list[Budget]) -> None:
    """Return one to each budget."""
    for budget in budgets:
        limiter.storage.incr(budget.key, budget.item.get_expiry(), amount=-1)


def account_key(email: str) -> str:
    """An account's name in the limit storage: a keyed hash, so no address is stored there."""
    return _digest("account", normalise_email(email)[:254])


def is_known_address(user_id: int, address: str) -> bool:
    """Whether the account signed in from this address within KNOWN_ADDRESS_DAYS."""
    return db.session.scalar(select(KnownAddress.user_id).where(
        KnownAddress.user_id == user_id, KnownAddress.digest == _address_digest(user_id, address),
        KnownAddress.last_seen_at >= _known_since())) is not None


def remember_address(user_id: int) -> None:
    """Note that the account signed in from this request's address (committed by the caller),
    and forget its addresses unused for longer than KNOWN_ADDRESS_DAYS."""
    address = get_remote_address() or "unknown"
    db.session.execute(delete(KnownAddress).where(KnownAddress.user_id == user_id,
                                                  KnownAddress.last_seen_at < _known_since()))
    upsert(KnownAddress, ["user_id", "digest"], user_id=user_id,
           digest=_address_digest(user_id, address), last_seen_at=clock.now())


def _known_since():
    return clock.now() - timedelta(days=current_app.config["KNOWN_ADDRESS_DAYS"])


def _address_digest(user_id: int, address: str) -> str:
    return _digest("address", f"{user_id}:{address}")


def _digest(kind: str, value: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
