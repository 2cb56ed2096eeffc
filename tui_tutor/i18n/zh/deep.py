"""Strings of deep nets: many layers, activations, identity init, the layers view (Chinese)."""

STRINGS: dict[str, str] = {
    # the layers view
    "view.layers": "逐层",
    "layers.title": "逐层大小，对数刻度（L = {L}）",
    "layers.sampled": "· 每 {k} 层画一层",
    "layers.waiting": "第一次记录后显示每层的大小",
    "layers.nan": "没有有限的值：训练已发散",
    "layers.zero": "所有值都是 0：没有任何信号流过各层",
    "layers.zeros": "· {n} 个为 0 的值未画出",
    "legend.a_rms": "a[l] 的均方根",
    "legend.dw_norm": "‖dW[l]‖",
    "legend.a_growth": "a 每层 ×{value}",
    "legend.dw_first": "‖dW1‖ {value}",
    # the deep metrics
    "metric.a_growth": "a 每层的增长倍数",
    "metric.a_last": "最后一个隐藏层 a 的均方根",
    "metric.dw_first": "‖dW1‖",
    "metric.dw_last": "‖dW[L]‖",
    "metric.unit_spread": "单元之间的差异",
    "metric.init_cost": "初始代价",
}
