"""Streamlit helpers shared by every page (the only place besides views/ that imports streamlit)."""
