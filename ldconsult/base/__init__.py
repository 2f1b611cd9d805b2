"""The base every layer may use, and that uses nothing of ldconsult's above it.

Reading a file safely (``files``), YAML and JSON in and out (``yamlio``, ``fastyaml``),
writing a file atomically (``atomic``), the error types and exit codes (``errors``,
``plainerrors``), stdout that fails cleanly (``stdio``), dates as people say them
(``dates``), said back in words (``date_words``), the years a plan can use and the ISO
date in stored text (``plan_dates``), month arithmetic (``calendar_math``) and
terminal-safe text (``text``). No terminal library is imported here.
"""
