"""mentornet benchmarks: every solver side by side, from a municipality to a country slice.

Run ``python -m benchmarks`` (``make bench``) for the full run (~20 min on
2 cores), ``python -m benchmarks --quick`` for the small scales. See
:mod:`benchmarks.harness`.
"""
