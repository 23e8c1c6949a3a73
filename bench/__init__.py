"""Benchmark scripts and the synthetic wire-article generator shared with the fault suite."""
