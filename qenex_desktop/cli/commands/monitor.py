"""``qenex monitor health | metrics | stats``: the monitoring core from the command line."""

from __future__ import annotations

import argparse
from typing import Any

from qenex_desktop.cli.context import EXIT_OK, EXIT_REFUSED, CliContext, CommandResult
from qenex_desktop.cli.formatting import iso_time
from qenex_desktop.core.monitoring import PoolRef, PoolSummary, format_window, parse_window
from qenex_desktop.core.monitoring.health import FULL_AUDIT
from qenex_desktop.core.monitoring.types import HealthStatus, OperationStats, SystemSnapshot
from qenex_desktop.core.validation import format_amount

_CHECKS = ["database", "schema", "keyring", "node", "audit"]


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "monitor", help="health checks, operation metrics, system and transaction stats"
    )
    sub = parser.add_subparsers(dest="monitor_command", metavar="ACTION", required=True)
    health = sub.add_parser("health", help="run the health checks (database, schema, keyring, node, audit)")
    health.add_argument("--check", action="append", choices=_CHECKS, help="run only this check (repeatable)")
    health.add_argument(
        "--full-audit", action="store_true", help="verify the whole audit chain, not only new entries"
    )
    health.add_argument("--last", action="store_true", help="show the stored results of the last run instead")
    health.set_defaults(handler=health_command)
    metrics = sub.add_parser("metrics", help="latency percentiles and throughput per operation")
    metrics.add_argument("--operation", metavar="NAME", help="only this operation (e.g. auth.login)")
    metrics.add_argument("--window", default="1h", help="how far back: 90s, 15m, 1h, 7d, ... (default 1h)")
    metrics.set_defaults(handler=metrics_command)
    stats = sub.add_parser("stats", help="the app process, ledger size, node, and transaction counts/volumes")
    stats.add_argument("--window", default="24h", help="transaction window (default 24h)")
    stats.add_argument("--no-node", action="store_true", help="do not probe the node")
    stats.set_defaults(handler=stats_command)


def health_command(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    monitoring = ctx.core.monitoring
    results = (
        monitoring.health() if args.last else monitoring.check_health(args.check, full_audit=args.full_audit)
    )
    checks = [
        {
            "name": r.name,
            "status": r.status.value,
            "message": r.message,
            "checked_at": iso_time(r.checked_at_ms),
            "checked_at_ms": r.checked_at_ms,
            "duration_us": r.duration_us,
        }
        for r in results
    ]
    healthy = all(r.status.value in ("ok", "warn") for r in results)
    if not results:
        return CommandResult(
            {"healthy": None, "checks": []}, "No health check has run yet: qenex monitor health."
        )
    lines = [_health_line(r) for r in results]
    lines.append("Healthy." if healthy else "Not healthy: see the FAIL/UNKNOWN lines above.")
    code = EXIT_OK if healthy else EXIT_REFUSED
    return CommandResult({"healthy": healthy, "checks": checks}, "\n".join(lines), exit_code=code)


def _health_line(result: HealthStatus) -> str:
    """One check a line; the last full audit walk and the quick check (both run on a schedule, so
    they may be hours old) also say when they ran."""
    label = {FULL_AUDIT: "full check", "database": "quick check"}.get(result.name)
    when = f" ({label} at {iso_time(result.checked_at_ms)})" if label else ""
    return f"{result.name:<10} {result.status.value.upper():<7} {result.message}{when}"


def _ms(us: int | None) -> str:
    return "-" if us is None else f"{us / 1000:.2f}"


def _stats_json(s: OperationStats) -> dict[str, Any]:
    return {
        "operation": s.operation,
        "count": s.count,
        "errors": s.errors,
        "refusals": s.refusals,
        "faults": s.faults,
        "throughput_per_s": s.throughput_per_s,
        "mean_us": s.mean_us,
        "min_us": s.min_us,
        "max_us": s.max_us,
        "p50_us": s.p50_us,
        "p95_us": s.p95_us,
        "p99_us": s.p99_us,
        "exact": s.exact,
        "outcomes": s.outcomes,
    }


def metrics_command(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    window_ms = parse_window(args.window)
    rows = ctx.core.monitoring.operation_stats(window_ms, args.operation)
    data = {
        "window": format_window(window_ms),
        "window_ms": window_ms,
        "operations": [_stats_json(r) for r in rows],
    }
    if not rows:
        what = f"{args.operation!r}" if args.operation else "any operation"
        return CommandResult(data, f"No calls of {what} in the last {format_window(window_ms)}.")
    header = (
        f"{'operation':<28} {'calls':>7} {'refused':>7} {'failed':>6} {'per s':>8} "
        f"{'p50 ms':>9} {'p95 ms':>9} {'p99 ms':>9}"
    )
    lines = [header]
    for r in rows:
        mark = "" if r.exact else " ~"
        lines.append(
            f"{r.operation:<28} {r.count:>7} {r.refusals:>7} {r.faults:>6} {r.throughput_per_s:>8.3f} "
            f"{_ms(r.p50_us):>9} {_ms(r.p95_us):>9} {_ms(r.p99_us):>9}{mark}"
        )
    lines.append("refused: the person's input (slippage, funds, a wrong password); failed: faults")
    if any(not r.exact for r in rows):
        lines.append("~ estimated from minute/hour aggregates (within about 5%)")
    return CommandResult(data, "\n".join(lines))


def _system_json(s: SystemSnapshot) -> dict[str, Any]:
    return {
        "t_ms": s.t_ms,
        "cpu_percent": s.cpu_percent,
        "rss_bytes": s.rss_bytes,
        "open_files": s.open_files,
        "db_bytes": s.db_bytes,
        "wal_bytes": s.wal_bytes,
        "node_reachable": s.node_reachable,
        "node_latency_ms": s.node_latency_ms,
        "block_height": s.block_height,
    }


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MiB"


def _pair(ref: PoolRef, amount0: int, amount1: int) -> str:
    """Both sides, the base first as the pool is listed."""
    sides = [(amount0, ref.decimals0, ref.symbol0), (amount1, ref.decimals1, ref.symbol1)]
    if not ref.base_is_token0:
        sides.reverse()
    return " + ".join(f"{format_amount(units, decimals)} {symbol}" for units, decimals, symbol in sides)


def _pool_json(p: PoolSummary) -> dict[str, Any]:
    return {
        "pool_id": p.pool.pool_id,
        "venue": p.pool.venue,
        "network": p.pool.network,
        "pair_address": p.pool.pair_address,
        "pair": p.pool.name,
        "swaps": p.swaps,
        "volume0": str(p.volume0),
        "volume1": str(p.volume1),
        "fees0": str(p.fees0),
        "fees1": str(p.fees1),
        "reserve0": str(p.reserve0),
        "reserve1": str(p.reserve1),
        "tvl_in_token1": str(p.tvl_in_token1),
        "price_change_bps": p.price_change_bps,
        "base": p.pool.base_symbol,
        "quote": p.pool.quote_symbol,
        "tvl_in_quote": str(p.tvl_in_quote),
        "base_price_change_bps": p.base_price_change_bps,
    }


def _operations_summary(rows: list[OperationStats]) -> tuple[dict[str, int], str]:
    """The window's calls, the person's refusals and the faults, counted apart (JSON, one line)."""
    calls, refused, failed = (sum(getattr(r, what) for r in rows) for what in ("count", "refusals", "faults"))
    return (
        {"calls": calls, "refusals": refused, "faults": failed},
        f"Operations: {calls} calls, {refused} refused (your input), {failed} failed (faults)",
    )


def stats_command(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    window_ms = parse_window(args.window)
    monitoring = ctx.core.monitoring
    system = monitoring.sample_system(probe_node=not args.no_node)
    volumes = monitoring.transaction_volumes(window_ms)
    data = {
        "system": _system_json(system),
        "window": format_window(window_ms),
        "transactions": [
            {
                "source": v.source,
                "kind": v.kind,
                "status": v.status,
                "asset": v.asset,
                "decimals": v.decimals,
                "count": v.count,
                "volume": str(v.volume),  # base units, as text: JSON readers lose ints past 2^53
            }
            for v in volumes
        ],
    }
    operations, operations_line = _operations_summary(monitoring.operation_stats(window_ms))
    data["operations"] = operations
    if system.node_reachable is None:
        node = "not probed"
    elif system.node_reachable:
        node = f"reachable, {system.node_latency_ms:.1f} ms, block {system.block_height}"
    else:
        node = "not reachable (or wrong chain id)"
    lines = [
        f"CPU:        {system.cpu_percent:.1f}% (this process)",
        f"Memory:     {_mib(system.rss_bytes)} resident",
        f"Open files: {system.open_files}",
        f"Ledger:     {_mib(system.db_bytes)}, WAL {_mib(system.wal_bytes)}",
        f"Node:       {node}",
        operations_line,
        f"Transactions in the last {format_window(window_ms)}:",
    ]
    summaries = [
        monitoring.pool_summary(pool.pool_id, window_ms, venue=pool.venue) for pool in monitoring.pools()
    ]
    data["pools"] = [_pool_json(p) for p in summaries]
    if not volumes:
        lines.append("  none")
    for v in volumes:
        lines.append(
            f"  {v.source:<5} {v.kind:<12} {v.status:<10} {v.count:>5} x  "
            f"{format_amount(v.volume, v.decimals)} {v.asset}"
        )
    if summaries:
        lines.append(f"Pools, last {format_window(window_ms)}:")
    for p in summaries:
        ref = p.pool
        bps = p.base_price_change_bps
        change = "-" if bps is None else f"{'+' if bps >= 0 else '-'}{format_amount(abs(bps), 2)}%"
        name = ref.name if ref.venue == "ledger" else f"{ref.name} ({ref.network}, Uniswap V2)"
        lines.append(
            f"  {name:<14} {p.swaps:>5} swaps  volume {_pair(ref, p.volume0, p.volume1)}  "
            f"fees {_pair(ref, p.fees0, p.fees1)}  "
            f"TVL {format_amount(p.tvl_in_quote, ref.quote_decimals)} {ref.quote_symbol}  price {change}"
        )
    return CommandResult(data, "\n".join(lines))
