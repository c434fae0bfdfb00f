"""`accord eval-stances` and `accord eval-attribution`: score the extractor."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from ..errors import InputError


def _db_rows(db: Path) -> list[dict]:
    """Statements of the store's ``statements`` table as prediction rows."""
    import sqlite3

    if not db.exists():
        raise InputError("no such database", source=str(db))
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        con.row_factory = sqlite3.Row
        cols = {r[1] for r in con.execute("PRAGMA table_info(statements)")}
        if not {"article", "actor", "issue", "direction"} <= cols:
            raise InputError("expected a statements table with article, actor, issue, direction", source=str(db))
        hedged = "hedged" if "hedged" in cols else "0"
        rows = [dict(r) for r in con.execute(
            f"SELECT article, actor, issue, direction, {hedged} AS hedged FROM statements ORDER BY rowid")]
        con.close()
    except sqlite3.Error as exc:
        raise InputError(f"cannot read: {exc}", source=str(db)) from None
    return rows


def register(app: typer.Typer) -> None:
    @app.command("eval-stances")
    def eval_stances(
        gold: Path = typer.Argument(..., help="Gold stances (JSONL, shared/eval/ANNOTATION.md)."),
        db: Path = typer.Option(Path("accord.db"), "--db", help="The store whose statements are scored."),
        pred: Optional[Path] = typer.Option(None, "--pred", help="Score a JSONL of predictions instead of the db."),
        as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    ) -> None:
        """Score extracted stances against gold: precision, recall, F1, hedge agreement."""
        from ..news.evaluate import check_gold, read_jsonl, score_stances

        gold_rows = read_jsonl(gold)
        check_gold(gold_rows, str(gold))
        rows = read_jsonl(pred) if pred is not None else _db_rows(db)
        s = score_stances(gold_rows, rows)
        if as_json:
            typer.echo(json.dumps(s))
        else:
            typer.echo(f"{s['articles']} articles, {s['gold']} gold stances: hits {s['hits']}, "
                       f"false alarms {s['false_alarms']}")
            typer.echo(f"precision {s['precision']}  recall {s['recall']}  F1 {s['f1']}  "
                       f"hedge agreement {s['hedge_agreement']}  hedged-class F1 {s['hedged_f1']} "
                       f"on {s['hedged_gold_hits']} hedged hits")

    @app.command("eval-attribution")
    def eval_attribution(
        folder: Path = typer.Argument(..., metavar="DIR", help="A PolNeAR split: text/, attributions/."),
        case: str = typer.Option("ukraine_2024", "--case", help="Scenario whose actors the pipeline knows."),
        as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    ) -> None:
        """Score attribution cues and sources against PolNeAR (first annotator file by name)."""
        from ..news.evaluate import attribution_scores

        s = attribution_scores(folder, case)
        if as_json:
            typer.echo(json.dumps(s))
        else:
            ov, ex = s["cue"]["overlap"], s["cue"]["exact"]
            typer.echo(f"cue overlap: P {ov['precision']} R {ov['recall']} F1 {ov['f1']}")
            typer.echo(f"cue exact:   P {ex['precision']} R {ex['recall']} F1 {ex['f1']}")
            typer.echo(f"source accuracy on matched cues: {s['source']['accuracy_on_matched_cues']}")
