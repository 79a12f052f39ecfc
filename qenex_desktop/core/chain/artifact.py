"""The compiled QXC token shipped inside the package (written by ``npm run export-artifact``).

The app deploys from this file with web3, so it needs no Node.js at run time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from eth_abi import encode

from qenex_desktop.core.errors import ChainError

ARTIFACT_NAME = "QXCToken.json"
_REQUIRED = ("contractName", "abi", "bytecode", "deployedBytecode", "compiler", "sourceHash")


@dataclass(frozen=True)
class ContractArtifact:
    name: str
    abi: list[dict[str, Any]]
    bytecode: str
    deployed_bytecode: str
    compiler: str
    source_hash: str
    #: (start, length) byte ranges of the runtime code that hold immutables, set at deploy.
    immutable_ranges: tuple[tuple[int, int], ...] = ()

    def constructor_inputs(self) -> list[dict[str, Any]]:
        for entry in self.abi:
            if entry.get("type") == "constructor":
                return list(entry.get("inputs", []))
        return []

    def runtime_matches(self, code: str) -> bool:
        """Whether ``code`` (eth_getCode) is this contract's runtime code, immutables aside."""
        expected = bytes.fromhex(self.deployed_bytecode.removeprefix("0x"))
        try:
            actual = bytes.fromhex(code.removeprefix("0x"))
        except ValueError:
            return False
        if len(actual) != len(expected) or not expected:
            return False
        masked_expected, masked_actual = bytearray(expected), bytearray(actual)
        for start, length in self.immutable_ranges:
            masked_expected[start : start + length] = bytes(length)
            masked_actual[start : start + length] = bytes(length)
        return masked_expected == masked_actual

    def deploy_data(self, args: list[Any]) -> str:
        types = [str(p["type"]) for p in self.constructor_inputs()]
        if len(types) != len(args):
            raise ChainError(f"{self.name}'s constructor takes {len(types)} arguments, got {len(args)}.")
        return self.bytecode + (encode(types, args).hex() if types else "")


def parse_artifact(document: dict[str, Any]) -> ContractArtifact:
    missing = [key for key in _REQUIRED if key not in document]
    if missing:
        raise ChainError(f"The contract artifact lacks {', '.join(missing)}: re-run npm run export-artifact.")
    compiler = document["compiler"]
    bytecode = str(document["bytecode"])
    if not bytecode.startswith("0x"):
        bytecode = "0x" + bytecode
    deployed = str(document["deployedBytecode"])
    if not deployed.startswith("0x"):
        deployed = "0x" + deployed
    ranges = tuple(
        sorted(
            (int(ref["start"]), int(ref["length"]))
            for refs in dict(document.get("immutableReferences") or {}).values()
            for ref in refs
        )
    )
    return ContractArtifact(
        name=str(document["contractName"]),
        abi=list(document["abi"]),
        bytecode=bytecode,
        deployed_bytecode=deployed,
        compiler=compiler if isinstance(compiler, str) else json.dumps(compiler, sort_keys=True),
        source_hash=str(document["sourceHash"]),
        immutable_ranges=ranges,
    )


@lru_cache(maxsize=1)
def qxc_artifact() -> ContractArtifact:
    source = resources.files("qenex_desktop.core.chain") / "artifacts" / ARTIFACT_NAME
    try:
        text = source.read_text("utf-8")
    except FileNotFoundError:
        raise ChainError(
            "The QXC contract artifact is missing from the package "
            "(qenex_desktop/core/chain/artifacts/QXCToken.json): run `npm run export-artifact` in contracts/."
        ) from None
    return parse_artifact(json.loads(text))
