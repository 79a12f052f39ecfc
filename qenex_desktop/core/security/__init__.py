"""Passwords, the keyring, and the rules around them."""
