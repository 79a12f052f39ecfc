"""Ledger accounts: opening them, moving tokens between them, and reading their balances."""

from __future__ import annotations

from sqlalchemy import select

from qenex_desktop.core.audit import AuditLog
from qenex_desktop.core.clock import Clock
from qenex_desktop.core.db import Database
from qenex_desktop.core.db.models import ExchangeAccount, ExchangeBalance, ExchangeToken
from qenex_desktop.core.errors import AlreadyExistsError, NotFoundError, ValidationError
from qenex_desktop.core.exchange import ledger
from qenex_desktop.core.exchange.ledger import Amount
from qenex_desktop.core.exchange.lookups import own_account
from qenex_desktop.core.exchange.session_gate import SessionGate, with_session
from qenex_desktop.core.exchange.types import AccountInfo, Balance, TransferResult
from qenex_desktop.core.exchange.unit import audit_money, write_unit
from qenex_desktop.core.instrumentation import Instrumentation, operation
from qenex_desktop.core.validation import format_amount, parse_account_name


class Accounts:
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

    @operation("exchange.create_account")
    @with_session
    def create_account(self, name: str, *, counterparty: bool = False) -> AccountInfo:
        """A named ledger account; ``counterparty=True`` adds someone you trade with (send-only)."""
        clean = parse_account_name(name)
        if counterparty and clean == ledger.DEFAULT_ACCOUNT:
            raise ValidationError(
                f"{clean!r} is the name of your default account: give the counterparty another name.",
                field="account",
            )
        now = self.clock.now_ms()
        with write_unit(self.db, self._gate) as (session, actor):
            if ledger.find_account(session, actor.profile_id, clean, field="account") is not None:
                raise AlreadyExistsError(f"You already have an account named {clean!r}.", field="account")
            account = ExchangeAccount(
                profile_id=actor.profile_id,
                name=clean,
                kind="counterparty" if counterparty else "own",
                created_at=now,
            )
            session.add(account)
            session.flush()
            details = {"account": clean, "kind": account.kind}
            audit_money(self.audit, session, actor, "exchange.account_created", details)
            return AccountInfo(account.id, account.name, account.kind, account.created_at)

    @operation("exchange.rename_account")
    @with_session
    def rename_account(self, name: str, new_name: str) -> AccountInfo:
        """Give one of your accounts or counterparties another name; its balances stay with it.

        Main keeps its name (operations without an account use it), and no account may take it.
        """
        old = parse_account_name(name, field="account")
        clean = parse_account_name(new_name, field="new_name")
        if old == ledger.DEFAULT_ACCOUNT:
            raise ValidationError(f"{old!r} is your default account: it keeps its name.", field="account")
        if clean == ledger.DEFAULT_ACCOUNT:
            raise ValidationError(
                f"{clean!r} is the name of your default account: pick another name.", field="new_name"
            )
        with write_unit(self.db, self._gate) as (session, actor):
            account = ledger.find_account(session, actor.profile_id, old, field="account")
            if account is None:
                raise NotFoundError(f"You have no account named {old!r}.", field="account")
            if clean == account.name:
                raise ValidationError("That is its name already: type a new one.", field="new_name")
            if ledger.find_account(session, actor.profile_id, clean, field="new_name") is not None:
                raise AlreadyExistsError(f"You already have an account named {clean!r}.", field="new_name")
            account.name = clean
            session.flush()
            audit_money(
                self.audit,
                session,
                actor,
                "exchange.account_renamed",
                {"account": clean, "previous": old, "kind": account.kind},
            )
            return AccountInfo(account.id, account.name, account.kind, account.created_at)

    def list_accounts(self) -> list[AccountInfo]:
        """Your accounts (Main is opened on first use), own ones first."""
        actor = self._gate.check()
        with self.db.read() as session:
            rows = session.scalars(
                select(ExchangeAccount)
                .where(ExchangeAccount.profile_id == actor.profile_id)
                .order_by(ExchangeAccount.kind.desc(), ExchangeAccount.id)
            ).all()
            return [AccountInfo(r.id, r.name, r.kind, r.created_at) for r in rows]

    @operation("exchange.transfer")
    @with_session
    def transfer(self, symbol: str, amount: Amount, from_account: str, to_account: str) -> TransferResult:
        """Move tokens from one of your accounts to another or to a counterparty; never to the same one."""
        with write_unit(self.db, self._gate) as (session, actor):
            token = ledger.token_by_symbol(session, symbol, field="symbol")
            value = ledger.to_base_units(amount, token, field="amount")
            source = ledger.spending_account(
                session, actor.profile_id, from_account, field="from_account", now_ms=self.clock.now_ms()
            )
            target = ledger.receiving_account(session, actor.profile_id, to_account, field="to_account")
            if source.id == target.id:
                raise ValidationError("Pick a different account to send to.", field="to_account")
            ledger.debit(session, source, token, value, field="amount")
            ledger.credit(session, target.id, token.id, value)
            audit_money(
                self.audit,
                session,
                actor,
                "exchange.transfer",
                {"symbol": token.symbol, "amount": value, "from": source.name, "to": target.name},
            )
            return TransferResult(
                token.symbol, source.name, target.name, value, format_amount(value, token.decimals)
            )

    def balances(self, account: str | None = None) -> list[Balance]:
        """Non-zero balances of one account, or of all your own accounts when ``account`` is None."""
        actor = self._gate.check()
        with self.db.read() as session:
            query = (
                select(
                    ExchangeAccount.name, ExchangeToken.symbol, ExchangeToken.decimals, ExchangeBalance.amount
                )
                .join(ExchangeAccount, ExchangeAccount.id == ExchangeBalance.account_id)
                .join(ExchangeToken, ExchangeToken.id == ExchangeBalance.token_id)
                .where(ExchangeAccount.profile_id == actor.profile_id)
                .order_by(ExchangeAccount.id, ExchangeToken.symbol)
            )
            if account is None:
                query = query.where(ExchangeAccount.kind == "own")
            else:
                query = query.where(ExchangeAccount.id == own_account(session, actor.profile_id, account).id)
            return [
                Balance(name, sym, dec, amt, format_amount(amt, dec))
                for name, sym, dec, amt in session.execute(query).all()
                if amt > 0
            ]
