"""Batch review of many intakes: which files are read (``paths``), the options that
filter, sort and fail (``query``), the files reviewed in this process or in worker
processes (``workers``), what each file gives (``rows``), the portfolio and its counts
(``portfolio``), and a row's fields from the engine's fast path (``summary``).
"""
