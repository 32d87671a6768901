"""How many CPU threads torch may use for a piece of work.

For tiny tensors, waking a second thread costs more than the work itself,
and when the cores are busy with anything else (another session, the
browser drawing a chart) a team of OpenMP threads waiting on each other can
run tens of times slower than one thread alone. torch's thread count is
OpenMP's, which is kept per calling thread, so each session's script thread
has its own count and a cap set in one session never slows another.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import torch


@contextmanager
def threads(n: int) -> Iterator[None]:
    """Use n threads inside the block, then the count from before (also a decorator: `@threads(1)`)."""
    before = torch.get_num_threads()
    torch.set_num_threads(max(1, n))
    try:
        yield
    finally:
        torch.set_num_threads(before)


def one_thread():
    return threads(1)
