"""Options Appraisal Studio: the domain package (pure Python, never imports streamlit)."""

__all__ = ["__version__"]
__version__ = "0.1.0"

# Load the case model first: it imports appraisal.savings_model part-way through (that module builds
# on its StrictModel), so importing appraisal.savings_model on its own would otherwise be circular.
from appraisal import model as _model  # noqa: E402, F401
