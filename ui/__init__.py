"""Streamlit glue shared by the pages: cached resources, session state, the frame."""
