"""The one cache of SMAA results for every page: keyed on plain numbers, since a case cannot be hashed.

The Ranking badges and the Briefing ask for the default uniform SMAA; the Sensitivity page for its own
mode, samples and seed. Numbers are cached (st.cache_data), never figures.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from appraisal.analysis.smaa import DEFAULT_SAMPLES, DEFAULT_SEED, SmaaResult, smaa


@st.cache_data(show_spinner=False, max_entries=64)
def _smaa(scores: bytes, shape: tuple[int, int], samples: int, seed: int, mode: str, spread: float,
          base: tuple[float, ...], flip: float, scale: tuple[float, ...]) -> SmaaResult:
    S = np.frombuffer(scores, dtype=float).reshape(shape)
    base_arr = np.array(base)
    return smaa(
        S, n_samples=samples, seed=seed,
        base_weights=base_arr if mode == "spread" else None, spread=spread / 100 if mode == "spread" else None,
        order_of=base_arr if mode == "order" else None,
        rating_flip_p=flip, scale_values=np.array(scale) if flip > 0 else None,
    )


def cached_smaa(S: np.ndarray, samples: int = DEFAULT_SAMPLES, seed: int = DEFAULT_SEED, mode: str = "uniform",
                spread: float = 0.0, base: tuple[float, ...] = (), flip: float = 0.0,
                scale: tuple[float, ...] = ()) -> SmaaResult:
    """SMAA of scores ``S``: uniform on the simplex by default; ``mode`` "spread" (± ``spread`` % of
    ``base``) or "order" (keep ``base``'s order); ``flip`` the chance each rating moves one notch on ``scale``."""
    S = np.ascontiguousarray(S, dtype=float)
    # Settings that do not change the result do not split the cache.
    spread = spread if mode == "spread" else 0.0
    base = base if mode in ("spread", "order") else ()
    scale = scale if flip > 0 else ()
    return _smaa(S.tobytes(), S.shape, int(samples), int(seed), mode, float(spread), tuple(base), float(flip), tuple(scale))
