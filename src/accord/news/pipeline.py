"""The news stage as three named spaCy components, each replaceable.

After spaCy's own parse (and the actor ruler, :mod:`.nlp`), an article passes through:

* ``accord_cues``: attribution cues of every sentence (:mod:`.attribution`), and which
  tokens stand inside a direct quotation;
* ``accord_holders``: who speaks each cue, and for each issue a sentence names, the
  actor who holds a stance on it (names, titles, metonyms by date, pronouns, quotation
  speakers): cue statements and stance *candidates*;
* ``accord_stance``: each candidate's direction read from the sentence
  (:mod:`.direction`), its anchor position and hedge, then the decider's word on all of
  the article's candidates at once; the statements in sentence order.

Each stage reads and writes ``doc._.accord``, a :class:`ReadState` the extractor puts on
the doc with the article; with no state (a plain ``nlp(text)``) each stage leaves the doc
as it is. To replace one, register a component that does the same to the state and
``nlp.replace_pipe("accord_stance", "my_stance")``; then ``bind`` it to the extractor.
"""



from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

STAGES = ("accord_cues", "accord_holders", "accord_stance")

if not Doc.has_extension("accord"):
    Doc.set_extension("accord", default=None)


@dataclass
class ReadState:
    """What the stages hand on to each other for one article."""

    article: Any  # the Article
    inside: list[bool] = field(default_factory=list)  # per token: inside a direct quotation
    cues: dict[int, list] = field(default_factory=dict)  # sentence start token -> its cues
    sentences: list[tuple[int, int]] = field(default_factory=list)
    #: in sentence order: Statement (a cue's), or (Candidate, Statement, hits, lexicon, memory)
    items: list = field(default_factory=list)
    quantities: list = field(default_factory=list)
    keyword_sentences: int = 0
    extraction: Any = None  # the Extraction, set by accord_stance


class _Stage:
    method = ""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.extractor = None

    def bind(self, extractor: Any) -> None:
        self.extractor = extractor

    def __call__(self, doc: Doc) -> Doc:
        state = doc._.accord
        if state is None or self.extractor is None:
            return doc
        getattr(self.extractor, self.method)(doc, state)
        return doc


@Language.factory("accord_cues")
def make_cues(nlp: Language, name: str) -> _Stage:
    stage = _Stage(nlp, name)
    stage.method = "stage_cues"
    return stage


@Language.factory("accord_holders")
def make_holders(nlp: Language, name: str) -> _Stage:
    stage = _Stage(nlp, name)
    stage.method = "stage_holders"
    return stage


@Language.factory("accord_stance")
def make_stance(nlp: Language, name: str) -> _Stage:
    stage = _Stage(nlp, name)
    stage.method = "stage_stance"
    return stage


def install(nlp: Language, extractor: Any) -> None:
    """Add (or rebind) the three stages at the end of ``nlp``, bound to ``extractor``."""
    for name in STAGES:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, last=True)
        stage = nlp.get_pipe(name)
        assert isinstance(stage, _Stage)  # made by this module's factories
        stage.bind(extractor)
