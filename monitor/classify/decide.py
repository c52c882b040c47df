"""The decision rule: features → about / mention / none, a score and flags.

A transparent additive score (weights below are the published model): each feature adds
its weight; an article with counted stand-ins is *about* at ``ABOUT_AT`` or more, else a
*mention*. Settled codebook cases cap the label at *mention* before the score is read.
"""

from __future__ import annotations

from typing import Any

# Published weights (CODEBOOK: headline or lead → about; or about a quarter of the text).
WEIGHTS: dict[str, float] = {
    "title_hit": 0.55,
    "lead_primary_hit": 0.3,  # the country, its capital, leaders, state bodies, citizens
    "lead_other_hit": 0.15,  # a company, a city, an official: often background
    "lead_extra_hit": 0.1,  # a second lead hit
    "hit_sentence_share": 1.4,  # times the share of sentences naming the target (3+ sentences)
    "share_cap": 0.5,
    "dateline_target": 0.5,
    "bilateral_cue": 0.15,
    "foreign_share_dominant": 0.1,  # the target is most of the foreign countries named
    "early_first_hit": 0.05,
    "opening_hit": 0.15,  # the state itself named in the first two sentences
    "foreign_share_minor": -0.2,  # other foreign countries dominate and the title is silent
}
ABOUT_AT = 0.5
# Entry types of a club/venue/city: in a match report these may just name the opponent.
# A citizen too: "обыграл казахстанца Бублика" names the opponent's nationality.
SPORT_SIDE_TYPES = frozenset(
    {"city", "capital", "sport_club", "adjective", "border_region", "region", "citizen"}
)


def score_features(f: dict[str, Any]) -> float:
    w = WEIGHTS
    s = 0.0
    if f["title_hit"]:
        s += w["title_hit"]
    if f["lead_hit"]:
        s += w["lead_primary_hit"] if f["lead_primary_hits"] else w["lead_other_hit"]
        s += w["lead_extra_hit"] if f["lead_hits"] >= 2 else 0.0
    if f["body_sentences_with_hits"] >= 3:  # two sentences of a short note are not "a quarter"
        s += min(w["share_cap"], w["hit_sentence_share"] * f["hit_sentence_share"])
    if f["opening_hit"]:
        s += w["opening_hit"]
    if f["dateline_target"]:
        s += w["dateline_target"]
    if f["bilateral_cue"] and f["strong_hits"]:
        s += w["bilateral_cue"]
    if f["target_share_foreign"] >= 0.5 and f["body_sentences_with_hits"] >= 2:
        s += w["foreign_share_dominant"]
    if f["target_share_foreign"] < 0.5 and not f["title_hit"] and f["body_sentences_with_hits"]:
        s += w["foreign_share_minor"]
    if f["first_hit_position"] is not None and f["first_hit_position"] < 0.15:
        s += w["early_first_hit"]
    return round(min(max(s, 0.0), 1.0), 3)


def decide(f: dict[str, Any], topics: list[str]) -> tuple[str, float, list[str]]:
    """Label, score in [0, 1] and flags from the features of one article."""
    flags: list[str] = []
    if f["strong_hits"] == 0:
        if f["multilateral"]:
            flags.append("multilateral_only")
        if f["weak_hits"]:
            flags.append("list_only")
            return "mention", 0.2, flags
        return "none", 0.0, flags
    score = score_features(f)
    types = set(f["types"])
    cap = False
    if types <= {"spaceport", "space_vehicle", "shared_place"} and types & {
        "spaceport",
        "space_vehicle",
    }:
        flags.append("baikonur_only")
        cap = True
    if types <= {"currency", "shared_place"}:
        flags.append("currency_only")  # CODEBOOK: the ruble among exchange rates is a mention
        cap = True
    if "sport" in topics and types <= SPORT_SIDE_TYPES and f["home_in_title_or_lead"]:
        flags.append("sport_opponent")
        cap = True
    if (
        f["title_other_country"]
        and not f["title_hit"]
        and not f["actor_hits"]
        and f["target_share_foreign"] < 0.5
        and f["hit_sentence_share"] < 0.25
    ):
        # A third country's story (it heads the title and leads the foreign names); the target
        # only qualifies someone else's noun ("с российской стороны") or names the war: background.
        flags.append("third_country_story")
        cap = True
    if f["weak_hits"]:
        flags.append("in_list")
    if cap or score < ABOUT_AT:
        return "mention", round(min(max(score, 0.1), ABOUT_AT - 0.01), 3), flags
    return "about", score, flags
