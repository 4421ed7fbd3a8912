"""How sign-in and enrollment attempts are limited, so guessing is slow and a stranger
guessing cannot lock the real user out.

Failed attempts are counted (in the database, so every server process agrees) under
three keys per window of `login_window_seconds`:

- **account from an address** (`login_limit_account`, 10): the address guessing one
  account is stopped (`429` + `Retry-After`), right password or not; the same account
  from any other address is not affected — so a flood cannot keep the real user out;
- **address** (`login_limit_address`, 50): an address guessing across accounts is
  stopped for every account; people behind other addresses are not affected;
- **account** (`login_limit_account_backstop`, 100): a backstop against guessing one
  account from many addresses. It never refuses by itself; past it, each address gets
  *one* try at that account for the rest of the window (instead of
  `login_limit_account`): the real user's right password from a new address still
  gets in, and a guesser needs a fresh address for every guess.

Every attempt is counted before the password is checked (so parallel guesses cannot
slip past a limit) and a successful one is refunded: only failures add up. The keys
are keyed hashes of the account name and the address, never the names themselves.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from server.config import Settings
from server.security import keyed_hash
from server.services import ratelimit

# The account-wide count is kept, never refused on: its limit is out of reach.
_NEVER = 2**31 - 1


def count_attempt(db: Session, *, settings: Settings, username: str,
                  client: str) -> list[tuple[str, int]]:
    """Count one attempt at `username` from the address `client`, before its password
    is checked. Returns what `refund` takes back when the password is right.

    Raises:
        RateLimited: this address may not try (this account) again before the window ends.
    """
    window = settings.login_window_seconds
    account = username.casefold()
    account_key = "acct:" + keyed_hash(settings.secret, account)
    per_address = settings.login_limit_account
    if ratelimit.count(db, key=account_key, window=window) >= \
            settings.login_limit_account_backstop:
        per_address = 1
    keys = (("addr:" + keyed_hash(settings.secret, client), settings.login_limit_address),
            ("pair:" + keyed_hash(settings.secret, f"{account}\n{client}"), per_address),
            (account_key, _NEVER))
    # In this order: an attempt refused for its address is not counted against the account.
    return [(key, ratelimit.hit(db, key=key, limit=limit, window=window))
            for key, limit in keys]


def refund(db: Session, counted: list[tuple[str, int]]) -> None:
    """Take back an attempt whose password was right (not committed: the caller's work)."""
    for key, start in counted:
        ratelimit.refund(db, key=key, start=start)
