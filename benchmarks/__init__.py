"""Benchmark scripts; each prints its figures (docs/performance.md's tables come from them)."""
