"""Strings of normalizing inputs, feature scale and the cost-surface view (Chinese)."""

STRINGS: dict[str, str] = {
    # settings: the form's labels and the "fixed in this lesson" notices
    "field.normalize": "输入归一化",
    "what.normalize": "输入归一化",
    "field.feature_scale": "特征缩放 x1,x2",
    "what.feature_scale": "特征缩放",
    "form.scale": "请输入两个因子，例如 {example}（x1、x2），每个在 {lo} 到 {hi} 之间；收到的是 {value!r}",
    # the surface view
    "view.surface": "代价曲面",
    "what.surface": "双权重模型的代价曲面",
    "sf.title": "J(w1→, w2↑) · 等高线 {ratio}:1 · α {lr}：{outcome}",
    "sf.outcome.reached": "{n} 步到 J*",
    "sf.outcome.unstable": "第 {n} 步 J 上升：α > lr_max",
    "sf.outcome.diverged": "发散",
    "sf.outcome.slow": "{steps} 步后仍远",
    "legend.contours": "等高线",
    "legend.descent": "路径",
    "sf.lr_max_on": "lr_max 归一化 {on}（当前）· 原始 {off}",
    "sf.lr_max_off": "lr_max 原始 {off}（当前）· 归一化 {on}",
    # metrics
    "metric.lr_max": "lr_max（双权重）",
    "metric.descent_steps": "到 J* 的步数",
    "metric.contour_ratio": "等高线长短比",
}
