"""Turning revert data into a sentence: Error(string), Panic(uint256) and custom errors.

Panic codes are from the Solidity documentation ("Panic via assert and Error via require").
Custom errors are looked up by selector in the ABIs we know (QXC's artifact carries OZ 5's
ERC20InsufficientBalance, EnforcedPause, AccessControlUnauthorizedAccount, ...).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from eth_abi import decode
from eth_utils import keccak

_ERROR_STRING = bytes.fromhex("08c379a0")  # Error(string)
_PANIC = bytes.fromhex("4e487b71")  # Panic(uint256)
_PANIC_CODES = {
    0x00: "generic compiler panic",
    0x01: "assertion failed",
    0x11: "arithmetic overflow or underflow",
    0x12: "division or modulo by zero",
    0x21: "invalid enum value",
    0x22: "corrupt storage byte array",
    0x31: "pop on an empty array",
    0x32: "array index out of bounds",
    0x41: "out of memory",
    0x51: "call to an uninitialised function",
}


def _type_of(param: dict[str, Any]) -> str:
    kind = str(param["type"])
    if kind.startswith("tuple"):
        inner = ",".join(_type_of(c) for c in param.get("components", []))
        return f"({inner}){kind[5:]}"
    return kind


class RevertDecoder:
    def __init__(self, abis: Iterable[list[dict[str, Any]]] = ()) -> None:
        self._errors: dict[bytes, tuple[str, list[str], list[str]]] = {}
        for abi in abis:
            self.add_abi(abi)

    def add_abi(self, abi: list[dict[str, Any]]) -> None:
        for entry in abi:
            if entry.get("type") != "error":
                continue
            types = [_type_of(p) for p in entry.get("inputs", [])]
            names = [str(p.get("name") or f"arg{i}") for i, p in enumerate(entry.get("inputs", []))]
            signature = f"{entry['name']}({','.join(types)})"
            self._errors[keccak(text=signature)[:4]] = (str(entry["name"]), types, names)

    def describe(self, data: str | bytes | None) -> str:
        """A readable reason for revert data; never raises."""
        if data is None:
            return "reverted without a reason"
        raw = bytes.fromhex(data.removeprefix("0x")) if isinstance(data, str) else bytes(data)
        if not raw:
            return "reverted without a reason"
        head, body = raw[:4], raw[4:]
        try:
            if head == _ERROR_STRING:
                return str(decode(["string"], body)[0])
            if head == _PANIC:
                code = int(decode(["uint256"], body)[0])
                return f"panic 0x{code:02x}: {_PANIC_CODES.get(code, 'unknown panic code')}"
            known = self._errors.get(head)
            if known is not None:
                name, types, names = known
                values = decode(types, body) if types else ()
                shown = ", ".join(f"{n}={_show(v)}" for n, v in zip(names, values, strict=True))
                return f"{name}({shown})"
        except Exception:
            pass
        return f"reverted with unknown error data 0x{raw.hex()[:72]}"


def _show(value: Any) -> str:
    if isinstance(value, bytes):
        return "0x" + value.hex()
    return str(value)
