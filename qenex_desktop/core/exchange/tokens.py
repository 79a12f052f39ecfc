"""Tokens of the local ledger: creating them, reading them, and changing their supply."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from qenex_desktop.core.audit import AuditLog
from qenex_desktop.core.auth import ActiveSession
from qenex_desktop.core.clock import Clock
from qenex_desktop.core.db import Database
from qenex_desktop.core.db.models import ExchangeAccount, ExchangeToken, Profile
from qenex_desktop.core.errors import AlreadyExistsError, PermissionDeniedError, ValidationError
from qenex_desktop.core.exchange import ledger
from qenex_desktop.core.exchange.ledger import Amount
from qenex_desktop.core.exchange.session_gate import SessionGate, with_session
from qenex_desktop.core.exchange.types import SupplyChange, TokenInfo
from qenex_desktop.core.exchange.unit import audit_money, write_unit
from qenex_desktop.core.instrumentation import Instrumentation, operation
from qenex_desktop.core.validation import (
    LEDGER_MAX_DECIMALS,
    UINT256_MAX,
    format_amount,
    parse_decimals,
    parse_symbol,
    parse_token_name,
)


def _token_info(token: ExchangeToken, creator: str | None) -> TokenInfo:
    return TokenInfo(
        token.id,
        token.symbol,
        token.name,
        token.decimals,
        token.total_supply,
        token.max_supply,
        creator,
        token.origin,
        token.created_at,
    )


class Tokens:
    def __init__(
        self,
        database: Database,
        audit: AuditLog,
        clock: Clock,
        gate: SessionGate,
        instrumentation: Instrumentation,
    ) -> None:
        self.db = database
        self.audit = audit
        self.clock = clock
        self._gate = gate
        self.instrumentation = instrumentation

    @operation("exchange.create_token")
    @with_session
    def create_token(
        self,
        symbol: str,
        name: str,
        decimals: int | str,
        supply: Amount,
        *,
        max_supply: Amount | None = None,
        account: str | None = None,
    ) -> TokenInfo:
        """A new token; the initial supply lands in ``account`` (Main by default). Only you may mint more."""
        clean_symbol = parse_symbol(symbol) if isinstance(symbol, str) else parse_symbol("")
        clean_name = parse_token_name(name) if isinstance(name, str) else parse_token_name("")
        if not isinstance(decimals, int | str):
            decimals = "x"  # refused by the parser with its message
        places = parse_decimals(decimals, maximum=LEDGER_MAX_DECIMALS)
        now = self.clock.now_ms()
        with write_unit(self.db, self._gate) as (session, actor):
            if session.scalar(select(ExchangeToken.id).where(ExchangeToken.symbol == clean_symbol)):
                raise AlreadyExistsError(f"A token {clean_symbol} exists already.", field="symbol")
            token = ExchangeToken(
                symbol=clean_symbol,
                name=clean_name,
                decimals=places,
                total_supply=0,
                creator_profile_id=actor.profile_id,
                created_at=now,
                origin="native",
            )
            amount = ledger.to_base_units(supply, token, field="supply", allow_zero=True, what="supply")
            cap = None
            if max_supply is not None:
                cap = ledger.to_base_units(max_supply, token, field="max_supply", what="maximum supply")
                if cap < amount:
                    raise ValidationError(
                        "The maximum supply cannot be below the initial supply.", field="max_supply"
                    )
            token.total_supply = amount
            token.max_supply = cap
            holder = ledger.spending_account(session, actor.profile_id, account, field="account", now_ms=now)
            session.add(token)
            session.flush()
            if amount:
                ledger.credit(session, holder.id, token.id, amount)
            audit_money(
                self.audit,
                session,
                actor,
                "exchange.token_created",
                {
                    "symbol": clean_symbol,
                    "decimals": places,
                    "supply": amount,
                    "max_supply": cap,
                    "account": holder.name,
                },
            )
            return _token_info(token, actor.username)

    def list_tokens(self) -> list[TokenInfo]:
        with self.db.read() as session:
            rows = session.execute(
                select(ExchangeToken, Profile.username)
                .outerjoin(Profile, Profile.id == ExchangeToken.creator_profile_id)
                .order_by(ExchangeToken.symbol)
            ).all()
            return [_token_info(t, user) for t, user in rows]

    def get_token(self, symbol: str) -> TokenInfo:
        with self.db.read() as session:
            token = ledger.token_by_symbol(session, symbol, field="symbol")
            creator = (
                session.scalar(select(Profile.username).where(Profile.id == token.creator_profile_id))
                if token.creator_profile_id is not None
                else None
            )
            return _token_info(token, creator)

    @operation("exchange.mint")
    @with_session
    def mint(self, symbol: str, amount: Amount, *, account: str | None = None) -> SupplyChange:
        """New units into ``account``; only the token's creator, and never above its maximum supply."""
        with write_unit(self.db, self._gate) as (session, actor):
            token = ledger.token_by_symbol(session, symbol, field="symbol")
            if token.creator_profile_id != actor.profile_id:
                raise PermissionDeniedError(
                    f"Only the profile that created {token.symbol} may mint it.", field="symbol"
                )
            value = ledger.to_base_units(amount, token, field="amount")
            new_total = token.total_supply + value
            cap = token.max_supply if token.max_supply is not None else UINT256_MAX
            if new_total > cap:
                room = format_amount(cap - token.total_supply, token.decimals)
                raise ValidationError(
                    f"This passes the maximum supply of {token.symbol}: at most {room} more may be minted.",
                    field="amount",
                )
            holder = ledger.spending_account(
                session, actor.profile_id, account, field="account", now_ms=self.clock.now_ms()
            )
            token.total_supply = new_total
            ledger.credit(session, holder.id, token.id, value)
            return self._supply_changed(session, actor, "exchange.minted", token, holder, value)

    @operation("exchange.burn")
    @with_session
    def burn(self, symbol: str, amount: Amount, *, account: str | None = None) -> SupplyChange:
        """Destroy units you hold; the total supply shrinks by the same amount."""
        with write_unit(self.db, self._gate) as (session, actor):
            token = ledger.token_by_symbol(session, symbol, field="symbol")
            value = ledger.to_base_units(amount, token, field="amount")
            holder = ledger.spending_account(
                session, actor.profile_id, account, field="account", now_ms=self.clock.now_ms()
            )
            ledger.debit(session, holder, token, value, field="amount")
            token.total_supply = token.total_supply - value
            return self._supply_changed(session, actor, "exchange.burned", token, holder, value)

    def _supply_changed(
        self,
        session: Session,
        actor: ActiveSession,
        event: str,
        token: ExchangeToken,
        holder: ExchangeAccount,
        value: int,
    ) -> SupplyChange:
        """Audit entry and result of a mint or burn, once the new total supply is set."""
        audit_money(
            self.audit,
            session,
            actor,
            event,
            {
                "symbol": token.symbol,
                "amount": value,
                "account": holder.name,
                "total_supply": token.total_supply,
            },
        )
        return SupplyChange(
            token.symbol,
            holder.name,
            value,
            format_amount(value, token.decimals),
            token.total_supply,
            format_amount(token.total_supply, token.decimals),
        )
