"""The audit log's reading side, one place for the GUI and the CLI (issue 11, section 3)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from qenex_desktop.core.app import QenexCore
from tests.foundation.helpers import raw_ledger


def test_pages_come_newest_first_with_details_parsed(logged_in_core: QenexCore) -> None:
    core = logged_in_core
    core.exchange.create_token("GOLD", "Gold", 2, "1000")
    page = core.audit_trail.page(limit=2)
    assert [r.event for r in page] == ["exchange.token_created", "login.succeeded"]
    assert page[0].details is not None and page[0].details["symbol"] == "GOLD"
    assert page[0].details_text == json.dumps(page[0].details, sort_keys=True, separators=(",", ":"))
    assert core.audit_trail.page(limit=1, before_id=page[0].id)[0].id == page[1].id


def test_one_persons_entries_of_given_kinds(logged_in_core: QenexCore) -> None:
    core = logged_in_core
    core.exchange.create_token("GOLD", "Gold", 2, "1000")
    core.exchange.create_account("Savings")
    mine = core.audit_trail.of_events(["exchange.account_created"], actor="alice")
    assert [r.event for r in mine] == ["exchange.account_created"]
    assert core.audit_trail.of_events(["exchange.account_created"], actor="bob") == []


def test_verify_and_export_through_the_trail(
    logged_in_core: QenexCore, tmp_path: Path, config: object
) -> None:
    core = logged_in_core
    assert core.audit_trail.verify(full=True).ok
    target = tmp_path / "audit.jsonl"
    count = core.audit_trail.export_to(target, "jsonl")
    assert count == len(target.read_text().splitlines()) >= 2
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with raw_ledger(core.db.path) as raw:
        raw.execute("DROP TRIGGER IF EXISTS audit_log_id_never_changes")
        raw.execute("UPDATE audit_log SET actor = 'mallory' WHERE id = 1")
    assert not core.audit_trail.verify(full=True).ok
