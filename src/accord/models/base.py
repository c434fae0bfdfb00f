"""What every bargaining model shares: the interface, the solution, weighted statistics.

A model is a class with a ``name``, validated parameters, and
``solve(inputs) -> Solution``. ``inputs`` is :class:`accord.scenario.schema.Inputs`:
arrays ``(..., n, k)`` for n actors on k issues, any leading axes being Monte Carlo
draws. Models never read files (DESIGN.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from ..errors import InputError
from ..scenario.schema import Inputs


@dataclass(frozen=True)
class Param:
    """One model parameter, declared once: its default, its rule and what it means.

    ``choices``: the allowed values; otherwise ``kind`` ``"int"`` / ``"number"`` with
    ``low`` / ``high`` bounds (``high_open``: the bound itself is not allowed), and
    ``none_ok`` for a parameter that may be unset. Every violation is an
    :class:`~accord.errors.InputError` naming the parameter.
    """

    name: str
    default: Any
    doc: str = ""
    choices: tuple = ()
    kind: str = ""
    low: float | None = None
    high: float | None = None
    high_open: bool = False
    none_ok: bool = False

    def check(self, value: Any) -> Any:
        """The value, normalised (numbers as float, whole numbers as int), or InputError."""
        if value is None and self.none_ok:
            return None
        if self.choices:
            if value not in self.choices:
                raise InputError(f"must be one of {', '.join(map(str, self.choices))}, got {value!r}", field=self.name)
            return value
        whole = self.kind == "int"
        ok_type = isinstance(value, (int, np.integer)) if whole else isinstance(value, (int, float, np.integer, np.floating))
        bad = isinstance(value, bool) or not ok_type
        if not bad:
            v = float(value)
            bad = (not np.isfinite(v) or (self.low is not None and v < self.low)
                   or (self.high is not None and (v >= self.high if self.high_open else v > self.high)))
        if bad:
            what = "a whole number" if whole else "a number"
            rng = ""
            if self.low is not None and self.high is not None:
                rng = f" in [{self.low:g}, {self.high:g}{')' if self.high_open else ']'}"
            elif self.low is not None:
                rng = f" >= {self.low:g}"
            raise InputError(f"must be {what}{rng}{' or null' if self.none_ok else ''}, got {value!r}", field=self.name)
        return int(value) if whole else float(value)


@dataclass(repr=False)
class Solution:
    """A model's answer.

    ``outcome``: ``(..., k)``, the forecast per issue.
    ``rounds``: ``(..., R, k)`` for models with rounds, the summary after each round
    (the weighted median, for ``eum``); ``None`` otherwise.
    ``trace``: ``(..., R, n, k)``, every actor's position after each round, where kept.
    ``info``: anything else worth reporting (rounds run, stopping rule, ...).
    """

    outcome: np.ndarray
    rounds: np.ndarray | None = None
    trace: np.ndarray | None = None
    info: dict[str, Any] | None = None

    def __repr__(self) -> str:
        out = np.asarray(self.outcome)
        shown = (f"outcome [{', '.join(f'{v:.4g}' for v in out[:8])}{', ...' if out.size > 8 else ''}]"
                 if out.ndim == 1 else f"outcome shape {out.shape}")
        parts = [shown]
        if self.rounds is not None:
            parts.append(f"rounds shape {np.shape(self.rounds)}")
        if self.trace is not None:
            parts.append(f"trace shape {np.shape(self.trace)}")
        if self.info:
            keys = list(self.info)
            parts.append(f"info {', '.join(keys[:6])}{', ...' if len(keys) > 6 else ''}")
        return f"<Solution: {'; '.join(parts)}>"


class Model:
    """Base class: parameters set at construction and checked there (scikit-learn style)."""

    name: ClassVar[str] = ""
    summary: ClassVar[str] = ""
    uses_status_quo: ClassVar[bool] = False
    has_rounds: ClassVar[bool] = False
    #: solves a stack of Monte Carlo draws in one call, fast enough for thousands of draws
    vectorised: ClassVar[bool] = True
    #: honours ``Inputs.veto`` (the others ignore it; the forecast JSON says which)
    respects_veto: ClassVar[bool] = False

    #: the parameters, declared once (:class:`Param`); checked at construction
    parameters: ClassVar[tuple[Param, ...]] = ()

    def __init__(self, **params: Any) -> None:
        unknown = set(params) - set(self.default_params())
        if unknown:
            raise InputError(f"model {self.name!r} has no parameter {sorted(unknown)[0]!r}", field=sorted(unknown)[0])
        self.params = {**self.default_params(), **params}
        for p in self.parameters:
            self.params[p.name] = p.check(self.params[p.name])

    @classmethod
    def default_params(cls) -> dict[str, Any]:
        return {p.name: p.default for p in cls.parameters}

    def get_params(self) -> dict[str, Any]:
        return dict(self.params)

    def solve(self, inputs: Inputs) -> Solution:  # pragma: no cover - interface
        raise NotImplementedError

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"{type(self).__name__}({args})"


def weights(inputs: Inputs) -> np.ndarray:
    """capability x salience, 0 where an actor has no position: ``(..., n, k)``."""
    return inputs.weight


def weighted_mean(position: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Sum_i w_i x_i / Sum_i w_i over the actor axis (-2); NaN positions carry no weight."""
    x = np.nan_to_num(position, nan=0.0)
    total = weight.sum(axis=-2)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, (weight * x).sum(axis=-2) / np.where(total > 0, total, 1.0), np.nan)


def weighted_median(position: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """The lower weighted median over the actor axis (-2).

    The smallest position x* with  Sum_{x_i <= x*} w_i >= (1/2) Sum_i w_i  -- the
    position no coalition of more than half the weight wants to move past (Black 1948,
    weighted as in Bueno de Mesquita 1994). NaN positions carry no weight.
    """
    x = np.where(np.isnan(position), np.inf, position)
    order = np.argsort(x, axis=-2, kind="stable")
    xs = np.take_along_axis(x, order, axis=-2)
    ws = np.take_along_axis(weight, order, axis=-2)
    cw = np.cumsum(ws, axis=-2)
    total = cw[..., -1:, :]
    half = total / 2.0 * (1.0 - 1e-12)
    idx = np.argmax(cw >= half, axis=-2)[..., None, :]
    out = np.take_along_axis(xs, idx, axis=-2)[..., 0, :]
    return np.where(total[..., 0, :] > 0, out, np.nan)
