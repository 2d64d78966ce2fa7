"""One-to-one peer support (see docs/peerwork.md)."""
