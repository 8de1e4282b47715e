"""Measure the `quotes` command on the archived seed articles against the curated statements.

    python scripts/eval_quotes.py [PACKAGE]        # default: this checkout
    python scripts/eval_quotes.py --articles DIR [--split build|held-out|all] [--devset FILE]

For each archived news article that has curated statements, runs the rule-based
extractor (`civic_accountability.importers.quotes`) and compares its proposals with the
curated rows of that source:

* a proposal *matches* a curated row when its quote is the same span (after the
  validator's normalisation of quote marks, dashes and whitespace); each row matches once;
* precision = matched / proposals, recall = matched / curated rows (quote spans exact);
* speaker = matched proposals with the curated speaker / matched;
* role, party and organisation agreement is shown too (not a target).

Curated rows known to be wrong (see notes/quotes-evaluation.md) are left out of the
comparison on both sides, and listed.

With ``--articles DIR`` it measures instead on the development set of real coverage
(issue 25): hand labels in ``notes/quotes-devset.json`` (offsets, speaker, role, party,
organisation; no article text), the texts in DIR, outside the repository (each checked
against its sha256). Only *unflagged* proposals count (what ``--write`` writes):
precision = matched / unflagged proposals, recall = matched / labels, speaker right =
matched with the labelled speaker / matched, party right = matched with the labelled
party / matched whose label states one (one party's names count as one: Tory, Tories,
Cons and Con as Conservative, Lab and Labour and Co-operative as Labour, Lib Dem as Liberal Democrat, Green Party as
Green; PARTY_ALIASES; an apostrophe curly or straight, as the validator's normalisation folds it:
"People’s Alliance" as the article prints it is the label's "People's Alliance"). Two matching modes: *exact* (the validator's
normalisation only) and *forgiving* (a comma or full stop at either end ignored).
Time is the best of five runs of the rules per article.
"""

from __future__ import annotations

import csv
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from civic_accountability.importers.quotes import propose_statements  # noqa: E402
from civic_accountability.validation.rules import normalise_text  # noqa: E402

#: (source_id, quote) → why the curated row is not a statement and is left out of both sides.
EXCLUDED = {
    (
        "cypnow-2018-05-council-weaknesses",
        "leave children at risk",
    ): "headline wording of the magazine, not a quotation of Ofsted (audit); the tool flags it 'headline'",
}
#: (speaker, field) → why the curated value is not compared (being corrected in another branch).
UNCHECKED_FIELDS = {
    ("Carol Shelley", "speaker_organisation"): "no source names her organisation (audit)",
    ("Sam Mowbray", "speaker_organisation"): "'Euclid Street' is a metonym, no source names it (audit)",
}
DETAIL_FIELDS = ("speaker_role", "speaker_party", "speaker_organisation")


@dataclass
class ArticleScore:
    source_id: str
    curated: int = 0
    proposed: int = 0
    flagged: int = 0
    matched: int = 0
    matched_unflagged: int = 0
    speaker_ok: int = 0
    details_ok: int = 0
    details_n: int = 0
    seconds: float = 0.0
    missed: list = field(default_factory=list)
    extra: list = field(default_factory=list)
    wrong_speaker: list = field(default_factory=list)
    matched_flagged: list = field(default_factory=list)
    detail_diffs: list = field(default_factory=list)
    excluded: list = field(default_factory=list)


def evaluate(root: Path = ROOT) -> list[ArticleScore]:
    with open(root / "data" / "statements.csv", encoding="utf-8", newline="") as f:
        statements = list(csv.DictReader(f))
    scores = []
    for source_id in sorted({r["source_id"] for r in statements}):
        archive = root / "archive" / f"{source_id}.txt"
        if not archive.is_file():
            continue
        text = archive.read_text(encoding="utf-8")
        runs = []
        for _ in range(5):  # best of five: the time of the rules, not of a cold start
            t0 = time.perf_counter()
            proposals = propose_statements(text)
            runs.append(time.perf_counter() - t0)
        score = ArticleScore(source_id, seconds=min(runs))
        rows = []
        for r in statements:
            if r["source_id"] != source_id:
                continue
            if (source_id, r["quote"]) in EXCLUDED:
                score.excluded.append((r["statement_id"], r["quote"], EXCLUDED[(source_id, r["quote"])]))
            else:
                rows.append(r)
        props = [p for p in proposals if (source_id, p.quote) not in EXCLUDED]
        score.curated, score.proposed = len(rows), len(props)
        score.flagged = sum(p.flagged for p in props)
        unmatched = list(rows)
        for p in props:
            hit = next((r for r in unmatched if normalise_text(r["quote"]) == normalise_text(p.quote)), None)
            if hit is None:
                score.extra.append(p)
                continue
            unmatched.remove(hit)
            score.matched += 1
            score.matched_unflagged += not p.flagged
            if p.flagged:
                score.matched_flagged.append((hit["statement_id"], p))
            if p.speaker == hit["speaker"]:
                score.speaker_ok += 1
            else:
                score.wrong_speaker.append((hit["statement_id"], hit["speaker"], p.speaker))
            for name in DETAIL_FIELDS:
                if (hit["speaker"], name) in UNCHECKED_FIELDS:
                    continue
                score.details_n += 1
                if (hit[name] or "") == getattr(p, name):
                    score.details_ok += 1
                else:
                    score.detail_diffs.append((hit["statement_id"], name, hit[name], getattr(p, name)))
        score.missed = unmatched
        scores.append(score)
    return scores


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}%" if b else "   - "


def totals(scores: list[ArticleScore]) -> dict:
    t = {
        k: sum(getattr(s, k) for s in scores)
        for k in (
            "curated",
            "proposed",
            "flagged",
            "matched",
            "matched_unflagged",
            "speaker_ok",
            "details_ok",
            "details_n",
        )
    }
    t["precision"] = t["matched"] / t["proposed"]
    t["recall"] = t["matched"] / t["curated"]
    t["speaker"] = t["speaker_ok"] / t["matched"]
    return t


def render(scores: list[ArticleScore]) -> str:
    lines = [
        "| article | curated | proposed (flagged) | matched | precision | recall | speaker right | "
        "role/party/org agree | time |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in scores:
        lines.append(
            f"| {s.source_id} | {s.curated} | {s.proposed} ({s.flagged}) | {s.matched} | "
            f"{_pct(s.matched, s.proposed)} | {_pct(s.matched, s.curated)} | "
            f"{s.speaker_ok}/{s.matched} {_pct(s.speaker_ok, s.matched)} | "
            f"{s.details_ok}/{s.details_n} | {s.seconds * 1000:.1f} ms |"
        )
    t = totals(scores)
    lines.append(
        f"| **total** | {t['curated']} | {t['proposed']} ({t['flagged']}) | {t['matched']} | "
        f"{_pct(t['matched'], t['proposed'])} | {_pct(t['matched'], t['curated'])} | "
        f"{t['speaker_ok']}/{t['matched']} {_pct(t['speaker_ok'], t['matched'])} | "
        f"{t['details_ok']}/{t['details_n']} | {sum(s.seconds for s in scores) * 1000:.1f} ms |"
    )
    unflagged = t["proposed"] - t["flagged"]
    lines.append("")
    lines.append(
        f"Unflagged proposals only (what `--write` writes by default): {unflagged} proposed, "
        f"{t['matched_unflagged']} matched, precision {_pct(t['matched_unflagged'], unflagged).strip()}, "
        f"recall {_pct(t['matched_unflagged'], t['curated']).strip()}."
    )
    for s in scores:
        for p in s.extra:
            lines.append(f"- extra   {s.source_id} ¶{p.paragraph}: {p.quote!r} speaker={p.speaker!r} flags={p.flags}")
        for r in s.missed:
            lines.append(f"- missed  {r['statement_id']}: {r['quote']!r}")
        for sid, p in s.matched_flagged:
            lines.append(f"- flagged {sid}: {p.quote!r} ({', '.join(p.flags)}; speaker {p.speaker!r})")
        for sid, want, got in s.wrong_speaker:
            lines.append(f"- speaker {sid}: curated {want!r}, tool {got!r}")
        for sid, name, want, got in s.detail_diffs:
            lines.append(f"- {name} {sid}: curated {want!r}, tool {got!r}")
        for sid, quote, why in s.excluded:
            lines.append(f"- excluded {sid}: {quote!r}: {why}")
    for (speaker, name), why in UNCHECKED_FIELDS.items():
        lines.append(f"- not compared: {name} of {speaker}: {why}")
    return "\n".join(lines)


# ---------------------------------------------------------------- the development set (issue 25)

DEVSET = ROOT / "notes" / "quotes-devset.json"
PARTY_ALIASES = {
    "tory": "conservative",
    "tories": "conservative",
    "cons": "conservative",
    "con": "conservative",
    "conservatives": "conservative",
    "lab": "labour",
    "lib dem": "liberal democrat",
    "lib dems": "liberal democrat",
    "liberal democrats": "liberal democrat",
    "ld": "liberal democrat",
    "libdem": "liberal democrat",
    "green party": "green",
    "greens": "green",
    "labour party": "labour",
    "labour and co-operative": "labour",  # Labour and Co-operative candidates are the Labour group's
    "labour co-op": "labour",
    "conservative party": "conservative",
    "reform": "reform uk",
    "ind": "independent",
}
MODES = ("exact", "forgiving")


def _party(value: str) -> str:
    v = normalise_text(value or "").strip().lower()  # "People’s Alliance" as printed = "People's Alliance"
    return PARTY_ALIASES.get(v, v)


def _key(quote: str, mode: str) -> str:
    q = normalise_text(quote)
    return q.strip(" ,.") if mode == "forgiving" else q


@dataclass
class DevScore:
    article: str
    split: str
    labels: int = 0
    proposed: int = 0  # unflagged proposals
    flagged: int = 0
    matched: dict = field(default_factory=lambda: {m: 0 for m in MODES})
    speaker_ok: dict = field(default_factory=lambda: {m: 0 for m in MODES})
    party_n: dict = field(default_factory=lambda: {m: 0 for m in MODES})
    party_ok: dict = field(default_factory=lambda: {m: 0 for m in MODES})
    seconds: float = 0.0
    problems: list = field(default_factory=list)  # (mode, kind, detail), for reading


def evaluate_devset(articles: Path, devset: Path = DEVSET, split: str = "all") -> list[DevScore]:
    """Score the unflagged proposals on every labelled article of ``split`` found in ``articles``."""
    import hashlib
    import json

    spec = json.loads(devset.read_text(encoding="utf-8"))
    scores = []
    for art in spec["articles"]:
        if split != "all" and art["split"] != split:
            continue
        path = articles / f"{art['id']}.txt"
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != art["sha256"]:
            raise SystemExit(f"{path}: not the labelled text (sha256 differs)")
        text = data.decode("utf-8")
        runs = []
        for _ in range(5):
            t0 = time.perf_counter()
            proposals = propose_statements(text)
            runs.append(time.perf_counter() - t0)
        score = DevScore(art["id"], art["split"], labels=len(art["labels"]), seconds=min(runs))
        unflagged = [p for p in proposals if not p.flagged and p.speaker]
        score.proposed, score.flagged = len(unflagged), len(proposals) - len(unflagged)
        for mode in MODES:
            left = [dict(lab, quote=text[lab["start"] : lab["end"]]) for lab in art["labels"]]
            for p in unflagged:
                hit = next((lab for lab in left if _key(lab["quote"], mode) == _key(p.quote, mode)), None)
                if hit is None:
                    score.problems.append((mode, "extra", f"{p.quote[:70]!r} speaker={p.speaker!r} ({p.reason})"))
                    continue
                left.remove(hit)
                score.matched[mode] += 1
                if p.speaker == hit["speaker"]:
                    score.speaker_ok[mode] += 1
                else:
                    score.problems.append(
                        (
                            mode,
                            "speaker",
                            f"{hit['quote'][:50]!r}: label {hit['speaker']!r}, tool {p.speaker!r} ({p.reason})",
                        )
                    )
                if hit["speaker_party"]:
                    score.party_n[mode] += 1
                    if _party(p.speaker_party) == _party(hit["speaker_party"]):
                        score.party_ok[mode] += 1
                    else:
                        score.problems.append(
                            (
                                mode,
                                "party",
                                f"{hit['speaker']}: label {hit['speaker_party']!r}, tool {p.speaker_party!r}",
                            )
                        )
            for lab in left:
                flagged = [p for p in proposals if p.flagged and _key(p.quote, mode) == _key(lab["quote"], mode)]
                why = f" (proposed, flagged {' '.join(flagged[0].flags)})" if flagged else ""
                score.problems.append((mode, "missed", f"{lab['quote'][:70]!r} ({lab['speaker']}){why}"))
        scores.append(score)
    return scores


def dev_totals(scores: list[DevScore], mode: str) -> dict:
    labels = sum(s.labels for s in scores)
    proposed = sum(s.proposed for s in scores)
    matched = sum(s.matched[mode] for s in scores)
    speaker = sum(s.speaker_ok[mode] for s in scores)
    party_n = sum(s.party_n[mode] for s in scores)
    party_ok = sum(s.party_ok[mode] for s in scores)
    return {
        "labels": labels,
        "proposed": proposed,
        "matched": matched,
        "precision": matched / proposed if proposed else 0.0,
        "recall": matched / labels if labels else 0.0,
        "speaker": speaker / matched if matched else 0.0,
        "party": party_ok / party_n if party_n else 1.0,
        "speaker_ok": speaker,
        "party_ok": party_ok,
        "party_n": party_n,
        "seconds": sum(s.seconds for s in scores),
    }


def render_devset(scores: list[DevScore], details: bool = True) -> str:
    lines = []
    for mode in MODES:
        lines += [
            f"### {mode} spans",
            "",
            "| article | split | labels | unflagged (flagged) | matched | precision | recall | speaker right "
            "| party right | time |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for s in scores:
            lines.append(
                f"| {s.article} | {s.split} | {s.labels} | {s.proposed} ({s.flagged}) | {s.matched[mode]} | "
                f"{_pct(s.matched[mode], s.proposed)} | {_pct(s.matched[mode], s.labels)} | "
                f"{s.speaker_ok[mode]}/{s.matched[mode]} | {s.party_ok[mode]}/{s.party_n[mode]} | "
                f"{s.seconds * 1000:.1f} ms |"
            )
        for split in sorted({s.split for s in scores}) + ["all"]:
            part = [s for s in scores if split in ("all", s.split)]
            t = dev_totals(part, mode)
            lines.append(
                f"| **total {split}** | | {t['labels']} | {t['proposed']} | {t['matched']} | "
                f"{_pct(t['matched'], t['proposed'])} | {_pct(t['matched'], t['labels'])} | "
                f"{t['speaker_ok']}/{t['matched']} {_pct(t['speaker_ok'], t['matched'])} | "
                f"{t['party_ok']}/{t['party_n']} | {t['seconds'] * 1000 / max(1, len(part)):.1f} ms/article |"
            )
        lines.append("")
    if details:
        for s in scores:
            for mode, kind, detail in s.problems:
                lines.append(f"- {mode:9} {kind:7} {s.article}: {detail}")
    return "\n".join(lines)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("package", nargs="?", type=Path, default=ROOT)
    parser.add_argument("--articles", type=Path, help="folder of the development set's texts (outside the repository)")
    parser.add_argument("--devset", type=Path, default=DEVSET)
    parser.add_argument(
        "--split", default="all", help="one split of the development set (its labels name them), or all"
    )
    parser.add_argument("--no-details", action="store_true", help="tables only, no list of differences")
    args = parser.parse_args()
    if args.articles:
        import json

        splits = sorted({a["split"] for a in json.loads(args.devset.read_text(encoding="utf-8"))["articles"]})
        if args.split not in (*splits, "all"):
            parser.error(f"--split: {args.split!r} is not one of {', '.join(splits)} or all")
        print(render_devset(evaluate_devset(args.articles, args.devset, args.split), not args.no_details))
    else:
        print(render(evaluate(args.package)))
