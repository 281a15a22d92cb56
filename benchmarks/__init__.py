"""Benchmark scripts; each prints its figures (the README's tables come from them)."""
