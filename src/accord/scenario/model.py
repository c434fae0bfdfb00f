"""The scenario file format as pydantic v2 models: the published, documented schema.

These models describe the *document* (what a YAML or JSON scenario file may hold), not
the typed :class:`~accord.scenario.schema.Scenario` the stages use. Every model forbids
keys it does not name, at every level. They serve three ends:

* ``accord schema`` prints :func:`json_schema` (JSON Schema 2020-12) so that editors
  (VS Code's YAML extension, ``check-jsonschema``) check a file as it is written;
* ``accord validate`` runs :func:`check_document` after the reader's own checks, so a file
  that validates also conforms to the published schema;
* the field names here are the ones :mod:`accord.scenario.validate` accepts (a test
  compares them section by section, so the two cannot drift apart).

Reading a scenario (``accord.load``, every command) does not import pydantic: the reader
in :mod:`accord.scenario.validate` does the same checks with its own one-line messages
and stays fast to start. Cross-references (an actor id a position names, a value inside
its issue's scale) are the reader's; a JSON Schema cannot say them.
"""

from __future__ import annotations

from typing import Any, Dict, List, Literal, Mapping, Optional, Tuple, Union

from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError

from ..errors import InputError

SCHEMA_ID = "https://accord.invalid/schema/scenario.json"

Id = str  # letters, digits, _ . - (the pattern is set on each field)
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class EstimateDoc(_Strict):
    """A number with its uncertainty; a bare number is the same with no range."""

    value: float = Field(description="The best guess.")
    range: Optional[Tuple[float, float]] = Field(
        None, description="[low, high] holding value; a Monte Carlo draw stays inside it.")
    dist: Optional[Literal["uniform", "triangular", "pert"]] = Field(
        None, description="How a draw treats the range (default triangular with value as the mode).")
    basis: Optional[str] = Field(None, description="Why: a source, a quote, or the word that it is an assumption.")


Number = Union[float, EstimateDoc]


class EvidenceDoc(_Strict):
    """A verbatim quote from a source, or the ids of extracted statements."""

    source: Optional[str] = Field(None, description="A source id (sources[].id) or file name.")
    quote: Optional[str] = Field(None, description="Verbatim text of the source; `accord validate` checks it.")
    statements: Optional[List[str]] = Field(None, description="Ids of statements in the store.")


class AliasDoc(_Strict):
    text: str
    from_: Optional[str] = Field(None, alias="from", pattern=DATE_PATTERN, description="ISO date, inclusive.")
    to: Optional[str] = Field(None, pattern=DATE_PATTERN, description="ISO date, exclusive.")


class ActorDoc(_Strict):
    id: Id = Field(pattern=ID_PATTERN)
    name: Optional[str] = None
    description: Optional[str] = None
    aliases: Optional[List[Union[str, AliasDoc]]] = Field(
        None, description="Names a reader meets for the actor, optionally dated.")
    capability: Number = Field(description="Relative power to move the outcome; above 0.")
    capability_by_issue: Optional[Dict[str, Number]] = Field(
        None, description="issue id -> capability where it differs from the actor's own.")
    valid_from: Optional[str] = Field(None, pattern=DATE_PATTERN)
    valid_to: Optional[str] = Field(None, pattern=DATE_PATTERN)


class IssueDoc(_Strict):
    id: Id = Field(pattern=ID_PATTERN)
    name: Optional[str] = None
    description: Optional[str] = None
    scale: Optional[Tuple[float, float]] = Field(None, description="[low end, high end]; default [0, 100].")
    low: Optional[str] = Field(None, description="What the low end means.")
    high: Optional[str] = Field(None, description="What the high end means.")
    anchors: Optional[Dict[float, str]] = Field(None, description="Numbered points of the scale and what they mean.")
    status_quo: Number = Field(description="The outcome if nothing is agreed.")
    keywords: Optional[List[str]] = Field(None, description="Words that tie a sentence to this issue.")
    keywords_up: Optional[List[str]] = Field(None, description="Keywords of which more points to the high end.")
    keywords_down: Optional[List[str]] = Field(None, description="Keywords of which more points to the low end.")
    group: Optional[str] = Field(None, description="Issues of one group are negotiated together.")
    veto: Optional[List[str]] = Field(None, description="Actor ids whose consent the outcome needs.")


class PositionDoc(_Strict):
    actor: str
    issue: str
    position: Number = Field(description="Where the actor stands, on the issue's scale.")
    salience: Number = Field(description="How much the actor cares, 0..1.")
    evidence: Optional[List[EvidenceDoc]] = None
    assumption: Optional[StrictBool] = Field(None, description="true: the analyst's assumption, not sourced.")
    note: Optional[str] = None


class EffectDoc(_Strict):
    target: Literal["position", "salience", "capability"]
    op: Literal["set", "shift", "scale"]
    amount: Number
    actor: Optional[str] = Field(None, description="An actor id; absent, '*' or 'all': every actor.")
    issue: Optional[str] = Field(None, description="An issue id; absent, '*' or 'all': every issue.")


class LeverDoc(_Strict):
    id: Id = Field(pattern=ID_PATTERN)
    description: Optional[str] = None
    effects: List[EffectDoc] = Field(min_length=1)
    evidence: Optional[List[EvidenceDoc]] = None
    assumption: Optional[StrictBool] = None


class SourceDoc(_Strict):
    """A source the evidence quotes: an article's file (read by `accord validate`) or address."""

    id: Optional[str] = Field(None, description="What evidence[].source names.")
    file: Optional[str] = Field(None, description="The article's text file, relative to the scenario's folder "
                                "or to `accord validate --sources DIR`.")
    url: Optional[str] = None
    title: Optional[str] = None
    outlet: Optional[str] = None
    kind: Optional[str] = Field(None, description="news, news analysis, opinion, statement...")
    published: Optional[str] = Field(None, pattern=DATE_PATTERN)
    published_between: Optional[Tuple[str, str]] = None
    note: Optional[str] = None


class ClockParamDoc(EstimateDoc):
    """A clock parameter: an estimate with a basis, or marked as an assumption."""

    assumption: Optional[StrictBool] = None


ClockNumber = Union[float, ClockParamDoc]


class FighterDoc(ClockParamDoc):
    role: Literal["belligerent", "supplier"]


class ClockDoc(_Strict):
    """The bargaining clock (`accord clock`); every parameter optional (defaults are assumptions)."""

    issue: Optional[str] = None
    model: Optional[str] = None
    low_side: Optional[List[str]] = None
    high_side: Optional[List[str]] = None
    military: Optional[Dict[str, FighterDoc]] = Field(None, description="actor id -> its fighting strength.")
    drift: Optional[ClockNumber] = None
    noise: Optional[ClockNumber] = None
    cost_low: Optional[ClockNumber] = None
    cost_high: Optional[ClockNumber] = None
    optimism_low: Optional[ClockNumber] = None
    optimism_high: Optional[ClockNumber] = None
    learning: Optional[ClockNumber] = None
    horizon: Optional[ClockNumber] = None


class ScenarioDoc(_Strict):
    """A negotiation: who (actors), over what (issues), wanting what (positions), and levers."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, title="accord scenario",
                              json_schema_extra={"$id": SCHEMA_ID})

    schema_: Optional[str] = Field(None, alias="$schema", description="Where an editor finds this schema.")
    id: Id = Field(pattern=ID_PATTERN)
    name: Optional[str] = None
    description: Optional[str] = None
    date: Optional[str] = Field(None, pattern=DATE_PATTERN, description="The date the scenario is read as of.")
    settles_after: Optional[str] = Field(None, pattern=DATE_PATTERN,
                                         description="Forecast as of this date by default (actors' valid_from/to).")
    assumptions: Optional[List[str]] = None
    sources: Optional[List[SourceDoc]] = None
    actors: List[ActorDoc] = Field(min_length=1)
    issues: List[IssueDoc] = Field(min_length=1)
    positions: List[PositionDoc] = Field(min_length=1)
    levers: Optional[List[LeverDoc]] = None
    clock: Optional[ClockDoc] = None
    applied_levers: Optional[List[str]] = Field(None, description="Written by accord: levers already applied.")


#: every model of a section, by the path the reader's messages use
SECTIONS: dict[str, type[BaseModel]] = {
    "(top level)": ScenarioDoc, "actors[]": ActorDoc, "actors[].aliases[]": AliasDoc, "issues[]": IssueDoc,
    "positions[]": PositionDoc, "levers[]": LeverDoc, "levers[].effects[]": EffectDoc, "evidence[]": EvidenceDoc,
    "estimate": EstimateDoc, "sources[]": SourceDoc, "clock": ClockDoc, "clock.<parameter>": ClockParamDoc,
    "clock.military.<actor>": FighterDoc,
}


def field_names(model: type[BaseModel]) -> set[str]:
    """The keys a document may use in ``model`` (aliases where a field has one)."""
    return {f.alias or name for name, f in model.model_fields.items()}


def json_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of a scenario file."""
    schema = ScenarioDoc.model_json_schema(by_alias=True)
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    return schema


def check_document(doc: Any) -> ScenarioDoc:
    """Validate a parsed document against the published schema; the first problem as an
    :class:`InputError` naming the field path (``positions[3].salience``)."""
    try:
        return ScenarioDoc.model_validate(doc)
    except ValidationError as exc:
        # the deepest error first: of a union's branches (a number or a mapping), the one
        # the value went furthest into is the one the author meant
        err = min(exc.errors(include_url=False), key=lambda e: (-len(e["loc"]), _order(e["loc"])))
        raise InputError(_message(err), field=_path(err["loc"]) or "(top level)") from None


def _order(loc: tuple) -> tuple:
    return tuple((0, x) if isinstance(x, int) else (1, 0) for x in loc)


def _path(loc: tuple) -> str:
    """A pydantic location as the reader writes it: ``positions[3].salience``; the
    branch names of a union (``float``, ``EstimateDoc``) are left out."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("float", "str", "EstimateDoc", "AliasDoc", "ClockParamDoc") or str(part).startswith(
                ("function-", "tuple[", "list[", "dict[")):
            continue
        else:
            out += f".{part}" if out else str(part)
    return out


def _message(err: Mapping[str, Any]) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "missing":
        return "is missing"
    return str(err["msg"])
