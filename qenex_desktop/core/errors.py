"""Domain exceptions: errors a person can cause, each with a message they can act on.

The GUI shows ``str(error)``; the CLI prints it and exits non-zero. When one of these is raised
inside a unit of work, the transaction is rolled back, so nothing has changed.
"""

from __future__ import annotations


class QenexError(Exception):
    """Base of every error a person can cause or fix."""

    #: Short machine-readable kind, used in ``--json`` output and by the GUI to place inline errors.
    code = "error"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        #: The input field that caused the error, when there is one ("amount", "address", ...).
        self.field = field

    def __str__(self) -> str:
        return self.message


class ValidationError(QenexError):
    code = "invalid_input"


class NotFoundError(QenexError):
    code = "not_found"


class AlreadyExistsError(QenexError):
    code = "already_exists"


class AuthenticationError(QenexError):
    code = "authentication_failed"


class LockedOutError(AuthenticationError):
    code = "locked_out"

    def __init__(self, message: str, *, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class ProfileInactiveError(AuthenticationError):
    """The password was right, but the profile is inactive (an original QENEX user marked so)."""

    code = "profile_inactive"


class NotLoggedInError(QenexError):
    code = "not_logged_in"


class PermissionDeniedError(QenexError):
    code = "permission_denied"


class InsufficientFundsError(QenexError):
    code = "insufficient_funds"


class SlippageError(QenexError):
    code = "slippage"


class DeadlineExpiredError(QenexError):
    code = "deadline_expired"


class LedgerBusyError(QenexError):
    code = "ledger_busy"


class KeyringUnavailableError(QenexError):
    code = "keyring_unavailable"


class ChainError(QenexError):
    code = "chain_error"


class NodeUnreachableError(ChainError):
    """No answer from the node. ``request_may_have_arrived`` is False only when no connection was
    ever made: after the request was written, a lost answer says nothing about what the node did."""

    code = "node_unreachable"

    def __init__(
        self, message: str, *, field: str | None = None, request_may_have_arrived: bool = False
    ) -> None:
        super().__init__(message, field=field)
        self.request_may_have_arrived = request_may_have_arrived


class WrongChainError(ChainError):
    code = "wrong_chain"


class TransactionRevertedError(ChainError):
    code = "reverted"


class LegacyImportError(QenexError):
    """A legacy import that cannot land as a whole."""

    code = "import_failed"


class WalletLockedError(QenexError):
    """Signing or exporting needs the wallet unlocked with the profile password."""

    code = "wallet_locked"


class LocalNodeError(ChainError):
    """The local Hardhat node cannot be started or stopped (Node.js, npm or contracts/ missing...)."""

    code = "local_node"


class StaleChainError(ChainError):
    """The node now serves a different chain (new genesis) than the one this data belongs to."""

    code = "stale_chain"


class SchemaTooNewError(QenexError):
    """The ledger was upgraded by a newer version of the app than this one."""

    code = "schema_too_new"
