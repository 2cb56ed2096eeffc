"""Strings of early stopping and data augmentation (lesson other-regularization) (Chinese)."""

STRINGS: dict[str, str] = {}
