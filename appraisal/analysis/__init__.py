"""The analyses: numbers and dataclasses only (no sentences, no tables). Scoring is the engine every other one builds on."""
