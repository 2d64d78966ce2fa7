"""Safety and the code of ethics (see docs/safety.md)."""
