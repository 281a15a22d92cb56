"""tvkg's public Python API (placeholder)."""
