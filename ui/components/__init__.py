"""Streamlit components every page shares: text and tables, charts, layout, badges, presentation mode, weight sliders.

A component that keeps state owns it under its own key (e.g. the sliders' edited weights per page).
"""
