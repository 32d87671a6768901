"""nnviz: the router and the frame. Every lesson lives in lessons/."""

from pathlib import Path

import streamlit as st

from lessons import LESSONS
from server import pages
from ui import frame, present

presenting = present.init()
st.set_page_config(
    page_title="nnviz",
    page_icon=str(Path(__file__).parent / "assets" / "icon.png"),  # local: a visitor's browser fetches nothing else
    layout="wide",
    initial_sidebar_state="collapsed" if presenting else "auto",
)
page = st.navigation(
    [
        st.Page(lesson.script, title=lesson.title, icon=lesson.icon, url_path=lesson.url_path, default=i == 0)
        for i, lesson in enumerate(LESSONS)
    ]
)
pages.cap_threads()
with pages.turn():
    frame.sidebar()
    present.style()
    page.run()
