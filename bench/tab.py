"""What a script reads and waits for in a Chromium tab of the app: one home for the benches and the browser tests."""

from __future__ import annotations

# The page script has finished its run: the lesson's title is on the page, the app says its script is not running,
# and Streamlit's "running" badge is gone. The badge alone is not enough: it shows only once a run has lasted a moment,
# and a press made in the last moment of a page's first run was once lost.
IDLE = (
    "() => document.querySelector('[data-testid=\"stMain\"] h1')"
    " && document.querySelector('[data-testid=\"stApp\"]').dataset.testScriptState === 'notRunning'"
    " && !document.querySelector('[data-testid=\"stStatusWidget\"]')"
)
ERRORS = "[data-testid='stException'], [data-testid='stAlertContentError']"  # a traceback or an error alert
ANSWER = "[data-testid='stMain'] [data-testid='stMetricValue']"  # the digit the Draw page reads
PAD = "canvas.nnviz-pad"  # the Draw page's square to draw in (ui/drawing_pad.js)
# The class naming the Draw page's pad: Clear replaces the pad with one under a new key.
CANVAS_KEY = """() => { const c = document.querySelector("[class*='st-key-draw-canvas']");
    return c ? c.className.match(/st-key-draw-canvas\\d+/)[0] : null; }"""
# Given the old key: the new pad is on the page, and the old one has gone.
ONE_NEW_CANVAS = f"""(old) => {{ const k = ({CANVAS_KEY})();
    return k && k !== old && document.querySelectorAll("[class*='st-key-draw-canvas']").length === 1; }}"""
