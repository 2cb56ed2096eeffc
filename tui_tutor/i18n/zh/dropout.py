"""Strings of dropout: keep_prob, the thinned cost, lessons dropout and understanding-dropout (Chinese)."""

STRINGS: dict[str, str] = {}
