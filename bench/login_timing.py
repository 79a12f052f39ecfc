"""Login cost on this machine: Argon2id with the default parameters, the legacy PBKDF2 check, and
whether an unknown username answers as slowly as a known one.

Run: ``.venv/bin/python -m bench.login_timing [--runs N]``. Prints one JSON object (times in ms,
medians over N runs, plus min and max). The issue asks for the measured verify time in the README
(Security section); the unknown-vs-known ratio should be close to 1.

Logins run through the real core on a throw-away data dir with the real file keyring, so they
include the ledger writes (audit entry, session row) around the hashing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig, Argon2Parameters, SecuritySettings
from qenex_desktop.core.errors import AuthenticationError
from qenex_desktop.core.security.keyring_store import _plaintext_file_backend
from qenex_desktop.core.security.passwords import LEGACY_PBKDF2_ITERATIONS, PasswordHasher, legacy_hash

PASSWORD = "lantern orbit velvet 42"
WRONG = "not the right password"


def _ms(samples: list[float]) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(samples) * 1000, 1),
        "min_ms": round(min(samples) * 1000, 1),
        "max_ms": round(max(samples) * 1000, 1),
    }


def _time(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _hashing(runs: int) -> dict[str, Any]:
    params = Argon2Parameters()
    hasher = PasswordHasher(params)
    encoded = hasher.hash(PASSWORD)
    legacy = legacy_hash(PASSWORD, secrets.token_hex(32))
    salt, _key = legacy.split("$")
    hash_s, verify_s, pbkdf2_s, legacy_verify_s = [], [], [], []
    for _ in range(runs):
        hash_s.append(_time(lambda: hasher.hash(PASSWORD)))
        verify_s.append(_time(lambda: hasher.verify(encoded, PASSWORD)))
        pbkdf2_s.append(
            _time(
                lambda: hashlib.pbkdf2_hmac(
                    "sha256", PASSWORD.encode(), salt.encode(), LEGACY_PBKDF2_ITERATIONS, 32
                )
            )
        )
        legacy_verify_s.append(_time(lambda: hasher.verify(legacy, PASSWORD)))
    return {
        "argon2id_parameters": {
            "time_cost": params.time_cost,
            "memory_kib": params.memory_cost_kib,
            "parallelism": params.parallelism,
        },
        "argon2id_hash": _ms(hash_s),
        "argon2id_verify": _ms(verify_s),
        "pbkdf2_sha256_200k": _ms(pbkdf2_s),
        # PBKDF2 plus the Argon2 work it also does, so legacy profiles do not answer faster.
        "legacy_verify_total": _ms(legacy_verify_s),
    }


def _logins(runs: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="qenex-bench-") as tmp:
        root = Path(tmp)
        # Default Argon2 cost; lockout disabled so repeated wrong passwords keep measuring the check.
        config = AppConfig(
            data_dir=root / "data",
            keyring_file=root / "keyring.cfg",
            security=SecuritySettings(max_failed_logins=10**9),
        )
        core = QenexCore(config, keyring_backend=_plaintext_file_backend(config.keyring_file))
        try:
            core.auth.create_profile("alice", PASSWORD)

            def login_ok() -> None:
                core.auth.login("alice", PASSWORD)

            def attempt(username: str) -> Callable[[], None]:
                def run() -> None:
                    try:
                        core.auth.login(username, WRONG)
                    except AuthenticationError:
                        return
                    raise AssertionError("a wrong password was accepted")

                return run

            known_ok, known_wrong, unknown = [], [], []
            for _ in range(runs):  # interleaved, so machine noise hits all three alike
                known_ok.append(_time(login_ok))
                core.auth.logout()
                known_wrong.append(_time(attempt("alice")))
                unknown.append(_time(attempt("mallory")))
        finally:
            core.close()
    wrong_median = statistics.median(known_wrong)
    return {
        "login_known_user_right_password": _ms(known_ok),
        "login_known_user_wrong_password": _ms(known_wrong),
        "login_unknown_user": _ms(unknown),
        "unknown_vs_known_wrong_ratio": round(statistics.median(unknown) / wrong_median, 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    result = {
        "bench": "login_timing",
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
        },
        "runs": args.runs,
        **_hashing(args.runs),
        **_logins(args.runs),
    }
    json.dump(result, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
