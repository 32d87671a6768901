"""The projector restyle: big type, thick lines, full contrast in either theme, and no grid over cells."""

import numpy as np
import plotly.graph_objects as go

from nnviz.figures import tidy
from nnviz.figures.projector import FONT_SIZE, LINE_WIDTH, MAX_HEIGHT, for_projector


def curve() -> go.Figure:
    fig = go.Figure([go.Scatter(x=[0, 1, 2], y=[2.3, 0.9, 0.4], name="loss", line_width=2),
                     go.Scatter(x=[1, 2], y=[1.0, 0.5], mode="markers", marker_size=8, name="validation")])  # fmt: skip
    return tidy(fig.update_layout(xaxis_title="epoch", yaxis_title="loss"), "Loss")


def test_type_and_lines_grow_and_the_original_is_untouched():
    fig = curve()
    big = for_projector(fig)
    assert big.layout.font.size == FONT_SIZE >= 20 and big.layout.height == MAX_HEIGHT  # grown, up to the cap
    assert big.data[0].line.width >= LINE_WIDTH > fig.data[0].line.width
    assert big.data[1].marker.size > fig.data[1].marker.size
    assert big.layout.margin.l >= 80 and big.layout.margin.b >= 80  # room for the axis titles
    assert fig.layout.font.size == 14 and fig.data[0].line.width == 2


def test_full_contrast_in_each_theme():
    light, dark = for_projector(curve()), for_projector(curve(), dark=True)
    assert (light.layout.font.color, light.layout.paper_bgcolor) == ("#000000", "#ffffff")
    assert (dark.layout.font.color, dark.layout.paper_bgcolor) == ("#ffffff", "#000000")
    assert dark.layout.colorway[-1] == "#ffffff"  # never black ink on a black page


def test_no_grid_lines_across_heatmap_cells_or_between_bars():
    cells = for_projector(go.Figure(go.Heatmap(z=np.eye(3), text=np.eye(3), texttemplate="%{text}")))
    assert cells.layout.xaxis.showgrid is False and cells.layout.yaxis.showgrid is False
    bars = for_projector(go.Figure(go.Bar(x=list(range(10)), y=np.linspace(0, 1, 10))))
    assert bars.layout.xaxis.showgrid is False and bars.layout.yaxis.showgrid is not False
