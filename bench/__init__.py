"""Benchmarks: `make bench` (python -m bench). Never run by the tests."""
