"""Synthetic data: the fixed demo cast and the region generator. Nothing here is real."""
