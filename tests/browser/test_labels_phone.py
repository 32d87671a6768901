"""On a 390x844 phone no chart's text runs past the chart's edge, no tick reads "100μ", "20k" or "1e+2", no plotly
toolbar opens over a legend (issue 16, item 9), no bar's number is printed smaller than 10 px, and no number printed
in a grid's cells runs into its neighbour (the 28x28 grid of pixel values, issue 16's last sweep)."""

import contextlib
import json

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bench.tab import ANSWER, PAD
from nnviz.figures import BAR_TEXT_MIN
from tests.helpers import drawn, no_errors, open_lesson

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
# Every text of every chart in the main area that is cut by the chart's edge, a tick in SI or e notation, a bar's
# number under `barMin` px, and titles, panel titles, notes and legend entries written over each other.
FAULTS = r"""(barMin) => {
  const faults = [];
  document.querySelectorAll("[data-testid='stMain'] .js-plotly-plot").forEach(plot => {
    const box = plot.getBoundingClientRect();
    if (!box.width) return;
    if (plot.querySelector(".modebar")) faults.push(`a toolbar on ${plot.closest("[class*='st-key-']")?.className}`);
    plot.querySelectorAll("text").forEach(t => {
      const r = t.getBoundingClientRect(), text = t.textContent.trim();
      if (!r.width || !text) return;
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
        faults.push(`cut: '${text}'`);
      if (t.closest(".xtick, .ytick") && /\d[μkmMG]$|e[+-]\d/.test(text)) faults.push(`tick: '${text}'`);
      // a bar's number, which plotly shrinks to fit its bar: drawn at barMin px or more, or not at all
      const scale = /scale\(([\d.e-]+)/.exec(t.getAttribute("transform") || "");
      const size = parseFloat(getComputedStyle(t).fontSize) * (scale ? parseFloat(scale[1]) : 1);
      if (t.matches(".bartext") && size < barMin - 0.01) faults.push(`'${text}' at ${size.toFixed(1)} px`);
    });
    // numbers printed in a heatmap's cells (plotly's .heatmap-label), row by row: each clear of the next
    const shown = Array.from(plot.querySelectorAll(".heatmap-label text")).map(t => t.getBoundingClientRect())
      .filter(r => r.width > 0).sort((p, q) => Math.round(p.y) - Math.round(q.y) || p.left - q.left);
    shown.forEach((p, i) => { const q = shown[i + 1];
      if (q && Math.abs(q.y - p.y) < 1 && q.left < p.right - 0.5) faults.push(`numbers run together at ${p.right}`);
    });
    const titles = Array.from(plot.querySelectorAll(".annotation text, .gtitle, .legendtext"))
      .map(t => [t.textContent, t.getBoundingClientRect()]).filter(([, r]) => r.width);
    titles.forEach(([a, p], i) => titles.slice(i + 1).forEach(([b, q]) => {
      if (p.left < q.right - 1 && q.left < p.right - 1 && p.top < q.bottom - 1 && q.top < p.bottom - 1)
        faults.push(`crowded: '${a}' on '${b}'`);
    }));
  });
  return faults;
}"""


@pytest.fixture
def phone(browser, app_url):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    tab = context.new_page()
    tab.app_url = app_url
    yield tab
    context.close()


# The backprop network's weights as chips on its edges, each against the discs, the nodes' notes and each other.
# What lies on what in the backprop diagram: each weight's label against the discs, the text by and in the nodes and
# the other labels, overlapping by more than `slack` px; with `inside`, also any label or text past the plotting area.
CHIPS_APART = r"""({slack, inside}) => {
  const plot = document.querySelector(".st-key-bp-graph .js-plotly-plot"), faults = [];
  const apart = (p, q) => p.right <= q.left + slack || q.right <= p.left + slack || p.bottom <= q.top + slack
    || q.bottom <= p.top + slack;
  const chips = Array.from(plot.querySelectorAll(".annotation")).filter(a => /^[wv]\d+ = /.test(a.textContent))
    .map(a => [a.textContent, a.querySelector(".bg").getBoundingClientRect()]);
  const discs = Array.from(plot.querySelectorAll(".point")).map(d => d.getBoundingClientRect())
    .filter(r => r.width > 30)  // a disc, and the invisible one under its notes: each once
    .filter((r, i, all) => all.findIndex(q => Math.abs(q.x - r.x) < 1 && Math.abs(q.y - r.y) < 1) === i);
  const notes = Array.from(plot.querySelectorAll(".textpoint text"))
    .map(t => [t.textContent, t.getBoundingClientRect()]);
  chips.forEach(([a, p], i) => {
    discs.forEach(q => { if (!apart(p, q)) faults.push(`'${a}' on a node`); });
    notes.forEach(([b, q]) => { if (!apart(p, q)) faults.push(`'${a}' on '${b}'`); });
    chips.slice(i + 1).forEach(([b, q]) => { if (!apart(p, q)) faults.push(`'${a}' on '${b}'`); });
  });
  if (inside) {
    const area = plot.querySelector(".nsewdrag").getBoundingClientRect();
    chips.concat(notes).forEach(([a, p]) => {
      if (p.top < area.top || p.bottom > area.bottom || p.left < area.left || p.right > area.right)
        faults.push(`'${a}' cut off`);
    });
  }
  const found = chips.length === 6 && discs.length === 6 && notes.length === 12;  // each node's name and its notes
  return found ? faults : [`${chips.length} chips, ${discs.length} discs, ${notes.length} texts`];
}"""
ON_A_PHONE = {"slack": 1, "inside": False}


def all_drawn(tab, charts: int) -> None:
    """Every chart of the page drawn in one tall window (a first visit loads MNIST first)."""
    height = tab.evaluate("() => document.querySelector(\"[data-testid='stMain']\").scrollHeight")
    tab.set_viewport_size({"width": PHONE["width"], "height": min(height, 12_000)})
    tab.locator("[data-testid='stMain'] .js-plotly-plot").nth(charts - 1).wait_for()
    drawn(tab)


# lesson (its URL path) -> how many charts it draws at least on opening
OPENING_CHARTS = {"activations": 3, "gradient-descent": 3, "backprop": 3, "convolution": 3, "optimisers": 3,
                  "training": 2, "separator": 3}  # fmt: skip


@pytest.mark.parametrize("lesson", list(OPENING_CHARTS))
def test_every_chart_keeps_its_labels_inside_and_apart_on_a_phone(phone, lesson):
    open_lesson(phone, lesson, timeout=120_000)
    all_drawn(phone, OPENING_CHARTS[lesson])
    assert phone.evaluate(FAULTS, BAR_TEXT_MIN) == []
    no_errors(phone)


def test_the_backprop_network_keeps_its_weights_off_its_nodes_on_a_phone(phone):
    """The widest labels, every weight with its gradient, on a phone: clear of the discs, the notes, each other."""
    open_lesson(phone, "backprop", timeout=120_000)
    phone.locator(".st-key-bp-graph .annotation").first.wait_for()
    assert phone.evaluate(CHIPS_APART, ON_A_PHONE) == []  # a weight alone
    phone.locator(".st-key-bp-whole label").click()  # the whole backward pass: two lines on every chip
    phone.get_by_text("9 of 9 gradients known").wait_for()
    all_drawn(phone, 3)
    assert phone.evaluate(CHIPS_APART, ON_A_PHONE) == []
    assert phone.evaluate(FAULTS, BAR_TEXT_MIN) == []
    no_errors(phone)


# Where a chart's legend entries and its x axis's title are drawn, from inside the chart (a live chart is drawn in its
# component's shadow root, which a locator pierces and document.querySelectorAll does not).
LEGEND_AND_TITLE = r"""plot => {
  const box = e => { const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left,
    right: r.right}; };
  return {entries: Array.from(plot.querySelectorAll(".legend .traces")).map(box),
          title: Array.from(plot.querySelectorAll(".g-xtitle text")).map(box)[0]};
}"""


def test_the_training_legend_keeps_off_the_epoch_title_while_a_run_trains_on_a_phone(phone):
    """The live charts' two-row legend had risen onto the "epoch" title."""
    open_lesson(phone, "training", timeout=120_000)
    size = phone.get_by_role("spinbutton", name="Training digits")
    size.fill("2000")
    size.press("Enter")
    phone.get_by_text("= 16 updates per epoch").wait_for()  # ceil(2,000 / 128)
    phone.get_by_role("button", name="Start training").click()
    for key in ("loss_chart", "acc_chart"):
        plot = phone.locator(f".st-key-train-{key} .js-plotly-plot")
        plot.locator(".legend .traces").nth(1).wait_for()
        plot.locator(".g-xtitle text").wait_for()
        drawn_at = plot.evaluate(LEGEND_AND_TITLE)
        title = drawn_at["title"]
        for entry in drawn_at["entries"]:
            assert entry["top"] >= title["bottom"] - 1 or entry["right"] <= title["left"] + 1, (key, drawn_at)
    no_errors(phone)


def test_the_draw_page_keeps_its_titles_and_numbers_apart_on_a_phone(phone):
    """The preparation's four panel titles ran into each other, and so did the 28x28 grid's numbers."""
    from tests.browser.test_browser_draw import SEVEN, stroke

    open_lesson(phone, "draw", timeout=120_000)
    canvas = phone.locator(PAD).first
    canvas.wait_for()
    stroke(phone, canvas, SEVEN)
    phone.locator(ANSWER).first.wait_for()
    phone.get_by_text("The 28x28 grid of numbers", exact=False).first.click()  # the box with the grid opens
    phone.locator(".st-key-draw-numbers .js-plotly-plot").wait_for()
    all_drawn(phone, 3)
    assert phone.evaluate(FAULTS, BAR_TEXT_MIN) == []
    assert phone.locator(".st-key-draw-numbers .heatmap-label text").first.is_hidden()  # too narrow: left to hover
    no_errors(phone)


def test_the_pixel_grid_prints_its_numbers_where_its_cells_are_wide_enough(page):
    """On a 1400-pixel screen the training page's grid keeps its 784 numbers, and they stay apart."""
    open_lesson(page, "training", timeout=120_000)
    grid = page.locator(".st-key-train-pixels .js-plotly-plot")
    grid.locator(".heatmap-label text").first.wait_for()
    assert grid.locator(".heatmap-label text").first.is_visible()
    assert page.evaluate(FAULTS, BAR_TEXT_MIN) == []


# What is wrong with the hand-made kernel's nine numbers as a 3x3 grid: null when each row is side by side, left to
# right, inside the screen, the rows one under another.
NOT_A_GRID = """() => { const cells = [...Array(9).keys()].map(i => document.querySelector(`.st-key-conv-k${i}`));
    if (cells.some(c => !c)) return "not all nine on the page";
    const r = cells.map(c => c.getBoundingClientRect()), faults = [];
    for (let row = 0; row < 3; row++) { const [a, b, c] = r.slice(3 * row, 3 * row + 3);
        if (Math.abs(a.top - b.top) > 1 || Math.abs(a.top - c.top) > 1) faults.push(`row ${row + 1} not level`);
        if (a.right > b.left || b.right > c.left) faults.push(`row ${row + 1} not left to right`);
        if (c.right > window.innerWidth) faults.push(`row ${row + 1} past the screen's edge`); }
    if (!(r[0].top < r[3].top && r[3].top < r[6].top)) faults.push("rows not one under another");
    return faults.length ? faults.join("; ") + ": " + JSON.stringify(r.map(q => [q.left, q.top])) : null; }"""


def test_the_kernels_nine_numbers_stay_a_three_by_three_grid_on_a_phone(phone):
    """A phone stacks columns: the hand-made kernel's numbers had become one column of nine, its shape lost."""
    open_lesson(phone, "convolution", timeout=120_000)
    with contextlib.suppress(PlaywrightTimeout):  # the page may still be laying out what came in last
        phone.wait_for_function(f"() => ({NOT_A_GRID})() === null", timeout=30_000)
    assert phone.evaluate(NOT_A_GRID) is None
    no_errors(phone)


# The height of the first panel's plot area (plotly's drag box) left over above and below its picture.
SLACK = """sel => { const area = document.querySelector(sel + " .draglayer .xy .nsewdrag").getBoundingClientRect();
    return area.height - document.querySelector(sel + " image").getBoundingClientRect().height; }"""


def test_the_layer_by_layer_row_is_only_as_tall_as_its_pictures_on_a_phone(phone):
    """Eleven panels in a row are about 27 px wide on a phone, and the row's plot had stayed 150 px tall around them."""
    open_lesson(phone, "convolution", timeout=120_000)
    overview = ".st-key-conv-overview"
    phone.locator(f"{overview} image").first.wait_for()
    with contextlib.suppress(PlaywrightTimeout):  # plotly lays the figure out again once the style has shortened it
        phone.wait_for_function(f"() => ({SLACK})({json.dumps(overview)}) <= 4", timeout=30_000)
    slack = phone.evaluate(SLACK, overview)
    assert slack <= 4, f"{slack:.0f} px of the plot's height empty around its pictures"
    no_errors(phone)
