"""Batch review of many intakes: the portfolio (``portfolio``: paths, workers, counts,
the query) and one row per intake (``summary``: the engine's fast path for a row).
"""
