"""Options Appraisal Studio: the domain package (pure Python, never imports streamlit)."""

__all__ = ["__version__"]
__version__ = "0.1.0"
