"""The case: its pydantic models, the savings schema, rating scales, whole-case validation and the audit diff."""
