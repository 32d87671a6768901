"""Part 6, depth: a chain of one unit per layer, the gradient that reaches each layer, and the product of local
derivatives beside autograd's ratio. Widgets return what they set; words are here."""

from __future__ import annotations

import math

import streamlit as st

from lessons.backprop import settings
from lessons.backprop.panels import num
from lessons.backprop.settings import PAGE
from nnviz import deep_chain
from nnviz.deep_chain import Chain
from nnviz.figures import backprop as figs
from ui import present

SHOWN_FACTORS = 8  # a longer product is shown as its first and last factors


def controls() -> Chain:
    """How many layers, and which activation in every one; returns the chain they make."""
    s = PAGE.values
    left, right = st.columns(2)
    left.slider("Layers in the chain", settings.DEPTH_LOW, settings.DEPTH_HIGH, key=PAGE.keys.depth)
    right.selectbox("Activation in every layer", settings.ACTS, key=PAGE.keys.depth_act)
    return deep_chain.chain(s.depth, s.depth_act)


def product_line(chain: Chain) -> str:
    """The product of the local derivatives, last layer to first, with its numbers."""
    factors = [num(f) for f in reversed(chain.factors)]
    if len(factors) > SHOWN_FACTORS:
        factors = [*factors[:4], "…", *factors[-2:]]
    return f"{' × '.join(factors)} = **{num(chain.product)}**"


def ratio_sentence(chain: Chain, measured: float | None) -> str:
    """How much of the last layer's gradient reaches the first, in words and numbers."""
    if chain.depth == 1:
        return "With one layer, the first layer is the last: nothing to multiply yet. Add layers."
    if measured is None or chain.ratio is None:
        return (f"The {chain.act}'s slope here is 0, so no gradient reaches the last layer's weighted sum, and none "
                "passes further back: no layer can learn.")  # fmt: skip
    if measured == 0:
        return "No gradient reaches the first layer at all: it cannot learn."
    if abs(measured) == 1:
        return "The first layer gets **the same** gradient as the last: nothing is lost on the way back."
    if abs(measured) < 1:
        return f"The first layer gets a gradient **{times(1 / abs(measured))} times smaller** than the last layer's."
    return f"The first layer gets **{num(abs(measured))} times** the last layer's gradient."


def show(chain: Chain) -> None:
    """The bars, the product beside autograd's ratio, and the same chain with ReLU for comparison."""
    present.chart(figs.chain_bars(chain), key=PAGE.key("chain"))
    measured = deep_chain.measured_ratio(chain.depth, chain.act)
    st.markdown(ratio_sentence(chain, measured))
    if chain.depth > 1:
        st.markdown(
            f"Each step back multiplies by the next weight (1 here) times the slope {chain.act}′(z) of the layer "
            f"it reaches. Product of the local derivatives, last layer to first: {product_line(chain)}  \n"
            f"Measured by autograd, ∂L/∂z₁ ÷ ∂L/∂z{_sub(chain.depth)}: **{_ratio(measured)}**"
        )
    if chain.act != "ReLU" and chain.depth > 1:
        relu = deep_chain.chain(chain.depth, "ReLU")
        st.caption(f"The same {chain.depth} layers with ReLU: product {num(relu.product)}. Its slope is exactly 1 for "
                   "any positive z, so the gradient reaches the first layer whole.")  # fmt: skip


def times(value: float) -> str:
    """A large factor as people say it: four significant digits, with thousands separators up to a trillion."""
    if not value < 1e12:
        return num(value)
    digits = 3 - math.floor(math.log10(value))
    return f"{round(value, digits):,.{max(digits, 0)}f}"


def _ratio(value: float | None) -> str:
    return "undefined (0 ÷ 0)" if value is None else num(value)


def _sub(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
