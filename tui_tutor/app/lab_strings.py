"""Every word the lab shows, in English and Chinese.

``lab_text(key, lang, **fmt)`` looks a string up (falling back to English, then to the
key itself) and fills its ``{placeholders}``. Diagnosis labels and the basic recipe's
next step are keyed by ``ml.Diagnosis.kind``.
"""

from __future__ import annotations

__all__ = ["LAB_STRINGS", "lab_text"]

LAB_STRINGS: dict[str, dict[str, str]] = {
    "en": {
        # views (tab order names)
        "view.curves": "curves",
        "view.boundary": "boundary",
        "view.cost": "cost",
        "view.validation": "validation",
        "view.learning": "learning",
        # run state
        "state.running": "running",
        "state.paused": "paused",
        "state.done": "done",
        "state.diverged": "diverged",
        "state.idle": "idle",
        "run": "run {n}",
        # readout
        "readout": "λ={lambd}  layers {layers}  epoch {epoch}  train {train}  dev {dev}  "
        "gap {gap}  Bayes {bayes}",
        "epochs_of": "{epoch}/{epochs}",
        "layers.none": "none",
        "diverged": "diverged: the cost became NaN or infinite; lower the learning rate",
        "waiting": "starting…",
        # diagnosis labels and the recipe's next step
        "diag.high_bias": "high bias",
        "diag.high_variance": "high variance",
        "diag.both": "high bias + high variance",
        "diag.fine": "fine",
        "advice.high_bias": "bigger network (> or =) or train longer; more data won't help yet",
        "advice.high_variance": "more data or more regularization (raise λ with ])",
        "advice.both": "first grow the network until train error falls, then regularize",
        "advice.fine": "low bias, low variance: done (check the test set once)",
        # legends
        "legend.train": "train err %",
        "legend.dev": "dev err %",
        "legend.cost": "cost J (right)",
        "legend.before": "before",
        "legend.floor": "Bayes floor",
        "legend.data_cost": "data loss",
        "legend.penalty": "λ penalty",
        "legend.w_norm": "‖W‖²_F (right)",
        "legend.boundary": "o x train  o x dev  ·  regions: ŷ>0.5 / ŷ<0.5",
        "legend.boundary_nc": "o x train  O X dev  ·  dots: ŷ>0.5",
        "legend.points_train": "train",
        "legend.points_dev": "dev",
        "legend.regions": "regions:",
        "legend.best": "best λ={lambd} (dev {dev})",
        "legend.current": "│ current λ",
        "legend.m": "against m (training examples)",
        "computing": "computing the {what}…",
        "what.validation": "validation curve (train/dev error against λ)",
        "what.learning": "learning curve (train/dev error against m)",
        "sweep.failed": "could not compute the {what}: {error}",
        # notices
        "not_offered": "{what} is fixed in this lesson",
        "nothing_offered": "nothing can be changed in this lesson",
        "what.lambd": "λ",
        "what.layers": "the network size",
        "what.lr": "the learning rate",
        "what.epochs": "the number of epochs",
        "what.m": "the number of examples",
        "what.noise": "the noise",
        "at_top": "λ is already at the top of the ladder ({lambd})",
        "at_bottom": "λ is already 0",
        "widest": "the layers are already at the widest ({units} units)",
        "narrowest": "the layers are already at the narrowest (1 unit)",
        "no_layers": "no hidden layer left (this is logistic regression)",
        "max_layers": "at most {n} hidden layers",
        "paused": "paused: space resumes",
        "resumed": "resumed",
        "finished": "the run has finished: r reruns it with new initial weights",
        "rerun": "rerun {n}: new initial weights, same data",
        "unknown_action": "unknown lab action {name!r}",
        "bad_change": "{error}",
        # form
        "form.title": "Exact values",
        "form.hint": "enter applies · esc cancels · tab moves between fields",
        "form.apply": "Apply",
        "form.cancel": "Cancel",
        "form.bad": "{field}: {message}",
        "form.nothing": "nothing can be changed in this lesson",
        "form.number": "type a number such as {example}, got {value!r}",
        "form.whole": "type a whole number such as {example}, got {value!r}",
        "form.layers": "type hidden-layer sizes such as 20,3 (1 to 256 units each), got {value!r}",
        "form.empty": "empty; type a value such as {example}",
        "field.lambd": "λ (lambd)",
        "field.layers": "hidden layers",
        "field.lr": "learning rate α",
        "field.epochs": "epochs",
        "field.m": "examples m",
        "field.noise": "noise",
        # help
        "help": "]/[ λ up/down (0, 0.001 … 30) · =/- wider/narrower layers · >/< add/remove "
        "a hidden layer · r rerun with new initial weights on the same data (the data stay "
        "fixed, so a change in the result comes from the random start alone) · space "
        "pause/resume · tab next view · e type exact values",
        # footer labels
        "key.lambd_up": "λ+",
        "key.lambd_down": "λ-",
        "key.wider": "wider",
        "key.narrower": "narrower",
        "key.add_layer": "+layer",
        "key.remove_layer": "-layer",
        "key.rerun": "rerun",
        "key.pause": "pause",
        "key.next_view": "view",
        "key.edit": "edit",
    },
    "zh": {
        "view.curves": "曲线",
        "view.boundary": "决策边界",
        "view.cost": "代价",
        "view.validation": "验证曲线",
        "view.learning": "学习曲线",
        "state.running": "训练中",
        "state.paused": "已暂停",
        "state.done": "完成",
        "state.diverged": "发散",
        "state.idle": "空闲",
        "run": "第 {n} 次",
        "readout": "λ={lambd}  隐藏层 {layers}  轮次 {epoch}  训练 {train}  验证 {dev}  "
        "差距 {gap}  贝叶斯 {bayes}",
        "epochs_of": "{epoch}/{epochs}",
        "layers.none": "无",
        "diverged": "发散：代价变成了 NaN 或无穷大，请降低学习率",
        "waiting": "正在开始…",
        "diag.high_bias": "高偏差",
        "diag.high_variance": "高方差",
        "diag.both": "高偏差 + 高方差",
        "diag.fine": "良好",
        "advice.high_bias": "换更大的网络（> 或 =）或训练更久；此时加数据没有用",
        "advice.high_variance": "增加数据或加强正则化（按 ] 增大 λ）",
        "advice.both": "先扩大网络直到训练误差下降，再做正则化",
        "advice.fine": "偏差低、方差低：完成（最后用测试集评估一次）",
        "legend.train": "训练误差 %",
        "legend.dev": "验证误差 %",
        "legend.cost": "代价 J（右轴）",
        "legend.before": "改动前",
        "legend.floor": "贝叶斯误差",
        "legend.data_cost": "数据损失",
        "legend.penalty": "λ 惩罚项",
        "legend.w_norm": "‖W‖²_F（右轴）",
        "legend.boundary": "o x 训练  o x 验证  ·  区域：ŷ>0.5 / ŷ<0.5",
        "legend.boundary_nc": "o x 训练  O X 验证  ·  点：ŷ>0.5",
        "legend.points_train": "训练",
        "legend.points_dev": "验证",
        "legend.regions": "区域：",
        "legend.best": "最佳 λ={lambd}（验证 {dev}）",
        "legend.current": "│ 当前 λ",
        "legend.m": "随 m（训练样本数）变化",
        "computing": "正在计算{what}…",
        "what.validation": "验证曲线（训练/验证误差随 λ 变化）",
        "what.learning": "学习曲线（训练/验证误差随 m 变化）",
        "sweep.failed": "无法计算{what}：{error}",
        "not_offered": "本课中{what}是固定的",
        "nothing_offered": "本课中没有可以调整的设置",
        "what.lambd": " λ ",
        "what.layers": "网络大小",
        "what.lr": "学习率",
        "what.epochs": "训练轮数",
        "what.m": "样本数",
        "what.noise": "噪声",
        "at_top": "λ 已经是阶梯上的最大值（{lambd}）",
        "at_bottom": "λ 已经是 0",
        "widest": "各层已经最宽（{units} 个单元）",
        "narrowest": "各层已经最窄（1 个单元）",
        "no_layers": "已经没有隐藏层了（这就是逻辑回归）",
        "max_layers": "最多 {n} 个隐藏层",
        "paused": "已暂停：按空格继续",
        "resumed": "继续训练",
        "finished": "本次训练已结束：按 r 用新的初始权重重新训练",
        "rerun": "第 {n} 次：新的初始权重，数据不变",
        "unknown_action": "未知的实验操作 {name!r}",
        "bad_change": "{error}",
        "form.title": "输入精确值",
        "form.hint": "回车应用 · Esc 取消 · Tab 切换输入框",
        "form.apply": "应用",
        "form.cancel": "取消",
        "form.bad": "{field}：{message}",
        "form.nothing": "本课中没有可以调整的设置",
        "form.number": "请输入数字，例如 {example}，收到的是 {value!r}",
        "form.whole": "请输入整数，例如 {example}，收到的是 {value!r}",
        "form.layers": "请输入各隐藏层的大小，例如 20,3（每层 1 到 256 个单元），"
        "收到的是 {value!r}",
        "form.empty": "不能为空；请输入例如 {example}",
        "field.lambd": "λ (lambd)",
        "field.layers": "隐藏层",
        "field.lr": "学习率 α",
        "field.epochs": "训练轮数",
        "field.m": "样本数 m",
        "field.noise": "噪声",
        "help": "]/[ 增大/减小 λ（0, 0.001 … 30）· =/- 加宽/收窄各层 · >/< 增加/删除一个隐藏层 · "
        "r 用新的初始权重在同一份数据上重新训练（数据不变，结果的差异只来自随机初始化）· "
        "空格 暂停/继续 · Tab 下一个视图 · e 输入精确值",
        "key.lambd_up": "λ+",
        "key.lambd_down": "λ-",
        "key.wider": "加宽",
        "key.narrower": "收窄",
        "key.add_layer": "+层",
        "key.remove_layer": "-层",
        "key.rerun": "重跑",
        "key.pause": "暂停",
        "key.next_view": "视图",
        "key.edit": "输入",
    },
}


def lab_text(key: str, lang: str = "en", **fmt: object) -> str:
    """The lab string ``key`` in ``lang`` ("en" or "zh"), with ``fmt`` filled in.

    An unknown language falls back to English; an unknown key returns the key itself,
    so a missing string shows up on screen instead of raising.
    """
    table = LAB_STRINGS.get(lang, LAB_STRINGS["en"])
    text = table.get(key) or LAB_STRINGS["en"].get(key, key)
    if fmt:
        try:
            return text.format(**fmt)
        except (KeyError, IndexError, ValueError):
            return text
    return text
