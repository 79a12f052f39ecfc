"""The Liquidity tab (``tab.LiquidityTab``) and what its tables show (``tables``)."""
