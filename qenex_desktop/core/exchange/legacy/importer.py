"""The import as one run: read the files (outside any transaction), then in one write transaction
plan against the ledger, write, and audit; a refusal or a dry run rolls all of it back.

Order inside the transaction: recognise newer copies of earlier imports and check nothing they
brought was changed here; take the earlier contributions out; plan against the ledger as it is
then; write. The report is built from that same plan, so a dry run reports exactly what the
import would do, and a refused import lists every problem at once.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from qenex_desktop.core.audit import AuditLog
from qenex_desktop.core.auth import ActiveSession
from qenex_desktop.core.clock import Clock
from qenex_desktop.core.db import Database
from qenex_desktop.core.errors import LegacyImportError, ValidationError
from qenex_desktop.core.exchange.legacy.apply import Writer
from qenex_desktop.core.exchange.legacy.footprint import take_out
from qenex_desktop.core.exchange.legacy.plan import Plan, build_plan, check_totals
from qenex_desktop.core.exchange.legacy.pools import check_share_totals, plan_pools
from qenex_desktop.core.exchange.legacy.reader import read_legacy_file
from qenex_desktop.core.exchange.legacy.replace import find_replacements, replacement_problems
from qenex_desktop.core.exchange.legacy.report import ImportReport, build_report, summary_counts
from qenex_desktop.core.exchange.legacy.source import SourceData, read_source
from qenex_desktop.core.exchange.legacy.view import load_view

_MAX_PROBLEMS_IN_MESSAGE = 12


class LegacyImportRefused(LegacyImportError):
    """The import found problems; ``report`` lists them all (nothing was changed)."""

    def __init__(self, report: ImportReport) -> None:
        shown = "; ".join(report.problems[:_MAX_PROBLEMS_IN_MESSAGE])
        more = len(report.problems) - _MAX_PROBLEMS_IN_MESSAGE
        suffix = f" (and {more} more)" if more > 0 else ""
        head = "The import would be refused" if report.dry_run else "Nothing was imported"
        super().__init__(f"{head}: {len(report.problems)} problem(s): {shown}{suffix}")
        self.report = report


class _RollBack(Exception):
    """Leaves the dry run's transaction after every check and write ran, undoing them."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__("dry run")
        self.report = report


class LegacyImporter:
    def __init__(self, database: Database, audit: AuditLog, clock: Clock) -> None:
        self.db = database
        self.audit = audit
        self.clock = clock

    def run(
        self, actor: ActiveSession, *, qenex_os_db: Path | None, defi_db: Path | None, dry_run: bool
    ) -> ImportReport:
        """Import the files whole or not at all; ``LegacyImportRefused`` (also for a dry run that
        would be refused) carries the report, other ``LegacyImportError``s are unreadable files."""
        sources = _read(qenex_os_db, defi_db)
        try:
            with self.db.write() as session:
                report = self._run(session, actor, sources, dry_run)
                if report.refused:
                    raise LegacyImportRefused(report)
                if dry_run:
                    raise _RollBack(report)
        except _RollBack as done:
            return done.report
        return report

    def _run(
        self, session: Session, actor: ActiveSession, sources: list[SourceData], dry_run: bool
    ) -> ImportReport:
        view = load_view(session, actor.profile_id)
        replacing = find_replacements(view, sources)
        problems, notes = replacement_problems(session, view, sources, replacing)
        if problems:
            plan = build_plan(sources, view, {})  # what the file holds, for the report
            plan.problems += problems
            plan.notes += notes
            return build_report(plan, [], [], None, dry_run)
        for live in replacing.values():
            take_out(session, live)
        if replacing:
            view = load_view(session, actor.profile_id)
        plan = build_plan(sources, view, replacing)
        pools, skipped = plan_pools(plan)
        check_totals(plan)
        check_share_totals(plan, pools)
        if plan.problems:
            return build_report(plan, pools, skipped, None, dry_run)
        summary = {"sources": _sources(plan), "counts": summary_counts(plan, pools, skipped)}
        done = Writer(session, plan, actor, self.clock.now_ms()).write(pools, self.audit, summary)
        return build_report(plan, pools, skipped, done, dry_run)


def _read(qenex_os_db: Path | None, defi_db: Path | None) -> list[SourceData]:
    if qenex_os_db is None and defi_db is None:
        raise ValidationError(
            "Name a legacy database: --qenex-os-db FILE and/or --defi-db FILE.", field="source"
        )
    files = []
    if qenex_os_db is not None:
        files.append(read_legacy_file(qenex_os_db, "qenex-os", "qenex_os_db"))
    if defi_db is not None:
        files.append(read_legacy_file(defi_db, "defi", "defi_db"))
    if len(files) == 2 and files[0].sha256 == files[1].sha256:
        raise LegacyImportError("Both options name the same file.", field="defi_db")
    return [read_source(legacy) for legacy in files]


def _sources(plan: Plan) -> list[dict[str, str | None]]:
    return [
        {
            "kind": source.file.kind,
            "sha256": source.file.sha256,
            "name": source.where,
            "replaces": plan.replacing[index].sha256 if index in plan.replacing else None,
        }
        for index, source in enumerate(plan.sources)
    ]
