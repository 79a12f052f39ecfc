"""The wallet's on-chain half: networks, the node client, sends, tracking, history, QXC, the local node.

Importing this package is cheap; web3 is imported by the modules that need it.
"""
