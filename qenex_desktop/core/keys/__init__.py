"""Keys of the wallet: BIP-39/BIP-32 derivation, keystore v3 files, the encrypted vault."""
