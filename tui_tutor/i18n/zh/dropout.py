"""Strings of dropout: keep_prob, the thinned cost, lessons dropout and understanding-dropout (Chinese)."""

STRINGS: dict[str, str] = {
    "field.keep_prob": "keep_prob（dropout）",
    "what.keep_prob": " keep_prob ",
    "metric.keep_prob": "keep_prob",
    "metric.cost_thinned": "稀疏网络的 J",
    "legend.cost_thinned": "稀疏 J（右轴）",
    "key.keep_prob_down": "keep-",
    "key.keep_prob_up": "keep+",
    "help.keep_prob_down": "沿阶梯 {ladder} 减小 keep_prob（丢弃更多：正则化更强）",
    "help.keep_prob_up": "沿阶梯增大 keep_prob（丢弃更少；1 即不用 dropout）",
    "keep_prob.top": "keep_prob 已经是 1：没有 dropout",
    "keep_prob.bottom": "keep_prob 已经是阶梯的最低一级（{keep_prob}）",
    "form.keep_prob": "请输入 {lo} 到 {hi} 之间的保留概率，或每个隐藏层一个，例如 {example}；收到的是 {value!r}",
    "form.keep_prob_layers": "给了 {n} 个值，但隐藏层有 {layers} 个：请输入一个数，或每个隐藏层一个",
}
