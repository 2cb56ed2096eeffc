"""Strings of early stopping and data augmentation (lesson other-regularization) (English)."""

STRINGS: dict[str, str] = {
    "field.patience": "early-stopping patience (patience)",
    "what.patience": "the early-stopping patience",
    "field.augment": "augmentation (augment)",
    "what.augment": "the data augmentation",
    "field.augment_copies": "copies per example (augment_copies)",
    "what.augment_copies": "the number of augmented copies",
    "metric.m_augmented": "augmented copies",
    "metric.best_epoch": "best dev epoch",
    "state.stopped": "stopped early",
    "legend.best_epoch": "best epoch {best}",
    "readout.best_epoch": "stopped early: weights of epoch {best}",
    "readout.best_epoch_end": "early stopping: weights of epoch {best}",
    "readout.m_train_augmented": "training examples {total} ({drawn} + {copies} copies)",
    "legend.points_copies": "copies",
}
