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
        "curator_balance": Np_("part", "even curator load"),
        "own_municipality": Np_("part", "own site in the district"),
        "nearest_site": Np_("part", "the nearest site"),
        "one_site": Np_("part", "one site per school"),
        "profile_priority": Np_("part", "priority by indicators"),
        "same_cluster": Np_("part", "same profile cluster"),
    },
    # a direction's audience, format and mode (model.Audience, Format, Mode)
    "audience": {
        "teachers": Np_("audience", "teachers"),
        "heads": Np_("audience", "heads"),
    },
    "format": {
        "pair": Np_("format", "pairs"),
        "group": Np_("format", "groups"),
    },
    "mode": {
        "online": Np_("mode", "online"),
        "onsite": Np_("mode", "on site"),
        "mixed": Np_("mode", "mixed"),
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
        "supervision": Np_("principle", "every pair supervised by a curator within her load"),
        "site_reach": Np_("principle", "every low-results school attached to a site within reach"),
        "site_term": Np_("principle", "a site's status lasts its term (up to three years)"),
        "new_site": Np_("principle", "new sites where they help most"),
    },
    "severity": {
        "error": Np_("severity", "error"),
        "warning": Np_("severity", "warning"),
        "info": Np_("severity", "info"),
    },
    # the strategy across years (Policy.strategy)
    "strategy": {
        "narrow": Np_("strategy", "narrow specialisation"),
        "wide": Np_("strategy", "wide range"),
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
    # the hard constraints of the checker, by number (mentornet.check.CONSTRAINTS, in short)
    "constraint": {
        "1": Np_("constraint", "one mentor per trainee team and direction"),
        "2": Np_("constraint", "mentor caps and host capacity"),
        "3": Np_("constraint", "trainee directions a year"),
        "4": Np_("constraint", "distance, locks and boundaries"),
        "5": Np_("constraint", "every school takes part"),
        "6": Np_("constraint", "curators in scope and within their limits"),
        "7": Np_("constraint", "site capacity and one site per school"),
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
    "pairs_of": Npn_("pairs_of", "{n} pair", "{n} pairs"),
    "candidate_pairs": Npn_("candidate_pairs", "{n} candidate pair", "{n} candidate pairs"),
    "directions": Npn_("directions", "{n} direction", "{n} directions"),
    "teams": Npn_("teams", "{n} team", "{n} teams"),
    "trainee_teams_of": Npn_("trainee_teams_of", "{n} trainee team", "{n} trainee teams"),
    "trainee_needs": Npn_("trainee_needs", "{n} trainee need", "{n} trainee needs"),
    "trainee_needs_of": Npn_("trainee_needs_of", "{n} trainee need", "{n} trainee needs"),
    "trainees": Npn_("trainees", "{n} trainee", "{n} trainees"),
    "trainee_directions_of": Npn_("trainee_directions_of", "{n} trainee direction", "{n} trainee directions"),
    "trainee_directions": Npn_("trainee_directions", "{n} trainee direction", "{n} trainee directions"),
    "regions": Npn_("regions", "{n} region", "{n} regions"),
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
    "pair.unsupervised": Msg(N_("unsupervised: no curator ({kinds}) covers municipality '{municipality}'")),
    "pair.mixed": Msg(N_("mixed format: {percent} per cent of the distance counts as travel")),
    # the curator-balance goal (objective term curator_balance), read from a plan
    "plan.curator_balance": Msg(
        N_("the most loaded curator, {curator}: {load} of {limit}, {share} per cent of the limit"),
        terms={"limit": "count:pairs_of"},
    ),
    "plan.curator_balance_schools": Msg(
        N_("the most loaded curator, {curator}: {load} of {limit}, {share} per cent of the limit"),
        terms={"limit": "count:schools_of"},
    ),
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
    "deferred.curator_school_limit": Msg(
        *Nn_("{n} curator may supervise this team and supervises as many schools as allowed: {curators}",
             "all {n} curators who may supervise this team supervise as many schools as allowed: {curators}"),
        count="n",
    ),
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
    "audit.curators_at_limit": Msg(
        *Nn_(
            "{n} curator is the only one of their kind for as many trainee teams as their limit of pairs, or more "
            "(teams/limit): {names}",
            "{n} curators are the only ones of their kind for as many trainee teams as their limits of pairs, or more "
            "(teams/limit): {names}",
        ),
        count="n",
    ),
    "audit.curators_at_school_limit": Msg(
        *Nn_(
            "{n} curator is the only one of their kind for as many trainee schools as their limit of schools, or more "
            "(schools/limit): {names}",
            "{n} curators are the only ones of their kind for as many trainee schools as their limits of schools, or more "
            "(schools/limit): {names}",
        ),
        count="n",
    ),
    "audit.teams_without_curator": Msg(
        *Nn_(
            "{n} trainee team has no curator of some kind in scope (no curator covers its municipality and direction): {names}",
            "{n} trainee teams have no curator of some kind in scope (no curator covers their municipalities and directions): {names}",
        ),
        count="n",
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
    # ------------------------------------------------ mentornet plan's summary (CLI)
    "cli.plan.title": Msg(N_("Plan of {network}")),
    "cli.plan.objective": Msg(N_("{objective}   bound {bound}   gap {gap}")),
    "cli.plan.of": Msg(N_("{part} of {total}")),
    "cli.plan.handmade": Msg(
        *Nn_("(hand-made table: {n} school leads somewhere)", "(hand-made table: {n} schools lead somewhere)"), count="n"
    ),
    "cli.plan.needs": Msg(N_("{covered} covered, {deferred} deferred (of {total})")),
    "cli.plan.km": Msg(N_("{km} km")),
    "cli.plan.sites": Msg(
        *Nn_("{one} of {n} trainee school learns at one site; {several} at several",
             "{one} of {n} trainee schools learn at one site; {several} at several"),
        count="n",
    ),
    "cli.plan.unsupervised": Msg(N_("{n} (no curator of some kind covers the trainee's municipality)")),
    "cli.plan.carried": Msg(N_("{met} of {total} met")),
    "cli.plan.carried_met": Msg(N_("{school} in '{direction}': met by {mentor}")),
    "cli.plan.carried_deferred": Msg(N_("{school} in '{direction}': deferred again — {why}")),
    "cli.plan.carried_now": Msg(N_("{school} in '{direction}': no longer a need (now {role})"), terms={"role": "level"}),
    "cli.plan.carried_left": Msg(N_("{school} in '{direction}': no longer a need (not taking part)")),
    "cli.plan.time": Msg(N_("solver {solver} s, total {total} s")),
    "cli.plan.history_skipped": Msg(
        *Nn_("history: {n} role, pair or deferred need of {file} names schools or directions not in this network; left out",
             "history: {n} roles, pairs or deferred needs of {file} name schools or directions not in this network; left out"),
        count="n",
    ),
    "cli.plan.more_files": Msg(*Nn_("+ {n} more file in {folder}", "+ {n} more files in {folder}"), count="n"),
    # the live progress line of `mentornet plan` (solver statuses such as OPTIMAL stay codes)
    "cli.plan.searching": Msg(N_("searching…")),
    "cli.plan.stopping": Msg(N_("stopping: keeping the best plan so far…")),
    "cli.plan.progress": Msg(
        *Nn_("incumbent {objective}  bound {bound}  gap {gap}  ({n} solution)",
             "incumbent {objective}  bound {bound}  gap {gap}  ({n} solutions)"),
        count="n",
    ),
    "cli.plan.strategy_without_history": Msg(
        N_("{option} {strategy} compares with last year, but there is no history: give {history} {file} "
           "(last year's plan) or history sheets in the input"),
    ),
    # ------------------------------------------ mentornet compare and plan-many (CLI)
    "cli.compare.title": Msg(
        N_("Solvers on {network} ({schools}, {directions})"), terms={"schools": "count:schools", "directions": "count:directions"}
    ),
    "cli.many.planning": Msg(
        N_("Planning {regions}, {schools}, solver {solver}, executor {executor}"),
        terms={"regions": "count:regions", "schools": "count:schools"},
    ),
    "cli.many.scheduler": Msg(N_("at {scheduler}")),
    "cli.many.workers": Msg(*Nn_("with {n} worker", "with {n} workers"), count="n"),
    "cli.many.arrived": Msg(N_("{region} ({schools}) in {seconds} s"), terms={"schools": "count:schools"}),
    "cli.many.title": Msg(N_("{command}: {regions} in {seconds} s wall"), terms={"regions": "count:regions"}),
    "cli.many.done": Msg(N_("regions planned: {planned} of {total}; summary: {summary}; plans: {folder}/<region>/{files}")),
    "cli.many.details": Msg(N_("details: {path}")),
    "cli.many.unknown_solver": Msg(N_("unknown solver '{solver}'; choose one of: {choices}")),
    "many.violations": Msg(
        *Nn_("the plan breaks {n} hard constraint; first: constraint {constraint} ({rule}), schools {schools}, directions {directions}",
             "the plan breaks {n} hard constraints; first: constraint {constraint} ({rule}), schools {schools}, directions {directions}"),
        count="n", terms={"rule": "constraint"},
    ),
    "cli.compare.unavailable": Msg(N_("not available: the module {module} is not installed")),
    "cli.compare.failed": Msg(N_("the solver failed: {detail}")),
    # --------------------------------------------------------- errors (errors.py)
    "location.sheet": Msg(N_("sheet '{sheet}'")),
    "location.row": Msg(N_("row {row}")),
    "location.column": Msg(N_("column '{column}'")),
    "location.field": Msg(N_("field '{field}'")),
    "location.input": Msg(N_("input")),
    "error.input_head": Msg(*Nn_("{n} problem in the input", "{n} problems in the input"), count="n"),
    "error.infeasible_head": Msg(N_("no plan satisfies every hard constraint")),
    "error.suggestion": Msg(N_("Suggestion: {text}")),
    "error.solver_head": Msg(N_("Solver error")),
    "error.other_head": Msg(N_("Error")),
    # why a solver gave no plan (SolverError.text); setting and program names are parameters
    "solver.stopped": Msg(N_("planning was stopped before any plan was found")),
    "solver.time_limit": Msg(
        N_("no plan found within the time limit of {seconds:g} s ({schools}, {pairs}); "
           "raise {time_limit} or {workers}, or lower {candidates}"),
        terms={"schools": "count:schools", "pairs": "count:candidate_pairs"},
    ),
    "solver.unknown": Msg(N_("unknown solver '{solver}'; choose one of: {choices}")),
    "solver.violations": Msg(
        *Nn_("solver '{solver}' produced a plan that breaks {n} hard constraint; first: constraint {constraint} ({rule}), "
             "schools {schools}, directions {directions}",
             "solver '{solver}' produced a plan that breaks {n} hard constraints; first: constraint {constraint} ({rule}), "
             "schools {schools}, directions {directions}"),
        count="n", terms={"rule": "constraint"},
    ),
    "solver.model_invalid": Msg(N_("the {solver} model is invalid (a bug in {program}): {detail}")),
    "solver.task_lost": Msg(N_("the {engine} task of this solve was lost: {detail}")),
    "solver.cluster_failed": Msg(N_("the solve failed on the {engine} cluster: {detail}")),
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
    "input.not_audience": Msg(N_("{value} is not an audience; expected учителя / руководители (teachers / heads)")),
    "input.not_format": Msg(N_("{value} is not a format; expected пары / группы (pair / group)")),
    "input.not_mode": Msg(N_("{value} is not a mode; expected онлайн / очно / смешанный (online / onsite / mixed)")),
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
    # ------------------------------------------------- infeasibility (errors.Conflict)
    # a locked pair that is not an eligible edge (graph.candidates)
    "lock_problem.hidden_reserve": Msg(N_("{mentor} cannot mentor in '{direction}': its role there is hidden reserve")),
    "lock_problem.leader": Msg(N_("{trainee} cannot be a trainee in '{direction}': it is a leader there")),
    "lock_problem.forbidden": Msg(N_("the pair {mentor} → {trainee} is both locked and forbidden")),
    "lock_problem.gap": Msg(N_("{mentor} is not at least {min_gap:g} points above {trainee} in '{direction}'")),
    "lock_problem.distance": Msg(N_("{mentor} → {trainee} is {km:.0f} km apart, above the {max_km:g} km limit")),
    "lock_problem.municipality": Msg(N_("{mentor} and {trainee} are in different municipalities and cross-municipality pairs are off")),
    "lock_problem.rank": Msg(N_("{mentor} does not rank above {trainee} in '{direction}'")),
    "conflict.or": Msg(N_("or")),
    # a school that can take part in no pair (solvers.feasibility.precheck)
    "conflict.involvement": Msg(N_("{school} can neither mentor nor learn anywhere, so it cannot take part in any pair (every school must)")),
    "conflict.no_direction": Msg(N_("{school} takes part in no direction (it has no competence), so it cannot be in any pair, but every school must take part in at least one.")),
    "conflict.no_direction.short": Msg(N_("takes part in no direction (it has no competence)")),
    "conflict.no_yearly_limit": Msg(N_("its yearly limit of directions to learn in is {limit}")),
    # why a trainee team has no usable mentor: in a direction (long) and under the direction's heading (short)
    "conflict.trainee.not_taking_part": Msg(N_("as a trainee in '{direction}', it does not take part there")),
    "conflict.trainee.not_taking_part.short": Msg(N_("as a trainee, it does not take part there")),
    "conflict.trainee.no_curator": Msg(N_("as a trainee in '{direction}', no curator's scope covers it there")),
    "conflict.trainee.no_curator.short": Msg(N_("as a trainee, no curator's scope covers it")),
    "conflict.trainee.taken": Msg(N_("as a trainee in '{direction}', its mentors are taken by other rules")),
    "conflict.trainee.taken.short": Msg(N_("as a trainee, its mentors are taken by other rules")),
    "conflict.trainee.no_leader": Msg(N_("as a trainee in '{direction}', it is promising and no school leads there")),
    "conflict.trainee.no_leader.short": Msg(N_("as a trainee, it is promising and no school leads there")),
    "conflict.trainee.no_higher": Msg(N_("as a trainee in '{direction}', it is a hidden reserve and no school ranks above it there")),
    "conflict.trainee.no_higher.short": Msg(N_("as a trainee, it is a hidden reserve and no school ranks above it there")),
    "conflict.trainee.excluded": Msg(
        *Nn_("as a trainee in '{direction}', its {n} possible mentor (a school ranked above it) cannot take it",
             "as a trainee in '{direction}', none of its {n} possible mentors (schools ranked above it) can take it"),
        count="n",
    ),
    "conflict.trainee.excluded.short": Msg(
        *Nn_("as a trainee, its {n} possible mentor (a school ranked above it) cannot take it",
             "as a trainee, none of its {n} possible mentors (schools ranked above it) can take it"),
        count="n",
    ),
    "conflict.excluded.distance": Msg(
        *Nn_("{n} is beyond the {max_km:g} km limit (nearest: {mentor} at {km:.0f} km)",
             "{n} are beyond the {max_km:g} km limit (nearest: {mentor} at {km:.0f} km)"),
        count="n",
    ),
    "conflict.excluded.distance.short": Msg(
        *Nn_("{n} is beyond the {max_km:g} km limit (at {km:.0f} km)",
             "{n} are beyond the {max_km:g} km limit (the nearest at {km:.0f} km)"),
        count="n",
    ),
    "conflict.excluded.forbidden": Msg(*Nn_("{n} is forbidden by a lock ({mentors})", "{n} are forbidden by a lock ({mentors})"), count="n"),
    "conflict.excluded.forbidden.short": Msg(*Nn_("{n} is forbidden by a lock", "{n} are forbidden by a lock"), count="n"),
    "conflict.excluded.municipality": Msg(
        *Nn_("{n} is in another municipality while cross-municipality pairs are off",
             "{n} are in other municipalities while cross-municipality pairs are off"),
        count="n",
    ),
    "conflict.excluded.gap": Msg(
        *Nn_("{n} is less than {min_gap:g} score points above it", "{n} are less than {min_gap:g} score points above it"), count="n",
    ),
    "conflict.excluded.other": Msg(*Nn_("{n} is excluded for another reason", "{n} are excluded for another reason"), count="n"),
    "conflict.mentor.no_trainee": Msg(N_("as a mentor in '{direction}', it has no trainee within reach")),
    "conflict.mentor.no_trainee.short": Msg(N_("as a mentor, it has no trainee within reach")),
    # what to relax (long: naming the direction; short: under the direction's heading)
    "conflict.fix.max_km": Msg(N_("raise {setting} to at least {km:.0f} km or mark '{direction}' as online")),
    "conflict.fix.max_km.short": Msg(N_("raise {setting} to at least {km:.0f} km or mark the direction as online")),
    "conflict.fix.forbidden": Msg(N_("remove a forbidding lock")),
    "conflict.fix.cross_municipality": Msg(N_("allow cross-municipality pairs")),
    "conflict.fix.min_gap": Msg(N_("lower {setting}")),
    "conflict.fix.curator": Msg(N_("add a curator for '{direction}' or for the municipality '{municipality}'")),
    "conflict.fix.curator.short": Msg(N_("add a curator for the direction or for the municipality '{municipality}'")),
    "conflict.fix.leader": Msg(N_("name a leader in '{direction}' (or reassess the levels there)")),
    "conflict.fix.leader.short": Msg(N_("name a leader in the direction (or reassess the levels there)")),
    "conflict.fix.school_limit": Msg(N_("raise the {setting} of {school}")),
    "conflict.fix.school_limit.short": Msg(N_("raise the school's {setting}")),
    "conflict.fix.give_role": Msg(N_("give {school} a role in a direction where it can mentor or learn")),
    "conflict.fix.give_role.short": Msg(N_("give the school a role in a direction where it can mentor or learn")),
    "conflict.fix.no_direction": Msg(N_("give {school} a level or score in at least one direction, or remove it from this year's network")),
    "conflict.fix.no_direction.short": Msg(N_("give the school a level or score in at least one direction, or remove it from this year's network")),
    # locked pairs (precheck)
    "conflict.lock.breaks": Msg(N_("The locked pair {mentor} → {trainee} in '{direction}' cannot be kept")),
    "conflict.lock.no_scope": Msg(N_("The locked pair {mentor} → {trainee} in '{direction}' cannot be kept: no curator's scope covers the trainee there.")),
    "conflict.lock.over_cap": Msg(
        *Nn_("{mentor} has {n} locked trainee team in '{direction}' ({trainees}), above the cap of {cap} trainee teams per mentor there.",
             "{mentor} has {n} locked trainee teams in '{direction}' ({trainees}), above the cap of {cap} trainee teams per mentor there."),
        count="n",
    ),
    "conflict.lock.over_host": Msg(
        *Nn_("{mentor} has {n} locked trainee team in total, above its host capacity of {cap} per year.",
             "{mentor} has {n} locked trainee teams in total, above its host capacity of {cap} per year."),
        count="n",
    ),
    "conflict.lock.two_mentors": Msg(
        *Nn_("{trainee} has {n} locked mentor in '{direction}' ({mentors}), but a trainee team has exactly one mentor in a direction.",
             "{trainee} has {n} locked mentors in '{direction}' ({mentors}), but a trainee team has exactly one mentor in a direction."),
        count="n",
    ),
    "conflict.lock.over_limit": Msg(
        *Nn_("{trainee} is locked as a trainee in {n} direction ({directions}), above its yearly limit of {limit}.",
             "{trainee} is locked as a trainee in {n} directions ({directions}), above its yearly limit of {limit}."),
        count="n",
    ),
    "conflict.fix.lock": Msg(N_("remove the lock or change the rule it breaks")),
    "conflict.fix.lock_scope": Msg(N_("add a curator for '{direction}' or remove the lock")),
    "conflict.fix.unlock_cap": Msg(N_("unlock {k:d} of these pairs or raise the cap of '{direction}' to {n}")),
    "conflict.fix.unlock_host": Msg(N_("unlock {k:d} of its pairs or raise its {setting} to {n}")),
    "conflict.fix.one_lock": Msg(N_("keep only one of these locks")),
    "conflict.fix.unlock_limit": Msg(N_("unlock {k:d} of these pairs or raise its {setting} to {n}")),
    # a direction's mentors against the trainees that cannot be deferred (precheck)
    "conflict.capacity.leaders": Msg(
        *Nn_("In '{direction}', {n} promising team needs a leader as mentor ({trainees}; it takes part in nothing else this year, so without a mentor here it would be in no pair), but the leaders there ({leaders}) can host at most {total} (cap {cap} per mentor, and each leader's host capacity).",
             "In '{direction}', {n} promising teams need a leader as mentor ({trainees}; each takes part in nothing else this year, so without a mentor here it would be in no pair), but the leaders there ({leaders}) can host at most {total} (cap {cap} per mentor, and each leader's host capacity)."),
        count="n",
    ),
    "conflict.capacity.leaders.short": Msg(
        *Nn_("{n} promising team needs a leader as mentor ({trainees}) and takes part in nothing else, but the leaders ({leaders}) can host at most {total} (cap {cap} per mentor, and each leader's host capacity)",
             "{n} promising teams need a leader as mentor ({trainees}) and take part in nothing else, but the leaders ({leaders}) can host at most {total} (cap {cap} per mentor, and each leader's host capacity)"),
        count="n",
    ),
    "conflict.capacity.mentors": Msg(
        *Nn_("In '{direction}', {n} trainee team needs a mentor ({trainees}; it takes part in nothing else this year, so without a mentor here it would be in no pair), but the possible mentors there ({mentors}) can host at most {total} (cap {cap} per mentor, and each mentor's host capacity).",
             "In '{direction}', {n} trainee teams need a mentor ({trainees}; each takes part in nothing else this year, so without a mentor here it would be in no pair), but the possible mentors there ({mentors}) can host at most {total} (cap {cap} per mentor, and each mentor's host capacity)."),
        count="n",
    ),
    "conflict.capacity.mentors.short": Msg(
        *Nn_("{n} trainee team needs a mentor ({trainees}) and takes part in nothing else, but the possible mentors ({mentors}) can host at most {total} (cap {cap} per mentor, and each mentor's host capacity)",
             "{n} trainee teams need a mentor ({trainees}) and take part in nothing else, but the possible mentors ({mentors}) can host at most {total} (cap {cap} per mentor, and each mentor's host capacity)"),
        count="n",
    ),
    "conflict.fix.capacity": Msg(N_("raise the cap of '{direction}' ({setting}, now {cap}), name more leaders in '{direction}', or let these schools take part in another direction")),
    "conflict.fix.capacity.short": Msg(N_("raise the cap of the direction ({setting}, now {cap}), name more leaders there, or let these schools take part in another direction")),
    # a curator who alone must supervise more teams than the limit (precheck)
    "conflict.curator.only": Msg(
        *Nn_("Curator {curator} is the only curator in scope for {n} trainee team that must be placed ({teams}), above their limit of {limit} teams.",
             "Curator {curator} is the only curator in scope for {n} trainee teams that must be placed ({teams}), above their limit of {limit} teams."),
        count="n",
    ),
    "conflict.curator.only_schools": Msg(N_("Curator {curator} is the only curator in scope for the trainee teams of the schools that must be placed ({schools}; schools: {n}), above their limit in schools ({limit}).")),
    "conflict.fix.curator_limit": Msg(N_("raise {curator}'s {setting} to {n} or add a curator with the same scope")),
    # constraint groups of a CP-SAT core (solvers.cpsat.explain)
    "conflict.core": Msg(N_("These rules cannot all hold together")),
    "conflict.core.involve": Msg(N_("{schools} must each take part in at least one pair (as mentor or trainee)")),
    "conflict.core.cap": Msg(N_("each mentor in '{direction}' takes at most {cap} trainee teams")),
    "conflict.core.host": Msg(N_("{school} hosts at most {cap} trainee teams per year")),
    "conflict.core.limit": Msg(N_("{school} learns in at most {limit} directions per year")),
    "conflict.core.curator": Msg(N_("curator {curator} supervises at most {limit} teams")),
    "conflict.core.lock": Msg(N_("the locked pair {mentor} → {trainee} in '{direction}' is kept")),
    "conflict.core.curator_schools": Msg(N_("curator {curator} supervises trainee teams of schools up to her limit in schools ({limit})")),
    "conflict.core.group": Msg(N_("a group in '{direction}' runs only at its minimum size ({limit}) or above")),
    "conflict.fix.core_group": Msg(N_("lower the {setting} of '{direction}' (now {limit})")),
    "conflict.core.site_schools": Msg(N_("site {site} takes trainee schools up to its limit ({limit})")),
    "conflict.core.site_pairs": Msg(N_("site {site} takes pairs up to its limit ({limit})")),
    "conflict.core.one_site": Msg(N_("{school} learns at one site across all its directions")),
    "conflict.fix.core_site": Msg(N_("raise the site's {setting} (now {limit}) or add a site nearby")),
    "conflict.fix.core_one_site": Msg(N_("turn off the policy setting {setting}, or let one site host all its directions")),
    "conflict.fix.relax_one": Msg(N_("relax one of them")),
    "conflict.fix.core_involve": Msg(N_("let {schools} mentor or learn in another direction (or leave the programme this year)")),
    "conflict.fix.core_cap": Msg(N_("raise the cap of '{direction}' ({setting}, now {cap}) or name more leaders there")),
    "conflict.fix.core_host": Msg(N_("raise the {setting} of {school} (now {cap})")),
    "conflict.fix.core_limit": Msg(N_("raise the {setting} of {school} (now {limit})")),
    "conflict.fix.core_curator": Msg(N_("raise {curator}'s {setting} (now {limit}) or add a curator with the same scope")),
    "conflict.fix.core_lock": Msg(N_("remove the lock {mentor} → {trainee}")),
    "conflict.core.none": Msg(N_("The hard constraints cannot all hold, even before any choice of pairs (the roles, levels and locks contradict each other).")),
    "conflict.fix.core_none": Msg(N_("review the role locks and the locked pairs")),
    "conflict.core.timeout": Msg(N_("The solver proved that no plan satisfies every hard constraint, but could not isolate the conflict in time.")),
    "conflict.fix.core_timeout": Msg(N_("relax capacities (cap per direction, host capacity), {max_km} or the locks, and plan again")),
    # curators for the chosen pairs (solvers._plan)
    "conflict.curator.no_scope": Msg(*Nn_("no curator's scope covers {n} trainee team: {teams}", "no curator's scope covers {n} trainee teams: {teams}"), count="n"),
    "conflict.curator.all_full": Msg(
        *Nn_("every curator in scope is at their limit for {n} trainee team: {teams}",
             "every curator in scope is at their limit for {n} trainee teams: {teams}"),
        count="n",
    ),
    "conflict.fix.add_curator": Msg(N_("add a curator for this direction or municipality")),
    "conflict.fix.curators_full": Msg(N_("raise the curators' {setting} or add a curator")),
    # the baselines' start and involvement repair (solvers._baseline)
    "conflict.base.no_direction": Msg(N_("School '{school}' takes part in no direction, so it can be in no pair (every school must take part in at least one direction).")),
    "conflict.fix.base_no_direction": Msg(N_("give it a level or a score in at least one direction, or remove it from the network")),
    "conflict.base.lonely": Msg(N_("School '{school}' can be in no pair: in its directions ({directions}) no school can mentor it and it can mentor no one (roles, the travel limit, municipality rules or forbidden pairs).")),
    "conflict.fix.base_lonely": Msg(N_("add a stronger school within reach in one of its directions, raise {max_km}, allow cross-municipality pairs, or lift a forbidden pair")),
    "conflict.base.kept_breaks": Msg(N_("The kept pair {mentor} → {trainee} in '{direction}' breaks a rule")),
    "conflict.fix.base_kept_breaks": Msg(N_("drop the lock or relax the rule it breaks")),
    "conflict.base.kept_no_curator": Msg(N_("The kept pair {mentor} → {trainee} in '{direction}' has no curator whose scope covers the trainee.")),
    "conflict.fix.base_kept_no_curator": Msg(N_("add a curator for this direction or municipality, or drop the lock")),
    "conflict.base.kept_roles": Msg(
        N_("The kept pair {mentor} → {trainee} in '{direction}' is impossible with their roles ({mentor_role} → {trainee_role})."),
        terms={"mentor_role": "level", "trainee_role": "level"},
    ),
    "conflict.fix.base_kept_roles": Msg(N_("drop the lock or change a role lock")),
    "conflict.base.kept_two_mentors": Msg(N_("Two kept pairs give {trainee} two mentors in '{direction}'.")),
    "conflict.fix.base_keep_one": Msg(N_("keep one of them")),
    "conflict.base.kept_capacity": Msg(N_("Kept pairs exceed the capacity of {mentor} (cap {cap} in '{direction}', host capacity {host}).")),
    "conflict.fix.base_kept_capacity": Msg(N_("drop a kept pair or raise the mentor's capacity")),
    "conflict.base.kept_limit": Msg(N_("Kept pairs make {trainee} learn in more directions than its yearly limit ({limit}).")),
    "conflict.fix.base_kept_limit": Msg(N_("drop a kept pair or raise the school's {setting}")),
    "conflict.base.kept_curators": Msg(N_("Kept pairs exceed the limits of the curators who may supervise {trainee} in '{direction}'.")),
    "conflict.fix.base_kept_curators": Msg(N_("drop a kept pair or raise the curators' {setting}")),
    "conflict.base.group_small": Msg(N_("The {solver} planner could not bring the group of {school} in '{direction}' to its minimum size ({n}) without leaving a school in no pair.")),
    "conflict.fix.base_group_small": Msg(N_("try the {cpsat} solver (this planner is a heuristic), or lower the direction's {setting}")),
    "conflict.base.stuck": Msg(N_("The {solver} planner found no way to put school '{school}' into a pair (its directions: {directions}): its possible mentors or their curators are full, and it cannot take a trainee from another school without leaving that school with no pair.")),
    "conflict.fix.base_stuck": Msg(N_("try the {cpsat} solver (this planner is a heuristic), or raise the cap per direction or host capacity of its possible mentors, the curators' {max_teams} or {max_km}, or give the school another direction")),
    # the grouped summary (errors.infeasible_lines): each direction once, its rules, the schools
    "conflict.summary.direction": Msg(*Nn_("In {directions}:", "In the directions {directions}:"), count="n"),
    "conflict.summary.quoted": Msg(N_("'{name}'")),
    "conflict.summary.no_direction": Msg(N_("Not tied to one direction:")),
    "conflict.summary.other": Msg(N_("Other conflicts:")),
    "conflict.summary.count": Msg(*Nn_("{n} case", "{n} cases"), count="n"),
    "conflict.summary.hidden": Msg(
        *Nn_("… {n} more line not shown; run again with {option} to see all",
             "… {n} more lines not shown; run again with {option} to see all"),
        count="n",
    ),
    "conflict.rule.distance": Msg(N_("no mentor within the distance limit")),
    "conflict.rule.forbidden": Msg(N_("possible mentors excluded by forbidding locks")),
    "conflict.rule.municipality": Msg(N_("possible mentors only in other municipalities")),
    "conflict.rule.gap": Msg(N_("possible mentors not enough score points above")),
    "conflict.rule.other": Msg(N_("possible mentors excluded for another reason")),
    "conflict.rule.no_curator": Msg(N_("no curator's scope covers the school")),
    "conflict.rule.taken": Msg(N_("mentors taken by other rules")),
    "conflict.rule.no_higher_rank": Msg(N_("no school ranks above it")),
    "conflict.rule.no_trainee": Msg(N_("no trainee within reach to mentor")),
    "conflict.rule.not_taking_part": Msg(N_("does not take part")),
    "conflict.rule.no_direction": Msg(N_("takes part in no direction")),
    "conflict.rule.no_yearly_limit": Msg(N_("may learn in no direction this year")),
    "conflict.rule.direction_capacity": Msg(N_("too few places with the mentors")),
    # ---------------------------------------------------------- a programme over the years (issue 15)
    "outcomes.not_taking_part": Msg(N_("school '{school}' does not take part in direction '{direction}' this year; an outcome needs a team of the network")),
    "outcomes.twice": Msg(N_("the outcome of school '{school}' in direction '{direction}' is given twice (first at {first})")),
    "outcomes.no_table": Msg(N_("no outcomes table; expected a sheet 'итоги' / 'outcomes' with columns school, direction and score after or level after")),
    "outcomes.several_networks": Msg(N_("the file names several networks ({names}); expected one")),
    "outcomes.several_years": Msg(N_("the file names several years ({years}); expected one")),
    "outcomes.no_year": Msg(N_("the year is missing; expected it on the sheet 'о файле' / 'about' (год / year) or as a year column")),
    "outcomes.other_network": Msg(N_("these are outcomes of network '{found}', not of '{expected}'")),
    "survey.not_wish": Msg(N_("{value} is not a wish; expected учиться / делиться опытом / не участвует (learn / host / skip)")),
    "survey.no_table": Msg(N_("no survey table in the file; expected columns {headers}")),
    "survey.missing_answer": Msg(N_("school '{school}' answered the survey but not for direction '{direction}', in which it takes part; give a score, a level or «не участвует»")),
    "survey.duplicate": Msg(N_("the answer of school '{school}' for direction '{direction}' is given twice (first at {first}); keep one")),
    "survey.contradictory": Msg(N_("school '{school}' answers differently for direction '{direction}' here and at {first}; keep one answer")),
    "survey.score_level_disagree": Msg(N_("school '{school}', direction '{direction}': score {score:g} does not fit the level {level}; correct one of them"), terms={"level": "level"}),
    "survey.host_as_reserve": Msg(N_("school '{school}', direction '{direction}': a team that rates itself a hidden reserve cannot host; correct the level or the wish")),
    "survey.skip_with_answer": Msg(N_("school '{school}', direction '{direction}': «не участвует» together with a self-assessment; keep one")),
    "survey.wish_without_assessment": Msg(N_("school '{school}', direction '{direction}': a wish without a self-assessment; give a score or a level")),
    "survey.not_answered": Msg(N_("school '{school}' did not answer the survey; last year's values are kept")),
    "nextyear.summary": Msg(N_("next year {year}: {changed} levels changed by the outcomes, {kept} teams without an outcome keep last year's values, {carried} deferred needs carried over, {pairs} pairs in the history")),
    "nextyear.kept": Msg(N_("school '{school}', direction '{direction}': no outcome, last year's value kept")),
    "nextyear.level_changed": Msg(N_("school '{school}', direction '{direction}': {before} → {after}"), terms={"before": "level", "after": "level"}),
    "nextyear.site_term_ends": Msg(N_("site '{school}' in direction '{direction}' has hosted since {since} ({years} years): its status term ends; decide whether it goes on")),
    "nextyear.site_status_ends": Msg(N_("site '{site}': its status ({start}–{last}) ends; decide whether it goes on")),
    "nextyear.no_sites_table": Msg(N_("the network has no sites table: site terms are read from the history of pairs only")),
    "nextyear.strategy": Msg(N_("strategy for next year: {strategy}"), terms={"strategy": "strategy"}),
    "strategy.kept_pair": Msg(N_("continuing pair kept: {mentor} → {trainee} in '{direction}'")),
    "strategy.changed_pair": Msg(N_("continuing pair not kept: {trainee} in '{direction}' now learns from {mentor}")),
    "strategy.repeat_no_other": Msg(N_("pair {mentor} → {trainee} in '{direction}' repeats: no other mentor ranked above the team had a free place")),
    "strategy.repeat_chosen": Msg(N_("pair {mentor} → {trainee} in '{direction}' repeats although another mentor had room: the solver's choice")),
    "indicator.deficits_decreased_share": Msg(N_("share of deficits (teams below leader in a direction) whose outcome shows a higher level, or a score up by at least the policy's deficit step; teams without a comparable outcome are left out")),
    "indicator.deficits_decreased": Msg(N_('deficits (teams below leader) that decreased: a higher level, or a score up by at least the deficit step')),
    "indicator.deficits_with_outcome": Msg(N_('deficits (teams below leader) with a comparable outcome: the denominator of the share')),
    "indicator.deficits_unknown": Msg(N_('deficits (teams below leader) without a comparable outcome (no level, no score before and after)')),
    "indicator.staff_trained": Msg(N_('staff who completed internships, summed from the internship journal')),
    "indicator.events": Msg(N_('events held at the internship sites, summed from the internship journal')),
    "indicator.transfers": Msg(N_('teams moved from one site to another, from the internship journal')),
    "indicator.open_sites": Msg(N_('open internship sites: a school hosting at least one trainee team in a direction, counted per direction')),
    "indicator.schools": Msg(N_('schools in the network')),
    "indicator.schools_mentoring": Msg(N_('schools that mentor in at least one direction')),
    "indicator.involvement": Msg(N_('share of schools in at least one pair, as mentor or trainee')),
    "indicator.needs": Msg(N_('trainee needs: teams with a promising or hidden-reserve role')),
    "indicator.needs_covered": Msg(N_('trainee needs covered by a mentor in the plan')),
    "indicator.needs_deferred": Msg(N_('trainee needs deferred to the next year')),
    "indicator.needs_carried": Msg(N_("needs deferred in the previous year's plan and carried into this year")),
    "indicator.needs_carried_met": Msg(N_('carried needs covered by a mentor this year')),
    "indicator.low_results_share": Msg(N_('share of low-results schools among the schools whose results the input gives')),
    "indicator.teams_leader": Msg(N_('teams with the leader role in the plan')),
    "indicator.teams_promising": Msg(N_('teams with the promising role in the plan')),
    "indicator.teams_hidden_reserve": Msg(N_('teams with the hidden-reserve role in the plan')),
    "indicator.trainees": Msg(N_('trainee teams a site mentors')),
    "report.col_name": Msg(N_('indicator')),
    "report.col_definition": Msg(N_('definition')),
    "report.col_year": Msg(N_('year')),
    "report.col_scope": Msg(N_('scope')),
    "report.col_group": Msg(N_('group')),
    "report.col_value": Msg(N_('value')),
    "report.col_numerator": Msg(N_('numerator')),
    "report.col_denominator": Msg(N_('denominator')),
    "report.col_indicator": Msg(N_('indicator')),
    "report.share_line": Msg(N_("{year}: deficits decreased for {num} of {den} teams with an outcome ({share:.1f}%)")),
    "report.share_none": Msg(N_("{year}: no outcomes yet")),
    "report.trend_title": Msg(N_("Share of deficits that decreased, by direction")),
    "report.transition_title": Msg(N_("How teams moved between roles")),
    "report.roles_title": Msg(N_("Teams by role, per year")),
    "report.synthetic": Msg(N_("SYNTHETIC outcomes (generated, not observed): {files}")),
}
