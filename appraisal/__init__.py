"""Options Appraisal Studio: the domain package (pure Python, never imports streamlit).

Layers, imports pointing down only (docs/architecture.md): ``errors``/``fmt`` → ``case`` → ``formats``
→ ``analysis`` → ``report`` and ``store`` → ``cli``.
"""

__all__ = ["__version__"]
__version__ = "0.1.0"
