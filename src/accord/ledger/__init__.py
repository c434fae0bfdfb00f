"""A sealed forecast ledger: forecasts committed before the outcome, graded after.

* :mod:`.canonical`: the canonical JSON every entry is hashed in;
* :mod:`.store`: the append-only SQLite ledger, its ``ledger.jsonl`` export, the chain;
* :mod:`.rubric`: the rubric fixed before sealing (observable, sources, mapping, void);
* :mod:`.seal`: what a sealed record holds, and solving it again (reproduction);
* :mod:`.score`, :mod:`.grade`: absolute error, CRPS from quantiles, Brier; grading;
* :mod:`.report`: the HTML page; :mod:`.fromtimeline`: sealing from the news timeline.
"""

from .canonical import GENESIS, canonical, digest
from .grade import Outcome, Record, outcome_entries, read_outcomes, records
from .rubric import Rubric, load_rubric, rubric_from_dict
from .score import brier, crps_from_quantiles, pinball, score_record
from .seal import QKEYS, Reproduction, SealRequest, check_request, predictive, reproduce, seal_body
from .store import Entry, Ledger, check_chain, check_head, jsonl_path, read_jsonl

__all__ = [
    "GENESIS", "QKEYS", "Entry", "Ledger", "Outcome", "Record", "Reproduction", "Rubric", "SealRequest", "brier",
    "canonical", "check_chain", "check_head", "check_request", "crps_from_quantiles", "digest", "jsonl_path",
    "load_rubric", "outcome_entries", "pinball", "predictive", "read_jsonl", "read_outcomes", "records",
    "reproduce", "rubric_from_dict", "score_record", "seal_body",
]
