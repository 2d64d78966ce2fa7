"""Plans (see docs/plans.md)."""
