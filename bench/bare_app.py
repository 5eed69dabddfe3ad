"""The baseline for bench/ui_latency.py: a bare Streamlit page with one slider and one Plotly bar chart."""

import plotly.graph_objects as go
import streamlit as st

value = st.slider("Weight", 0.0, 6.0, 2.0, step=0.5, key="w_bare")
fig = go.Figure(go.Bar(x=["A", "B"], y=[value, 6 - value], text=[f"{value:g}", f"{6 - value:g}"]))
fig.update_layout(title="Bare page")
st.plotly_chart(fig, key="bare_chart")
