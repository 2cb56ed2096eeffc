"""The lab's engine: NumPy only, no UI imports.

Notation follows the course: ``X`` (n_x, m), ``Y`` (1, m), ``params`` =
{"W1": (n1, n_x), "b1": (n1, 1), ...}, ``lambd`` for λ.
"""

from . import budget
from .bugs import BUGS, Bug
from .config import RUN_REQUESTS, LabConfig, LabRun
from .data import (
    DATASETS,
    DataError,
    Splits,
    Standardizer,
    load_csv,
    make_dataset,
    make_splits,
    scale_features,
    split_data,
    split_sizes,
)
from .diagnose import Diagnosis, advice_figures, diagnose, diagnose_metrics, wilson_interval
from .extras import EXTRAS, Extra
from .gradcheck import (
    GradCheck,
    check_gradients,
    course_case,
    difference_quotient,
    gradient_check,
    params_to_vector,
    vector_to_params,
)
from .labcheck import CHECK_METRICS, LabCheck, lab_check
from .labsurface import SURFACE_METRICS, LabSurface, lab_surface
from .layers import ACTIVATIONS, Activation
from .metrics import METRICS, RUN_METRICS, Metric, format_value, shown_gap
from .model import cost_terms, init_params, loss_and_grads, predict, predict_proba
from .numderiv import DerivativeTable, cube_table
from .settings import (
    CONTROLS,
    SETTINGS,
    ConfigError,
    Setting,
    format_number,
    ladder_step,
    parse_layers,
    show_layers,
)
from .sweep import SweepCancelled, SweepResult, learning_curve, validation_curve
from .train import Record, train, uses_fast_path

__all__ = [
    "ACTIVATIONS",
    "BUGS",
    "CHECK_METRICS",
    "Bug",
    "DerivativeTable",
    "LabCheck",
    "course_case",
    "cube_table",
    "lab_check",
    "LabSurface",
    "RUN_REQUESTS",
    "SURFACE_METRICS",
    "lab_surface",
    "DATASETS",
    "EXTRAS",
    "CONTROLS",
    "METRICS",
    "RUN_METRICS",
    "SETTINGS",
    "Activation",
    "ConfigError",
    "DataError",
    "Diagnosis",
    "Extra",
    "GradCheck",
    "LabConfig",
    "LabRun",
    "Metric",
    "Record",
    "Setting",
    "Splits",
    "Standardizer",
    "SweepCancelled",
    "SweepResult",
    "budget",
    "check_gradients",
    "cost_terms",
    "advice_figures",
    "diagnose",
    "diagnose_metrics",
    "difference_quotient",
    "gradient_check",
    "init_params",
    "learning_curve",
    "load_csv",
    "loss_and_grads",
    "make_dataset",
    "make_splits",
    "scale_features",
    "format_number",
    "format_value",
    "shown_gap",
    "ladder_step",
    "parse_layers",
    "show_layers",
    "params_to_vector",
    "predict",
    "predict_proba",
    "split_data",
    "split_sizes",
    "train",
    "uses_fast_path",
    "validation_curve",
    "vector_to_params",
    "wilson_interval",
]
