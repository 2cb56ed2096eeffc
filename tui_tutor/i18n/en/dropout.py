"""Strings of dropout: keep_prob, the thinned cost, lessons dropout and understanding-dropout (English)."""

STRINGS: dict[str, str] = {}
