"""Writing a school profile (:mod:`mentornet.profile`): JSON, XLSX and plots.

``profile.json`` holds the classification as facts and message codes
(``why``: ``[{"code", "params"}]``) plus the reasons rendered in the
report's language; ``profile.xlsx`` has a sheet of schools (classes, host /
priority flags, cluster, factors, reasons), a sheet of clusters (their size
and mean factors) and a sheet of notes; the plots (matplotlib, Agg backend)
are ``profile_map.png`` (results against social disadvantage, thresholds
drawn, clusters coloured), ``profile_classes.png`` (schools per class) and,
when k was chosen by silhouette, ``profile_silhouette.png``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from openpyxl import Workbook

from mentornet.i18n import pgettext, render_all, term, yes_no
from mentornet.io.writers import format_sheet, write_rows
from mentornet.messages import Np_
from mentornet.model import Network, Policy
from mentornet.profile import CLASSES, Profile
from mentornet.visualizations.plots import write_png

__all__ = ["profile_doc", "write_profile", "write_profile_plots", "write_profile_xlsx"]

_CONTEXT = "profile_report"
_WORDS = {
    "sheet_schools": Np_("profile_report", "profile"),
    "sheet_clusters": Np_("profile_report", "clusters"),
    "sheet_notes": Np_("profile_report", "notes"),
    "school": Np_("profile_report", "school"),
    "name": Np_("profile_report", "name"),
    "municipality": Np_("profile_report", "municipality"),
    "classes": Np_("profile_report", "classes"),
    "may_host": Np_("profile_report", "may host a site"),
    "priority": Np_("profile_report", "priority trainee"),
    "cluster": Np_("profile_report", "cluster"),
    "results": Np_("profile_report", "results index"),
    "adversity": Np_("profile_report", "social disadvantage index"),
    "pupils": Np_("profile_report", "pupils"),
    "staff": Np_("profile_report", "staff"),
    "opened": Np_("profile_report", "opened"),
    "years_open": Np_("profile_report", "years of work"),
    "reasons": Np_("profile_report", "reasons"),
    "schools": Np_("profile_report", "schools"),
    "note": Np_("profile_report", "note"),
    "map_title": Np_("profile_report", "Schools by results and social conditions"),
    "unclustered": Np_("profile_report", "no cluster"),
    "classes_title": Np_("profile_report", "Schools per class"),
    "silhouette_title": Np_("profile_report", "Silhouette by the number of clusters"),
    "k": Np_("profile_report", "clusters (k)"),
    "silhouette": Np_("profile_report", "silhouette"),
}


def _w(lang: str) -> dict[str, str]:
    return {k: pgettext(lang, _CONTEXT, v) for k, v in _WORDS.items()}


def _messages(messages: Any) -> list[dict[str, Any]]:
    return [m.model_dump(mode="json") for m in messages]


def profile_doc(network: Network, prof: Profile, policy: Policy, lang: str = "en") -> dict[str, Any]:
    """The profile as a JSON-ready dict (facts, codes and the reasons rendered in ``lang``)."""
    school = network.school_by_id
    return {
        "network": network.name,
        "year": prof.year,
        "has_indicators": prof.has_indicators,
        "policy": {k: getattr(policy, k) for k in type(policy).model_fields if k.startswith("profile_")} | {"seed": policy.seed},
        "thresholds": prof.thresholds,
        "counts": {c: prof.count(c) for c in CLASSES},
        "clusters": {
            "k": prof.clusters.k,
            "factors": list(prof.clusters.factors),
            "chosen_by": prof.clusters.chosen_by or None,
            "silhouettes": {str(k): v for k, v in prof.clusters.silhouettes.items()},
            "centers": prof.clusters.centers,
        },
        "notes": _messages(prof.notes),
        "notes_text": [m.render(lang) for m in prof.notes],
        "schools": [
            {
                "school": p.school,
                "name": school[p.school].name if p.school in school else p.school,
                "municipality": school[p.school].municipality if p.school in school else "",
                "classes": list(p.classes),
                "may_host": p.may_host,
                "priority": p.is_priority,
                "cluster": p.cluster,
                "results": p.results,
                "adversity": p.adversity,
                "pupils": p.pupils,
                "staff": p.staff,
                "opened": p.opened,
                "years_open": p.years_open,
                "why": _messages(p.reasons),
                "reason": render_all(p.reasons, lang),
            }
            for p in prof.schools
        ],
    }


def write_profile_xlsx(network: Network, prof: Profile, path: Path, lang: str = "en") -> Path:
    """Write ``profile.xlsx``: the schools, the clusters and the notes, in ``lang``."""
    w = _w(lang)
    book = Workbook()
    ws = book.active
    ws.title = w["sheet_schools"]
    school = network.school_by_id
    cols = ("school", "name", "municipality", "classes", "may_host", "priority", "cluster",
            "results", "adversity", "pupils", "staff", "opened", "years_open", "reasons")
    rows = [
        [p.school, school[p.school].name, school[p.school].municipality,
         ", ".join(term(lang, "profile_class", c) for c in p.classes),
         yes_no(lang, p.may_host), yes_no(lang, p.is_priority), p.cluster,
         p.results, p.adversity, p.pupils, p.staff, p.opened, p.years_open, render_all(p.reasons, lang)]
        for p in prof.schools
    ]
    write_rows(ws, [w[c] for c in cols], rows)
    format_sheet(ws, max_width=80)
    cl = book.create_sheet(w["sheet_clusters"])
    factors = prof.clusters.factors
    cl_rows = [[c, sum(p.cluster == c for p in prof.schools), *(round(v, 3) for v in center)]
               for c, center in enumerate(prof.clusters.centers, start=1)]
    write_rows(cl, [w["cluster"], w["schools"], *(term(lang, "profile_factor", f) for f in factors)], cl_rows)
    format_sheet(cl)
    notes = book.create_sheet(w["sheet_notes"])
    write_rows(notes, [w["note"]], [[m.render(lang)] for m in prof.notes])
    format_sheet(notes, max_width=120)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def write_profile_plots(prof: Profile, out: Path, lang: str = "en") -> list[Path]:
    """Write the profile's plots into ``out`` (PNG); returns the paths written."""
    w = _w(lang)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    known = [p for p in prof.schools if p.results is not None and p.adversity is not None]

    def xs(group: list[Any]) -> list[float]:
        return [float(p.adversity) for p in group]

    def ys(group: list[Any]) -> list[float]:
        return [float(p.results) for p in group]

    if known:
        fig, ax = plt.subplots(figsize=(8, 6))
        cmap = plt.get_cmap("tab10")
        for c in sorted({p.cluster for p in known}, key=lambda v: (v is None, v or 0)):
            group = [p for p in known if p.cluster == c]
            label = f"{w['cluster']} {c}" if c is not None else w["unclustered"]
            ax.scatter(xs(group), ys(group), s=40,
                       color=cmap((c - 1) % 10) if c is not None else "#bbbbbb", label=label, edgecolor="black", linewidth=0.5)
        # The classes that are not read off the threshold lines are marked by overlays.
        overlays: tuple[tuple[str, dict[str, Any]], ...] = (("resilient", {"marker": "*", "s": 220, "facecolors": "none", "edgecolors": "#1a9641"}),
                           ("crisis", {"marker": "o", "s": 160, "facecolors": "none", "edgecolors": "#d7191c"}),
                           ("new_school", {"marker": "s", "s": 90, "facecolors": "none", "edgecolors": "black"}))
        for cls, style in overlays:
            group = [p for p in known if cls in p.classes]
            if group:
                ax.scatter(xs(group), ys(group), linewidth=1.2,
                           label=term(lang, "profile_class", cls), **style)
        for key, horizontal in (("low", True), ("high", True), ("adverse", False)):
            if key in prof.thresholds:
                (ax.axhline if horizontal else ax.axvline)(prof.thresholds[key], color="grey", linestyle="--", linewidth=1)
        ax.set_xlabel(w["adversity"])
        ax.set_ylabel(w["results"])
        ax.set_title(w["map_title"])
        ax.legend(fontsize=8, loc="best")
        written.append(write_png(fig, out / "profile_map.png"))
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.barh([term(lang, "profile_class", c) for c in CLASSES], [prof.count(c) for c in CLASSES], color="#2c7fb8")
    ax.invert_yaxis()
    ax.set_xlabel(w["schools"])
    ax.set_title(w["classes_title"])
    written.append(write_png(fig, out / "profile_classes.png"))
    if prof.clusters.chosen_by == "silhouette" and prof.clusters.silhouettes:
        fig, ax = plt.subplots(figsize=(6, 4))
        ks = sorted(prof.clusters.silhouettes)
        ax.plot(ks, [prof.clusters.silhouettes[k] for k in ks], marker="o")
        ax.axvline(prof.clusters.k or 0, color="grey", linestyle="--")
        ax.set_xlabel(w["k"])
        ax.set_ylabel(w["silhouette"])
        ax.set_title(w["silhouette_title"])
        written.append(write_png(fig, out / "profile_silhouette.png"))
    return written


def write_profile(network: Network, prof: Profile, policy: Policy, out: Path, lang: str = "en") -> list[Path]:
    """Write ``profile.json`` always, and ``profile.xlsx`` and the plots when schools were classified."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / "profile.json"
    path.write_text(json.dumps(profile_doc(network, prof, policy, lang), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    written = [path]
    if prof.schools:
        written.append(write_profile_xlsx(network, prof, out / "profile.xlsx", lang))
        written += write_profile_plots(prof, out, lang)
    return written

