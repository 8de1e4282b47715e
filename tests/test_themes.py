"""Themes of recommendations and repeats: the classifier's boundaries, the repeat links
(predecessors included), the derived tables the import writes, and the two commands."""

from __future__ import annotations

import csv
import json
import re
from functools import lru_cache
from pathlib import Path

from click.testing import CliRunner

from civic_accountability.cli import cli
from civic_accountability.contract.themes import THEME_IDS, THEMES
from civic_accountability.themes import classify as shipped
from civic_accountability.themes.classify import BOARD_LIST, fold

# the boundary tests are of the rules; the learned layer over them has tests of its own below
from civic_accountability.themes.classify import classify_by_rules as classify
from civic_accountability.themes.repeats import (
    Item,
    activities_named,
    content_words,
    head_words,
    heads_of_asks,
    item_of,
    judge,
    link,
    rarity,
    same_activity,
    says_repeat,
    why,
)
from civic_accountability.themes.tables import derived_tables, histories

ROOT = Path(__file__).resolve().parents[1]


def _read(name: str) -> list[dict]:
    with open(ROOT / "data" / f"{name}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


# --- the classifier ---------------------------------------------------------------------


def test_not_here_pointers_send_a_phrase_to_its_own_theme():
    """themes.csv's not_here: pathway plans are care leavers, not plans; health assessments are
    health, not assessments; assessments of foster carers are placements."""
    assert classify("The quality of pathway plans.").themes == ["care_leavers"]
    assert classify("The timeliness of initial health assessments for children in care.").themes == [
        "health_and_wellbeing"
    ]
    assert classify("The timeliness of assessments of connected carers.").themes == ["placements_and_sufficiency"]
    assert classify("The quality of child in need and child protection plans.").themes == ["plans_and_planning"]


def test_the_main_subject_comes_first():
    """README labelling rule: "management oversight of pathway plans" is oversight first."""
    assert classify("Management oversight of pathway plans.").themes == [
        "management_oversight_and_supervision",
        "care_leavers",
    ]
    assert (
        classify("Return home interviews for children who go missing from care.").themes[0]
        == "missing_and_exploitation"
    )


def test_one_to_three_known_themes_each_with_its_reasons():
    for r in _read("recommendations")[::37]:
        found = classify(r["text"], r["addressee"])
        assert len(found.themes) <= 3 and len(set(found.themes)) == len(found.themes)
        assert set(found.themes) <= THEME_IDS
        reasons = found.reasons()
        for theme in found.themes:  # every theme is explained by words of the item itself
            assert reasons[theme] and all(w in fold(r["text"]) or w == BOARD_LIST for w in reasons[theme])


def test_a_board_list_item_without_a_topic_is_the_boards_own_functioning():
    assert classify("Review the financial contributions of member bodies.", "lscb").themes == [
        "safeguarding_partnership"
    ]
    assert classify("Review the financial contributions of member bodies.").themes == []


def test_what_the_item_asks_for_not_what_it_feeds_or_is_for():
    """README: "what the item asks to be improved, not passing context": an assessment or plan the
    subject only feeds, and a weak word after "so that", are not themes."""
    assert classify("Return home interviews informing safety plans.").themes == ["missing_and_exploitation"]
    assert classify(
        "Improve how information from return home interviews is used to support risk assessments "
        "for children who go missing."
    ).themes == ["missing_and_exploitation"]
    assert classify("The quality of assessments of disabled children and support for their parents.").themes == [
        "assessments",
        "disabled_children",
    ]
    assert classify("Review the audit programme so that performance improves.").themes == [
        "performance_and_quality_assurance"
    ]
    assert (
        "workforce"
        not in classify(
            "Reduce caseloads of personal advisers so that they can offer support and training to care leavers."
        ).themes[1:]
    )


def test_oversight_listed_among_a_services_qualities_is_not_its_main_subject():
    assert classify("The quality, management oversight and impact of early help services.").themes == [
        "front_door_and_early_help",
        "management_oversight_and_supervision",
    ]
    assert classify("The quality and effectiveness of management oversight of children's plans.").themes == [
        "management_oversight_and_supervision",
        "plans_and_planning",
    ]


def test_a_service_takes_in_the_assessments_it_names():
    """The covers of early help, private fostering, missing children (and homeless 16- and
    17-year-olds, disabled children, pre-proceedings) include assessing their own children: the
    shared readers label "apply private fostering regulations so that children ... have thorough
    assessments" private fostering alone. An assessment that is the ask stays its own theme."""
    assert classify(
        "Ensure that managers and social workers correctly apply private fostering regulations so that "
        "children who meet the criteria have thorough assessments of their needs."
    ).themes == ["private_fostering"]
    assert classify("Improve the quality of early help assessments.").themes == ["front_door_and_early_help"]
    assert classify(
        "Ensure that all children who go missing have a robust risk assessment and safety plan."
    ).themes == [
        "missing_and_exploitation",
        "plans_and_planning",
    ]
    assert classify("The quality of assessments and plans for disabled children.").themes == [
        "assessments",
        "plans_and_planning",
        "disabled_children",
    ]


def test_in_a_possessive_the_thing_possessed_is_the_ask():
    """The shared readers: "Ensure that foster carers' files are of a consistently high standard"
    is recording first, placements second. Not for the board's own ("the board's scrutiny" is its
    functioning) nor for oversight (an IRO's oversight is the IRO's, not management's)."""
    assert classify("Ensure that foster carers’ files are of a consistently high standard.").themes == [
        "recording",
        "placements_and_sufficiency",
    ]
    assert classify("The quality of disabled children’s records.").themes == ["recording", "disabled_children"]
    assert classify("Strengthen the board’s scrutiny of the impact of early-help services.", "lscb").themes[0] == (
        "safeguarding_partnership"
    )
    assert classify("Strengthen IROs’ oversight of children’s plans.").themes[0] == "independent_reviewing_and_chairing"


def test_a_boards_audits_are_its_own_functioning():
    """safeguarding_partnership covers "section 11 audits ... multi-agency training and learning":
    on a board's list its audits are the partnership alone (the shared readers: "disseminate
    learning from serious case reviews, lessons learnt reviews and themed audits"); a council's
    audits are quality assurance."""
    text = "Strengthen its scrutiny through themed audits."
    assert classify(text, "lscb").themes == ["safeguarding_partnership"]
    assert classify("Strengthen the programme of themed audits.", "local_authority").themes == [
        "performance_and_quality_assurance"
    ]
    assert classify(
        "Ensure that all partner agencies maximise opportunities to disseminate learning from serious case "
        "reviews, lessons learnt reviews and themed audits.",
        "lscb",
    ).themes == ["safeguarding_partnership"]


def test_a_boards_audit_work_asked_first_is_quality_assurance_first():
    """The shared readers: "To improve further the strategic learning available from the multi-agency
    audits through overarching evaluation" is quality assurance, then the partnership; audits named
    with the board's case reviews, audits of its partner agencies and section 11 audits (in the
    partnership's covers) stay its own functioning."""
    pqa, sp = "performance_and_quality_assurance", "safeguarding_partnership"
    assert classify("Develop a systematic approach to multi-agency quality audits.", "lscb").themes == [pqa, sp]
    assert classify("Significantly extend the programme of joint- and single-agency audits.", "lscb").themes == [
        pqa,
        sp,
    ]
    assert classify(
        "Ensure that learning from case file audits and serious case reviews is disseminated across partner agencies.",
        "lscb",
    ).themes == [sp]
    assert classify("Review the section 11 audit process.", "lscb").themes == [sp]


def test_leaders_named_as_who_must_act_are_not_the_main_subject():
    """The item "Senior leaders and managers need to ensure that ..." names who is asked, as "the local
    authority and its partners" does: what they must ensure is the main subject."""
    found = classify(
        "Senior leaders and managers need to ensure that when children are referred to children’s social "
        "care they are seen swiftly."
    ).themes
    assert found[0] == "front_door_and_early_help"
    assert classify("Senior leaders must improve the pace of change.").themes == ["leadership_and_governance"]


def test_who_must_act_is_no_theme_when_another_is_asked():
    """Own labels: "Ensure that the local authority and partners coordinate and target early help
    effectively" is early help alone; the leaders or partners who must act add no theme."""
    assert classify(
        "Ensure that the local authority and partners coordinate and target early help effectively."
    ).themes == ["front_door_and_early_help"]
    assert classify(
        "Senior leaders and managers need to ensure that when children are referred to children’s social care "
        "they are seen swiftly."
    ).themes == ["front_door_and_early_help"]
    assert (
        "safeguarding_partnership"
        in classify("Ensure that thresholds are understood and applied by the local authority and its partners.").themes
    )


def test_assessment_listed_with_a_groups_support_is_that_groups_service():
    """An assessment or plan listed with the support or response a group gets is the group's service
    (own labels: "The quality of assessment and support to children aged 16 and 17 who present as
    homeless" is homeless alone); one activity for a group stays the activity first."""
    assert classify(
        "The quality of assessment and support to children aged 16 and 17 who present as homeless."
    ).themes == ["homeless_16_and_17_year_olds"]
    assert (
        classify(
            "The quality and effectiveness of assessments, plans, interventions and responses for children at risk "
            "of exploitation."
        ).themes[0]
        == "missing_and_exploitation"
    )
    assert classify(
        "The quality and effectiveness of safety planning for children at risk of exploitation."
    ).themes == [
        "plans_and_planning",
        "missing_and_exploitation",
    ]


def test_monitoring_or_evaluating_a_thing_is_not_a_further_quality_assurance_theme():
    """The item "Monitor and evaluate the effectiveness of step-up and step-down arrangements" asks for early
    help (own labels, and the shared readers: a board's "processes that monitor and evaluate actions"
    is its functioning alone); a noun of quality assurance still names it."""
    assert classify(
        "Monitor and evaluate the effectiveness of step-up and step-down arrangements between early help and "
        "children's social care."
    ).themes == ["front_door_and_early_help"]
    assert classify("Evaluate the quality and impact of training.", "lscb").themes == ["safeguarding_partnership"]
    assert (
        "performance_and_quality_assurance"
        in classify("Monitor the use of early help through performance data.").themes
    )


def test_the_partnership_worked_with_and_joint_arrangements_are_the_means():
    """The shared readers: "Multi-agency arrangements and sufficiency of emergency placements for
    children in custody" is placements first, the partnership second; so "Work with the local
    safeguarding children's partnership to ..." asks for what follows "to"."""
    assert classify(
        "Multi-agency arrangements and sufficiency of emergency placements for children in custody."
    ).themes == [
        "placements_and_sufficiency",
        "safeguarding_partnership",
    ]
    assert classify(
        "Work with the local safeguarding children’s partnership to address their understanding of threshold."
    ).themes == ["front_door_and_early_help", "safeguarding_partnership"]


def test_managers_listed_first_among_those_who_oversee_are_named_first():
    """ "Improve the effectiveness of managers' and IROs' oversight" is management oversight first,
    the IROs' second (own labels); senior managers listed so stay leaders."""
    mos, iro = "management_oversight_and_supervision", "independent_reviewing_and_chairing"
    assert classify("Improve the effectiveness of managers’ and IROs’ oversight and challenge.").themes == [mos, iro]
    assert classify(
        "Ensure that managers, independent chairs of child protection conferences and IROs improve their practice."
    ).themes == [mos, iro]
    assert classify("Improve the effectiveness of IROs’ oversight and challenge.").themes == [iro]


def test_an_assessment_of_carers_or_matching_is_placements_first():
    """assessments's not_here sends assessments of foster or connected carers to placements (the
    shared readers: "The quality of evidence-based assessments undertaken to support effective
    placement matching" is placements first); an assessment of the children stays assessments."""
    ps, a = "placements_and_sufficiency", "assessments"
    assert classify(
        "The quality of evidence-based assessments undertaken to support effective placement matching."
    ).themes == [ps, a]
    assert classify("The timely assessment of and support for connected carers.").themes[0] == ps
    assert classify("The assessment of children placed with connected carers.").themes[0] == a


def test_a_phrase_in_quotation_marks_is_read_as_its_words():
    assert classify("Ensure that ‘later in life’ letters are personal.").themes == ["permanence_and_adoption"]
    assert classify("Complete 'together or apart' assessments for brothers and sisters.").themes[0] == (
        "placements_and_sufficiency"
    )


def test_training_a_board_asks_for_is_multi_agency_training():
    """workforce's not_here: multi-agency training run by the safeguarding board."""
    text = "Improve the quality of training for staff."
    assert "workforce" in classify(text).themes
    assert "workforce" not in classify(text, "lscb").themes
    assert classify(text, "lscb").themes[-1] == "safeguarding_partnership"


def test_on_a_boards_list_the_topic_comes_first_unless_the_board_itself_is_asked():
    """The shared readers' order (examples.csv: "Monitor the implementation of the revised common
    assessment framework and hold all partner agencies to account" is early help first; "Sharpen
    the board's focus on children looked after" is the board first): the board and its partners
    named as who is asked do not make the partnership the main subject; the board's own
    functioning does."""
    sp, fd = "safeguarding_partnership", "front_door_and_early_help"
    assert classify("The LSCB should evaluate the effectiveness of early help services.", "lscb").themes == [fd, sp]
    assert classify("Ensure that all partner agencies understand thresholds for referral.", "lscb").themes == [fd, sp]
    assert classify("Strengthen its oversight of early help services.", "lscb").themes == [sp, fd]
    assert classify("Ensure that the board receives reports on early help.", "lscb").themes == [sp, fd]
    assert classify("Ensure the LSCB annual report covers early help.", "lscb").themes == [sp, fd]
    assert classify("The board should review its business plan.", "lscb").themes == [sp]


def test_who_is_asked_a_condition_or_a_quality_of_the_subject_is_not_the_main_subject():
    """Head of what is asked first: partners worked with, a leading "until" clause, and recording
    or oversight listed among the qualities of what follows "of" come after it."""
    assert classify("Work with partner agencies to improve early help.").themes[0] == "front_door_and_early_help"
    assert (
        classify("The local authority and its partners should coordinate early help.").themes[0]
        == "front_door_and_early_help"
    )
    assert (
        classify(
            "Until timely child protection conferences are held, ensure that all children have a robust plan."
        ).themes[0]
        == "plans_and_planning"
    )
    assert classify("The quality, recording and frequency of supervision.").themes == [
        "management_oversight_and_supervision",
        "recording",
    ]
    assert classify("Consistency in the recording of contingency plans.").themes[0] == "recording"
    assert classify("The consistency of practice with children at risk of harm from neglect.").themes == [
        "specific_risks_and_harms"
    ]


def test_a_heading_glued_to_an_item_is_not_read_as_its_words():
    text = "Ensure that later life letters are personal and easily understood. Care leavers"
    assert classify(text).themes == ["permanence_and_adoption"]


# --- repeats ----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _rarity_of_all_items():
    """Each word's rarity over the committed recommendations, as the import weighs it."""
    return rarity(item_of(r["recommendation_id"], "", (), r["text"]) for r in _read("recommendations"))


def _item(rid: str, inspection: str, text: str) -> Item:
    return item_of(rid, inspection, classify(text).themes, text)


def test_a_repeat_needs_the_same_subject_and_the_same_activity():
    items = [
        _item(
            "a-2016-rec-1",
            "a-2016",
            "Improve the quality and timeliness of return home interviews for children who go missing.",
        ),
        _item("a-2016-rec-2", "a-2016", "Ensure that care leavers have suitable accommodation."),
        _item("a-2020-rec-1", "a-2020", "The timeliness and quality of return home interviews."),
        _item("a-2020-rec-2", "a-2020", "The quality of pathway plans for care leavers."),
    ]
    links = link(items, {"a-2016": ["a-2016", "a-2020"], "a-2020": ["a-2016", "a-2020"]})
    assert links == [("a-2020-rec-1", "a-2016-rec-1", "same_issue")]


def _links(earlier: list[str], later: list[str]) -> list[tuple[str, str, str]]:
    items = [_item(f"a-2016-rec-{n}", "a-2016", t) for n, t in enumerate(earlier, 1)]
    items += [_item(f"a-2020-rec-{n}", "a-2020", t) for n, t in enumerate(later, 1)]
    return link(items, {"a-2016": ["a-2016", "a-2020"], "a-2020": ["a-2016", "a-2020"]})


def test_one_shared_word_is_not_the_same_activity():
    """Redcar and Cleveland-like false links: the same theme and one common word ("placements")
    ask about different things."""
    later = _item("a-2020-rec-1", "a-2020", "Placements for children with complex needs.")
    earlier = _item("a-2016-rec-1", "a-2016", "Ensure that placements are reviewed regularly.")
    assert later.themes[0] == earlier.themes[0] == "placements_and_sufficiency"
    assert judge(later, earlier, {}) is None
    assert (
        judge(later, _item("a-2016-rec-2", "a-2016", "Improve placements for children with complex needs."), {})
        == "same_issue"
    )


def test_the_head_rule_never_links_asks_for_different_groups_of_children():
    """ "plans for children in need" and "care plans for children looked after" are different asks."""
    idf = _rarity_of_all_items().words
    in_need = _item("a-2020-rec-1", "a-2020", "The quality of plans and contingency plans for children in need.")
    in_care = _item(
        "a-2016-rec-2", "a-2016", "Improve the quality of care plans and contingency plans for children looked after."
    )
    unnamed = _item("a-2016-rec-1", "a-2016", "Improve the quality of plans and contingency plans.")
    assert in_need.groups == {"in need"} and in_care.groups == {"in care"}
    assert heads_of_asks(in_need, unnamed, idf) is not None
    assert heads_of_asks(in_need, in_care, idf) is None


def test_a_later_item_that_adds_an_aspect_overlaps_rather_than_repeats():
    """README: "overlapping" when the later item asks about the earlier issue in part."""
    earlier = ["Improve the analysis of risk in assessments of children's circumstances."]
    assert _links(earlier, ["The analysis of risk in assessments of children's circumstances."]) == [
        ("a-2020-rec-1", "a-2016-rec-1", "same_issue")
    ]
    assert _links(
        earlier, ["The analysis of risk in assessments of children's circumstances when they go missing from care."]
    ) == [("a-2020-rec-1", "a-2016-rec-1", "overlapping")]


def test_an_item_that_says_it_was_asked_before_is_linked_to_what_it_repeats():
    earlier = [
        Item(
            "a-2016-rec-1",
            "a-2016",
            ("homeless_16_and_17_year_olds", "assessments"),
            content_words("Ensure that homeless 16- and 17-year-olds have a comprehensive assessment."),
        ),
        Item("a-2016-rec-2", "a-2016", ("care_leavers",), content_words("Pathway plans for care leavers.")),
    ]
    text = (
        "Ensure that 16- and 17-year-olds who present as homeless are aware of the option of becoming "
        "looked after. (This was a recommendation at the last inspection.)"
    )
    later = Item(
        "a-2020-rec-1", "a-2020", tuple(classify(text).themes), content_words(text), says_repeat=says_repeat(text)
    )
    chains = {"a-2016": ["a-2016", "a-2020"], "a-2020": ["a-2016", "a-2020"]}
    assert later.says_repeat
    assert link(earlier + [later], chains) == [("a-2020-rec-1", "a-2016-rec-1", "same_issue")]
    unsaid = Item(later.recommendation_id, later.inspection_id, later.themes, later.words)
    assert link(earlier + [unsaid], chains) == []


def test_a_predecessors_inspection_counts_as_the_previous_one():
    """Cumbria's items count for Cumberland: the chain follows authorities.predecessors."""
    inspections = [
        {"inspection_id": "cumbria-2018", "authority_id": "cumbria", "start_date": "2018-01-29"},
        {"inspection_id": "cumbria-2022", "authority_id": "cumbria", "start_date": "2022-09-20"},
        {"inspection_id": "cumberland-2024", "authority_id": "cumberland", "start_date": "2024-10-07"},
    ]
    authorities = [
        {"authority_id": "cumbria", "predecessors": ""},
        {"authority_id": "cumberland", "predecessors": "cumbria"},
    ]
    chains = histories(inspections, authorities, {"cumbria-2018", "cumberland-2024"})
    assert chains["cumberland-2024"] == ["cumbria-2018", "cumberland-2024"]
    recs = [
        {
            "recommendation_id": "cumbria-2018-rec-1",
            "inspection_id": "cumbria-2018",
            "addressee": "local_authority",
            "text": "Improve the response to children who are privately fostered.",
        },
        {
            "recommendation_id": "cumberland-2024-rec-2",
            "inspection_id": "cumberland-2024",
            "addressee": "local_authority",
            "text": "The response to children who are privately fostered.",
        },
    ]
    tables = derived_tables(recs, inspections, authorities)
    assert tables["recommendation_repeats"] == [
        {
            "recommendation_id": "cumberland-2024-rec-2",
            "earlier_recommendation_id": "cumbria-2018-rec-1",
            "judged": "same_issue",
            "method": "model",
        }
    ]


def test_the_committed_derived_tables_are_what_the_code_derives():
    """import reports writes them; a change to the rules without a re-import fails here."""
    derived = derived_tables(_read("recommendations"), _read("inspections"), _read("authorities"))
    for name, rows in derived.items():
        assert [{k: str(v) for k, v in r.items()} for r in rows] == _read(name), name
    assert [t["theme_id"] for t in derived["themes"]] == sorted(t.theme_id for t in THEMES)
    covered = {r["recommendation_id"] for r in derived["recommendation_themes"]}
    assert len(covered) >= 0.97 * len(_read("recommendations"))


# --- the repeat linker's learned layer and word vectors ------------------------------------


def _all_items():
    from civic_accountability.themes.tables import item_themes

    recs = _read("recommendations")
    themes = item_themes(recs)
    return [
        item_of(
            r["recommendation_id"], r["inspection_id"], themes[r["recommendation_id"]][0], r["text"], r["addressee"]
        )
        for r in recs
    ]


def test_the_repeat_model_files_are_what_the_build_scripts_make():
    """word_vectors.json is built from the committed co-occurrence counts, repeat_model.json from
    the committed judged pairs (scripts/build_report_vectors.py, build_repeat_model.py): a change
    to the counts, the labels, the rules or the classifier without a rebuild fails here."""
    import sys

    import pytest

    pytest.importorskip("sklearn")  # the model extra rebuilds them

    sys.path.insert(0, str(ROOT / "scripts"))
    import build_repeat_model
    import build_report_vectors

    from civic_accountability.themes import repeats as R

    built = build_report_vectors.vectors(build_report_vectors.COUNTS)
    assert build_report_vectors.differs(built, json.loads(build_report_vectors.OUT.read_text(encoding="utf-8"))) == ""
    x, y, _, _ = build_repeat_model.examples()
    model = build_repeat_model.fit(x, y)
    committed = R.model()
    assert model["features"] == committed["features"] == list(R.FEATURES)
    assert model["pairs"] == committed["pairs"] == len(y) >= 58000
    assert model["threshold"] == committed["threshold"]
    assert list(model["main_theme_weights"]) == list(committed["main_theme_weights"])
    weights = zip(build_repeat_model._weights(model), build_repeat_model._weights(committed))
    assert max(abs(a - b) for a, b in weights) <= 1e-4  # every weight, the intercept's too
    assert not set(model["trained_on"]) & {f"cross{k}" for k in range(23, 77)}  # rounds 15-23 measure it


def test_the_linker_links_the_same_with_or_without_numpy(monkeypatch):
    """numpy only sums the word vectors faster: the plain install (numpy not importable) links
    exactly the same pairs."""
    import pytest

    pytest.importorskip("numpy")  # the import extra has it
    from civic_accountability.themes import repeats as R
    from civic_accountability.themes import semantic

    items = _all_items()
    chains = histories(_read("inspections"), _read("authorities"), {it.inspection_id for it in items})
    assert hasattr(next(iter(R.context(items).vectors.values())), "dot")  # numpy's path ran
    fast = link(items, chains)
    monkeypatch.setattr(semantic, "_numpy", lambda: None)  # as if numpy were not installed
    R._likeness_weights.cache_clear()
    try:
        assert not hasattr(next(iter(R.context(items).vectors.values())), "dot")
        assert isinstance(R._likeness_weights(), list)
        plain = link(items, chains)
    finally:
        monkeypatch.undo()
        R._likeness_weights.cache_clear()
    assert fast == plain and len(fast) >= 500


def test_pruning_skips_only_pairs_the_model_could_never_link(monkeypatch):
    """``scored(prune=True)`` leaves unread the pairs whose probability cannot reach the threshold
    whatever their costlier features are: the links are those of reading every pair in full."""
    from civic_accountability.themes import repeats as R

    items = _all_items()
    chains = histories(_read("inspections"), _read("authorities"), {it.inspection_id for it in items})
    pruned = link(items, chains)
    full = R.scored
    monkeypatch.setattr(R, "scored", lambda later, earlier, ctx, prune=False: full(later, earlier, ctx, False))
    assert link(items, chains) == pruned


def test_the_vectors_put_asks_in_other_words_close_and_other_asks_apart():
    """What the vectors add to the rules: two wordings of one ask share few words, yet their
    vectors are nearer than either is to a different ask."""
    from civic_accountability.themes import semantic
    from civic_accountability.themes.repeats import _weights, rarity

    texts = {
        "a": "Ensure that managers oversee all cases regularly.",
        "b": "The quality and consistency of oversight and challenge by first line managers.",
        "c": "The sufficiency of placements for older children in care.",
    }
    items = _all_items()
    idf = rarity(items).words
    mine = {
        k: item_of(f"x-2020-rec-{k}", "x-2020", ("management_oversight_and_supervision",), t) for k, t in texts.items()
    }
    vectors = semantic.item_vectors({it.recommendation_id: _weights(it, idf)[0] for it in mine.values()})
    v = {k: vectors[it.recommendation_id] for k, it in mine.items()}
    assert semantic.cosine(v["a"], v["b"]) > semantic.cosine(v["a"], v["c"]) + 0.2
    assert semantic.cosine(v["a"], v["b"]) > semantic.cosine(v["b"], v["c"]) + 0.2
    assert "scrutiny" in semantic.similar_words("oversight", 10)


def test_without_the_model_the_rules_alone_link_as_before(monkeypatch):
    """repeats.MODEL = False: the rules decide each link and the rows say method = rule."""
    from civic_accountability.themes import repeats as R

    monkeypatch.setattr(R, "MODEL", False)
    rows = derived_tables(_read("recommendations"), _read("inspections"), _read("authorities"))
    assert {r["method"] for r in rows["recommendation_repeats"]} == {"rule"}
    assert {r["method"] for r in _read("recommendation_repeats")} == {"model"}


# --- the learned layer over the rules ------------------------------------------------------


def test_the_learned_layer_changes_an_answer_only_as_its_weights_say():
    """``model.decide`` over ``model.scores``: the rules' answer stands unless a candidate's
    main-subject score beats the rules' main subject by more than ``main_margin``; further
    themes are the candidates whose membership probability reaches ``keep_above``."""
    from civic_accountability.themes import model

    cands = {t: (["rule:left_out"], []) for t in ("assessments", "education", "recording")}
    own = ["w:education", "w:recording"]
    rules_say = ["assessments", "recording"]

    def answer(main=None, member=None, margin=0.0):
        weights = {"main": main or {}, "member": member or {}, "main_margin": margin, "keep_above": 0.5}
        return model.decide(*model.scores(cands, own, weights), rules_say, weights)

    agree = {"recording": {"w:recording": 3.0}, "education": {"w:education": -3.0}}
    assert answer(member=agree) == rules_say
    lead = {"education": {"w:education": 2.0}}
    assert answer(lead, agree, margin=1.0)[0] == "education"
    assert answer(lead, agree, margin=2.5) == rules_say
    flip = {"recording": {"w:recording": -3.0}, "education": {"w:education": 3.0}}
    assert answer(member=flip) == ["assessments", "education"]
    feats = model.flat("education", *cands["education"], own)
    assert model.explain(feats, {"main": lead}, "main") == ["main education|w:education +2.00"]


def test_the_learned_layer_corrects_the_rules_where_the_fresh_labels_say_so(monkeypatch):
    """train_chunk1..8 were labelled before the classifier ran on them: "... receive a timely
    assessment that is of good quality" is assessments alone there (the threshold is only who gets
    one), while the rules put the threshold, the front door, first. The shipped layer follows the
    labels (``method = model``, and --explain shows its features); switched off, the rules'
    answer returns."""
    text = (
        "Ensure that all children who meet the threshold for a single assessment by children’s social "
        "care receive a timely assessment that is of good quality."
    )
    found = shipped.classify(text, "local_authority")
    assert (found.themes, found.method) == (["assessments"], "model")
    assert any(r.startswith("main assessments|") for r in found.reasons()["assessments"])
    rows = [r for r in _read("recommendation_themes") if r["recommendation_id"] == "bexley-2014-05-23-inspection-rec-2"]
    assert [(r["theme_id"], r["method"]) for r in rows] == [("assessments", "model")]
    explained = CliRunner().invoke(cli, ["themes", "classify", "--explain", text])
    assert explained.exit_code == 0 and "1. assessments (" in explained.output
    assert "main assessments|" in explained.output
    from civic_accountability.themes import model

    monkeypatch.setattr(model, "ENABLED", False)
    off = shipped.classify(text, "local_authority")
    assert (off.themes, off.method) == (["front_door_and_early_help"], "rule")


def test_the_weights_are_what_the_build_script_makes_from_the_committed_labels():
    """theme_model.json is built by scripts/build_theme_model.py from the fresh labels and the
    rules' current view of them: a change to the rules or the labels without a rebuild fails
    here (the digest covers every training row's features and labels)."""
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    import build_theme_model as build

    from civic_accountability.themes import model

    weights = model.load()
    recs = {r["recommendation_id"]: r for r in _read("recommendations")}
    rows = build.rows_of(build.fresh_labels(recs), recs)
    assert weights["rows_sha256"] == build.digest(rows)
    assert {k: weights[k] for k in build.SETTINGS} == build.SETTINGS
    assert weights["trained_on"] == len(rows) >= 1380


# --- the commands -----------------------------------------------------------------------


def test_themes_classify_reads_arguments_or_stdin_in_order():
    runner = CliRunner()
    texts = ["The quality of pathway plans.", "Return home interviews.", ""]
    result = runner.invoke(cli, ["themes", "classify", "--format", "json"], input="\n".join(texts) + "\n")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [x["text"] for x in lines] == texts
    assert lines[0]["themes"] == ["care_leavers"] and lines[2]["themes"] == []
    explained = runner.invoke(cli, ["themes", "classify", "--explain", "The quality of pathway plans."])
    assert explained.exit_code == 0 and '1. care_leavers (Care leavers): "pathway plans"' in explained.output


def test_repeats_lists_a_councils_repeated_issues(tmp_path):
    runner = CliRunner()
    links = [r for r in _read("recommendation_repeats") if r["recommendation_id"].startswith("luton-")]
    result = runner.invoke(cli, ["repeats", "Luton", "--format", "json", "--package", str(ROOT)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    shown = {
        (item["recommendation_id"], e["recommendation_id"])
        for i in data["inspections"]
        for item in i["repeated"]
        for e in item["asked_before"]
    }
    assert shown == {(r["recommendation_id"], r["earlier_recommendation_id"]) for r in links} and shown
    unknown = runner.invoke(cli, ["repeats", "Lutonshire Borough", "--package", str(ROOT)])
    assert unknown.exit_code == 2 and "Traceback" not in unknown.output
    # an unknown council reads the same in repeats and timeline: the query, close matches, where to look
    timeline = runner.invoke(cli, ["timeline", "Lutonshire Borough", "--package", str(ROOT)])
    assert unknown.stderr == timeline.stderr and "no local authority matches 'Lutonshire Borough'" in unknown.stderr
    assert "civic-accountability describe" in unknown.stderr


def test_repeats_explain_says_why_each_pair_is_linked():
    """--explain gives each link the learned layer's probability against its threshold and what
    weighed most, then the rules that make it, with the shared words as the later item writes
    them; a pair the rules keep apart says which veto does."""
    runner = CliRunner()
    result = runner.invoke(cli, ["repeats", "Swindon", "--explain", "--format", "json", "--package", str(ROOT)])
    assert result.exit_code == 0, result.output
    before = [e for i in json.loads(result.output)["inspections"] for it in i["repeated"] for e in it["asked_before"]]
    assert before
    for e in before:
        score, threshold = re.match(
            r"the model: ([0-9.]+) \(a link from ([0-9.]+)\), most from: ", e["why"][0]
        ).groups()
        assert float(score) >= float(threshold) and len(e["why"]) >= 2
    assert any("wording the reports use alike" in e["why"][0] for e in before)
    assert any("the same named activity: placement sufficiency" in w for e in before for w in e["why"])
    text = runner.invoke(cli, ["repeats", "Swindon", "--explain", "--package", str(ROOT)])
    assert text.exit_code == 0 and "why: the same named activity: independence" in text.output
    plain = runner.invoke(cli, ["repeats", "Swindon", "--format", "json", "--package", str(ROOT)])
    assert '"why"' not in plain.output
    idf = _rarity_of_all_items()
    words = "The stability of the workforce so that children build relationships."
    later = _item("a-2020-rec-1", "a-2020", words)
    earlier = _item("a-2016-rec-1", "a-2016", "Ensure that caseloads remain manageable.")
    assert why(later, earlier, idf, words) == ["different activities asked about (workforce stability; caseloads)"]
    again = _item("a-2016-rec-2", "a-2016", "Improve the stability of the workforce.")
    assert "the same named activity: workforce stability" in why(later, again, idf, words)
    assert any(w.startswith("whole text") and "stability, workforce" in w for w in why(later, again, idf, words))


def test_every_link_is_explained_by_the_model_or_by_the_item_saying_it_was_asked_before():
    """Each of the data's links opens its reasons with the learned layer's score: at or above the
    threshold, with what weighed most; below it only for an item that says it repeats (the rules
    then pick the earlier item it most resembles)."""
    from civic_accountability.themes.history import item_notes

    rows = {
        name: _read(name)
        for name in ("recommendations", "recommendation_themes", "recommendation_repeats", "inspections")
    }
    _, before = item_notes(rows, explain=True)
    firsts = [e["why"][0] for items in before.values() for e in items]
    assert len(firsts) == len(rows["recommendation_repeats"])
    for line in firsts:
        score, threshold = map(float, re.match(r"the model: ([0-9.]+) \(a link from ([0-9.]+)\)", line).groups())
        assert (score >= threshold and ", most from: " in line) or line.endswith(
            "below it; the later item says it was asked before"
        ), line


def test_item_notes_explain_gives_each_link_the_reasons_repeats_explain_prints():
    """What the site's council pages show under each "asked before" (``item_notes(rows,
    explain=True)``) is what ``repeats --explain`` prints for the link; without ``explain``,
    no reasons are read."""
    from civic_accountability.themes.history import item_notes

    rows = {
        name: _read(name)
        for name in ("recommendations", "recommendation_themes", "recommendation_repeats", "inspections")
    }
    _, before = item_notes(rows, explain=True)
    result = CliRunner().invoke(cli, ["repeats", "Luton", "--explain", "--format", "json", "--package", str(ROOT)])
    assert result.exit_code == 0, result.output
    printed = [
        (it["recommendation_id"], e["recommendation_id"], e["why"])
        for i in json.loads(result.output)["inspections"]
        for it in i["repeated"]
        for e in it["asked_before"]
    ]
    assert printed and all(reasons for _, _, reasons in printed)
    noted = {(rid, e["recommendation_id"]): e["why"] for rid, earlier in before.items() for e in earlier}
    assert [(rid, eid, noted[rid, eid]) for rid, eid, _ in printed] == printed
    assert len(noted) == len(rows["recommendation_repeats"])
    assert not any("why" in e for earlier in item_notes(rows)[1].values() for e in earlier)


def test_the_same_ask_in_other_words_is_a_repeat():
    """equivalents.csv: "sufficiency of homes" is what older reports call placement sufficiency."""
    assert _links(
        ["Improve placement sufficiency and the range of foster carers for children in care."],
        ["The sufficiency of suitable homes for children in care."],
    ) == [("a-2020-rec-1", "a-2016-rec-1", "same_issue")]
    # the list joins wordings of one activity, not different activities of one area
    assert (
        _links(
            ["Improve placement sufficiency for children in care."], ["The quality of pathway plans for care leavers."]
        )
        == []
    )


def test_the_equivalence_list_is_well_formed():
    from civic_accountability.themes.repeats import same_wording

    assert " placement_sufficiency " in same_wording("the sufficiency of homes for children")
    assert "interviews" in same_wording("interviews with parents")  # a whole-word match only
    path = ROOT / "src" / "civic_accountability" / "themes" / "equivalents.csv"
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows and all(r["pattern"] and r["stands_for"] and r["why"] for r in rows)


def test_the_head_of_the_ask_is_compared_not_its_purpose_or_examples():
    """An imperative sentence and a noun phrase asking the same thing meet on the head of the
    ask; a word the earlier item names only in an example ("including ...") is not its ask."""
    assert head_words("Ensure that caseloads remain manageable so that social workers have time.") == {
        "caseload",
        "remain",
        "manageabl",
    }
    # a later sentence that opens with an ask of its own is an ask; one that elaborates is not
    assert {"life", "story"} <= head_words("Ensure timely permanence decisions. Ensure timely life story work.")
    assert "identific" not in head_words("Improve the recording of plans. This should include a clear identification.")
    # a framework tag says where the item sits, not what it asks
    assert content_words(
        "The quality of supervision. (enabler: leaders drive conditions for effective practice, national framework)"
    ) == {"supervision"}
    idf = _rarity_of_all_items()
    earlier = _item(
        "a-2016-rec-1",
        "a-2016",
        "Ensure that caseloads in the children in need teams remain manageable so that social workers have sufficient time.",
    )
    later = _item(
        "a-2020-rec-1", "a-2020", "The volume of social worker caseloads in the assessment teams, which are too high."
    )
    assert heads_of_asks(later, earlier, idf.words) == "same_issue"
    services = _item(
        "a-2020-rec-2", "a-2020", "Services for children and families when domestic abuse has been identified."
    )
    duty_team = _item(
        "a-2016-rec-2",
        "a-2016",
        "Review processes within the duty team to ensure that systems to manage contacts and referrals, "
        "including domestic abuse notifications, are secure.",
    )
    assert set(services.themes) & set(duty_team.themes)
    assert heads_of_asks(services, duty_team, idf.words) is None


def test_the_same_named_activity_in_other_words_is_a_repeat():
    """activities.csv: "a stable and skilled permanent workforce" and "the stability of the
    workforce" name one activity though they share no rare word; a permanent workforce is not
    permanence."""
    later = _item("a-2020-rec-1", "a-2020", "The stability of the workforce so that children build relationships.")
    earlier = _item(
        "a-2016-rec-1",
        "a-2016",
        "Through ambitious and innovative means, prioritise the establishment of a stable and skilled permanent workforce.",
    )
    assert later.activities == earlier.activities == {"workforce stability"}
    assert same_activity(later, earlier) == "same_issue"
    assert activities_named("permanence planning for children in care") == {"permanence"}
    # a different activity of the same theme is not the same ask
    caseloads = _item("a-2016-rec-2", "a-2016", "Ensure that caseloads remain manageable.")
    assert caseloads.themes[0] == later.themes[0] == "workforce"
    assert same_activity(later, caseloads) is None


def test_a_head_naming_no_activity_lends_its_first_sentence_to_the_activity_rule():
    """FALLBACK: "Consolidate the improvements made so far to ensure ... a timely health
    assessment" asks about health assessments though its head names nothing; the vetoes never
    read what it lends (a pair kept apart by its heads stays apart)."""
    earlier = _item(
        "a-2016-rec-1",
        "a-2016",
        "Consolidate the improvements made so far to ensure that all children in care have a timely health assessment.",
    )
    later = _item("a-2020-rec-1", "a-2020", "The timeliness of health assessments for children in care.")
    assert not earlier.activities and earlier.fallback == {"health assessments"}
    assert same_activity(later, earlier) == "same_issue"
    # --explain names the activity the rule read, the lent one included
    text = "The timeliness of health assessments for children in care."
    assert "the same named activity: health assessments" in why(later, earlier, _rarity_of_all_items(), text)
    assert not _item("a-2020-rec-2", "a-2020", "The quality of care plans.").fallback  # its head names one


def test_wordings_added_in_the_eighth_round_name_their_activities():
    """activities.csv and the lead of an ask (notes/themes.md, eighth and ninth rounds): a child's many social
    workers are workforce instability; "Take steps to ensure that assessments ..." asks about
    assessments; supervised contact is family time, not supervision; a reassessment is an
    assessment; a transition to adulthood is preparation for independence."""
    minimise = _item(
        "a-2016-rec-3",
        "a-2016",
        "Make every effort to minimise the number of different social workers that children have.",
    )
    assert minimise.activities == {"workforce stability"}
    assert _item("a-2016-rec-4", "a-2016", "Take steps to ensure that assessments are of good quality.").activities == {
        "assessments"
    }
    assert activities_named("revise the arrangements for supervised contact") == frozenset()
    assert activities_named("the quality of supervision") == {"supervision"}
    assert activities_named("establish a process of reassessment for all children") == {"assessments"}
    assert activities_named("transitional support into adulthood for care leavers") == {"independence"}
    assert activities_named("the educational achievement of children in care") == {"attainment"}
    # enough foster carers is placement sufficiency; their training is not
    assert activities_named("ensure that there are sufficient numbers of foster carers") == {"placement sufficiency"}
    assert activities_named("the training of foster carers") == {"training", "foster carers"}
    # a joint strategic needs assessment is an area's, not a child's; a CAF is early help
    assert activities_named("review the joint strategic needs assessment") == frozenset()
    assert activities_named("the quality of common assessments (caf)") == {"early help"}
    # "The trust should ensure that ..." asks what follows, as "The local authority should" does
    trust = "The trust should ensure that assessments are of a consistently good quality."
    assert _item("a-2016-rec-5", "a-2016", trust).activities == {"assessments"}


def test_a_broad_activity_alone_needs_nothing_else_named():
    """ "assessments" of what: "the quality of assessments and plans" repeats "the quality of
    assessments"; "assessments of connected carers" is another activity, and "assessments of
    children who go missing" names one more, so one shared broad word is not enough."""
    both = _item("a-2020-rec-1", "a-2020", "The quality of assessments and plans.")
    plain = _item(
        "a-2016-rec-1", "a-2016", "Improve the quality of assessments so that these reflect daily experiences."
    )
    carers = _item("a-2016-rec-2", "a-2016", "Improve the timeliness of assessments of connected carers.")
    missing = _item(
        "a-2016-rec-3", "a-2016", "Improve assessments of children who go missing from home and their plans."
    )
    assert same_activity(both, plain) == "overlapping"
    assert "assessments" not in carers.activities and same_activity(both, carers) is None
    assert both.themes[0] == "assessments" and same_activity(both, missing) is None


def test_asks_that_name_different_activities_are_never_a_repeat():
    """The veto: "visits in line with plans" and "the quality of plans" share the word, not the ask."""
    idf = _rarity_of_all_items()
    later = _item("a-2020-rec-1", "a-2020", "The quality of planning for children in need of protection.")
    visits = _item(
        "a-2016-rec-1",
        "a-2016",
        "Ensure that visits to children are undertaken in line with their plans, and take action when this is not the case.",
    )
    assert later.activities == {"plans"} and visits.activities == {"visits"}
    assert set(later.themes) & set(visits.themes)
    assert judge(later, visits, idf) is None
    plans = _item("a-2016-rec-2", "a-2016", "Improve the quality of plans for children in need of protection.")
    assert judge(later, plans, idf) == "same_issue"


def test_the_activity_list_is_well_formed():
    path = ROOT / "src" / "civic_accountability" / "themes" / "activities.csv"
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows and all(r["pattern"] and r["activity"] and r["why"] for r in rows)
    assert {r["theme"] for r in rows} <= THEME_IDS


def test_the_ask_follows_should_when_nothing_before_it_is_asked_about():
    """ "The local authority should ensure that ..." asks what follows; "All plans should ..." asks about plans."""
    after = _item("a-2016-rec-1", "a-2016", "The local authority should ensure that care leavers have a pathway plan.")
    assert after.activities == {"pathway plans"}
    subject = _item("a-2016-rec-2", "a-2016", "All plans should focus on specific actions with clear timescales.")
    assert subject.activities == {"plans"}


def test_what_a_participle_names_is_not_the_ask():
    """ "visited within the timescales identified in the plans" asks about visits, not plans; "informed
    by a good needs assessment" asks about preparing for adulthood, not assessments."""
    visits = _item(
        "a-2016-rec-1",
        "a-2016",
        "Ensure that children are visited within the timescales identified in the plans and are seen alone.",
    )
    assert "plans" not in visits.activities
    informed = _item(
        "a-2016-rec-2",
        "a-2016",
        "Ensure that preparation for adulthood begins early enough, and is informed by a good needs assessment.",
    )
    assert "assessments" not in informed.activities and "independence" in informed.activities


def test_management_oversight_of_a_named_service_asks_about_that_service():
    """Medway: "management oversight" is not asked again by "the coordination and management oversight
    of early help services"; it is by "management oversight and supervision"."""
    idf = _rarity_of_all_items()
    later = _item("a-2020-rec-1", "a-2020", "The quality and consistency of management oversight.")
    early_help = _item(
        "a-2016-rec-1",
        "a-2016",
        "The coordination and management oversight of early help services to support children to receive the right help.",
    )
    assert early_help.activities == {"early help"}
    assert judge(later, early_help, idf) is None
    oversight = _item("a-2016-rec-2", "a-2016", "The quality of management oversight and supervision.")
    assert judge(later, oversight, idf) is not None


def test_a_shared_broad_activity_under_another_ask_is_not_a_repeat():
    """Southampton: thresholds in the MASH and "unnecessary statutory assessments" do not ask again for
    "the quality of assessments"; "the recording of core groups" still overlaps "the quality of recording"."""
    idf = _rarity_of_all_items()
    mash = _item(
        "a-2020-rec-1",
        "a-2020",
        "Decision-making in the MASH consistently adheres to local threshold guidance and children do not "
        "experience unnecessary statutory assessments.",
    )
    assessments = _item(
        "a-2016-rec-1", "a-2016", "Improve the quality of assessments so that these reflect daily experiences."
    )
    assert "assessments" in mash.activities & assessments.activities
    assert judge(mash, assessments, idf) is None
    recording = _item("a-2020-rec-2", "a-2020", "The quality and consistency of recording.")
    core_groups = _item(
        "a-2016-rec-2",
        "a-2016",
        "Review the recording of core groups so that the records are placed on the electronic record system promptly.",
    )
    assert judge(recording, core_groups, idf) is not None


def test_named_services_are_told_apart_from_the_broad_ones():
    """Fostering for adoption is not adoption in general, children missing education are not children
    who go missing, a culture of learning is not identity, and approving foster carers is sufficiency."""
    named = [
        activities_named(t)
        for t in (
            "the support for families involved in 'foster to adopt'",
            "oversight of children missing from education",
            "the culture of continuous professional development",
            "the opportunity to 'stay put' after the age of 18",
            "the appointment and approval of emergency foster carers",
            "sufficient and suitable emergency accommodation",
        )
    ]
    assert named == [
        {"fostering for adoption"},
        {"missing education"},
        {"training"},
        {"staying put"},
        {"placement sufficiency"},
        {"placement sufficiency"},
    ]


def test_the_phrase_lists_dispatch_finds_what_their_one_regular_expression_finds():
    """The equivalence and activity lists are matched word start by word start against the
    patterns that can start there (for speed); on every recommendation, whole and as the linker
    folds it, that finds the same phrases in the same places as ``\\b(?:p0|p1|…)\\b``."""
    from civic_accountability.themes import repeats

    lists = (repeats._equivalents()[0], repeats._activities()[0])
    for rec in _read("recommendations"):
        for text in (rec["text"].lower(), repeats._fold(rec["text"])):
            for alternation in lists:
                fast = [(m.span(), m.lastgroup) for m in alternation.finditer(text)]
                plain = [(m.span(), m.lastgroup) for m in alternation.whole.finditer(text)]
                assert fast == plain, text
