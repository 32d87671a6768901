"""What the Training lesson hands to other lessons: the model of this visitor's last finished run."""

from __future__ import annotations

from dataclasses import dataclass

from torch import nn

from lessons.training import run
from lessons.training.settings import PAGE
from nnviz import training


def finished_export() -> dict | None:
    """The export (config and weights, as `nnviz.training.export` makes it) of this visitor's last
    finished run on the Training page, or None before the first one."""
    return run.current().export


@dataclass
class Handed:
    """The last finished run's model, rebuilt from its export once for every lesson that reads it."""

    export: dict
    config: training.TrainConfig | None = None
    model: nn.Module | None = None  # None: an export that cannot be rebuilt


def finished_model() -> Handed | None:
    """This visitor's last finished model, rebuilt once per export; None before the first finished run."""
    export = finished_export()
    if export is None:
        return None
    kept = PAGE.held("handed", lambda: None)
    if kept is None or kept.export is not export:
        try:
            kept = Handed(export, *training.load(export))
        except (KeyError, TypeError, ValueError, RuntimeError):
            kept = Handed(export)
        PAGE.keep("handed", kept)
    return kept
