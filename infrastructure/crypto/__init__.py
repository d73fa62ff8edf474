"""Confidentiality: the algorithm suite, master keys, per-review data keys, the field mapper."""
