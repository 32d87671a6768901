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
home, *others = LESSONS
lessons = [
    st.Page(home.script, title=home.title, icon=home.icon, default=True),  # served at /, and at /home below
    *(st.Page(lesson.script, title=lesson.title, icon=lesson.icon, url_path=lesson.url_path) for lesson in others),
]


def home_by_name() -> None:
    """/home opens the home page, whose own address is /."""
    st.switch_page(lessons[0], query_params=st.query_params.to_dict())


page = st.navigation([*lessons, st.Page(home_by_name, url_path=home.url_path, visibility="hidden")])
pages.cap_threads()
with pages.turn():
    frame.sidebar()
    present.style()
    page.run()
