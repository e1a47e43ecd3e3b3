"""The registry of message codes: each code's English text and parameter kinds.

mentornet stores what it has to say — why a pair was chosen, why a need
waits, what an audit found, what went wrong with the input — as a
:class:`mentornet.i18n.Message`: a **code** plus **parameters**, never as a
finished sentence. This module maps every code to its English msgid (the
gettext source text) with named ``{placeholders}``; the translations live in
the gettext catalogues ``mentornet/locale/<lang>/LC_MESSAGES/mentornet.po``.

How to add a message
--------------------
Add one entry to :data:`MESSAGES`::

    "deferred.no_mentor": Msg(N_("no eligible mentor in '{direction}'"))

* wrap the English text in ``N_`` (singular) or ``Nn_`` (singular, plural) so
  that ``make i18n`` (``pybabel extract``) finds it;
* a plural text names its count parameter: ``Msg(*Nn_("{n} school", "{n}
  schools"), count="n")`` — gettext picks the form for the reader's language;
* a parameter whose value is itself a word to translate (a role, a kind of
  school, yes/no) names its term kind in ``terms``: ``terms={"role":
  "level"}``; the value is then looked up in :data:`TERMS` and translated
  with that kind as gettext context. A kind ``"list:<kind>"`` takes a
  comma-separated list of term values and joins their translations.
  Booleans are always rendered as yes/no in the reader's language.
* run ``make i18n`` and fill in the new ``msgstr`` in every ``.po`` file.

Nothing here imports from the rest of mentornet, so every layer may use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["MESSAGES", "TERMS", "Msg", "N_", "Nn_", "Np_"]


def N_(msgid: str) -> str:
    """Mark ``msgid`` for extraction; return it unchanged (translated later)."""
    return msgid


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a singular/plural pair for extraction; return both unchanged."""
    return singular, plural


def Np_(context: str, msgid: str) -> str:
    """Mark ``msgid`` with a gettext context for extraction; return the msgid."""
    return msgid


@dataclass(frozen=True)
class Msg:
    """One registered message.

    Parameters
    ----------
    msgid : str
        English source text with named ``{placeholders}`` (``str.format``
        syntax; format specs such as ``{km:.0f}`` are allowed).
    plural : str, optional
        English plural source text; with it the message is looked up with
        ``ngettext`` on the parameter named by ``count``.
    count : str, optional
        Name of the integer parameter that selects the plural form.
    terms : dict
        ``parameter -> term kind`` for parameters whose values are words to
        translate (see :data:`TERMS`).
    context : str, optional
        gettext context (``msgctxt``) to tell identical English texts apart.
    """

    msgid: str
    plural: str | None = None
    count: str | None = None
    terms: dict[str, str] = field(default_factory=dict)
    context: str | None = None


# Words that appear as parameter values. Kind -> value -> English msgid; the
# kind is the gettext context, so "leader" the level and "leader" elsewhere
# can be translated differently.
TERMS: dict[str, dict[str, str]] = {
    "bool": {"true": Np_("bool", "yes"), "false": Np_("bool", "no")},
    "level": {
        "leader": Np_("level", "leader"),
        "promising": Np_("level", "promising"),
        "hidden_reserve": Np_("level", "hidden reserve"),
    },
    "kind": {
        "basic": Np_("kind", "basic"),
        "secondary": Np_("kind", "secondary"),
        "gymnasium": Np_("kind", "gymnasium"),
        "lyceum": Np_("kind", "lyceum"),
    },
    # as in "both rural" (Russian: «обе сельские»)
    "settlement_both": {
        "rural": Np_("settlement_both", "rural"),
        "urban": Np_("settlement_both", "urban"),
    },
    # the soft goals an objective is made of (plan.metrics["objective_parts"], score parts)
    "part": {
        "coverage": Np_("part", "coverage of deficits"),
        "gain": Np_("part", "competence gain"),
        "context": Np_("part", "context fit"),
        "travel": Np_("part", "travel"),
        "continuity": Np_("part", "strategy (continuity or novelty)"),
        "school_mentors": Np_("part", "every school mentors"),
        "mutual": Np_("part", "mutual exchanges"),
        "balance": Np_("part", "even host load"),
    },
    "priority": {
        "low_results": Np_("priority", "low results"),
        "adverse": Np_("priority", "adverse conditions"),
        "new": Np_("priority", "new school"),
    },
}


MESSAGES: dict[str, Msg] = {
    # A free text typed by a person (a hand-made plan, an old stored plan):
    # rendered verbatim, per language when given as {"en": ..., "ru": ...}.
    "text": Msg("{text}"),
    # ---------------------------------------------------------- pair reasons
    "pair.gap": Msg(
        N_("{mentor_role} mentors {trainee_role}"),
        terms={"mentor_role": "level", "trainee_role": "level"},
    ),
    "pair.gap_scores": Msg(
        N_("{mentor_role} mentors {trainee_role} (score {mentor_score:g} vs {trainee_score:g})"),
        terms={"mentor_role": "level", "trainee_role": "level"},
    ),
    "pair.same_kind": Msg(N_("same kind of school ({kind})"), terms={"kind": "kind"}),
    "pair.same_settlement": Msg(N_("both {settlement}"), terms={"settlement": "settlement_both"}),
    "pair.resilient_mentor": Msg(N_("resilient mentor for a school in adverse conditions")),
    "pair.distance": Msg(N_("{km:.0f} km apart")),
    "pair.novelty": Msg(N_("brings a new mentor or direction")),
    "pair.continues_pair": Msg(N_("continues last year's pair")),
    "pair.continues_direction": Msg(N_("continues learning in last year's direction")),
    "pair.priority": Msg(N_("priority trainee: {why}"), terms={"why": "list:priority"}),
    # ------------------------------------------------------ deferral reasons
    "deferred.no_mentor": Msg(N_("no eligible mentor for this team in '{direction}' (none ranks above it within reach)")),
    "deferred.limit": Msg(
        *Nn_(
            "the school already learns in {n} direction this year (limit {limit}); this {role} need waits "
            "for next year, larger deficits and priority schools first",
            "the school already learns in {n} directions this year (limit {limit}); this {role} need waits "
            "for next year, larger deficits and priority schools first",
        ),
        count="n",
        terms={"role": "level"},
    ),
    # ----------------------------------------------- rebalance (base plan = "last year")
    "rebalance.kept": Msg(N_("kept from the base plan")),
    "rebalance.moved": Msg(N_("moved here from {mentor}")),
    "rebalance.new": Msg(N_("a new pair (no mentor in the base plan)")),
    # ------------------------------------------------------ alternate mentors
    "alternate.part": Msg(N_("{part} {value:+d}"), terms={"part": "part"}),
    "deferred.no_place": Msg(N_("the mentors of '{direction}' have no free place left for this team this year")),
}
