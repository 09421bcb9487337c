"""Reads of the evaluation domain, one module per page family; always scoped via roadmap.permissions."""
