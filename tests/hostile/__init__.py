"""Hostile submissions: inputs a journal may be sent, each as a generator of its (often large) text.

Each generator takes a size ``n`` so that the tests measure growth (t(2n) / t(n)) rather than a fixed bound.
"""
