"""The core app: road maps, units, users and their roles, permissions, the outbox, audit, health, mail."""
