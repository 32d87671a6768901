"""What the Training lesson hands to other lessons: the model of this visitor's last finished run."""

from __future__ import annotations

from lessons.training import run


def finished_export() -> dict | None:
    """The export (config and weights, as `nnviz.training.export` makes it) of this visitor's last
    finished run on the Training page, or None before the first one."""
    return run.current().export
