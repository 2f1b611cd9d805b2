"""Question banks: the model (``model``), its linter (``lint``), loading and the registry
(``banks``) with a cache of validated shipped banks (``cache``), ``when`` conditions
(``conditions``), casting typed answers to values (``values``), bank patterns matched
with a time limit (``patterns``), and the signal vocabulary with the answers-to-signals
mapping (``signals``), which the engine reasons on. Uses only :mod:`ldconsult.base`.
"""
