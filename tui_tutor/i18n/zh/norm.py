"""Strings of normalizing inputs, feature scale and the cost-surface view (Chinese)."""

STRINGS: dict[str, str] = {}
