"""Strings of deep nets: many layers, activations, identity init, the layers view (English)."""

STRINGS: dict[str, str] = {}
