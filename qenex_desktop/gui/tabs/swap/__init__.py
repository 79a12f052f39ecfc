"""The Swap tab (``tab.SwapTab``): its form (``form``) and what a quote means (``quote``)."""
