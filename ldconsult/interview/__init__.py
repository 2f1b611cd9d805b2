"""The interview: a cursor over a bank (``cursor``), answers files (``answers``), the
questionary prompters (``prompts``) and their widgets (``widgets``), and the meeting-pace
model (``pace``). The cursor knows no terminal; only ``prompts`` and ``widgets`` do.
"""
