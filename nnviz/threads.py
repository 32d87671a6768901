"""How many CPU threads torch may use for a piece of work.

For tiny tensors, waking a second thread costs more than the work itself
(tens of times more on a busy machine), so the small lessons run on one.
torch's thread count is OpenMP's, which is kept per calling thread: each
session's script thread has its own. On leaving, the count goes back to a
constant, not to the value seen on entry, so two overlapping uses can never
leave a thread stuck at one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import torch

DEFAULT_THREADS = torch.get_num_threads()


@contextmanager
def threads(n: int) -> Iterator[None]:
    """Use n threads inside the block (also usable as a decorator: `@threads(1)`)."""
    torch.set_num_threads(max(1, n))
    try:
        yield
    finally:
        torch.set_num_threads(DEFAULT_THREADS)


def one_thread():
    return threads(1)
