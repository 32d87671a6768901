"""Random crops: pad a digit with paper, then cut a window of its own size back out at a random place.

Padded by 3 on every side (28 to 34) and cut back to 28, a digit moves by up to 3 pixels each way, a new
shift every time it is seen, so a network learns digits wherever they sit. One batched tensor op, no
per-image loop; the generator makes the shifts repeatable.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F


def pad_crop(x: torch.Tensor, pad: int, generator: torch.Generator) -> torch.Tensor:
    """Pad a (B, C, H, W) batch with `pad` zeros on every side, then cut each image's own random H x W window."""
    if pad == 0:
        return x
    b, c, h, w = x.shape
    padded = F.pad(x, (pad, pad, pad, pad))  # (B, C, H + 2 pad, W + 2 pad)
    corner = torch.randint(0, 2 * pad + 1, (b, 2), generator=generator)  # each window's top-left corner
    rows = (corner[:, :1] + torch.arange(h)).view(b, 1, h, 1)
    cols = (corner[:, 1:] + torch.arange(w)).view(b, 1, 1, w)
    return padded[torch.arange(b).view(b, 1, 1, 1), torch.arange(c).view(1, c, 1, 1), rows, cols]  # (B, C, H, W)
