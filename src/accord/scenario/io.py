"""Read and write scenarios: YAML, JSON, a plain actor CSV, and KTAB's CSV.

Formats
-------
* YAML / JSON: the document :func:`~accord.scenario.validate.scenario_from_dict` reads.
* Plain CSV, the format of the public reconstructions of Bueno de Mesquita's model:
  columns ``actor,capability,position,salience[,issue]`` with salience in 0..1. A row
  whose actor is ``status_quo`` (or ``Status Quo``) gives an issue's status quo.
* KTAB's CSV (``lsyaseen/KTAB`` examples): a first line ``name, description, actors,
  dimensions``, a header ``Actor, Description, Power|Influence, then Position/Salience
  pairs``, then one row per actor; salience 0..100.

Where a CSV names no status quo, it is taken as the initial capability x salience
weighted median and the scenario records that as an assumption (docs/decisions.md).
"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from .schema import Scenario
from .validate import MAX_MAGNITUDE, scenario_from_dict

MAX_BYTES = 20 * 1024 * 1024
STATUS_QUO_NAMES = {"status_quo", "status quo", "sq"}


def read_text(path: Path, what: str = "file") -> str:
    """The UTF-8 text of ``path``, refusing what is missing, empty, huge or binary."""
    src = str(path)
    if not path.exists():
        raise InputError(f"no such {what}", source=src)
    if path.is_dir():
        raise InputError(f"is a folder, expected a {what}", source=src)
    size = path.stat().st_size
    if size == 0:
        raise InputError("the file is empty", source=src)
    if size > MAX_BYTES:
        raise InputError(f"the file is {size / 1e6:.0f} MB; at most {MAX_BYTES // 2**20} MiB is read", source=src)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror})", source=src) from None
    if b"\x00" in data[:8192]:
        raise InputError("is a binary file, expected text", source=src)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"is not UTF-8 text (byte {exc.start})", source=src) from None
    if not text.strip():
        raise InputError("the file is empty", source=src)
    return text


def load_file(path: str | Path) -> Scenario:
    """Read a scenario from a YAML, JSON or CSV file (the format from its content)."""
    path = Path(path)
    text = read_text(path, "scenario file")
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv" or (suffix not in (".yaml", ".yml", ".json") and _looks_csv(text)):
            return scenario_from_csv(text, name=path.stem)
        return scenario_from_dict(_parse_document(text, suffix))
    except InputError as exc:
        raise exc.at(str(path)) from None


def _parse_document(text: str, suffix: str) -> Any:
    from ..safeload import load_json, load_yaml

    return load_json(text) if suffix == ".json" else load_yaml(text)


def _looks_csv(text: str) -> bool:
    first = text.lstrip().splitlines()[0] if text.strip() else ""
    return first.count(",") >= 2 and ":" not in first


# -- CSV -----------------------------------------------------------------------------


def scenario_from_csv(text: str, name: str = "scenario") -> Scenario:
    """A plain actor CSV or a KTAB CSV (recognised by its header on the second line)."""
    rows = [r for r in csv.reader(io.StringIO(text)) if any(c.strip() for c in r)]
    if len(rows) >= 2 and rows[1] and rows[1][0].strip().lower() == "actor" and len(rows[0]) >= 3:
        return scenario_from_dict(_ktab_document(rows, name))
    return scenario_from_dict(_plain_document(rows, name))


def _cells(row: list[str]) -> list[str]:
    cells = [c.strip() for c in row]
    while cells and cells[-1] == "":
        cells.pop()
    return cells


def _csv_number(value: str, line: int, column: str) -> float:
    try:
        x = float(value)
    except ValueError:
        raise InputError(f"expected a number, got {value!r}", field=f"line {line}, column {column}") from None
    if not math.isfinite(x):
        raise InputError(f"{value[:40]!r} is not a finite number", field=f"line {line}, column {column}")
    if abs(x) > MAX_MAGNITUDE:
        raise InputError(f"{x:g} is too large (at most {MAX_MAGNITUDE:g} in magnitude)",
                         field=f"line {line}, column {column}")
    return x


def _plain_document(rows: list[list[str]], name: str) -> dict[str, Any]:
    header = [c.lower() for c in _cells(rows[0])]
    need = ["actor", "capability", "position", "salience"]
    missing = [c for c in need if c not in header]
    if missing:
        raise InputError(
            f"missing column {missing[0]!r} (expected actor,capability,position,salience[,issue])",
            field="line 1",
        )
    col = {c: header.index(c) for c in header}
    per_issue: dict[str, list[tuple[str, float, float, float]]] = {}
    status_quo: dict[str, float] = {}
    for n, row in enumerate(rows[1:], start=2):
        cells = _cells(row)
        if len(cells) < len(need):
            raise InputError(f"expected {len(header)} columns, got {len(cells)}", field=f"line {n}")
        cells += [""] * (len(header) - len(cells))
        actor = cells[col["actor"]]
        issue = cells[col["issue"]] if "issue" in col and cells[col["issue"]] else "issue"
        pos = _csv_number(cells[col["position"]], n, "position")
        if actor.lower() in STATUS_QUO_NAMES:
            status_quo[issue] = pos
            continue
        cap = _csv_number(cells[col["capability"]], n, "capability")
        sal = _csv_number(cells[col["salience"]], n, "salience")
        if not 0 <= sal <= 1:
            raise InputError(f"{sal:g} is outside 0..1", field=f"line {n}, column salience")
        if not actor:
            raise InputError("expected an actor name", field=f"line {n}, column actor")
        per_issue.setdefault(issue, []).append((actor, cap, pos, sal))
    if not per_issue:
        raise InputError("no actor rows", field="line 2")
    return _document(name, per_issue, status_quo)


def _ktab_document(rows: list[list[str]], name: str) -> dict[str, Any]:
    meta = _cells(rows[0])
    header = _cells(rows[1])
    try:
        n_actors = _count(meta[2], "actors")
        n_dims = _count(meta[3], "dimensions")
    except IndexError:
        raise InputError("expected 'name, description, actors, dimensions'", field="line 1") from None
    if len(header) < 3 + 2 * n_dims:
        raise InputError(
            f"expected {3 + 2 * n_dims} columns for {n_dims} dimensions, got {len(header)}", field="line 2"
        )
    dims = []
    for d in range(n_dims):
        label = header[3 + 2 * d]
        for suffix in (" Position", " position", "Position"):
            if label.endswith(suffix):
                label = label[: -len(suffix)]
        label = label.strip() or f"dim{d}"
        dims.append(_slug(label) if _slug(label) not in dims else f"dim{d}")
    per_issue: dict[str, list[tuple[str, float, float, float]]] = {d: [] for d in dims}
    body = rows[2:]
    if len(body) != n_actors:
        raise InputError(f"line 1 announces {n_actors} actors, found {len(body)} rows", field="line 1")
    for n, row in enumerate(body, start=3):
        cells = _cells(row)
        if len(cells) != 3 + 2 * n_dims:
            raise InputError(f"expected {3 + 2 * n_dims} columns, got {len(cells)}", field=f"line {n}")
        actor = cells[0]
        cap = _csv_number(cells[2], n, header[2])
        for d, dim in enumerate(dims):
            pos = _csv_number(cells[3 + 2 * d], n, header[3 + 2 * d])
            sal = _csv_number(cells[4 + 2 * d], n, header[4 + 2 * d])
            if not 0 <= sal <= 100:
                raise InputError(f"{sal:g} is outside 0..100", field=f"line {n}, column {header[4 + 2 * d]}")
            per_issue[dim].append((actor, cap, pos, sal / 100.0))
    doc = _document(_slug(meta[0]) or name, per_issue, {}, scale=(0.0, 100.0))
    doc["name"] = meta[0] or name
    if len(meta) > 1 and meta[1]:
        doc["description"] = meta[1]
    return doc


def _count(cell: str, what: str) -> int:
    """A KTAB header count: a whole number from 1 to 100,000 (not ``inf``, ``-3`` or ``2.5``)."""
    try:
        x = float(cell)
    except ValueError:
        x = math.nan
    if not (math.isfinite(x) and x == int(x) and 1 <= x <= 100_000):
        raise InputError(f"the number of {what} must be a whole number from 1 to 100000, got {cell[:40]!r}",
                         field="line 1")
    return int(x)


def _slug(s: str) -> str:
    out = "".join(ch.lower() if ch.isalnum() else "_" for ch in s.strip())
    while "__" in out:
        out = out.replace("__", "_")
    return out.strip("_")


def _document(
    name: str,
    per_issue: dict[str, list[tuple[str, float, float, float]]],
    status_quo: dict[str, float],
    scale: tuple[float, float] | None = None,
) -> dict[str, Any]:
    """A scenario document from (actor, capability, position, salience) rows per issue."""
    actor_order: list[str] = []
    caps: dict[str, dict[str, float]] = {}
    for issue, rows in per_issue.items():
        for actor, cap, _, _ in rows:
            if actor not in caps:
                actor_order.append(actor)
                caps[actor] = {}
            if issue in caps[actor]:
                raise InputError(f"actor {actor!r} appears twice on issue {issue!r}", field="actor")
            caps[actor][issue] = cap
    ids = _actor_ids(actor_order)
    assumptions = []
    issues = []
    all_pos = [p for rows in per_issue.values() for _, _, p, _ in rows] + list(status_quo.values())
    if scale is None:
        lo, hi = min(all_pos), max(all_pos)
        scale = (0.0, 100.0) if lo >= 0 and hi <= 100 else (lo, hi if hi > lo else lo + 1)
    for issue, rows in per_issue.items():
        if issue in status_quo:
            sq = status_quo[issue]
        else:
            from ..models.base import weighted_median

            pos = np.array([[r[2]] for r in rows])
            w = np.array([[r[1] * r[3]] for r in rows])
            sq = float(weighted_median(pos, w)[0]) if w.sum() > 0 else float(np.median(pos))
            assumptions.append(
                f"{issue}: no status quo given; taken as the initial capability x salience weighted median ({sq:g})"
            )
        issues.append({"id": _slug(issue) or "issue", "name": issue, "scale": list(scale), "status_quo": sq})
    actors = []
    for actor in actor_order:
        values = list(caps[actor].values())
        entry: dict[str, Any] = {"id": ids[actor], "name": actor, "capability": max(values)}
        if len(set(values)) > 1 or len(values) < len(per_issue):
            entry["capability_by_issue"] = {_slug(k) or "issue": v for k, v in caps[actor].items()}
        actors.append(entry)
    positions = [
        {"actor": ids[actor], "issue": _slug(issue) or "issue", "position": pos, "salience": sal}
        for issue, rows in per_issue.items()
        for actor, _, pos, sal in rows
    ]
    return {
        "id": _slug(name) or "scenario",
        "name": name,
        "assumptions": assumptions,
        "actors": actors,
        "issues": issues,
        "positions": positions,
    }


def _actor_ids(names: list[str]) -> dict[str, str]:
    ids: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        base = _slug(name) or "actor"
        cand, n = base, 2
        while cand in used:
            cand, n = f"{base}_{n}", n + 1
        used.add(cand)
        ids[name] = cand
    return ids


# -- writing -------------------------------------------------------------------------


def dump(scenario: Scenario, fmt: str = "yaml") -> str:
    """The scenario as YAML or JSON text (round-trips through :func:`load_file`)."""
    doc = scenario.to_dict()
    if fmt == "json":
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    import yaml

    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


def save(scenario: Scenario, path: str | Path) -> None:
    """Write ``scenario`` to ``path`` (JSON for ``.json``, else YAML), atomically."""
    path = Path(path)
    text = dump(scenario, "json" if path.suffix.lower() == ".json" else "yaml")
    write_atomic(path, text)


def write_atomic(path: Path, text: str, field: str | None = None) -> None:
    """Write via a temporary file, fsync and a rename: all of it or nothing.

    A folder where the file should go, or a file where a folder should be, is bad
    input (:class:`InputError` naming the path and ``field``), not a traceback.
    """
    write_files({Path(path): text}, field=field)


def _umask() -> int:
    import os

    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _folder_for(path: Path, field: str | None) -> None:
    if path.is_dir():
        raise InputError("is a folder, expected a file to write", source=str(path), field=field)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise InputError("a file stands where a folder is needed", source=str(path.parent), field=field) from None
    except OSError as exc:
        raise InputError(f"cannot create the folder ({exc.strerror})", source=str(path.parent), field=field) from None


def check_writable(path: str | Path, field: str | None = None, *, folder: bool = False,
                   force: bool | None = None) -> None:
    """Refuse, before any work is done, an output that could not be written.

    ``folder``: ``path`` is a folder the command writes its own files in (created if
    absent); else ``path`` is a file. Writing is tried (a temporary file, removed at
    once), so a read-only folder, a read-only file system or a file standing where the
    folder should be ends in one line naming the path and ``field``. ``force=False``
    also refuses a file that exists (replaced only with ``--force``).
    """
    import os
    import tempfile

    path = Path(path)
    if folder:
        if path.exists() and not path.is_dir():
            raise InputError("a file stands where a folder is needed", source=str(path), field=field)
        _folder_for(path / "probe", field)
        where = path
    else:
        _folder_for(path, field)
        if force is False and (path.exists() or path.is_symlink()):
            raise InputError("exists already; pass --force to replace it", source=str(path), field=field)
        where = path.parent
    try:
        fd, tmp = tempfile.mkstemp(dir=where, prefix=".accord-probe.", suffix=".tmp")
        os.close(fd)
        os.unlink(tmp)
    except OSError as exc:
        raise InputError(f"cannot write in this folder ({exc.strerror})", source=str(where), field=field) from None


def write_files(files: dict[Path, str], field: str | None = None) -> None:
    """Write several files so that they are replaced together or not at all.

    Every file is first written whole to a temporary file beside its target and flushed
    to disk; only when all are written are they renamed over their targets, one rename
    each (renames in one folder do not fail for want of space). A failure before that
    removes the temporary files and leaves every old file as it was: a report and its
    JSON are never a new one beside an old one. New files get the permissions the
    umask gives (0666 & ~umask), as any other program's output, not 0600.
    """
    import os
    import tempfile

    paths = [Path(p) for p in files]
    for path in paths:
        _folder_for(path, field)
    mode = 0o666 & ~_umask()
    temps: list[tuple[str, Path]] = []
    try:
        for path in paths:
            try:
                fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            except OSError as exc:
                raise InputError(f"cannot be written ({exc.strerror})", source=str(path), field=field) from None
            temps.append((tmp, path))
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(files[path])
                    handle.flush()
                    os.fsync(handle.fileno())
                os.chmod(tmp, mode)
            except OSError as exc:
                raise InputError(f"cannot be written ({exc.strerror})", source=str(path), field=field) from None
        for tmp, path in temps:
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise InputError(f"cannot be written ({exc.strerror})", source=str(path), field=field) from None
    finally:
        for tmp, _ in temps:
            if os.path.exists(tmp):
                os.unlink(tmp)
