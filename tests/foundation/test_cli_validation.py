"""Bad input on the command line is a refusal (exit 1, one JSON error object), never a crash.

Each case used to exit 3 (a traceback in the log, nothing on stdout under ``--json``) or to be
accepted: 5,000-digit numbers (past Python's int-string limit), Arabic-Indic and full-width
digits in integer options, a bell character in an RPC URL, keystore files with a version of
"abc", {} or 1e400, binary files, CBC-sealed files and KDF costs that hang the import.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from eth_account import Account
from eth_utils import keccak

from qenex_desktop.cli.main import main
from tests.conftest import STRONG_PASSWORD

QENEX = Path(sys.executable).parent / "qenex"
MANY = "1" * 5000  # more digits than Python's int() takes from text (4,300)
FILE_PASSWORD = "file pass 1"


@dataclass(frozen=True)
class Result:
    returncode: int
    stdout: str
    stderr: str


@dataclass(frozen=True)
class Ledger:
    data_dir: Path
    keyring: Path
    files: Path

    def run(self, *args: str, stdin: str = "") -> Result:
        """``qenex --json ARGS`` through the CLI's own ``main`` (a process per case costs seconds)."""
        out, err = io.StringIO(), io.StringIO()
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("QENEX_KEYRING_FILE", str(self.keyring))
            patch.setattr("sys.stdin", io.StringIO(stdin))
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(["--data-dir", str(self.data_dir), "--json", *args])
        return Result(code, out.getvalue(), err.getvalue())

    def run_process(self, *args: str, stdin: str = "") -> Result:
        """The same through the installed ``qenex`` entry point, in its own process."""
        command = [str(QENEX), "--data-dir", str(self.data_dir), "--json", *args]
        env = {**os.environ, "QENEX_KEYRING_FILE": str(self.keyring)}
        done = subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=120, env=env)
        return Result(done.returncode, done.stdout, done.stderr)


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Ledger:
    """One logged-in profile with three tokens and a pool, shared by all cases (a refusal changes nothing)."""
    root = tmp_path_factory.mktemp("cli-validation")
    ledger = Ledger(root / "data", root / "keyring" / "keyring.cfg", root / "files")
    ledger.files.mkdir()
    password = STRONG_PASSWORD + "\n"
    for args, stdin in [
        (("profile", "create", "--username", "alice", "--password-stdin"), password),
        (("login", "--username", "alice", "--password-stdin"), password),
        (
            ("token", "create", "--symbol", "GOLD", "--name", "Gold", "--decimals", "18", "--supply", "1000"),
            "",
        ),
        (
            (
                "token",
                "create",
                "--symbol",
                "SILV",
                "--name",
                "Silver",
                "--decimals",
                "6",
                "--supply",
                "1000",
            ),
            "",
        ),
        (("token", "create", "--symbol", "TIN", "--name", "Tin", "--decimals", "0", "--supply", "1000"), ""),
        (
            (
                "pool",
                "create",
                "--token-a",
                "GOLD",
                "--token-b",
                "SILV",
                "--amount-a",
                "10",
                "--amount-b",
                "20",
            ),
            "",
        ),
    ]:
        done = ledger.run(*args, stdin=stdin)
        assert done.returncode == 0, done.stderr
    return ledger


def _assert_refused(result: Result, field: str) -> dict[str, Any]:
    assert result.returncode == 1, (result.returncode, result.stderr)
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout  # exactly one JSON object
    reply = json.loads(lines[0])
    assert reply["ok"] is False
    assert reply["error"]["code"] == "invalid_input"
    assert reply["error"]["field"] == field
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("qenex: "), result.stderr
    assert "unexpected fault" not in result.stderr
    return dict(reply["error"])


POOL = ("--token-a", "GOLD", "--token-b", "SILV")
SWAP = ("--from", "GOLD", "--to", "SILV")
NEW_POOL = ("pool", "create", "--token-a", "GOLD", "--token-b", "TIN", "--amount-a", "1", "--amount-b", "1")
NEW_TOKEN = ("token", "create", "--symbol", "NEW", "--name", "New")
PHRASE = "test test test test test test test test test test test junk"
HARDHAT_ACCOUNT_0 = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"  # PHRASE's first account


@pytest.mark.parametrize(
    ("args", "stdin", "field"),
    [
        # numbers past Python's int-string limit, in amounts and in integer options
        ((*NEW_TOKEN, "--decimals", "18", "--supply", MANY), "", "supply"),
        ((*NEW_TOKEN, "--decimals", MANY, "--supply", "1"), "", "decimals"),
        (("token", "mint", "--token", "GOLD", "--amount", MANY), "", "amount"),
        (("swap", "quote", *SWAP, "--amount-in", MANY), "", "amount_in"),
        (("swap", "quote", *SWAP, "--amount-in", "1", "--slippage", MANY), "", "slippage"),
        (("swap", "exec", *SWAP, "--amount-in", "1", "--min-out", "0", "--deadline", MANY), "", "deadline"),
        ((*NEW_POOL, "--fee-bps", MANY), "", "fee_bps"),
        (("liquidity", "remove", *POOL, "--shares", MANY), "", "shares"),
        (("liquidity", "remove", *POOL, "--percent", MANY), "", "percent"),
        (
            ("network", "add", "--name", "N", "--rpc-url", "http://127.0.0.1:1", "--chain-id", MANY),
            "",
            "chain_id",
        ),
        (
            ("wallet", "import", "--mnemonic-stdin", "--accounts", MANY),
            f"{PHRASE}\n{STRONG_PASSWORD}\n",
            "accounts",
        ),
        (("chain", "tx", "list", "--limit", MANY), "", "limit"),
        # digits that are not ASCII, in every integer option
        ((*NEW_TOKEN, "--decimals", "٣", "--supply", "1"), "", "decimals"),
        ((*NEW_TOKEN, "--decimals", "１０", "--supply", "1"), "", "decimals"),
        ((*NEW_POOL, "--fee-bps", "٣٠"), "", "fee_bps"),
        ((*NEW_POOL, "--fee-bps", "１０"), "", "fee_bps"),
        (("swap", "exec", *SWAP, "--amount-in", "1", "--min-out", "0", "--deadline", "٣٠"), "", "deadline"),
        (("swap", "exec", *SWAP, "--amount-in", "1", "--min-out", "0", "--deadline", "１０"), "", "deadline"),
        (
            ("network", "add", "--name", "N", "--rpc-url", "http://127.0.0.1:1", "--chain-id", "١٠"),
            "",
            "chain_id",
        ),
        (
            ("network", "add", "--name", "N", "--rpc-url", "http://127.0.0.1:1", "--chain-id", "１０"),
            "",
            "chain_id",
        ),
        (
            ("wallet", "import", "--mnemonic-stdin", "--accounts", "٣"),
            f"{PHRASE}\n{STRONG_PASSWORD}\n",
            "accounts",
        ),
        (("wallet", "create", "--words", "١٢"), f"{STRONG_PASSWORD}\n", "words"),
        (("liquidity", "remove", *POOL, "--shares", "١٠٠٠٠٠٠٠٠٠"), "", "shares"),  # was burnt as 10^9
        (
            ("liquidity", "remove", *POOL, "--shares", "²"),
            "",
            "shares",
        ),  # isdigit() but not int(): was exit 3
        (("chain", "tx", "list", "--limit", "١"), "", "limit"),
        (("chain", "history", "--no-scan", "--limit", "١"), "", "limit"),
        (("monitor", "metrics", "--window", "٩٠m"), "", "window"),
        (("monitor", "metrics", "--window", "5ſ"), "", "window"),  # long s case-folds to s: was exit 3
        # URLs
        (
            ("network", "add", "--name", "N", "--rpc-url", "http://127.0.0.1:1/\x07", "--chain-id", "5"),
            "",
            "rpc_url",
        ),
        (
            ("network", "add", "--name", "N", "--rpc-url", "http://127.0.0.1:1/\x1b[2J", "--chain-id", "5"),
            "",
            "rpc_url",
        ),
        (
            ("network", "add", "--name", "N", "--rpc-url", "http://exa mple.org", "--chain-id", "5"),
            "",
            "rpc_url",
        ),
        (
            ("network", "add", "--name", "N", "--rpc-url", "file:///etc/passwd", "--chain-id", "5"),
            "",
            "rpc_url",
        ),
    ],
)
def test_bad_numbers_and_urls_are_refusals(
    ledger: Ledger, args: tuple[str, ...], stdin: str, field: str
) -> None:
    _assert_refused(ledger.run(*args, stdin=stdin), field)


def test_nothing_was_changed_by_the_refusals(ledger: Ledger) -> None:
    tokens = json.loads(ledger.run("token", "list").stdout)
    assert sorted(t["symbol"] for t in tokens["tokens"]) == ["GOLD", "SILV", "TIN"]
    networks = json.loads(ledger.run("network", "list").stdout)
    assert [n["name"] for n in networks["networks"]] == ["Local Hardhat"]
    accounts = json.loads(ledger.run("wallet", "list").stdout)["accounts"]
    assert HARDHAT_ACCOUNT_0 not in [a["address"] for a in accounts]  # the refused --accounts imports


def _sealed(key: bytes, *, cipher: str = "aes-128-ctr") -> dict[str, Any]:
    """A keystore v3 file with a valid MAC, sealed with ``cipher`` by this test's own code."""
    salt, iv = os.urandom(32), os.urandom(16)
    derived = hashlib.scrypt(FILE_PASSWORD.encode(), salt=salt, n=2**10, r=8, p=1, dklen=32)
    mode = modes.CTR(iv) if cipher == "aes-128-ctr" else modes.CBC(iv)
    encryptor = Cipher(algorithms.AES(derived[:16]), mode).encryptor()
    ciphertext = encryptor.update(key) + encryptor.finalize()
    return {
        "version": 3,
        "crypto": {
            "cipher": cipher,
            "cipherparams": {"iv": iv.hex()},
            "ciphertext": ciphertext.hex(),
            "kdf": "scrypt",
            "kdfparams": {"n": 2**10, "r": 8, "p": 1, "dklen": 32, "salt": salt.hex()},
            "mac": keccak(derived[16:32] + ciphertext).hex(),
        },
    }


def _keystore_cases() -> list[tuple[str, bytes]]:
    good = _sealed(bytes(Account.create().key))
    text = json.dumps(good)
    pbkdf2 = json.loads(json.dumps(good))
    pbkdf2["crypto"].update(
        kdf="pbkdf2", kdfparams={"c": 2**31 - 1, "prf": "hmac-sha256", "dklen": 32, "salt": "00"}
    )
    scrypt_p = json.loads(text)
    scrypt_p["crypto"]["kdfparams"]["p"] = 65536
    scrypt_dklen = json.loads(text)
    scrypt_dklen["crypto"]["kdfparams"]["dklen"] = 2**31
    return [
        ("version-abc", text.replace('"version": 3', '"version": "abc"').encode()),
        ("version-object", text.replace('"version": 3', '"version": {}').encode()),
        ("version-1e400", text.replace('"version": 3', '"version": 1e400').encode()),
        ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x80"),
        ("aes-128-cbc", json.dumps(_sealed(bytes(Account.create().key), cipher="aes-128-cbc")).encode()),
        ("scrypt-p-65536", json.dumps(scrypt_p).encode()),
        ("scrypt-dklen-2-31", json.dumps(scrypt_dklen).encode()),
        ("pbkdf2-c-2-31", json.dumps(pbkdf2).encode()),
    ]


@pytest.mark.parametrize(("name", "content"), _keystore_cases(), ids=[name for name, _ in _keystore_cases()])
def test_bad_keystore_files_are_refusals(ledger: Ledger, name: str, content: bytes) -> None:
    path = ledger.files / f"{name}.json"
    path.write_bytes(content)
    before = json.loads(ledger.run("wallet", "list").stdout)["accounts"]
    stdin = f"{FILE_PASSWORD}\n{STRONG_PASSWORD}\n"
    result = ledger.run("wallet", "import", "--keystore", str(path), "--password-stdin", stdin=stdin)
    _assert_refused(result, "keystore")
    assert json.loads(ledger.run("wallet", "list").stdout)["accounts"] == before


def test_a_good_keystore_file_still_imports(ledger: Ledger, tmp_path: Path) -> None:
    owner = Account.create()
    path = tmp_path / "good.json"
    path.write_text(json.dumps(_sealed(bytes(owner.key))))
    stdin = f"{FILE_PASSWORD}\n{STRONG_PASSWORD}\n"
    result = ledger.run("wallet", "import", "--keystore", str(path), "--password-stdin", stdin=stdin)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["accounts"][0]["address"] == owner.address


@pytest.mark.parametrize(
    ("args", "stdin", "field"),
    [
        (("token", "mint", "--token", "GOLD", "--amount", MANY), "", "amount"),
        ((*NEW_POOL, "--fee-bps", "٣٠"), "", "fee_bps"),
        (
            ("network", "add", "--name", "N", "--rpc-url", "http://127.0.0.1:1/\x07", "--chain-id", "5"),
            "",
            "rpc_url",
        ),
    ],
)
def test_the_installed_entry_point_refuses_the_same_way(
    ledger: Ledger, args: tuple[str, ...], stdin: str, field: str
) -> None:
    _assert_refused(ledger.run_process(*args, stdin=stdin), field)


def test_the_installed_entry_point_refuses_a_binary_keystore(ledger: Ledger) -> None:
    path = ledger.files / "binary-for-process.json"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe\x80")
    stdin = f"{FILE_PASSWORD}\n{STRONG_PASSWORD}\n"
    result = ledger.run_process("wallet", "import", "--keystore", str(path), "--password-stdin", stdin=stdin)
    _assert_refused(result, "keystore")
