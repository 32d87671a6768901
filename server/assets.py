"""Files the browser fetches from nnviz's own server (serve.py mounts these routes beside Streamlit's).

plotly.js, for the charts a live panel redraws in place (ui/live_chart.py), is the copy the installed plotly
package ships: its version is the one requirements.txt pins, and nothing is fetched from the internet.
"""

from __future__ import annotations

from pathlib import Path

import plotly
from starlette.responses import FileResponse
from starlette.routing import Route

PLOTLY_JS_URL = "/vendor/plotly.min.js"
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
A_DAY = "public, max-age=86400"


async def _plotly_js(_request) -> FileResponse:
    return FileResponse(PLOTLY_JS, media_type="text/javascript", headers={"Cache-Control": A_DAY})


ROUTES = [Route(PLOTLY_JS_URL, _plotly_js)]
