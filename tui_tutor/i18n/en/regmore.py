"""Strings of early stopping and data augmentation (lesson other-regularization) (English)."""

STRINGS: dict[str, str] = {}
