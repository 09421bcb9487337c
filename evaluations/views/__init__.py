"""Views of the evaluation pages, one module per audience (officer, reviewer, reminders)."""
