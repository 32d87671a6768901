"""On a 390x844 phone no chart's text runs past the chart's edge, no tick reads "100μ", "20k" or "1e+2", and no plotly
toolbar opens over a legend (issue 16, item 9)."""

import pytest

from tests.helpers import drawn, no_errors, open_lesson

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
# Every text of every chart in the main area that is cut by the chart's edge, or a tick in SI or e notation; with
# `crowd`, titles, panel titles, notes and legend entries written over each other too.
FAULTS = r"""(crowd) => {
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
    });
    if (!crowd) return;
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


# The backprop network's edge labels still crowd its nodes on a phone: there only the edges are checked.
@pytest.mark.parametrize(("lesson", "crowd"), [("activations", True), ("gradient-descent", True), ("backprop", False)])
def test_every_chart_keeps_its_labels_inside_and_apart_on_a_phone(phone, lesson, crowd):
    open_lesson(phone, lesson, timeout=120_000)
    height = phone.evaluate("() => document.querySelector(\"[data-testid='stMain']\").scrollHeight")
    phone.set_viewport_size({"width": PHONE["width"], "height": min(height, 12_000)})  # every chart drawn at once
    phone.locator("[data-testid='stMain'] .js-plotly-plot").nth(2).wait_for()  # a first visit loads MNIST first
    drawn(phone)
    assert phone.evaluate(FAULTS, crowd) == []
    no_errors(phone)
