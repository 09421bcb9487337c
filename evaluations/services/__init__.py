"""Writes of the evaluation domain: every state change of a cycle or report happens here."""
