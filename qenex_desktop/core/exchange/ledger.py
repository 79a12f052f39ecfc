"""Ledger primitives used inside one write transaction: look-ups, credits, debits, amount parsing.

Nothing here commits; the caller's ``core.db.write()`` block does, together with its audit entry.
"""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from qenex_desktop.core.db.models import ExchangeAccount, ExchangeBalance, ExchangeToken
from qenex_desktop.core.errors import InsufficientFundsError, NotFoundError, ValidationError
from qenex_desktop.core.validation import (
    UINT256_MAX,
    format_amount,
    parse_account_name,
    parse_amount,
    parse_symbol,
)

DEFAULT_ACCOUNT = "Main"
#: What callers pass for an amount: ``int`` base units, or decimal text as typed (``"12.5"``).
Amount = int | str


class TokenLike(Protocol):
    @property
    def symbol(self) -> str: ...

    @property
    def decimals(self) -> int: ...


def to_base_units(
    value: object, token: TokenLike, *, field: str, allow_zero: bool = False, what: str = "amount"
) -> int:
    """``int`` is base units already; ``str`` is decimal text in whole tokens. Anything else is refused."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValidationError(f"Type the {what} as text, like 12.5.", field=field)
    if isinstance(value, str):
        return parse_amount(value, token.decimals, symbol=token.symbol, field=field, allow_zero=allow_zero)
    if value < 0:
        raise ValidationError("Amounts cannot be negative.", field=field)
    if value > UINT256_MAX:
        raise ValidationError("That amount is larger than any token balance can be.", field=field)
    if value == 0 and not allow_zero:
        raise ValidationError("Enter an amount greater than zero.", field=field)
    return value


def token_by_symbol(session: Session, text: object, *, field: str) -> ExchangeToken:
    if not isinstance(text, str):
        raise ValidationError("Enter a token symbol, like QXC.", field=field)
    symbol = parse_symbol(text, field=field)
    token = session.scalar(select(ExchangeToken).where(ExchangeToken.symbol == symbol))
    if token is None:
        raise NotFoundError(
            f"There is no token {symbol} on this ledger: see `token list`, or create it first.", field=field
        )
    return token


def find_account(session: Session, profile_id: int, name: object, *, field: str) -> ExchangeAccount | None:
    if not isinstance(name, str):
        raise ValidationError("Enter an account name, like Main.", field=field)
    clean = parse_account_name(name, field=field)
    return session.scalar(
        select(ExchangeAccount).where(ExchangeAccount.profile_id == profile_id, ExchangeAccount.name == clean)
    )


def default_account(session: Session, profile_id: int) -> ExchangeAccount | None:
    """This profile's own Main, if it has been opened: never a counterparty that took the name.

    A counterparty named Main (an older ledger allowed adding one) is refused with a message,
    so no operation without an account can spend, mint into or read someone else's tokens.
    """
    account = session.scalar(
        select(ExchangeAccount).where(
            ExchangeAccount.profile_id == profile_id, ExchangeAccount.name == DEFAULT_ACCOUNT
        )
    )
    if account is not None and account.kind != "own":
        raise ValidationError(
            f"Your counterparty {DEFAULT_ACCOUNT!r} has the name of your default account: name one "
            "of your own accounts for this (--account NAME; see `account list`).",
            field="account",
        )
    return account


def spending_account(
    session: Session, profile_id: int, name: object | None, *, field: str, now_ms: int
) -> ExchangeAccount:
    """An own account of this profile it may spend from; ``None`` means Main, opened on first use."""
    if name is None:
        account = default_account(session, profile_id)
        if account is None:
            account = ExchangeAccount(
                profile_id=profile_id, name=DEFAULT_ACCOUNT, kind="own", created_at=now_ms
            )
            session.add(account)
            session.flush()
        return account
    account = find_account(session, profile_id, name, field=field)
    if account is None:
        raise NotFoundError(f"You have no account named {name!r}: see `account list`.", field=field)
    if account.kind != "own":
        raise ValidationError(
            f"{account.name!r} is a counterparty account: you can send to it, not spend from it.", field=field
        )
    return account


def receiving_account(session: Session, profile_id: int, name: object, *, field: str) -> ExchangeAccount:
    """One of this profile's own accounts or a counterparty it added."""
    account = find_account(session, profile_id, name, field=field)
    if account is None:
        raise NotFoundError(
            f"You have no account or counterparty named {name!r}: add it with `account create`.", field=field
        )
    return account


def balance_of(session: Session, account_id: int, token_id: int) -> int:
    row = session.get(ExchangeBalance, (account_id, token_id))
    return 0 if row is None else row.amount


def credit(session: Session, account_id: int, token_id: int, amount: int) -> None:
    row = session.get(ExchangeBalance, (account_id, token_id))
    if row is None:
        session.add(ExchangeBalance(account_id=account_id, token_id=token_id, amount=amount))
    else:
        row.amount = row.amount + amount


def debit(
    session: Session, account: ExchangeAccount, token: ExchangeToken, amount: int, *, field: str
) -> None:
    row = session.get(ExchangeBalance, (account.id, token.id))
    held = 0 if row is None else row.amount
    if row is None or held < amount:
        raise InsufficientFundsError(
            f"{account.name} holds {format_amount(held, token.decimals)} {token.symbol}; "
            f"this needs {format_amount(amount, token.decimals)}.",
            field=field,
        )
    row.amount = held - amount
