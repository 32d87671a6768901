"""How a lesson shows itself: its title and settings, its charts and prose, and presentation mode.

Presentation mode is for a projector: larger type, thick high-contrast plots, the sidebar folded
away, prose cut to the essentials, and the lesson as steps the presenter walks with Back and Next
(or Page Up / Page Down, which is what a presentation clicker sends). Each step is a preset state
that ends in a question for the room: predict, then run.
"""

from __future__ import annotations

import re

import streamlit as st

from nnviz.figures import describe
from nnviz.figures.digits import NUMBERS_MIN_WIDTH
from nnviz.figures.projector import for_projector
from ui import live_chart, player, settings

PRESENT_KEY = settings.FRAME.key("present")
STEP_BOX = "present-step"  # the key of the box holding the step's question
# Big type, and no space spent above the step: a 768-pixel-high screen shows its question, its run control and
# its main chart together (tests/browser/test_present_fits.py measures it).
PROJECTOR_CSS = """<style>
html { font-size: 21px; }
@media (max-height: 820px) { html { font-size: 18px; } }
[data-testid="stMainBlockContainer"] { max-width: 100%; padding: 3.2rem 3rem 3rem; }
[data-testid="stMain"] h1 { font-size: 1.5rem; padding: 0 0 1rem; }
[data-testid="stMain"] h4 { padding: 0 0 .2rem; }
[data-testid="stMain"] [data-testid="stVerticalBlock"] { gap: .5rem; }
[data-testid="stMain"] h3 { font-size: 1.3rem; padding: .2rem 0 0; }
/* Streamlit pulls what follows a heading up by 1rem, a heading's usual bottom padding: the title keeps that much
   padding for it, a section's heading has none and is not pulled (the step box covered their lower half) */
[data-testid="stMain"] [data-testid="stHeading"]:has(h2, h3) [data-testid="stMarkdownContainer"] { margin-bottom: 0; }
[data-testid="stMain"] [data-testid="stExpander"] summary { padding-top: .25rem; padding-bottom: .25rem; }
.st-key-present-step { padding: .5rem 1rem; gap: .4rem; }
[data-testid="stMain"] [data-testid="stMetricValue"] { font-size: 1.4rem; line-height: 1.3; }
</style>"""


# Plotly selects the point the pointer last hovered over, and a finger does not hover: a tap on a chart would pick
# the place of the tap before it. So a touch on a chart's plot area first hovers where the finger landed.
TAP_HOVERS = """<script>
if (!window.nnvizTapHovers) {
  window.nnvizTapHovers = true;
  document.addEventListener("touchstart", (e) => {
    const area = e.target.closest && e.target.closest(".js-plotly-plot .nsewdrag");
    if (!area || e.touches.length !== 1) return;
    const {clientX, clientY} = e.touches[0];
    area.dispatchEvent(new MouseEvent("mousemove", {clientX, clientY, bubbles: true}));
  }, {capture: true, passive: true});
}
</script>"""


def init() -> bool:
    """On a session's first run, `?present=1` turns presentation mode on. Returns whether it is on."""
    if PRESENT_KEY not in st.session_state:
        st.session_state[PRESENT_KEY] = st.query_params.get("present", "0").lower() in settings.TRUE
    settings.hold(PRESENT_KEY)
    return st.session_state[PRESENT_KEY]


def presenting() -> bool:
    return bool(st.session_state.get(PRESENT_KEY, False))


def toggle() -> None:
    st.toggle(
        "Presentation mode",
        key=PRESENT_KEY,
        help="For a projector: big type, bold plots, less text, and each lesson as steps. "
        "Page Down and Page Up (a presentation clicker) move between steps. A link with ?present=1 opens in it.",
    )


def style() -> None:
    """Page-wide styles of the current mode, and taps that pick points on a touch screen; the URL says whether a
    link opens in presentation mode."""
    st.sidebar.html(TAP_HOVERS, unsafe_allow_javascript=True)  # a script takes a line's room: not above the title
    if presenting():
        st.markdown(PROJECTOR_CSS, unsafe_allow_html=True)
        st.query_params["present"] = "1"
    else:
        for name in ("present", "step"):
            st.query_params.pop(name, None)


def begin(page: settings.Page, title: str) -> None:
    """The top of every lesson: settle its settings, the title, a link's notice, and the presenter's step."""
    settings.sync(page)
    st.title(title)
    settings.notice(page)
    if presenting() and page.steps:
        _steps(page)
        # The step's own part goes right under its question, the parts it is not about fold below that.
        st.session_state[page.key("_areas")] = (st.container(), st.container())


def _steps(page: settings.Page) -> None:
    """Where the presenter is in the lesson, the question for the room, and Back / Next."""
    key = settings.step_key(page)
    if key not in st.session_state:
        linked = _linked_step(len(page.steps))
        if linked is None:
            settings.apply_step(page, 0)  # a lesson opened in presentation mode starts at its first step
            if (asked := st.query_params.get("step")) not in (None, "", "1"):
                st.info(f"This link asks for step `{asked}`, which this lesson does not have (it has steps 1 to "
                        f"{len(page.steps)}), so it starts at step 1.")  # fmt: skip
        elif any(name not in settings.FRAME_PARAMS for name in st.query_params):
            st.session_state[key] = linked  # a link to a step, copied from the app, carries that step's settings
        else:
            settings.apply_step(page, linked)  # "?present=1&step=3" typed by hand: the step's own settings
    index = st.session_state[key]
    step = page.steps[index]
    st.query_params["step"] = str(index + 1)
    with st.container(border=True, key=STEP_BOX):
        top = st.container(horizontal=True, vertical_alignment="center")  # the buttons beside the title, if it fits
        top.markdown(f"#### Step {index + 1} of {len(page.steps)}: {step.title}", width="stretch")
        top.button("Back", key=page.key("_back"), on_click=settings.apply_step, args=(page, index - 1),
                   disabled=index == 0, shortcut="PageUp", icon=":material/arrow_back:")  # fmt: skip
        top.button("Next", key=page.key("_next"), on_click=settings.apply_step, args=(page, index + 1),
                   disabled=index == len(page.steps) - 1, shortcut="PageDown", icon=":material/arrow_forward:",
                   type="primary")  # fmt: skip
        top.button("Leave presentation mode", key=page.key("_leave"), on_click=_leave, type="tertiary")
        st.markdown(f"**Predict, then run.** {step.question}")


def _leave() -> None:
    st.session_state[PRESENT_KEY] = False


def _linked_step(count: int) -> int | None:
    """The 0-based step a link asks for with `?step=N`, if it is one of this lesson's steps."""
    try:
        number = int(st.query_params.get("step", ""))
    except ValueError:
        return None
    return number - 1 if 1 <= number <= count else None


def part(page: settings.Page, number: int, title: str):
    """A numbered part of a lesson to write into. On a projector, a part the current step is not about folds
    into an expander, so the step's own part sits right under its question."""
    about = _step_part(page)
    here, folded = st.session_state.get(page.key("_areas"), (st, st)) if presenting() else (st, st)
    if presenting() and about is not None and about != number:
        return folded.expander(title)
    if presenting() and about == number:  # the step's title already says what the part is about
        return here.container()
    box = st.container()
    box.subheader(title)
    return box


def settings_box(label: str = "Settings"):
    """Controls the step's question does not need: on a projector they fold into an expander (the step has set
    them already), so the run control and the chart come up to the question; otherwise a plain container.

        with present.settings_box():
            st.slider(...)
    """
    return st.expander(label) if presenting() else st.container()


def aside(page: settings.Page, number: int, label: str, steps: tuple[int, ...] = ()):
    """A stretch of part `number` that only its `steps` (1-based) are about: on a projector, at the part's other
    steps it folds into an expander headed `label`, so the step's own controls and chart come up to its
    question; otherwise a plain container.

        with present.aside(PAGE, 4, "Six linear layers", steps=(3,)):
            st.slider(...)
    """
    step = settings.step(page)
    folds = presenting() and _step_part(page) == number and step + 1 not in steps
    return st.expander(label) if folds else st.container()


def _step_part(page: settings.Page) -> int | None:
    """The part the current presentation step is about (None: no step, or a step about no one part)."""
    step = settings.step(page)
    return page.steps[step].part if step is not None else None


def explain(markdown: str, caption: bool = False) -> None:
    """Prose that teaches but is not essential (small print if `caption`): shown to a learner, left out on a
    projector."""
    if not presenting():
        (st.caption if caption else st.markdown)(markdown)


def chart(fig, key: str, **kwargs):
    """A plotly chart carrying a text summary of what it shows, as its accessible name: a screen reader reads
    it, while the eye reads the chart and the sentences the lesson writes beside it.

    On a projector the figure is restyled for the back of the room in the active theme's contrast. A chart in
    a live panel (ui.player), which redraws it every tick while playing, is redrawn in place (ui.live_chart).

    Plotly's toolbar is left out (a caller's own `config` wins): it opens over the top right of a chart, where
    legends and panel titles sit, and covered them on a phone. Dragging still zooms, a double click resets.
    """
    summary = describe.summary(fig)
    kwargs["config"] = {"displayModeBar": False, "displaylogo": False, **(kwargs.get("config") or {})}
    if presenting():
        fig = for_projector(fig, dark=st.context.theme.type == "dark")
    if player.drawing_live():
        return live_chart.show(fig, key, summary, themed=not presenting(), **kwargs)
    if presenting():
        return st.plotly_chart(fig, key=key, theme=None, alt=summary, **kwargs)
    return st.plotly_chart(fig, key=key, alt=summary, **kwargs)


def number_grid(fig, key: str) -> None:
    """A `pixel_numbers` chart, whose printed numbers hide while it is narrower than NUMBERS_MIN_WIDTH (a phone's
    cells are too small for them): its cells keep their shades, and hover reads every value."""
    st.html(numbers_css(key))
    chart(fig, key=key)


def pictures_at_foot(fig, key: str) -> None:
    """A chart of square pictures, each as wide as its panel, sitting at the foot of a plot whose fixed height suits a
    wide screen (nnviz.figures.draw.preparation_stages): on a narrow one the pictures are small and the paper above
    them was empty, so there the chart is only as tall as they are (foot_css). On a projector it keeps its height."""
    with st.container(key=f"{key}.box"):
        if not presenting():
            st.html(foot_css(key, fig))
        chart(fig, key=key)


def foot_css(key: str, fig) -> str:
    """The style making the chart with key `key` (in a container with key `key`.box) no taller than its pictures
    need: at most `fig`'s height. A CSS container query length (cqw) works out from the box's width how wide a panel
    is drawn, so how tall its square picture is; plotly lays the figure out again in the shorter box."""
    box, element = _key_class(f"{key}.box"), _key_class(key)
    margin, domain = fig.layout.margin, fig.layout.xaxis.domain
    picture = f"{domain[1] - domain[0]:.4f} * (100cqw - {margin.l + margin.r}px)"  # as wide as its panel
    height = f"min({fig.layout.height}px, calc({picture} + {margin.t + margin.b}px)) !important"
    return (  # Streamlit sizes the chart's element, a flex item, by its flex-basis
        f"<style>{box} {{ container-type: inline-size; }} {box} {element} {{ flex-basis: {height}; height: {height}; }}"
        "</style>"
    )


def _key_class(key: str) -> str:
    """The CSS class by which Streamlit names the element with key `key`."""
    return ".st-key-" + re.sub(r"[^A-Za-z0-9_-]", "-", key)


def numbers_css(key: str) -> str:
    """The style hiding the printed numbers of the chart with Streamlit key `key` while it is too narrow for them.
    A CSS container query: the browser decides from the chart's own width, as drawn and whenever it changes."""
    box = _key_class(key)
    return (
        f"<style>{box} {{ container-type: inline-size; }} @container (max-width: {NUMBERS_MIN_WIDTH - 1}px) "
        f"{{ {box} .heatmap-label {{ display: none; }} }}</style>"
    )
