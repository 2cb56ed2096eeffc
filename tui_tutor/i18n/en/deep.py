"""Strings of deep nets: many layers, activations, identity init, the layers view (English)."""

STRINGS: dict[str, str] = {
    # the layers view
    "view.layers": "layers",
    "layers.title": "per layer, log scale (L = {L})",
    "layers.sampled": "· every {k}th layer drawn",
    "layers.waiting": "per-layer sizes appear with the first record",
    "layers.nan": "no finite sizes: the run diverged",
    "layers.zero": "every value is 0: nothing flows through the layers",
    "layers.zeros": "· {n} values of 0 not drawn",
    "legend.a_rms": "RMS a[l]",
    "legend.dw_norm": "‖dW[l]‖",
    "legend.a_growth": "a ×{value}/layer",
    "legend.dw_first": "‖dW1‖ {value}",
    # the deep metrics
    "metric.a_growth": "growth of a per layer",
    "metric.a_last": "RMS a of the last hidden layer",
    "metric.dw_first": "‖dW1‖",
    "metric.dw_last": "‖dW[L]‖",
    "metric.unit_spread": "spread between units",
    "metric.init_cost": "cost at init",
}
