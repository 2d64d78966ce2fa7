"""Community resources (see docs/directory.md)."""
