"""The legacy import's ``ImportReport`` for people: a headline and headed sections.

Sections, each only when it has something: what is refused and why (problems), what to tell each
imported user (their login name, and why it differs from their old one), the files read, the
tokens (supply, what rounding down to base units dropped, what was declared but not held), the
holders and the accounts they land in, the pools (and the ones skipped), the history carried over,
the counts and the notes. The same words as the CLI's report where the CLI has them.
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

from qenex_desktop.core.exchange.legacy import ImportReport, PoolLine, TokenLine, UserLine


def headline(report: ImportReport) -> str:
    """One sentence: refused or not, dry run or done, and how much."""
    if report.refused:
        head = "This import would be refused" if report.dry_run else "Nothing was imported"
        return f"{head}: {len(report.problems)} problem(s), listed first below. Nothing was changed."
    counts = report.counts
    what = (
        f"{counts.get('users', 0)} user(s), {counts.get('assets', 0)} token(s), "
        f"{counts.get('balances', 0)} balance(s), {counts.get('pools', 0)} pool(s)"
    )
    if report.dry_run:
        return f"Dry run: nothing was changed. The import would bring {what}. Press Import to bring it in."
    return f"Imported {what}. Tell each imported user the login name below."


def user_text(user: UserLine) -> str:
    """What to tell one imported user."""
    if not user.active:
        return (
            f"{user.original!r} ({user.source}): imported as {user.login!r}, but inactive in the "
            "original: they cannot log in"
        )
    text = f"{user.original!r} ({user.source}): log in as {user.login!r} with their old password"
    if user.mapped_because is not None:
        text += f" (not their old name: {user.mapped_because})"
    return text


def _token_lines(token: TokenLine) -> list[str]:
    out = []
    if token.dust_total != "0":
        out.append(
            f"rounded down to base units: {token.dust_total} {token.symbol} dropped in all, the largest "
            f"single drop {token.dust_largest} ({token.dust_largest_from})"
        )
    out += [
        f"{where} said total_supply {text}; the supply here is what is held"
        for where, text in token.declared
        if where in token.declared_differs
    ]
    if token.created_from_nothing != "0":
        out.append(f"{token.created_from_nothing} in pools was created from nothing by the original")
    if token.not_counted_twice != "0":
        out.append(f"{token.not_counted_twice} of the 'pool' holder mirrors pool reserves: counted once")
    if token.residues:
        out.append(f"{token.residues} negative float residue(s) imported as 0")
    return out


def _pool_text(pool: PoolLine) -> tuple[str, list[str]]:
    merged = "; joined at one price with another file's or an earlier import's pool" if pool.merged else ""
    text = (
        f"{pool.pair}: {pool.reserves[0]} / {pool.reserves[1]}, fee {pool.fee_bps} bps, "
        f"{pool.providers} provider(s){merged}"
    )
    paid = [
        f"{amount} {symbol} did not fit the pool's price: paid to {who!r} ({where})"
        for where, who, symbol, amount in pool.paid_out
    ]
    return text, paid


def sections(report: ImportReport) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """(section title, [(line, sub-lines)]) in the order shown; empty sections left out."""
    users_title = (
        "Users: what to tell each one" if not report.dry_run else "Users: the login name each would have"
    )
    tokens = [
        (
            f"{t.symbol} ({t.decimals} decimals): supply {t.supply_text}" + (", merged" if t.merged else ""),
            _token_lines(t),
        )
        for t in report.tokens
    ]
    found: list[tuple[str, list[tuple[str, list[str]]]]] = [
        ("Refused: why", [(p, []) for p in report.problems]),
        (users_title, [(user_text(u), []) for u in report.users]),
        (
            "Files",
            [
                (
                    f"{s.name} ({s.kind}, sha256 {s.sha256[:16]}…)"
                    + (" replaces its earlier import" if s.replaces else ""),
                    [],
                )
                for s in report.sources
            ],
        ),
        ("Tokens: what comes in, what is rounded", tokens),
        (
            "Holders: where each lands",
            [
                (f"{h.holder!r} ({h.source}) → account {h.account!r} of {h.profile}", [])
                for h in report.holders
            ],
        ),
        ("Pools", [_pool_text(p) for p in report.pools]),
        ("Pools skipped", [(f"{s.pair} ({s.source}): {s.reason}", []) for s in report.skipped_pools]),
        (
            "History carried over (read-only)",
            [(f"{count} {table} row(s)", []) for table, count in sorted(report.history.items())],
        ),
        ("Notes", [(n, []) for n in report.notes]),
    ]
    return [(title, lines) for title, lines in found if lines]


class ReportView(QTextBrowser):
    """The report's sections as headed lists that wrap to the width (every word visible, and
    selectable to copy). What the files hold is text: it is escaped, never markup."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("legacyReport")
        self.setOpenLinks(False)
        self._texts: list[str] = []

    def show_report(self, report: ImportReport) -> None:
        self._texts = []
        parts = []
        for title, lines in sections(report):
            heading = f"{title} ({len(lines)})"
            self._texts.append(heading)
            items = []
            for text, more in lines:
                self._texts += [text, *more]
                subs = "".join(f"<li>{escape(sub)}</li>" for sub in more)
                items.append(f"<li>{escape(text)}" + (f"<ul>{subs}</ul>" if subs else "") + "</li>")
            parts.append(f"<h4>{escape(heading)}</h4><ul>{''.join(items)}</ul>")
        self.setHtml("".join(parts))

    def clear(self) -> None:
        self._texts = []
        super().clear()

    def texts(self) -> list[str]:
        """Every line shown, each section's heading then its lines (tests and Copy)."""
        return list(self._texts)
