"""The peer workforce (see docs/workforce.md)."""
