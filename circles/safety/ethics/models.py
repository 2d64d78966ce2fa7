"""The code of ethics in daily work (see docs/safety.md)."""
