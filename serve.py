"""nnviz as a server runs it: `streamlit run serve.py` finds the `st.App` below and serves app.py through it.

Its start-up (server.warm) loads torch, MNIST, the shipped digit models and every lesson's modules before the
server answers anyone, /_stcore/health included: the first visitor waits for none of it, and a load balancer
sends no one to a process that is not ready. Beside Streamlit's own routes it serves the files nnviz's charts need
(server.assets).
"""

import streamlit as st

from server import assets, warm

app = st.App("app.py", lifespan=warm.lifespan, routes=assets.ROUTES)
