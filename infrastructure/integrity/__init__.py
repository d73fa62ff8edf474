"""Integrity: the hash chain over stored events, signed checkpoints, verification, bundles."""
