"""The address book, labels (BIP-329) and the look-alike rules of the checks before signing (issue 15)."""
