"""The live lab: a small network trains while the learner turns its settings."""

from .panel import CONTROLS, LAB_ACTIONS, LAB_BINDINGS, LAMBDA_LADDER, VIEWS, LabPanel

__all__ = ["CONTROLS", "LAB_ACTIONS", "LAB_BINDINGS", "LAMBDA_LADDER", "VIEWS", "LabPanel"]
