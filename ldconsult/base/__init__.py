"""The base every layer may use, and that uses nothing of ldconsult's above it.

Reading a file safely (``files``), YAML and JSON in and out (``yamlio``, ``fastyaml``),
writing a file atomically (``atomic``), the error types and exit codes (``errors``,
``plainerrors``), stdout that fails cleanly (``stdio``), dates as people say them
(``dates``) and terminal-safe text (``text``). No terminal library is imported here.
"""
