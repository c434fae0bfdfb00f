"""The features a learned decider reads from one :class:`Candidate`: parse and words only.

No actor id, issue id or position enters: the holder is seen as a token (its dependency
role, its path to the predicate, whether it is a pronoun), the issue as its poles' words
(:mod:`.lexicon`), and the words of an actor's name are masked, so that a model cannot
learn "Kremlin -> up" and must read the sentence. Direction features are *signed*: each
cue word is crossed with the sign of the keyword it governs relative to the issue's poles
(``eff=+``: the sentence asks for more of a thing whose more is the high end), which is
what lets one model serve issues and cases it never saw.

No word of hedging (modals, guesses, if-clauses) is a feature: by ANNOTATION.md an
author's guess about an actor is still that actor's stance, flagged hedged, so whether a
sentence gives a stance must not turn on its modality; the hedge flag is the rules' reading
(:func:`accord.news.stance.is_hedged`).
"""

from __future__ import annotations

from ..decide import Candidate
from ..stance import ACTS, LESSEN, STANCE_VERBS
from ..tree import children, of, per_token
from .lexicon import PoleLexicon, forms, pole_lexicon

PRONOUNS = {"he", "she", "they", "his", "her", "their", "him", "them", "it", "its", "we", "our", "us", "i",
            "my", "me"}


def _sgn(x: float) -> str:
    return "+" if x > 0 else "-" if x < 0 else "0"


def _bucket(n: int) -> str:
    return str(n) if n < 3 else "3-5" if n < 6 else "6-10" if n < 11 else "11+"


def _ancestors(tok, limit: int = 8) -> list:
    """``tok`` and the ``limit`` heads above it, the root repeated once it is reached.

    (Written as a walk that stops where ``t.head is t``; spaCy builds a new Token on every
    access, so that never held and the walk always took ``limit`` steps: the features were
    trained on these lists, repeats and all. They come from the tree's head indices, the
    root's token built once.)"""
    heads = of(tok.doc).heads
    doc = tok.doc
    out = [tok]
    i = tok.i
    for n in range(limit):
        h = heads[i]
        if h == i:
            out.extend([out[-1]] * (limit - n))  # the root (``tok`` itself when n is 0), repeated
            break
        i = h
        out.append(doc[i])
    return out


def _path(a, b) -> tuple[list, list]:
    """The tokens from ``a`` up to the lowest common ancestor and from ``b`` up to it."""
    up_a = _ancestors(a, 30)
    ids = {t.i: k for k, t in enumerate(up_a)}
    up_b: list = []
    for t in _ancestors(b, 30):
        if t.i in ids:
            return up_a[:ids[t.i] + 1], up_b + [t]
        up_b.append(t)
    return up_a, up_b


@per_token
def _has_neg(t) -> bool:
    return any(c.dep_ == "neg" for c in children(t))


@per_token
def _lessened(tok) -> bool:
    """A word of lessening or a negation governs ``tok`` (within three heads) or modifies it."""
    for c in children(tok):
        if c.lemma_.lower() in LESSEN or c.lower_ in LESSEN or c.dep_ == "neg":
            return True
    t = tok
    for _ in range(3):
        if t.head is t:
            break
        t = t.head
        if t.lemma_.lower() in LESSEN or t.lower_ in LESSEN:
            return True
        if _has_neg(t):
            return True
    return False


SUBJ = ("nsubj", "nsubjpass", "poss", "agent")
DEMANDS = {"demand", "urge", "call", "want", "need", "require", "ask", "press", "push", "insist", "force", "pressure"}


def _first_subject_up(key):
    """The first subject, possessor or agent found walking up from ``key`` (the rules' holder)."""
    for t in _ancestors(key, 8):
        for c in children(t):
            if c.dep_ in SUBJ and c.i != key.i:
                if c.dep_ == "agent":
                    c = next((g for g in children(c) if g.dep_ == "pobj"), c)
                return c
    return None


def _same(a, b) -> bool:
    """Whether two tokens are one mention (the same token, or one compound of the other)."""
    if a is None or b is None:
        return False
    return a.i == b.i or (a.dep_ == "compound" and a.head.i == b.i) or (b.dep_ == "compound" and b.head.i == a.i)


def _stance_subjects(sent, masked, cache: dict | None = None) -> list:
    """Actor tokens that are subjects of a word of wanting, saying or doing in the sentence
    (the same for every candidate of the sentence: kept in ``cache``)."""
    key = ("subjects", sent.start, sent.end)
    if cache is not None and key in cache:
        return cache[key]
    out = []
    for t in sent:
        if t.i in masked and t.dep_ in ("nsubj", "nsubjpass") and t.head.lemma_.lower() in STANCE_VERBS:
            out.append(t)
    if cache is not None:
        cache[key] = out
    return out


def _predicate(key):
    """The first verb at or above ``key`` (else the root)."""
    for t in _ancestors(key, 8):
        if t.pos_ in ("VERB", "AUX") and t.dep_ != "aux":
            return t
    return _ancestors(key, 30)[-1]


def _sentence_tokens(sent, masked, cache: dict | None) -> tuple:
    """A sentence's words as :func:`_sentence_words` reads them, whatever the issue: the
    unmasked words (token, lower case, lemma), the content words by token, every form of
    every word, whether a quotation mark stands in it, whether it asks."""
    key = ("tokens", sent.start, sent.end)
    if cache is not None and key in cache:
        return cache[key]
    words: list[tuple] = []
    content: list[tuple[int, str]] = []
    sforms: set[str] = set()
    quoted = False
    for t in sent:
        low, lem = t.lower_, t.lemma_.lower()
        sforms |= forms(low) | {lem}
        quoted = quoted or t.is_quote
        if t.i in masked or not t.is_alpha:
            continue
        words.append((t, low, lem))
        if t.pos_ in ("VERB", "NOUN", "ADJ"):
            content.append((t.i, lem))
    got = (words, content, sforms, quoted, sent.text.rstrip().endswith("?"))
    if cache is not None:
        cache[key] = got
    return got


def _sentence_words(sent, lex: PoleLexicon, masked, cache: dict | None) -> tuple:
    """What :func:`_sentence_issue` reads of a sentence on an issue whatever the keywords
    and their sign: each pole word's side (turned over where lessened) by token, the
    anchor, question and quotation features, and the content words by token. Computed
    once per (sentence, issue), so that each candidate's features cost a pass over these
    lists, not over the sentence's tokens (a run-on sentence has tens of thousands)."""
    key = ("words", sent.start, sent.end, id(lex))
    if cache is not None and key in cache:
        return cache[key]
    words, content, sforms, quoted, question = _sentence_tokens(sent, masked, cache)
    sides: list[tuple[int, int]] = []
    side_of: dict[tuple[str, str], int] = {}  # a word's side on this issue, read once per word
    for t, low, lem in words:
        side = side_of.get((low, lem))
        if side is None:
            side = side_of[(low, lem)] = lex.side_of(low) or lex.side_of(lem)
        if side:
            sides.append((t.i, -side if _lessened(t) else side))
    fixed: list[str] = []
    best, best_v = 0.0, None
    for v, ws in lex.anchors:
        if len(ws) < 2:
            continue
        shared = len(ws & sforms)
        if shared >= 2 and shared / len(ws) > best:
            best, best_v = shared / len(ws), v
    if best_v is not None and best >= 0.5:
        fixed.append(f"anc={_sgn(best_v - 50)}")
    if question:
        fixed.append("question")
    if quoted:
        fixed.append("quoted")
    got = (sides, fixed, content)
    if cache is not None:
        cache[key] = got
    return got


def _sentence_issue(sent, lex: PoleLexicon, kw_i: set[int], masked, E: str, cache: dict | None) -> list[str]:
    """Features of a sentence on an issue (its pole words, the anchor it covers), the same
    for every holder in the sentence: computed once per (sentence, issue, keywords)."""
    key = (sent.start, sent.end, id(lex), tuple(sorted(kw_i)), E)
    if cache is not None and key in cache:
        return cache[key]
    sides, fixed, content = _sentence_words(sent, lex, masked, cache)
    hi = lo = 0
    for i, side in sides:
        if i not in kw_i:
            hi += side > 0
            lo += side < 0
    f = [f"pole={_sgn(hi - lo)}", f"pole_hi={min(hi, 2)}", f"pole_lo={min(lo, 2)}", f"pole|eff={_sgn(hi - lo)}{E}"]
    f += fixed
    # the sentence's verbs and nouns (actor names masked), plain and crossed with the sign
    for i, lem in content:
        if i not in kw_i:
            f += [f"s={lem}", f"s|eff={lem}|{E}"]
    if cache is not None:
        if len(cache) > 4096:
            cache.clear()
        cache[key] = f
    return f


def features(c: Candidate, masked: frozenset[int] = frozenset(), cache: dict | None = None) -> list[str]:
    """The feature names of one candidate (binary; duplicates allowed).

    ``masked`` holds the doc indices of tokens that name an actor (left out of word
    features); ``cache`` (a dict kept for one document) saves the per-sentence work.
    """
    sent = c.sent
    doc = sent.doc
    lex: PoleLexicon = pole_lexicon(c.issue_text)
    kws = [doc[i] for i in c.keyword_tokens] or ([c.key] if c.key is not None else [])
    key = c.key if c.key is not None else (kws[0] if kws else sent.root)
    holder = c.holder
    f = ["bias"]

    # the keywords' sign on the issue's scale, turned over where lessened
    ksum = eff = 0
    n_less = 0
    for t in kws:
        s = lex.trigger_sign(t.lower_) or lex.trigger_sign(t.lemma_)
        ksum += s
        ls = _lessened(t)
        n_less += ls
        eff += -s if ls else s
        kl = t.lemma_.lower()
        f += [f"kw={kl}", f"kw|less={kl}|{int(ls)}"]
    E = _sgn(eff)
    if not any(forms(t.lower_) & lex.key_sign.keys() for t in kws):
        f.append("pole_trigger")  # the issue named only by a word of its poles' texts
    f += [f"ks={_sgn(ksum)}", f"eff={E}", f"less={min(n_less, 2)}", f"nkw={_bucket(len(kws))}"]

    kw_i = {t.i for t in kws}
    f += _sentence_issue(sent, lex, kw_i, masked, E, cache)
    if c.position is not None:
        f.append(f"pos={_sgn(c.position - 50)}")
    f += [f"rs={_sgn(c.rule_score)}", f"rs|eff={_sgn(c.rule_score)}{E}"]

    # the predicate and what governs the keyword
    pred = _predicate(key)
    pl = pred.lemma_.lower()
    f += [f"pred={pl}", f"pred|eff={pl}|{E}", f"pred|less={pl}|{min(n_less, 1)}"]
    for t in _ancestors(key, 5)[1:]:
        if t.i in masked:
            continue
        lem = t.lemma_.lower()
        f += [f"gov={lem}", f"gov|eff={lem}|{E}"]
    neg = any(ch.dep_ == "neg" for ch in children(pred))
    if neg:
        f += ["neg", f"neg|eff={E}"]

    # the holder: is it the one the rules would take, the subject of a stance word, or one
    # that someone else's demand binds ("Putin demanded that Ukraine renounce ...")
    first = _first_subject_up(key)
    subs = _stance_subjects(sent, masked, cache)
    if holder is not None:
        f.append(f"hfirst={'yes' if _same(holder, first) else 'none' if first is None else 'no'}")
        mine = any(_same(holder, t) for t in subs)
        f.append(f"hstance_subj={int(mine)}|other={int(any(not _same(holder, t) for t in subs))}")
        if holder.dep_ in ("nsubj", "nsubjpass") and holder.head.dep_ in ("ccomp", "xcomp") and \
                holder.head.head.lemma_.lower() in DEMANDS:
            f.append("h_bound")
        if mine:
            f.append(f"hverb={ACTS.get(holder.head.lemma_.lower(), 'other')}|{E}")
        hf = "yes" if _same(holder, first) else "no"
        f += [f"x:hdep|hfirst={holder.dep_}|{hf}", f"x:hdep|pred={holder.dep_}|{pl}", f"x:hfirst|eff={hf}|{E}",
              f"x:hdep|eff={holder.dep_}|{E}"]
    else:
        f.append(f"implicit|subjs={min(len(subs), 2)}")
    if holder is None:
        f.append("noholder")
    else:
        f += [f"hdep={holder.dep_}", f"hpos={holder.pos_}"]
        if holder.lower_ in PRONOUNS:
            f.append("hpron")
        up_h, up_k = _path(holder, key)
        p = "^".join(t.dep_ for t in up_h[:-1][:4]) + "|" + ">".join(t.dep_ for t in up_k[:4])
        f += [f"path={p}", f"plen={_bucket(len(up_h) + len(up_k) - 2)}",
              f"hsubj={holder.dep_ in ('nsubj', 'nsubjpass') and holder.head is pred}"]
        lca = up_h[-1]
        f += [f"lca={lca.lemma_.lower()}" if lca.i not in masked else "lca=ACTOR", f"lca_pos={lca.pos_}"]
        f.append(f"dist={_bucket(abs(holder.i - key.i))}")
        f.append(f"order={'hk' if holder.i < key.i else 'kh'}")

    # words near the keyword (masked actors), plain and crossed with the sign
    for t in doc[max(sent.start, key.i - 4):min(sent.end, key.i + 5)]:
        if t.i in masked or t.i in kw_i or not t.is_alpha:
            continue
        lem = t.lemma_.lower()
        f += [f"w={lem}", f"w|eff={lem}|{E}"]
    return f


def featurize(candidates) -> list[list[str]]:
    """The features of each candidate of one or more documents, with the document's context:
    how many candidates of the document share its (actor, issue) pair (an article that keeps
    coming back to a stance holds it), and the actor's rank by its number of candidates in
    the document (ties by first appearance; the ids only group, so renaming them changes
    nothing)."""
    masks: dict[int, frozenset[int]] = {}
    caches: dict[int, dict] = {}
    pair_n: dict[tuple, int] = {}
    actor_n: dict[tuple, int] = {}
    first: dict[tuple, int] = {}
    for k, c in enumerate(candidates):
        d = id(c.sent.doc)
        pair_n[(d, c.actor, c.issue)] = pair_n.get((d, c.actor, c.issue), 0) + 1
        actor_n[(d, c.actor)] = actor_n.get((d, c.actor), 0) + 1
        first.setdefault((d, c.actor), k)
    rank: dict[tuple, int] = {}
    for d in {d for d, _ in actor_n}:
        order = sorted((a for dd, a in actor_n if dd == d), key=lambda a: (-actor_n[(d, a)], first[(d, a)]))
        for r, a in enumerate(order):
            rank[(d, a)] = r
    out = []
    for c in candidates:
        doc = c.sent.doc
        d = id(doc)
        if d not in masks:
            masks[d] = frozenset(i for e in doc.ents if e.label_ == "ACTOR" for i in range(e.start, e.end))
        f = features(c, masks[d], caches.setdefault(d, {}))
        f += [f"pair_n={_bucket(pair_n[(d, c.actor, c.issue)])}", f"arank={min(rank[(d, c.actor)], 3)}"]
        out.append(f)
    return out
