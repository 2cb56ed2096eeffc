"""Strings of dropout: keep_prob, the thinned cost, lessons dropout and understanding-dropout (English)."""

STRINGS: dict[str, str] = {
    "field.keep_prob": "keep_prob (dropout)",
    "what.keep_prob": "keep_prob",
    "metric.keep_prob": "keep_prob",
    "metric.cost_thinned": "thinned J",
    "legend.cost_thinned": "thinned J (right)",
    "key.keep_prob_down": "keep-",
    "key.keep_prob_up": "keep+",
    "help.keep_prob_down": "keep_prob down the ladder {ladder} (more dropout: more regularization)",
    "help.keep_prob_up": "keep_prob up the ladder (less dropout; 1 = none)",
    "keep_prob.top": "keep_prob is already 1: no dropout",
    "keep_prob.bottom": "keep_prob is already at the bottom of the ladder ({keep_prob})",
    "form.keep_prob": "type a keep probability from {lo} to {hi}, or one per hidden layer such as {example}, got {value!r}",
    "form.keep_prob_layers": "{n} values for {layers} hidden layers: type one number, or one per hidden layer",
}
