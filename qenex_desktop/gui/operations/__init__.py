"""Background operations: the runner (``runner.Operations``) and, per domain, named factories.

Widgets call the factories (``operations.chain.send(ctx, ...)``): each holds one mutation's core
call, its operation name and which error field lands on which inline label, so the field maps of a
domain live in one module instead of at every call site.
"""

from qenex_desktop.gui.operations.runner import Done, Failed, InlineErrorTarget, Operations

__all__ = ["Done", "Failed", "InlineErrorTarget", "Operations"]
