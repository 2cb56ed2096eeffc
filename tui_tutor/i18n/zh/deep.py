"""Strings of deep nets: many layers, activations, identity init, the layers view (Chinese)."""

STRINGS: dict[str, str] = {}
