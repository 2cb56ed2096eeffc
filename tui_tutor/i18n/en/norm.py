"""Strings of normalizing inputs, feature scale and the cost-surface view (English)."""

STRINGS: dict[str, str] = {
    # settings: the form's labels and the "fixed in this lesson" notices
    "field.normalize": "normalize inputs",
    "what.normalize": "input normalization",
    "field.feature_scale": "feature scale x1,x2",
    "what.feature_scale": "the feature scale",
    "form.scale": "type two factors such as {example} (x1, x2), each from {lo} to {hi}; got {value!r}",
    # the surface view
    "view.surface": "surface",
    "what.surface": "cost surface of the two-weight model",
    "sf.title": "J(w1→, w2↑) · contours {ratio}:1 · α {lr}: {outcome}",
    "sf.outcome.reached": "J* in {n} steps",
    "sf.outcome.unstable": "J rose at step {n}: α > lr_max",
    "sf.outcome.diverged": "diverged",
    "sf.outcome.slow": "still far after {steps} steps",
    "legend.contours": "contours",
    "legend.descent": "path",
    "sf.lr_max_on": "lr_max {on} normalized (now) · {off} raw",
    "sf.lr_max_off": "lr_max {off} raw (now) · {on} normalized",
    # metrics
    "metric.lr_max": "lr_max (2 weights)",
    "metric.descent_steps": "steps to J*",
    "metric.contour_ratio": "contour ratio",
}
