"""Strings of speed: sweeps, redraws, start-up (English)."""

STRINGS: dict[str, str] = {}
