"""Scoring METRICS rater sheets: reading sheets in the METRICS tool's CSV layout, scoring and checking each row
(:mod:`pipespec.scoring.sheets`) and measuring agreement between raters (:mod:`pipespec.scoring.agreement`).

It stands on the METRICS items and score of :mod:`pipespec.metrics` and nothing else of the package; its
renderer is :mod:`pipespec.render.sheets`.
"""
