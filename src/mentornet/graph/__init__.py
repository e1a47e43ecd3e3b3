"""Graphs of a network and of a plan (networkx).

* :mod:`mentornet.graph.candidates` — the candidate mentoring graph the
  solvers plan on (ids mapped to indices here, and only here).
"""

from mentornet.graph.candidates import CandidateGraph, build_candidates, haversine_km

__all__ = ["CandidateGraph", "build_candidates", "haversine_km"]
