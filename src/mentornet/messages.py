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
  comma-separated list of term values and joins their translations; the
  kind ``"decimal"`` renders a number with one or two decimals and the
  language's decimal mark («41,2»).
  Booleans are always rendered as yes/no in the reader's language.
* run ``make i18n`` and fill in the new ``msgstr`` in every ``.po`` file.

Nothing here imports from the rest of mentornet, so every layer may use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["COUNTS", "MESSAGES", "TERMS", "Msg", "N_", "Nn_", "Np_", "Npn_"]


def N_(msgid: str) -> str:
    """Mark ``msgid`` for extraction; return it unchanged (translated later)."""
    return msgid


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a singular/plural pair for extraction; return both unchanged."""
    return singular, plural


def Np_(context: str, msgid: str) -> str:
    """Mark ``msgid`` with a gettext context for extraction; return the msgid."""
    return msgid


def Npn_(context: str, singular: str, plural: str) -> tuple[str, str]:
    """Mark a singular/plural pair with a context for extraction; return the pair."""
    return singular, plural


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
        "own_municipality": Np_("part", "own site in the district"),
        "nearest_site": Np_("part", "the nearest site"),
        "one_site": Np_("part", "one site per school"),
        "profile_priority": Np_("part", "priority by indicators"),
        "same_cluster": Np_("part", "same profile cluster"),
    },
    # optional school attributes (model.OPTIONAL_ATTRIBUTES)
    "attribute": {
        "kind": Np_("attribute", "kind of school"),
        "settlement": Np_("attribute", "settlement type"),
        "results": Np_("attribute", "results"),
        "adverse": Np_("attribute", "adverse conditions"),
        "is_new": Np_("attribute", "new school"),
        "lat": Np_("attribute", "latitude"),
        "lon": Np_("attribute", "longitude"),
    },
    # the goals of the objective that need a school attribute (Weights fields)
    "goal": {
        "same_kind": Np_("goal", "same kind of school"),
        "same_settlement": Np_("goal", "same settlement type"),
        "resilient_for_adverse": Np_("goal", "resilient mentor for a school in adverse conditions"),
        "priority_low_results": Np_("goal", "priority of low-results schools"),
        "priority_adverse": Np_("goal", "priority of schools in adverse conditions"),
        "priority_new": Np_("goal", "priority of new schools"),
        "travel_per_10km": Np_("goal", "short travel"),
    },
    "principle": {
        "input_facts": Np_("principle", "only facts the input gives"),
        "gives_experience": Np_("principle", "every team gives experience somewhere"),
        "receives_experience": Np_("principle", "every team receives experience elsewhere"),
        "full_involvement": Np_("principle", "every school involved (100%)"),
        "capacity": Np_("principle", "internship sites sized to their resources (capacity limits)"),
        "yearly_load": Np_("principle", "a yearly load every team can carry"),
        "site_reach": Np_("principle", "every low-results school attached to a site within reach"),
        "site_term": Np_("principle", "a site's status lasts its term (up to three years)"),
        "new_site": Np_("principle", "new sites where they help most"),
    },
    "severity": {
        "error": Np_("severity", "error"),
        "warning": Np_("severity", "warning"),
        "info": Np_("severity", "info"),
    },
    "priority": {
        "low_results": Np_("priority", "low results"),
        "adverse": Np_("priority", "adverse conditions"),
        "new": Np_("priority", "new school"),
    },
    # the classes of `mentornet profile` (mentornet.profile.CLASSES)
    "profile_class": {
        "low_results": Np_("profile_class", "low results"),
        "at_risk": Np_("profile_class", "at risk"),
        "crisis": Np_("profile_class", "crisis"),
        "high_results": Np_("profile_class", "high results"),
        "resilient": Np_("profile_class", "resilient"),
        "new_school": Np_("profile_class", "new school"),
    },
    # the profile factors clustered (mentornet.profile.FACTORS)
    "profile_factor": {
        "results": Np_("profile_factor", "results index"),
        "adversity": Np_("profile_factor", "social disadvantage index"),
        "pupils": Np_("profile_factor", "pupils"),
        "staff": Np_("profile_factor", "staff"),
        "years_open": Np_("profile_factor", "years of work"),
    },
}


# A number with its noun, for a parameter of kind "count:<noun>" (the noun is
# the gettext context): "{n} school" / "{n} schools" → «1 школа», «2 школы»,
# «5 школ». Nouns ending in "_of" are the Russian genitive after «из», «у»,
# «не менее» (1 школы, 2 школ, 5 школ).
COUNTS: dict[str, tuple[str, str]] = {
    "schools": Npn_("schools", "{n} school", "{n} schools"),
    "schools_of": Npn_("schools_of", "{n} school", "{n} schools"),
    "basic_schools_of": Npn_("basic_schools_of", "{n} basic school (ООШ)", "{n} basic schools (ООШ)"),
    "pairs": Npn_("pairs", "{n} pair", "{n} pairs"),
    "directions": Npn_("directions", "{n} direction", "{n} directions"),
    "teams": Npn_("teams", "{n} team", "{n} teams"),
    "trainee_teams_of": Npn_("trainee_teams_of", "{n} trainee team", "{n} trainee teams"),
    "trainee_needs": Npn_("trainee_needs", "{n} trainee need", "{n} trainee needs"),
    "trainee_needs_of": Npn_("trainee_needs_of", "{n} trainee need", "{n} trainee needs"),
    "trainees": Npn_("trainees", "{n} trainee", "{n} trainees"),
    "trainee_directions_of": Npn_("trainee_directions_of", "{n} trainee direction", "{n} trainee directions"),
    "trainee_directions": Npn_("trainee_directions", "{n} trainee direction", "{n} trainee directions"),
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
    "pair.own_site_in_district": Msg(N_("own site in the district ({municipality})")),
    "pair.nearest_site": Msg(N_("the nearest site, {km:.0f} km")),
    "pair.profile_priority": Msg(N_("priority trainee by indicators: {classes}"), terms={"classes": "list:profile_class"}),
    "pair.same_cluster": Msg(N_("same profile cluster ({cluster})")),
    "pair.carried": Msg(N_("covers a need deferred in last year's plan, carried over as a priority")),
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
    "rebalance.coverage": Msg(N_("covers {covered} needs; a fresh solve of the same scenario covers {fresh}")),
    "rebalance.coverage_shortfall": Msg(
        *Nn_(
            "covers {n} need fewer than a fresh solve of the same scenario ({covered} instead of {fresh}): "
            "the planner's coverage allowance of {allowance} was used to keep more pairs of the base plan",
            "covers {n} needs fewer than a fresh solve of the same scenario ({covered} instead of {fresh}): "
            "the planner's coverage allowance of {allowance} was used to keep more pairs of the base plan",
        ),
        count="n",
    ),
    # ----------------------------------- what-if edits refused (numbers from 1)
    "edit_error.repeats": Msg(N_("edit {n} ({op}) repeats edit {m}; remove one of them")),
    "edit_error.lock_forbidden": Msg(
        N_("edit {n} ({op}) keeps the pair {mentor} → {trainee} in '{direction}' that edit {m} ({other_op}) forbids; remove one of them")
    ),
    "edit_error.forbid_locked": Msg(
        N_("edit {n} ({op}) forbids the pair {mentor} → {trainee} in '{direction}' that edit {m} ({other_op}) keeps; remove one of them")
    ),
    "edit_error.two_mentors": Msg(
        N_("edit {n} ({op}) locks {mentor} as the mentor of {trainee} in '{direction}', but edit {m} ({other_op}) locked {other}: "
           "a team has one mentor per direction; remove one of them")
    ),
    "edit_error.two_roles": Msg(
        N_("edit {n} ({op}) fixes the role of {school} in '{direction}' as {role}, but edit {m} ({other_op}) fixed it as {other}; "
           "remove one of them"),
        terms={"role": "level", "other": "level"},
    ),
    "edit_error.empty_lock_plan": Msg(N_("edit {n} ({op}) keeps nothing: plan {plan} has no pairs and no roles")),
    # ------------------------------------------------------ alternate mentors
    "alternate.part": Msg(N_("{part} {value:+d}"), terms={"part": "part"}),
    "deferred.no_place": Msg(N_("the mentors of '{direction}' have no free place left for this team this year")),
    # binding causes of a deferral, read from the final plan (mentornet.explain.deferral_causes)
    "deferred.too_far": Msg(
        *Nn_(
            "{n} mentor ranks above it in '{direction}' and is too far: {mentor} is {km:.0f} km away (limit {max_km:g} km)",
            "all {n} mentors ranked above it in '{direction}' are too far: the nearest, {mentor}, is {km:.0f} km away (limit {max_km:g} km)",
        ),
        count="n",
    ),
    "deferred.forbidden": Msg(
        *Nn_("{n} mentor is excluded by a lock (forbidden pair): {mentors}", "{n} mentors are excluded by locks (forbidden pairs): {mentors}"),
        count="n",
    ),
    "deferred.other_municipality": Msg(
        *Nn_("{n} mentor is in another municipality, which the policy does not allow",
             "{n} mentors are in other municipalities, which the policy does not allow"),
        count="n",
    ),
    "deferred.score_gap": Msg(
        *Nn_("{n} mentor is not at least {min_gap:g} points above this team", "{n} mentors are not at least {min_gap:g} points above this team"),
        count="n",
    ),
    "deferred.mentor_cap": Msg(
        *Nn_("{n} mentor in reach is full in '{direction}' (cap {cap} teams): {mentors}",
             "all {n} mentors in reach are full in '{direction}' (cap {cap} teams each): {mentors}"),
        count="n",
    ),
    "deferred.host_capacity": Msg(
        *Nn_("{n} mentor in reach hosts as many teams as it can this year: {mentors}",
             "{n} mentors in reach host as many teams as they can this year: {mentors}"),
        count="n",
    ),
    "deferred.curator_limit": Msg(
        *Nn_("{n} curator may supervise this team and is at the limit: {curators}",
             "all {n} curators who may supervise this team are at their limits: {curators}"),
        count="n",
    ),
    "deferred.not_a_site": Msg(
        *Nn_("{n} mentor ranked above it is not an internship site (only sites host): {mentors}",
             "{n} mentors ranked above it are not internship sites (only sites host): {mentors}"),
        count="n",
    ),
    "deferred.online_too_far": Msg(
        *Nn_("{n} mentor is beyond the online radius of {max_km:g} km or outside the municipality",
             "{n} mentors are beyond the online radius of {max_km:g} km or outside the municipality"),
        count="n",
    ),
    "deferred.site_full": Msg(
        *Nn_("{n} site in reach has no room left (its limit of schools or pairs): {sites}",
             "{n} sites in reach have no room left (their limits of schools or pairs): {sites}"),
        count="n",
    ),
    "deferred.other_site": Msg(
        N_("the school learns at another site ({site}) and the policy keeps each school at one site"),
    ),
    "deferred.no_curator": Msg(N_("no curator's scope covers this team in '{direction}'")),
    "deferred.not_chosen": Msg(
        *Nn_("{n} mentor in reach had room, but the solver left this need uncovered (a better use of the places, or the search stopped)",
             "{n} mentors in reach had room, but the solver left this need uncovered (a better use of the places, or the search stopped)"),
        count="n",
    ),
    # ------------------------------------------------------------------ audit
    # why a school never mentors (SchoolAudit.why)
    "audit.reason.no_direction": Msg(N_("takes part in no direction")),
    "audit.reason.hidden_reserve_only": Msg(
        *Nn_(
            "no direction at promising level or above (hidden reserve in {n} direction)",
            "no direction at promising level or above (hidden reserve in {n} directions)",
        ),
        count="n",
    ),
    "audit.reason.promising_never_leader": Msg(
        *Nn_("promising in {n} direction but never a leader", "promising in {n} directions but never a leader"), count="n"
    ),
    "audit.reason.cascade": Msg(
        *Nn_(
            "could mentor hidden reserves by cascade in direction {directions}",
            "could mentor hidden reserves by cascade in directions {directions}",
        ),
        count="n",
    ),
    # the programme's principles a table breaks (Finding)
    "audit.more": Msg(N_(" and {n} more")),
    "audit.missing_attribute": Msg(
        N_("{attribute}: not given for {n} of {total}; left unknown, not assumed"),
        terms={"attribute": "attribute", "n": "count:schools"},
    ),
    "audit.goal_not_applied": Msg(
        N_("goal '{goal}' did not apply where {attributes} is unknown"),
        terms={"goal": "goal", "attributes": "list:attribute"},
    ),
    "facts.missing_attribute": Msg(
        N_("{attribute}: not given for {n} of {total}; left unknown, not assumed"),
        terms={"attribute": "attribute", "n": "count:schools"},
    ),
    "facts.goal_not_applied": Msg(
        N_("goal '{goal}' did not apply where {attributes} is unknown"),
        terms={"goal": "goal", "attributes": "list:attribute"},
    ),
    "audit.schools_never_mentor": Msg(
        *Nn_(
            "{n} of {total} leads in no direction, so it never gives experience "
            "(not even promising anywhere: {reserve_only}): {names}",
            "{n} of {total} lead in no direction, so they never give experience "
            "(not even promising anywhere: {reserve_only}): {names}",
        ),
        count="n",
        terms={"total": "count:schools_of"},
    ),
    "audit.basic_schools_never_lead": Msg(
        *Nn_("{n} of the {total} never leads: {names}", "{n} of the {total} never lead: {names}"),
        count="n",
        terms={"total": "count:basic_schools_of"},
    ),
    "audit.cascade_possible": Msg(
        *Nn_(
            "{n} of the schools that never lead is promising where hidden reserves exist and could mentor them "
            "by cascade: {names}",
            "{n} of the schools that never lead are promising where hidden reserves exist and could mentor them "
            "by cascade: {names}",
        ),
        count="n",
    ),
    "audit.schools_never_learn": Msg(
        *Nn_(
            "{n} school leads in every direction it takes part in and learns nowhere: {names}",
            "{n} schools lead in every direction they take part in and learn nowhere: {names}",
        ),
        count="n",
    ),
    "audit.schools_not_taking_part": Msg(
        *Nn_("{n} school takes part in no direction: {names}", "{n} schools take part in no direction: {names}"),
        count="n",
    ),
    "audit.schools_without_partner": Msg(
        *Nn_(
            "{n} school has no possible partner in any of its directions: {names}",
            "{n} schools have no possible partner in any of their directions: {names}",
        ),
        count="n",
    ),
    "audit.leaders_without_trainees": Msg(
        *Nn_(
            "{n} direction has leaders but no trainee team: {directions}",
            "{n} directions have leaders but no trainee team: {directions}",
        ),
        count="n",
    ),
    "audit.direction_without_leader": Msg(
        *Nn_(
            "{n} direction has trainee teams but no leader: {directions}",
            "{n} directions have trainee teams but no leader: {directions}",
        ),
        count="n",
    ),
    "audit.direction_over_capacity": Msg(
        *Nn_(
            "direction {direction}: {n} leader hosts at most {hosted} of {trainees} (cap {cap} per mentor); "
            "even with cascade mentoring, trainee teams left without a mentor: {shortfall}",
            "direction {direction}: {n} leaders host at most {hosted} of {trainees} (cap {cap} per mentor); "
            "even with cascade mentoring, trainee teams left without a mentor: {shortfall}",
        ),
        count="n",
        terms={"trainees": "count:trainee_teams_of"},
    ),
    "audit.direction_needs_cascade": Msg(
        *Nn_(
            "direction {direction}: {n} leader hosts at most {hosted} of {trainees} (cap {cap} per mentor); "
            "only cascade mentoring by promising teams covers the rest: {rest}",
            "direction {direction}: {n} leaders host at most {hosted} of {trainees} (cap {cap} per mentor); "
            "only cascade mentoring by promising teams covers the rest: {rest}",
        ),
        count="n",
        terms={"trainees": "count:trainee_teams_of"},
    ),
    "audit.hosts_shared_over_capacity": Msg(
        *Nn_(
            "mentors shared between directions run out of host capacity ({capacity} a year by default): "
            "{n} trainee team that its direction alone could serve cannot be hosted; busiest hosts: {names}",
            "mentors shared between directions run out of host capacity ({capacity} a year by default): "
            "{n} trainee teams that their directions alone could serve cannot be hosted; busiest hosts: {names}",
        ),
        count="n",
        terms={"capacity": "count:teams"},
    ),
    "audit.too_many_trainee_directions": Msg(
        *Nn_(
            "{n} school is a trainee in more directions than a year allows (limit {limit}); "
            "at least {extra} must wait for next year: {names}",
            "{n} schools are trainees in more directions than a year allows (limit {limit}); "
            "at least {extra} must wait for next year: {names}",
        ),
        count="n",
        terms={"extra": "count:trainee_needs_of"},
    ),
    "audit.site_coverable": Msg(
        N_("sites within reach can cover {n} of {total} trainee needs at once (distance, caps, site and curator "
           "limits respected); {deferred} would be deferred"),
    ),
    "audit.schools_without_site": Msg(
        *Nn_(
            "{n} low-results school has no site within reach in any of its themes: {names}",
            "{n} low-results schools have no site within reach in any of their themes: {names}",
        ),
        count="n",
    ),
    "audit.site_term_ends": Msg(
        *Nn_(
            "{n} site's status ends in {year} (its term runs out this year): {names}",
            "{n} sites' status ends in {year} (their term runs out this year): {names}",
        ),
        count="n",
    ),
    "audit.new_site_helps": Msg(
        N_("a new site would help most at (deferred or far needs it would cover): {ranking}"),
    ),
    # ----------------------------------------------------- mentornet audit (CLI)
    "cli.audit.size": Msg(N_("{schools}, {directions}"), terms={"schools": "count:schools", "directions": "count:directions"}),
    "cli.audit.mentoring": Msg(
        *Nn_("{n} leads in at least one direction", "{n} lead in at least one direction"), count="n"
    ),
    "cli.audit.never": Msg(
        *Nn_("{n} never leads (never gives experience)", "{n} never lead (never give experience)"), count="n"
    ),
    "cli.audit.shape_site_based": Msg(
        N_("site-based programme: {sites} sites host, {learners} low-results schools learn"),
    ),
    "cli.audit.site_coverable": Msg(
        N_("sites within reach can cover {n} of {total} trainee needs at once"),
    ),
    "cli.audit.needs": Msg(N_("{needs} (promising and hidden-reserve teams)"), terms={"needs": "count:trainee_needs"}),
    "cli.audit.coverable": Msg(
        N_("coverable at once: by leaders {a}, with cascade {b}, this year (at most {c} per school) {d}"),
        terms={"c": "count:trainee_directions_of"},
    ),
    "cli.audit.policy": Msg(
        N_("policy: {cap} per mentor per direction, host capacity {host}, {mtd} a year"),
        terms={"cap": "count:trainees", "mtd": "count:trainee_directions"},
    ),
    # --------------------------------------------------------- errors (errors.py)
    "location.sheet": Msg(N_("sheet '{sheet}'")),
    "location.row": Msg(N_("row {row}")),
    "location.column": Msg(N_("column '{column}'")),
    "location.field": Msg(N_("field '{field}'")),
    "location.input": Msg(N_("input")),
    "error.input_head": Msg(*Nn_("{n} problem in the input", "{n} problems in the input"), count="n"),
    "error.infeasible_head": Msg(N_("no plan satisfies every hard constraint")),
    "error.suggestion": Msg(N_("Suggestion: {text}")),
    # the network's own checks (Network.problems)
    "network.no_schools": Msg(N_("the network has no schools")),
    "network.no_directions": Msg(N_("the network has no directions")),
    "network.duplicate_id": Msg(N_("duplicate id '{id}' (first at {first})")),
    "network.unknown_school": Msg(N_("unknown school '{value}'")),
    "network.unknown_direction": Msg(N_("unknown direction '{value}'")),
    "network.unknown_curator": Msg(N_("unknown curator '{value}'")),
    "network.no_school_in_municipality": Msg(N_("no school is in municipality '{municipality}'")),
    "hint.did_you_mean": Msg(N_("did you mean {choices}?")),
    "network.duplicate_indicators": Msg(N_("school '{school}' has two rows of indicators (first at {first})")),
    "network.duplicate_competence": Msg(N_("school '{school}' has two entries for direction '{direction}' (first at {first})")),
    "network.school_in_two_sites": Msg(N_("school '{school}' is a member of two sites (first at {first})")),
    "network.self_mentoring": Msg(N_("school '{school}' cannot mentor itself")),
    "network.locked_pair_outside": Msg(
        N_("locked pair {mentor} → {trainee} needs both schools to take part in direction '{direction}'")
    ),
    "network.kept_pair_without_direction": Msg(N_("a kept pair needs a direction")),
    "network.role_lock_outside": Msg(N_("role lock: school '{school}' does not take part in direction '{direction}'")),
    # input errors (io/readers.py, io/_tables.py)
    "input.not_number": Msg(N_("{value} is not a number; expected a number")),
    "input.not_number_whole": Msg(N_("{value} is not a number; expected a whole number")),
    "input.not_whole_number": Msg(N_("{value} is not a whole number; expected a whole number")),
    "input.not_kind": Msg(
        N_("{value} is not a school kind; expected ООШ / СОШ / гимназия / лицей (basic / secondary / gymnasium / lyceum)")
    ),
    "input.not_settlement": Msg(N_("{value} is not a settlement type; expected сельская / городская (rural / urban)")),
    "input.not_results": Msg(N_("{value} is not a results level; expected высокие / обычные / низкие (high / normal / low)")),
    "input.not_bool": Msg(N_("{value} is not yes or no; expected да / нет, yes / no, 1 / 0 or true / false")),
    "input.not_level": Msg(
        N_(
            "'{value}' is not a level; expected one of leader / promising / hidden_reserve "
            "(or лидер / подающие надежды / скрытый резерв)"
        )
    ),
    "input.empty_file_schools": Msg(N_("the file is empty; expected a header row and one row per school")),
    "input.empty_file_rows": Msg(N_("the file is empty; expected a header row and data rows")),
    "input.empty_file_roles": Msg(N_("the file is empty; expected a header row and one row per school and direction")),
    "input.empty_sheet_schools": Msg(N_("the sheet is empty; expected a header row and one row per school")),
    "input.empty_sheet_rows": Msg(N_("the sheet is empty; expected a header row and data rows")),
    "input.empty_sheet_roles": Msg(N_("the sheet is empty; expected a header row and one row per school and direction")),
    "input.missing_column": Msg(N_("missing required column; expected a header like {headers} (found: {found})")),
    "input.missing_column_none": Msg(N_("missing required column; expected a header like {headers} (found: none)")),
    "input.missing_score_column": Msg(
        N_("missing required column; expected a 'score' (балл) column, a 'level' (уровень) column or both (found: {found})")
    ),
    "input.missing_score_column_none": Msg(
        N_("missing required column; expected a 'score' (балл) column, a 'level' (уровень) column or both (found: none)")
    ),
    "input.empty_id": Msg(N_("empty; expected an id")),
    "input.empty_value": Msg(N_("empty; expected a {column}")),
    "input.value_required": Msg(N_("empty; a value is required")),
    "input.unknown_field": Msg(N_("unknown field")),
    "input.invalid": Msg(N_("{text}")),
    "input.no_rows": Msg(N_("no {table}: the table has a header but no rows")),
    "input.out_of_range_other": Msg(N_("{value} is out of range; expected another value")),
    "input.out_of_range_scale": Msg(N_("{value} is out of range; expected a number from {lo} to {hi}")),
    "input.out_of_range_scale_whole": Msg(N_("{value} is out of range; expected a whole number from {lo} to {hi}")),
    "input.out_of_range_both": Msg(N_("{value} is out of range; expected a number {lo} and {hi}")),
    "input.out_of_range_both_whole": Msg(N_("{value} is out of range; expected a whole number {lo} and {hi}")),
    "input.out_of_range_bound": Msg(N_("{value} is out of range; expected a number {bound}")),
    "input.out_of_range_bound_whole": Msg(N_("{value} is out of range; expected a whole number {bound}")),
    "input.out_of_range_none": Msg(N_("{value} is out of range; expected a number")),
    "input.out_of_range_none_whole": Msg(N_("{value} is out of range; expected a whole number")),
    "input.not_allowed": Msg(N_("{value} is not allowed; expected {expected}")),
    "input.invalid_got": Msg(N_("{text} (got {value})")),
    "input.not_xlsx": Msg(N_('not a readable XLSX workbook ({error}); expected a file saved from {app} as .xlsx')),
    "input.empty_setting_name": Msg(N_("empty; expected the setting's name")),
    "input.unknown_meta_setting": Msg(N_('unknown setting {key}; expected name (название) or year (год)')),
    "input.unknown_policy_setting": Msg(N_('unknown policy setting {key}; expected one of {choices}')),
    "input.setting_twice": Msg(N_('setting {key} is given twice (first at {first})')),
    "input.single_value": Msg(N_('expected a single value for {key}')),
    "input.missing_table_file": Msg(N_("missing file '{name}' (or '{ru}'); expected one for the {table} table (found: {found})")),
    "input.missing_table_file_none": Msg(N_("missing file '{name}' (or '{ru}'); expected one for the {table} table (found: none)")),
    "input.missing_table_sheet": Msg(N_("missing sheet '{name}' (or '{ru}'); expected one for the {table} table (found: {found})")),
    "input.missing_table_sheet_none": Msg(N_("missing sheet '{name}' (or '{ru}'); expected one for the {table} table (found: none)")),
    "input.second_sheet": Msg(N_("a second sheet for the {table} table (the first is '{first}'); keep one")),
    "input.no_table_in_workbook": Msg(N_('the workbook has no table to read; expected network sheets (schools, directions, competences …) or a role table on the first sheet')),
    "input.second_file": Msg(N_('a second file for the {table} table; keep one')),
    "input.no_tables_in_folder": Msg(N_('no network tables in this folder; expected CSV files named {expected} (Russian names work too)')),
    "input.empty_json": Msg(N_('the file is empty; expected a JSON object')),
    "input.json_not_utf8": Msg(N_('cannot read the file as text: byte {byte} is not valid {encoding}; save the JSON as {encoding}')),
    "input.json_too_deep_at": Msg(N_('the JSON nests deeper than {depth} levels (line {line}, character {col}); a network needs 4')),
    "input.json_too_deep": Msg(N_('the JSON nests deeper than {depth} levels; a network needs 4')),
    "input.bad_json": Msg(N_('not valid JSON: {error} (line {line}, character {col})')),
    "input.policy_not_object": Msg(N_('expected an object of policy settings')),
    "input.expected_object": Msg(N_('expected an object with {keys}')),
    "input.unknown_field_of": Msg(N_('unknown field; expected one of {choices}')),
    "input.json_not_network": Msg(N_('expected a JSON object with schools, directions and competences, got a {type}')),
    "input.unknown_key": Msg(N_('unknown key; expected one of {choices}')),
    "input.missing_key": Msg(N_('missing key {key}; expected a list of {table}')),
    "input.expected_list": Msg(N_('expected a list of {table}')),
    "input.not_name": Msg(N_('{value} is not a name; expected text')),
    "input.not_year": Msg(N_('{value} is not a whole number; expected a year such as 2024')),
    "input.no_such_path": Msg(N_('no such file or folder')),
    "input.old_xls": Msg(N_('an old {app} 97–2003 ({suffix}) file; open it in {app} and save it as .xlsx')),
    "input.unsupported": Msg(N_("unsupported input '{suffix}'; expected an .xlsx workbook, a .json file, a .csv role table or a folder of CSV files")),
    "input.not_utf16": Msg(N_('cannot read the file as {encoding} text ({error}); save it as {save_as}')),
    "input.nul_bytes": Msg(N_('the file is not plain text (it contains NUL bytes: {encoding} without a byte-order mark, or a binary file); save it as {save_as}')),
    "input.not_utf8": Msg(N_('cannot read the file as text: byte {byte} is not valid {encoding} (nor {fallback} Cyrillic); save the file as {save_as}')),
    "input.bad_csv": Msg(N_('not a valid CSV table: {error}')),
    "input.no_such_file": Msg(N_('no such file')),
    "input.not_xlsx_short": Msg(N_('not a readable XLSX workbook ({error})')),
    "input.no_sheets": Msg(N_('the workbook has no sheets')),
    "input.sheet_too_long": Msg(N_('the sheet goes on past row {rows:,d}; at most {rows:,d} rows are read ({setting} = {schools:,d}); the rest was not read')),
    "input.header_only": Msg(N_('the table has a header but no rows')),
    "input.empty_direction": Msg(N_("empty direction; expected the direction's number or name")),
    "input.empty_school": Msg(N_("empty school; expected the school's name")),
    "input.empty_role": Msg(N_('empty role; expected leader / promising / hidden_reserve')),
    "input.curators_differ": Msg(N_("direction '{direction}' lists curators {first} at row {row} and {here} here")),
    "input.school_twice": Msg(N_("school '{school}' appears twice in direction '{direction}' (first at row {row})")),
    "input.read_time_limit": Msg(N_('reading stopped here after {seconds} s, the longest one input may take ({setting}); split the file')),
    "input.too_many_rows_sheet": Msg(N_("sheet '{sheet}' goes on past row {rows:,d}; at most {rows:,d} rows are read ({per_school} per school for {setting} = {schools:,d} schools); the rest was not read. Split the network, or remove the rows below the table")),
    "input.too_many_rows_file": Msg(N_('the file goes on past row {rows:,d}; at most {rows:,d} rows are read ({per_school} per school for {setting} = {schools:,d} schools); the rest was not read. Split the network, or remove the rows below the table')),
    "input.too_many_cells_sheet": Msg(N_("sheet '{sheet}' holds more than {cells:,d} cells by this row; the rest was not read. Split the file")),
    "input.too_many_cells_file": Msg(N_('the file holds more than {cells:,d} cells by this row; the rest was not read. Split the file')),
    "input.line_too_long": Msg(N_('the line is longer than {size:,d} bytes; expected a CSV table')),
    "input.file_too_large": Msg(N_('the file is larger than {size:,d} bytes; the rest was not read')),
    "input.zip_bomb_archive": Msg(N_("the archive member '{member}' unpacks from {packed:,d} to {size:,d} bytes (more than {ratio} times); refused unopened as a likely zip bomb")),
    "input.zip_bomb_workbook": Msg(N_("the workbook member '{member}' unpacks from {packed:,d} to {size:,d} bytes (more than {ratio} times); refused unopened as a likely zip bomb")),
    "input.archive_too_large_archive": Msg(N_("the archive unpacks to more than {size:,d} bytes (by member '{member}'); refused unopened")),
    "input.archive_too_large_workbook": Msg(N_("the workbook unpacks to more than {size:,d} bytes (by member '{member}'); refused unopened")),
    # `mentornet profile`: a school's classification by its indicators ({value}, {threshold}: kind "decimal")
    "profile.low_results": Msg(
        N_("results below the {q}th percentile ({value} < {threshold})"), terms={"value": "decimal", "threshold": "decimal"}),
    "profile.high_results": Msg(
        N_("results at or above the {q}th percentile ({value} ≥ {threshold})"), terms={"value": "decimal", "threshold": "decimal"}),
    "profile.adverse": Msg(
        N_("social disadvantage index at or above the {q}th percentile ({value} ≥ {threshold})"), terms={"value": "decimal", "threshold": "decimal"}),
    "profile.crisis": Msg(N_("crisis: low results in adverse social conditions")),
    "profile.at_risk": Msg(N_("at risk: adverse social conditions, results not low yet")),
    "profile.resilient": Msg(N_("resilient: high results in adverse social conditions")),
    "profile.new_school": Msg(N_("opened in {opened}: year {age} of work, within the first {years} (the sensitive period)")),
    "profile.may_host": Msg(N_("may host an internship site (high results or resilient)")),
    "profile.priority": Msg(N_("priority trainee (low results, at risk, crisis or a new school)")),
    "profile.no_results": Msg(N_("results unknown: not classified by results")),
    "profile.no_adversity": Msg(N_("social conditions unknown: not classified by them")),
    "profile.no_indicators_row": Msg(N_("no indicators for this school: not classified")),
    "profile.cluster": Msg(N_("cluster {cluster} of {k}")),
    # notes on the whole classification
    "profile.no_indicators": Msg(N_("the input has no indicators table (sheet 'indicators' / indicators.csv): no school is classified and none clustered")),
    "profile.too_few": Msg(
        N_("only {n} schools have a known {factor}; a quantile threshold needs at least {min}: no school is classified by it"), terms={"factor": "profile_factor"}),
    "profile.threshold": Msg(
        N_("{factor}: the {q}th percentile of {n} schools is {threshold}"), terms={"factor": "profile_factor", "threshold": "decimal"}),
    "profile.no_year": Msg(N_("the network gives no year: opening years are not turned into new schools, and years of work are not clustered")),
    "profile.clusters_silhouette": Msg(
        N_("{k} clusters of {n} schools by {factors}, chosen by the best silhouette ({silhouette}) among k = 2..{max_k}"),
        terms={"factors": "list:profile_factor", "silhouette": "decimal"}),
    "profile.clusters_given": Msg(
        N_("{k} clusters of {n} schools by {factors}, as asked (silhouette {silhouette})"),
        terms={"factors": "list:profile_factor", "silhouette": "decimal"}),
    "profile.no_clusters": Msg(N_("only {n} schools have every profile factor ({factors}); at least {min} are needed: no clusters"), terms={"factors": "list:profile_factor"}),
    "profile.unclustered": Msg(N_("{n} schools lack a profile factor and have no cluster")),
    "profile.summary": Msg(
        N_("{schools} schools with indicators: {low} low results, {at_risk} at risk, {crisis} crisis, {high} high results, {resilient} resilient, {new} new")),
    # an edit of a scenario that does not apply (scenario.py); {n} the edit's number, {op} its kind
    "edit_error.closed_school": Msg(N_("edit {n} ({op}): unknown school '{school}' (it was closed by an earlier edit)")),
    "edit_error.unknown_school": Msg(N_("edit {n} ({op}): unknown school '{school}'")),
    "edit_error.unknown_direction": Msg(N_("edit {n} ({op}): unknown direction '{direction}'")),
    "edit_error.not_taking_part": Msg(N_("edit {n} ({op}): school '{school}' does not take part in direction '{direction}'")),
    "edit_error.self_mentoring": Msg(N_("edit {n} ({op}): school '{school}' cannot mentor itself")),
    "edit_error.last_school": Msg(N_("edit {n} ({op}): cannot close the last school of the network")),
    "edit_error.policy_not_allowed": Msg(N_("edit {n} ({op}): {setting} = {value} is not allowed: {error}")),
    "edit_error.school_exists": Msg(N_("edit {n} ({op}): a school with id '{school}' already exists")),
    "edit_error.direction_twice": Msg(N_("edit {n} ({op}): direction '{direction}' is listed twice")),
    "edit_error.unknown_weights": Msg(N_("edit {n} ({op}): unknown weight(s) {unknown}; known: {known}")),
    "edit_error.weights_invalid": Msg(N_("edit {n} ({op}): {error}")),
}
