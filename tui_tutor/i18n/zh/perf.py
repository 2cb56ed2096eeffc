"""Strings of speed: sweeps, redraws, start-up (Chinese)."""

STRINGS: dict[str, str] = {}
