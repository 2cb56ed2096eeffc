"""Strings of early stopping and data augmentation (lesson other-regularization) (Chinese)."""

STRINGS: dict[str, str] = {
    "field.patience": "早停耐心值 (patience)",
    "what.patience": "早停的耐心值",
    "field.augment": "数据增强 (augment)",
    "what.augment": "数据增强方式",
    "field.augment_copies": "每个样本的副本数 (augment_copies)",
    "what.augment_copies": "增强副本的数量",
    "metric.m_augmented": "增强副本数",
    "metric.best_epoch": "验证集最佳轮次",
    "state.stopped": "已提前停止",
    "legend.best_epoch": "最佳轮次 {best}",
    "readout.best_epoch": "已早停：采用第 {best} 轮的权重",
    "readout.best_epoch_end": "早停：采用第 {best} 轮的权重",
    "readout.m_train_augmented": "训练样本 {total}（{drawn} 个 + {copies} 个副本）",
    "legend.points_copies": "副本",
}
