"""The live lab: a small network trains while the learner turns its settings.

``LabPanel`` (panel.py) composes the session (session.py, no UI), the runner (runner.py),
the sweep cache (sweeps.py), the views (views/), the lines under the chart (tabs.py,
readout.py); the keys are one table (actions.py) that a host screen gets by deriving
from ``LabKeys`` (host.py). The form's fields are read in fields.py.
"""

from .actions import ACTIONS, LAB_BINDINGS, LabAction
from .host import LabKeys
from .panel import LabPanel
from .views import VIEWS

__all__ = ["ACTIONS", "LAB_BINDINGS", "VIEWS", "LabAction", "LabKeys", "LabPanel"]
