"""Analysis: the stage graph, the facts about stages, and the rules that decide and report.

graph (types on edges, cycles, provenance, paths) -> engine (one pass: rules/ decide the conditions and report
findings) -> an :class:`~pipespec.analysis.results.Analysis` with the drawing data computed from the same graph.
"""
