"""What a convolutional layer computes, written out with explicit patches so a lesson can show every number.

A filter (kernel) of k x k weights slides over the image. At each output position it takes the k x k patch
under it, multiplies the patch by the kernel element by element, adds the products up, adds a bias, and the
activation (ReLU) gives the output pixel. Zero padding of p pixels widens the image first; a stride of s
moves the window s pixels at a time, so one side of the output has (n + 2p - k) // s + 1 pixels.
Max pooling keeps the largest value of each window. Everything here equals torch.nn.functional's
conv2d and max_pool2d (tests/engine/test_convolution.py checks it).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from nnviz.data import MNIST_MEAN, MNIST_STD

# Hand-made 3 x 3 kernels, by name: each finds one simple pattern in pixels from 0 (black) to 1 (white).
KERNELS = {
    "vertical edge": ((-1.0, 0.0, 1.0), (-2.0, 0.0, 2.0), (-1.0, 0.0, 1.0)),  # dark on the left, bright on the right
    "horizontal edge": ((-1.0, -2.0, -1.0), (0.0, 0.0, 0.0), (1.0, 2.0, 1.0)),  # dark above, bright below
    "blur": ((1 / 9,) * 3,) * 3,
    "sharpen": ((0.0, -1.0, 0.0), (-1.0, 5.0, -1.0), (0.0, -1.0, 0.0)),
    "identity": ((0.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 0.0)),
}
HUGE = 1e4  # a kernel weight or bias beyond this makes every output enormous: the page says so


def pixels(digit: np.ndarray, normalised: bool = False) -> np.ndarray:
    """A uint8 (28, 28) digit as the numbers a filter sees: brightness 0 to 1, or, `normalised`, the CNN's own
    input (brightness minus MNIST's mean, over its spread: the background is -0.42)."""
    x = np.asarray(digit, dtype=np.float64) / 255.0
    return (x - MNIST_MEAN) / MNIST_STD if normalised else x


def output_size(n: int, k: int, padding: int = 0, stride: int = 1) -> int:
    """Output pixels along one side: (n + 2p - k) // s + 1, or 0 when the kernel does not fit."""
    return max((n + 2 * padding - k) // stride + 1, 0)


def pad(x: torch.Tensor, padding: int) -> torch.Tensor:
    """Zeros around the last two dimensions of x (..., H, W)."""
    if padding == 0:
        return x
    out = x.new_zeros((*x.shape[:-2], x.shape[-2] + 2 * padding, x.shape[-1] + 2 * padding))
    out[..., padding:-padding, padding:-padding] = x
    return out


def patches(x: torch.Tensor, k: int, padding: int = 0, stride: int = 1) -> torch.Tensor:
    """Every k x k window the kernel visits: x (C, H, W) -> (out_h, out_w, C, k, k)."""
    padded = pad(x, padding)
    rows, cols = output_size(x.shape[-2], k, padding, stride), output_size(x.shape[-1], k, padding, stride)
    out = x.new_zeros((rows, cols, x.shape[0], k, k))
    for r in range(rows):
        for c in range(cols):
            out[r, c] = padded[:, r * stride : r * stride + k, c * stride : c * stride + k]
    return out


def conv2d(x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor | None = None, padding: int = 0,
           stride: int = 1) -> torch.Tensor:  # fmt: skip
    """x (C, H, W), weight (O, C, k, k), bias (O,) -> (O, out_h, out_w): each patch times each filter, summed."""
    windows = patches(x, weight.shape[-1], padding, stride)  # (out_h, out_w, C, k, k)
    out = (windows.unsqueeze(2) * weight).sum(dim=(-3, -2, -1))  # (out_h, out_w, O)
    if bias is not None:
        out = out + bias
    return out.permute(2, 0, 1)


@dataclass(frozen=True)
class Step:
    """One output pixel, number by number."""

    row: int
    col: int
    top: int  # where the patch starts in the padded image
    left: int
    patch: np.ndarray  # (k, k)
    kernel: np.ndarray  # (k, k)
    products: np.ndarray  # (k, k): patch * kernel
    total: float  # the sum of the products
    bias: float
    before: float  # total + bias
    out: float  # ReLU(before)


@dataclass(frozen=True)
class Filtered:
    """One filter over one image: the output map, and every position's numbers on demand."""

    image: np.ndarray  # (H, W) as the filter sees it
    kernel: np.ndarray  # (k, k)
    bias: float
    padding: int
    stride: int
    windows: torch.Tensor  # (out_h, out_w, 1, k, k)
    before: np.ndarray  # (out_h, out_w): sums plus bias
    out: np.ndarray  # (out_h, out_w): after ReLU

    def step(self, row: int, col: int) -> Step:
        """The numbers behind output pixel (row, col): the same patches the whole map came from."""
        patch = self.windows[row, col, 0].numpy()
        products = patch * self.kernel
        total = float(products.sum())
        before = float(self.before[row, col])
        return Step(row, col, row * self.stride, col * self.stride, patch, self.kernel, products, total, self.bias,
                    before, float(self.out[row, col]))  # fmt: skip


def filter_image(image: np.ndarray, kernel: np.ndarray, bias: float = 0.0, padding: int = 0,
                 stride: int = 1) -> Filtered:  # fmt: skip
    """One k x k filter over one (H, W) image, then ReLU, in float64 (every number the lesson shows)."""
    x = torch.as_tensor(np.asarray(image, dtype=np.float64)).unsqueeze(0)  # (1, H, W)
    w = torch.as_tensor(np.asarray(kernel, dtype=np.float64))
    windows = patches(x, w.shape[-1], padding, stride)
    before = conv2d(x, w[None, None], torch.tensor([float(bias)], dtype=torch.float64), padding, stride)[0]
    return Filtered(x[0].numpy(), w.numpy(), float(bias), padding, stride, windows, before.numpy(),
                    before.clamp(min=0).numpy())  # fmt: skip


@dataclass(frozen=True)
class Pooled:
    values: np.ndarray  # (out_h, out_w): the largest of each window
    winners: np.ndarray  # (out_h, out_w, 2): the (row, column) in the input where each largest value sits


def max_pool(x: np.ndarray, size: int = 2) -> Pooled:
    """Max pooling of one (H, W) map with size x size windows and stride size (a leftover edge is dropped)."""
    windows = patches(torch.as_tensor(np.asarray(x, dtype=np.float64))[None], size, 0, size)[:, :, 0]
    flat = windows.flatten(2)  # (out_h, out_w, size * size)
    best = flat.argmax(dim=2)  # the first of equal values, as torch's own pooling picks
    rows = torch.arange(windows.shape[0])[:, None] * size + best // size
    cols = torch.arange(windows.shape[1])[None, :] * size + best % size
    values = flat.gather(2, best.unsqueeze(2))[..., 0]
    return Pooled(values.numpy(), torch.stack([rows, cols], dim=-1).numpy())


def is_huge(kernel: np.ndarray, bias: float) -> bool:
    values = np.append(np.asarray(kernel, dtype=float).ravel(), bias)
    return not np.isfinite(values).all() or bool(np.abs(values).max() > HUGE)


@dataclass(frozen=True)
class FirstLayer:
    """A CNN's first convolution with the BatchNorm after it folded in: ReLU(conv(x, weight) + bias) is
    exactly what the network computes there (BatchNorm in eval mode is a scale and a shift per channel)."""

    weight: np.ndarray  # (O, k, k)
    bias: np.ndarray  # (O,)
    padding: int
    stride: int


def fold_batchnorm(conv: nn.Conv2d, norm: nn.BatchNorm2d) -> tuple[torch.Tensor, torch.Tensor]:
    """Weights and biases of one convolution that equals conv then norm (in eval mode)."""
    scale = norm.weight / torch.sqrt(norm.running_var + norm.eps)  # (O,)
    bias = conv.bias if conv.bias is not None else torch.zeros_like(scale)
    return conv.weight * scale[:, None, None, None], norm.bias + (bias - norm.running_mean) * scale


@torch.no_grad()
def first_layer(model: nn.Module) -> FirstLayer | None:
    """The first convolution of a sequential CNN (BatchNorm folded in), or None if it has none with one input
    channel and a BatchNorm next to it."""
    layers = list(model.modules())
    for i, layer in enumerate(layers):
        if isinstance(layer, nn.Conv2d) and layer.in_channels == 1:
            norm = next((m for m in layers[i + 1 : i + 3] if isinstance(m, nn.BatchNorm2d)), None)
            weight, bias = fold_batchnorm(layer, norm) if norm is not None else (layer.weight, layer.bias)
            bias = bias if bias is not None else torch.zeros(layer.out_channels)
            return FirstLayer(weight[:, 0].double().numpy(), bias.double().numpy(), layer.padding[0],
                              layer.stride[0])  # fmt: skip
    return None
