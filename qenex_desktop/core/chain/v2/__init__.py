"""Uniswap V2 on the connected network: its deployment, quotes from the pairs' reserves, swaps.

``abi`` (the functions the wallet calls, as ABI data), ``deployment`` (a network's factory,
router and WETH, checked against the router), ``local`` (the dev chain's deploy through
``contracts/scripts/deploy-v2.js``), ``quote`` (routes and exact quotes with ``core.amm``),
``swap`` (approve, then the router's swap, both tracked like sends) and ``venue`` (the one object
the CLI and the GUI call).
"""
