"""Databases in the schemas and value formats of the original QENEX programs, written by our own code.

``abdulrahman305/qenex-os`` (``system.py``) and ``abdulrahman305/qenex-defi`` (``defi.py``) were
read for facts only: their tables, and how values end up in them. Those facts, reproduced here:

- Amounts are ``str()`` of ``Decimal`` arithmetic at 28 significant digits (``1662.4979...6530``,
  ``1.23E-16``); LP shares of a first deposit are ``(a*b) ** 0.5`` (``223.6067977499789696409173669``).
- Some updates run in SQL (``balance = balance - ?`` on TEXT): SQLite computes in floats and
  stores up to 15 significant digits as text (``'10000' - '10000'`` is ``'0'``). Here the same SQL
  runs, so SQLite itself writes those values.
- system.py: passwords are PBKDF2-HMAC-SHA256, 200,000 rounds, salt = 64 hex characters used as
  text, stored ``salt$hexkey``; users have email, created_at (CURRENT_TIMESTAMP) and is_active; at
  start it creates USDC (6), ETH (18), QXC (18) with a declared supply nobody holds, and three empty
  pools ETH/USDC, QXC/USDC, ETH/QXC with reserves ``'0'``/``'0'``. Pools store tokens in
  alphabetical order. Its swap credits the output with an INSERT when the balance reads 0, which
  fails when a ``'0'`` row exists, after the input's debit was already committed by a nested
  commit: the demo's swap of 1 ETH loses that ETH and changes nothing else.
- defi.py: holders are free text (``creator``, addresses); a new token's whole supply goes to
  ``creator``; a pool's reserves are written without debiting anyone (created from nothing) and
  its LP tokens go to ``creator``; swaps move tokens through a ``pool`` pseudo-holder whose
  balance mirrors what entered the pools (a payout it cannot cover is skipped, the reserves still
  move); add_liquidity moves the tokens to ``pool`` and then fails, leaving the pool unchanged.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
from datetime import datetime
from decimal import Context, Decimal
from pathlib import Path

from qenex_desktop.core.security.passwords import legacy_hash

D28 = Context(prec=28)
DEMO_PASSWORD = "password123"

SYSTEM_SCHEMA = """
CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, username TEXT UNIQUE NOT NULL,
    email TEXT UNIQUE,
    password_hash TEXT NOT NULL, created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    is_active BOOLEAN DEFAULT 1);
CREATE TABLE sessions (id TEXT PRIMARY KEY, user_id INTEGER NOT NULL,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    expires_at TIMESTAMP NOT NULL, ip_address TEXT, FOREIGN KEY (user_id) REFERENCES users(id));
CREATE TABLE tokens (symbol TEXT PRIMARY KEY, name TEXT NOT NULL, decimals INTEGER DEFAULT 18,
    total_supply TEXT NOT NULL, created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE balances (user_id INTEGER NOT NULL, token_symbol TEXT NOT NULL,
    balance TEXT NOT NULL DEFAULT '0',
    locked_balance TEXT DEFAULT '0', updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (user_id, token_symbol), FOREIGN KEY (user_id) REFERENCES users(id),
    FOREIGN KEY (token_symbol) REFERENCES tokens(symbol));
CREATE TABLE transactions (id TEXT PRIMARY KEY, type TEXT NOT NULL, from_user_id INTEGER,
    to_user_id INTEGER,
    token_symbol TEXT, amount TEXT, fee TEXT DEFAULT '0', status TEXT DEFAULT 'pending', metadata TEXT,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, confirmed_at TIMESTAMP,
    FOREIGN KEY (from_user_id) REFERENCES users(id), FOREIGN KEY (to_user_id) REFERENCES users(id),
    FOREIGN KEY (token_symbol) REFERENCES tokens(symbol));
CREATE TABLE pools (id INTEGER PRIMARY KEY AUTOINCREMENT, token_a TEXT NOT NULL, token_b TEXT NOT NULL,
    reserve_a TEXT NOT NULL, reserve_b TEXT NOT NULL, fee_rate TEXT DEFAULT '0.003',
    total_shares TEXT DEFAULT '0',
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, UNIQUE(token_a, token_b),
    FOREIGN KEY (token_a) REFERENCES tokens(symbol), FOREIGN KEY (token_b) REFERENCES tokens(symbol));
CREATE TABLE liquidity (user_id INTEGER NOT NULL, pool_id INTEGER NOT NULL,
    shares TEXT NOT NULL DEFAULT '0',
    PRIMARY KEY (user_id, pool_id), FOREIGN KEY (user_id) REFERENCES users(id),
    FOREIGN KEY (pool_id) REFERENCES pools(id));
CREATE TABLE metrics (id INTEGER PRIMARY KEY AUTOINCREMENT, metric_name TEXT NOT NULL,
    metric_value REAL NOT NULL,
    timestamp TIMESTAMP DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE audit_log (id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER,
    action TEXT NOT NULL, details TEXT,
    ip_address TEXT, timestamp TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    FOREIGN KEY (user_id) REFERENCES users(id));
CREATE INDEX idx_sessions_user ON sessions(user_id);
CREATE INDEX idx_sessions_expires ON sessions(expires_at);
CREATE INDEX idx_transactions_user ON transactions(from_user_id, to_user_id);
CREATE INDEX idx_transactions_status ON transactions(status);
CREATE INDEX idx_metrics_name ON metrics(metric_name, timestamp);
CREATE INDEX idx_audit_user ON audit_log(user_id, timestamp);
"""

DEFI_SCHEMA = """
CREATE TABLE tokens (symbol TEXT PRIMARY KEY, name TEXT NOT NULL, decimals INTEGER NOT NULL,
    total_supply TEXT NOT NULL);
CREATE TABLE balances (address TEXT NOT NULL, token TEXT NOT NULL, balance TEXT NOT NULL,
    PRIMARY KEY (address, token),
    FOREIGN KEY (token) REFERENCES tokens(symbol));
CREATE TABLE pools (id INTEGER PRIMARY KEY, token_a TEXT NOT NULL, token_b TEXT NOT NULL,
    reserve_a TEXT NOT NULL,
    reserve_b TEXT NOT NULL, lp_supply TEXT NOT NULL, fee_rate TEXT NOT NULL, UNIQUE(token_a, token_b),
    FOREIGN KEY (token_a) REFERENCES tokens(symbol), FOREIGN KEY (token_b) REFERENCES tokens(symbol));
CREATE TABLE liquidity (address TEXT NOT NULL, pool_id INTEGER NOT NULL, lp_tokens TEXT NOT NULL,
    PRIMARY KEY (address, pool_id), FOREIGN KEY (pool_id) REFERENCES pools(id));
CREATE TABLE transactions (id INTEGER PRIMARY KEY, timestamp TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    type TEXT NOT NULL,
    address TEXT NOT NULL, details TEXT NOT NULL);
CREATE INDEX idx_balances_address ON balances(address);
CREATE INDEX idx_transactions_address ON transactions(address);
"""


def _now_text() -> str:
    """A datetime bound as a parameter: sqlite3's adapter writes ISO text with a space."""
    return datetime(2024, 5, 1, 12, 0, 0, 123456).isoformat(" ")


def salt_for(username: str) -> str:
    """64 hex characters, as the original's secrets.token_hex(32); deterministic for tests."""
    return hashlib.sha256(f"salt:{username}".encode()).hexdigest()


def sqrt28(value: Decimal) -> Decimal:
    return D28.power(value, Decimal("0.5"))


class SystemDb:
    """A system.db, changed the way the original core changes it."""

    def __init__(self, path: Path, *, existing: bool = False) -> None:
        """A new file, or (``existing``) one the original goes on using."""
        self.path = path
        self.conn = sqlite3.connect(path)
        if not existing:
            self.conn.executescript(SYSTEM_SCHEMA)

    def close(self) -> Path:
        self.conn.commit()
        self.conn.close()
        return self.path

    # users ---------------------------------------------------------------------------------------

    def register(self, username: str, password: str, email: str | None = None, *, active: bool = True) -> int:
        stored = legacy_hash(password, salt_for(username))
        cursor = self.conn.execute(
            "INSERT INTO users (username, email, password_hash) VALUES (?, ?, ?)", (username, email, stored)
        )
        user_id = int(cursor.lastrowid or 0)
        if not active:
            self.conn.execute("UPDATE users SET is_active = 0 WHERE id = ?", (user_id,))
        self.audit(user_id, "REGISTER", json.dumps({"username": username}))
        return user_id

    def login(self, user_id: int) -> None:
        self.conn.execute(
            "INSERT INTO sessions (id, user_id, expires_at, ip_address) VALUES (?, ?, ?, NULL)",
            (secrets.token_urlsafe(32), user_id, _now_text()),
        )
        self.audit(user_id, "LOGIN_SUCCESS", None)

    def audit(self, user_id: int | None, action: str, details: str | None) -> None:
        self.conn.execute(
            "INSERT INTO audit_log (user_id, action, details) VALUES (?, ?, ?)", (user_id, action, details)
        )

    def metric(self, name: str, value: float) -> None:
        self.conn.execute("INSERT INTO metrics (metric_name, metric_value) VALUES (?, ?)", (name, value))

    # tokens --------------------------------------------------------------------------------------

    def create_token(self, symbol: str, name: str, decimals: int, supply: str) -> None:
        self.conn.execute(
            "INSERT INTO tokens (symbol, name, decimals, total_supply) VALUES (?, ?, ?, ?)",
            (symbol, name, decimals, str(Decimal(supply))),
        )

    def balance(self, user_id: int, symbol: str) -> Decimal:
        row = self.conn.execute(
            "SELECT balance FROM balances WHERE user_id = ? AND token_symbol = ?", (user_id, symbol)
        ).fetchone()
        return Decimal(row[0]) if row else Decimal(0)

    def _set_balance(self, user_id: int, symbol: str, amount: Decimal) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO balances (user_id, token_symbol, balance) VALUES (?, ?, ?)",
            (user_id, symbol, str(amount)),
        )

    def mint(self, user_id: int, symbol: str, amount: str) -> None:
        self._set_balance(user_id, symbol, D28.add(self.balance(user_id, symbol), Decimal(amount)))
        (supply,) = self.conn.execute(
            "SELECT total_supply FROM tokens WHERE symbol = ?", (symbol,)
        ).fetchone()
        total = D28.add(Decimal(supply), Decimal(amount))
        self.conn.execute("UPDATE tokens SET total_supply = ? WHERE symbol = ?", (str(total), symbol))
        self._record("mint", None, user_id, symbol, Decimal(amount))

    def transfer(self, sender: int, receiver: int, symbol: str, amount: str, fee: str = "0") -> None:
        """Decimal arithmetic in Python, the sender's row deleted when it reaches zero."""
        value, cost = Decimal(amount), Decimal(fee)
        left = D28.subtract(self.balance(sender, symbol), D28.add(value, cost))
        assert left >= 0, "the original refuses this"
        if left > 0:
            self._set_balance(sender, symbol, left)
        else:
            self.conn.execute("DELETE FROM balances WHERE user_id = ? AND token_symbol = ?", (sender, symbol))
        self._set_balance(receiver, symbol, D28.add(self.balance(receiver, symbol), value))
        self._record("transfer", sender, receiver, symbol, value, cost)

    def _record(
        self,
        kind: str,
        sender: int | None,
        receiver: int | None,
        symbol: str,
        amount: Decimal,
        fee: Decimal = Decimal(0),
    ) -> None:
        self.conn.execute(
            "INSERT INTO transactions (id, type, from_user_id, to_user_id, token_symbol, amount, fee, "
            "status, confirmed_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'confirmed', ?)",
            (secrets.token_hex(16), kind, sender, receiver, symbol, str(amount), str(fee), _now_text()),
        )

    # pools ---------------------------------------------------------------------------------------

    def create_pool(self, token_a: str, token_b: str, fee_rate: str = "0.003") -> int:
        first, second = sorted((token_a, token_b))
        cursor = self.conn.execute(
            "INSERT INTO pools (token_a, token_b, reserve_a, reserve_b, fee_rate) VALUES (?, ?, '0', '0', ?)",
            (first, second, fee_rate),
        )
        return int(cursor.lastrowid or 0)

    def _pool(self, token_a: str, token_b: str) -> tuple[int, Decimal, Decimal, Decimal, Decimal]:
        row = self.conn.execute(
            "SELECT id, reserve_a, reserve_b, fee_rate, total_shares FROM pools "
            "WHERE token_a = ? AND token_b = ?",
            tuple(sorted((token_a, token_b))),
        ).fetchone()
        return int(row[0]), Decimal(row[1]), Decimal(row[2]), Decimal(row[3]), Decimal(row[4])

    def add_liquidity(
        self, user_id: int, token_a: str, token_b: str, amount_a: str, amount_b: str
    ) -> Decimal:
        (first, amt_first), (second, amt_second) = sorted(
            ((token_a, Decimal(amount_a)), (token_b, Decimal(amount_b)))
        )
        pool_id, reserve_a, reserve_b, _fee, total = self._pool(first, second)
        if total == 0:
            shares = sqrt28(D28.multiply(amt_first, amt_second))
        else:
            shares = min(
                D28.divide(D28.multiply(amt_first, total), reserve_a),
                D28.divide(D28.multiply(amt_second, total), reserve_b),
            )
        for symbol, amount in ((first, amt_first), (second, amt_second)):  # the debit runs in SQL
            self.conn.execute(
                "UPDATE balances SET balance = balance - ? WHERE user_id = ? AND token_symbol = ?",
                (str(amount), user_id, symbol),
            )
        self.conn.execute(
            "UPDATE pools SET reserve_a = ?, reserve_b = ?, total_shares = ? WHERE id = ?",
            (
                str(D28.add(reserve_a, amt_first)),
                str(D28.add(reserve_b, amt_second)),
                str(D28.add(total, shares)),
                pool_id,
            ),
        )
        held = self.conn.execute(
            "SELECT shares FROM liquidity WHERE user_id = ? AND pool_id = ?", (user_id, pool_id)
        ).fetchone()
        if held:
            self.conn.execute(
                "UPDATE liquidity SET shares = ? WHERE user_id = ? AND pool_id = ?",
                (str(D28.add(Decimal(held[0]), shares)), user_id, pool_id),
            )
        else:
            self.conn.execute(
                "INSERT INTO liquidity (user_id, pool_id, shares) VALUES (?, ?, ?)",
                (user_id, pool_id, str(shares)),
            )
        return shares

    def swap(self, user_id: int, token_in: str, token_out: str, amount_in: str) -> Decimal | None:
        """x*y=k with the pool's fee; None when the original's output INSERT fails (see above)."""
        pool_id, reserve_a, reserve_b, fee, _total = self._pool(token_in, token_out)
        forward = token_in < token_out
        r_in, r_out = (reserve_a, reserve_b) if forward else (reserve_b, reserve_a)
        value = Decimal(amount_in)
        with_fee = D28.multiply(value, D28.subtract(Decimal(1), fee))
        out = D28.divide(D28.multiply(with_fee, r_out), D28.add(r_in, with_fee))
        self.conn.execute(
            "UPDATE balances SET balance = balance - ? WHERE user_id = ? AND token_symbol = ?",
            (str(value), user_id, token_in),
        )
        current = self.balance(user_id, token_out)
        if current == 0:
            exists = self.conn.execute(
                "SELECT 1 FROM balances WHERE user_id = ? AND token_symbol = ?", (user_id, token_out)
            ).fetchone()
            if exists:
                return None  # the INSERT fails on the '0' row; only the debit above stays
            self.conn.execute(
                "INSERT INTO balances (user_id, token_symbol, balance) VALUES (?, ?, ?)",
                (user_id, token_out, str(out)),
            )
        else:
            self.conn.execute(
                "UPDATE balances SET balance = ? WHERE user_id = ? AND token_symbol = ?",
                (str(D28.add(current, out)), user_id, token_out),
            )
        new_in, new_out = D28.add(r_in, value), D28.subtract(r_out, out)
        new_a, new_b = (new_in, new_out) if forward else (new_out, new_in)
        self.conn.execute(
            "UPDATE pools SET reserve_a = ?, reserve_b = ? WHERE id = ?", (str(new_a), str(new_b), pool_id)
        )
        self.conn.execute(
            "INSERT INTO transactions (id, type, from_user_id, token_symbol, amount, metadata, status, "
            "confirmed_at) "
            "VALUES (?, 'swap', ?, ?, ?, ?, 'confirmed', ?)",
            (
                secrets.token_hex(16),
                user_id,
                token_in,
                str(value),
                json.dumps({"token_out": token_out, "amount_out": str(out)}),
                _now_text(),
            ),
        )
        return out


class DefiDb:
    """A defi.db, changed the way the original DeFi platform changes it."""

    def __init__(self, path: Path, *, existing: bool = False) -> None:
        self.path = path
        self.conn = sqlite3.connect(path)
        if not existing:
            self.conn.executescript(DEFI_SCHEMA)

    def close(self) -> Path:
        self.conn.commit()
        self.conn.close()
        return self.path

    def balance(self, address: str, symbol: str) -> Decimal:
        row = self.conn.execute(
            "SELECT balance FROM balances WHERE address = ? AND token = ?", (address, symbol)
        ).fetchone()
        return Decimal(row[0]) if row else Decimal(0)

    def create_token(self, symbol: str, name: str, decimals: int, supply: str) -> None:
        self.conn.execute(
            "INSERT INTO tokens VALUES (?, ?, ?, ?)", (symbol, name, decimals, str(Decimal(supply)))
        )
        self.conn.execute("INSERT INTO balances VALUES ('creator', ?, ?)", (symbol, str(Decimal(supply))))

    def transfer(self, sender: str, receiver: str, symbol: str, amount: Decimal | str) -> bool:
        value = Decimal(amount)
        have = self.balance(sender, symbol)
        if value <= 0 or have < value:
            return False
        left = D28.subtract(have, value)
        new_to = D28.add(self.balance(receiver, symbol), value)
        if left > 0:
            self.conn.execute(
                "UPDATE balances SET balance = ? WHERE address = ? AND token = ?", (str(left), sender, symbol)
            )
        else:
            self.conn.execute("DELETE FROM balances WHERE address = ? AND token = ?", (sender, symbol))
        self.conn.execute("INSERT OR REPLACE INTO balances VALUES (?, ?, ?)", (receiver, symbol, str(new_to)))
        self.conn.execute(
            "INSERT INTO transactions (type, address, details) VALUES ('transfer', ?, ?)",
            (sender, json.dumps({"to": receiver, "token": symbol, "amount": str(value)})),
        )
        return True

    def create_pool(self, token_a: str, token_b: str, amount_a: str, amount_b: str) -> int:
        lp = sqrt28(D28.multiply(Decimal(amount_a), Decimal(amount_b)))
        cursor = self.conn.execute(
            "INSERT INTO pools (token_a, token_b, reserve_a, reserve_b, lp_supply, fee_rate) "
            "VALUES (?, ?, ?, ?, ?, '0.003')",
            (token_a, token_b, str(Decimal(amount_a)), str(Decimal(amount_b)), str(lp)),
        )
        pool_id = int(cursor.lastrowid or 0)
        self.conn.execute("INSERT INTO liquidity VALUES ('creator', ?, ?)", (pool_id, str(lp)))
        return pool_id

    def _pool(self, token_a: str, token_b: str) -> tuple[str, str, Decimal, Decimal, Decimal]:
        for first, second in ((token_a, token_b), (token_b, token_a)):
            row = self.conn.execute(
                "SELECT token_a, token_b, reserve_a, reserve_b, fee_rate FROM pools "
                "WHERE token_a = ? AND token_b = ?",
                (first, second),
            ).fetchone()
            if row:
                return row[0], row[1], Decimal(row[2]), Decimal(row[3]), Decimal(row[4])
        raise LookupError(f"no pool {token_a}/{token_b}")

    def swap(self, address: str, token_in: str, token_out: str, amount_in: str) -> Decimal:
        token_a, token_b, reserve_a, reserve_b, fee = self._pool(token_in, token_out)
        forward = token_in == token_a
        r_in, r_out = (reserve_a, reserve_b) if forward else (reserve_b, reserve_a)
        value = Decimal(amount_in)
        with_fee = D28.multiply(value, D28.subtract(Decimal(1), fee))
        out = D28.divide(D28.multiply(with_fee, r_out), D28.add(r_in, with_fee))
        self.transfer(address, "pool", token_in, value)
        self.transfer("pool", address, token_out, out)  # skipped when 'pool' cannot cover it
        new_in, new_out = D28.add(r_in, value), D28.subtract(r_out, out)
        new_a, new_b = (new_in, new_out) if forward else (new_out, new_in)
        self.conn.execute(
            "UPDATE pools SET reserve_a = ?, reserve_b = ? WHERE token_a = ? AND token_b = ?",
            (str(new_a), str(new_b), token_a, token_b),
        )
        self.conn.execute(
            "INSERT INTO transactions (type, address, details) VALUES ('swap', ?, ?)",
            (
                address,
                json.dumps(
                    {
                        "token_in": token_in,
                        "token_out": token_out,
                        "amount_in": str(value),
                        "amount_out": str(out),
                    }
                ),
            ),
        )
        return out

    def add_liquidity_as_original(
        self, address: str, token_a: str, token_b: str, amount_a: str, amount_b: str
    ) -> None:
        """The tokens reach ``pool``; then the original's pool-id query fails and the pool stays as it was."""
        self.transfer(address, "pool", token_a, amount_a)
        self.transfer(address, "pool", token_b, amount_b)


# -- the demo main() of each original ------------------------------------------------------------


def system_demo(path: Path) -> Path:
    """system.db exactly as ``python system.py`` leaves it after its demo main() (one metrics tick)."""
    db = SystemDb(path)
    db.create_token("USDC", "USD Coin", 6, "10000000")
    db.create_token("ETH", "Ethereum", 18, "10000")
    db.create_token("QXC", "Qenex Token", 18, "1000000")
    for a, b in (("ETH", "USDC"), ("QXC", "USDC"), ("ETH", "QXC")):
        db.create_pool(a, b)
    db.metric("system.startup", 1)
    db.metric("memory.usage", 100)
    user = db.register("demo_user", DEMO_PASSWORD)
    db.login(user)
    db.mint(user, "USDC", "10000")
    db.mint(user, "ETH", "10")
    db.add_liquidity(user, "ETH", "USDC", "5", "10000")
    assert db.swap(user, "ETH", "USDC", "1") is None  # the original's demo swap: 1 ETH debited, nothing else
    db.metric("cpu.usage", 3.5)
    db.metric("memory.usage", 41.2)
    return db.close()


def defi_demo(path: Path) -> Path:
    """defi.db exactly as ``python defi.py`` leaves it after its demo main()."""
    db = DefiDb(path)
    db.create_token("USDC", "USD Coin", 6, "1000000")
    db.create_token("ETH", "Ethereum", 18, "1000")
    db.create_token("QXC", "QENEX Token", 18, "1000000")
    db.create_pool("ETH", "USDC", "10", "20000")
    db.create_pool("QXC", "USDC", "10000", "1000")
    return db.close()


# -- files of ordinary use -------------------------------------------------------------------------

#: Usernames the original takes as they are (with their email); each user's password is theirs alone.
PEOPLE = {
    "Mallory Smith": "mallory@example.org",
    "oscar@example.org": None,
    "Pé": "pe@example.fr",
    "Judy": "judy.c@example.org",
    "judy": "judy@example.org",
    "Trent": "trent@example.org",
}


def password_of(username: str) -> str:
    return f"{username[::-1]}-pw-{len(username)}"


def system_people(path: Path) -> Path:
    """A system.db after some use: names of every kind, 28-digit and E-notation amounts, amounts
    that went through SQL floats, tokens of 0, 24 and 36 decimals, two providers in one pool, an
    inactive user (Trent)."""
    db = SystemDb(path)
    for symbol, name, decimals, supply in (
        ("USDC", "USD Coin", 6, "10000000"),
        ("ETH", "Ethereum", 18, "10000"),
        ("QXC", "Qenex Token", 18, "1000000"),
        ("MICRO", "Micro", 24, "0"),
        ("FINE", "Fine", 36, "0"),
        ("WHOLE", "Whole", 0, "0"),
    ):
        db.create_token(symbol, name, decimals, supply)
    for a, b in (("ETH", "USDC"), ("QXC", "USDC"), ("ETH", "QXC")):
        db.create_pool(a, b)
    ids = {
        name: db.register(name, password_of(name), mail, active=name != "Trent")
        for name, mail in PEOPLE.items()
    }
    mallory, oscar, pe, judy_cap, judy, trent = (ids[name] for name in PEOPLE)
    db.mint(mallory, "ETH", "10")
    db.mint(mallory, "USDC", "50000")
    db.mint(judy, "ETH", "5")
    db.mint(judy, "USDC", "3000")
    db.mint(judy_cap, "USDC", "1000")
    db.mint(oscar, "FINE", "0.000000000000000000000000000000000001")
    db.mint(oscar, "MICRO", "1.000000000000000000000001")
    db.mint(pe, "WHOLE", "7")
    db.mint(trent, "QXC", "12.5")
    db.add_liquidity(mallory, "ETH", "USDC", "5", "10000")
    db.add_liquidity(judy, "ETH", "USDC", "1", "2000")  # shares: min(1*S/5, 2000*S/10000), 28 digits
    assert db.swap(judy_cap, "USDC", "ETH", "100") is not None  # Judy has no ETH row: the INSERT works
    assert db.swap(mallory, "ETH", "USDC", "0.5") is not None  # Mallory's USDC is not 0: an UPDATE
    db.transfer(mallory, pe, "ETH", "1.23E-16")  # Decimal text in E-notation
    db.conn.execute(  # Judy sends some of her 28-digit ETH on through SQL: a 15-digit float result
        "UPDATE balances SET balance = balance - ? WHERE user_id = ? AND token_symbol = 'ETH'",
        ("0.01", judy_cap),
    )
    return db.close()


def defi_people(path: Path) -> Path:
    """A defi.db after some use: swaps through the ``pool`` holder (one whose payout it could not
    cover), a transfer to a long address, a failed add_liquidity that left tokens with ``pool``,
    and a holder named like a system.db user (``Mallory Smith``)."""
    db = DefiDb(path)
    db.create_token("USDC", "USD Coin", 6, "1000000")
    db.create_token("ETH", "Ethereum", 18, "1000")
    db.create_token("DFX", "DeFi X", 8, "500000")
    db.create_pool("ETH", "USDC", "10", "20000")
    db.create_pool("DFX", "USDC", "50000", "10000")
    address = "0x" + "ab" * 20
    db.transfer("creator", address, "USDC", "5000")
    db.transfer("creator", "Mallory Smith", "ETH", "2")
    db.swap(address, "USDC", "ETH", "100")  # 'pool' holds no ETH yet: the payout is skipped
    db.swap("Mallory Smith", "ETH", "USDC", "0.1")  # 'pool' holds 100 USDC now: paid
    db.add_liquidity_as_original(address, "DFX", "USDC", "0", "30")  # USDC reaches 'pool', nothing else
    return db.close()
