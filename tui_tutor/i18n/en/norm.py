"""Strings of normalizing inputs, feature scale and the cost-surface view (English)."""

STRINGS: dict[str, str] = {}
