"""Bueno de Mesquita's expected utility model, as reconstructed by Scholz, Calbert &
Smith (2011, "Unravelling Bueno de Mesquita's group decision model", ICAART; equation
numbers below are theirs).

Each issue is solved on its own. In every round, for the actors taking part (finite
position, capability x salience > 0), with positions x, capabilities c, saliences s,
and the range of the initial positions  R = x_max - x_min  (sec. 3.1):

1. Votes and probabilities (eqs. 10, 26-31). Actor k's vote for x_a over x_b is
   v_k(a, b) = c_k s_k ( d_kb^r_k - d_ka^r_k ),  d_ab = |x_a - x_b| / R,
   and a's probability of prevailing over b is
   P_ab = Sum_k max(0, v_k(a, b)) / Sum_k |v_k(a, b)|        (``probability="pairwise"``)
   per pair, so that P_ab + P_ba = 1 (eqs. 30, 31): the default for forecasts; or
   P_ab = Sum_k max(0, v_k(a, b)) / Sum_k Sum_a' Sum_b' |v_k(a', b')|  (``"all_pairs"``)
   normalised over every pair of actors as Scholz's own program does, the only reading
   that reproduces his figures 7-10 and Table 2 (kept for that golden test; with many
   actors P is then about 1/n^2 and capability drops out -- see decisions).
2. Utilities with risk exponent r (eqs. 15, 16, 22-24):
   U_s = 2 - 4 (0.5 - 0.5 d_ij)^r,  U_f = 2 - 4 (0.5 + 0.5 d_ij)^r,
   U_b = 2 - 4 (0.5 - 0.25 (|x_i - mu| + |x_i - x_j|)/R)^r,  U_w likewise with +,
   U_sq = 2 - 4 (0.5)^r, mu the weighted median (the Condorcet winner, sec. 3.2).
3. Expected utility of i challenging j (eq. 25a):
   E(U_ij) = s_j (P_ij U_s + (1 - P_ij) U_f) + (1 - s_j) U_s
             - Q U_sq - (1 - Q) (T U_b + (1 - T) U_w),
   T = 1 when |x_i - mu| < |x_i - x_j| (cases 1 and 3A, figs. 1-4), else 0.
4. Risk (eqs. 32-34, appendix steps 2 and 8-10): with every r = 1, actor i's security
   level is S_i = Sum_{j != i} E(U_ji);  R_i = (2 S_i - max S - min S) / (max S - min S)
   (R_i = 0 when all S are equal), and  r_i = (1 - R_i/3) / (1 + R_i/3)  (eq. 33).
5. Offers (sec. 6, fig. 6), judged by each actor i from its own perspective: both
   E^i(U_ij) and E^i(U_ji) are computed with i's exponent r_i. Against each j with
   x_j != x_i:  conflict lost (E^i(U_ji) > E^i(U_ij) > 0): i moves to x_j;
   compromise (E^i(U_ji) > 0 > E^i(U_ij), E^i(U_ji) > |E^i(U_ij)|): i moves to
   x_i + (x_j - x_i) |E^i(U_ij) / E^i(U_ji)|  (eq. 36); capitulation
   (E^i(U_ji) > 0 > E^i(U_ij), |E^i(U_ij)| >= E^i(U_ji)): i moves to x_j.
6. Choice (sec. 6.2): a conflict offer before a compromise before a capitulation;
   among conflicts and capitulations the one that moves i least, among compromises the
   one from the actor with the highest E^i(U_ji) (the most enforceable). Every actor
   moves at once to the offer it accepts; with none it stays.

The summary after each round is the lower capability x salience weighted median.
Stopping rule (``rounds=None``), each cell on its own, the first test that passes:

* ``moved_lt_tol``: no actor moved more than ``tol`` x R in the round;
* ``median_stable_k``: the median has moved by at most ``tol`` x R in each of the last
  ``median_rounds`` rounds (0: test off);
* ``cycle``: the positions are those after an earlier round (or the initial ones); the
  round is a function of the positions, so the run would repeat that cycle for ever;
  the forecast is then the mean of the medians over one period of the cycle, and
  ``info["cycle_range"]`` their lowest and highest;
* ``max_rounds``: none of these within ``max_rounds`` rounds.

``rounds=N`` runs exactly N rounds (``fixed_rounds``) and forecasts the last median.
``info``: ``rounds_run`` and ``stop_reason`` per cell, ``cycle_range`` (..., k, 2).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..errors import InputError
from ..scenario.schema import Inputs
from .base import Model, Param, Solution
from .registry import register


#: P_ab per pair (eqs. 30-31) or over all pairs (Scholz's program, Table 2)
PROBABILITY = ("pairwise", "all_pairs")
#: the kernel's stop codes, in order (``_eum_kernel.STOP_*``)
STOP_REASONS = ("moved_lt_tol", "median_stable_k", "cycle", "max_rounds", "fixed_rounds", "no_actors")
#: rounds the median must stay put before the run stops (chosen on DEU train + dev)
MEDIAN_ROUNDS = 0


@register
class ExpectedUtility(Model):
    name = "eum"
    summary = "Bueno de Mesquita's expected utility model, rounds of challenges (Scholz et al. 2011)"
    uses_status_quo = False
    has_rounds = True

    parameters = (
        Param("rounds", None, "run exactly this many rounds (null: the stopping rule)", kind="int", low=1, none_ok=True),
        Param("max_rounds", 20, "the stopping rule's cap on rounds", kind="int", low=1),
        # q = 1.0: Scholz et al. (2011, sec. 7-8) chose Q = 1 to reproduce BDM (1994)
        Param("q", 1.0, "probability Q that the target does nothing (eq. 25a)", kind="number", low=0.0, high=1.0),
        Param("tol", 1e-6, "movement below tol x range counts as none", kind="number", low=0.0, high=1.0, high_open=True),
        # probability, median_rounds: chosen on DEU train + dev (decisions, session 3)
        Param("probability", "pairwise", "P_ab per pair (eqs. 30-31) or over all pairs (Table 2)", choices=PROBABILITY),
        Param("median_rounds", MEDIAN_ROUNDS, "rounds the median must stay put to stop (0: test off)", kind="int", low=0),
    )

    def solve(self, inputs: Inputs) -> Solution:
        pos, sal, cap, lead = self._arrays(inputs)
        D, n, k = pos.shape
        fixed = int(self.params["rounds"] or 0)
        cap_rounds = fixed if fixed else int(self.params["max_rounds"])
        trace = np.empty((D, cap_rounds, n, k))
        med = np.empty((D, cap_rounds, k))
        nrun, stop, out, band = self._outputs(D, k)
        self._run(pos, sal, cap, trace, med, nrun, stop, out, band)
        R = cap_rounds if fixed else max(int(nrun.max(initial=0)), 1)
        trace = trace[:, :R].reshape(*lead, R, n, k)
        med = med[:, :R].reshape(*lead, R, k)
        info = {
            "rounds_run": nrun.reshape(*lead, k),
            "stop_reason": np.array(STOP_REASONS, dtype=object)[stop].reshape(*lead, k),
            "cycle_range": band.reshape(*lead, k, 2),
            "stopping_rule": (
                f"exactly {fixed} rounds" if fixed else
                f"no actor moves more than tol x range (tol={self.params['tol']:g})"
                + (f", or the median stays within it for {self.params['median_rounds']} rounds" if self.params["median_rounds"] else "")
                + f", or the positions return to an earlier round's (a cycle: its mean); at most {cap_rounds} rounds"
            ),
            "probability": self.params["probability"],
        }
        return Solution(outcome=out.reshape(*lead, k), rounds=med, trace=trace, info=info)

    def solve_outcome(self, inputs: Inputs, memo: "ColumnMemo | None" = None) -> np.ndarray:
        """``solve(inputs).outcome`` alone, without keeping every actor's position after
        every round (Monte Carlo needs only the outcome; the numbers are the same).

        ``memo``: outcomes of earlier calls by issue. Each issue is solved on its own from
        its column of positions, saliences and capabilities (and the parameters), so an
        issue whose column is byte for byte one solved before takes that outcome, and only
        the others are solved (by the kernel the whole batch would use): the same numbers.
        A lever set that leaves most issues as they were (the dashboard's toggles)
        re-solves only the issues it touches."""
        pos, sal, cap, lead = self._arrays(inputs)
        D, n, k = pos.shape
        fixed = int(self.params["rounds"] or 0)
        cap_rounds = fixed if fixed else int(self.params["max_rounds"])
        cells = D * n * n * k  # the whole batch decides the kernel, whatever is left to solve
        if memo is None:
            med = np.empty((D, cap_rounds, k))
            nrun, stop, out, band = self._outputs(D, k)
            self._run(pos, sal, cap, np.empty((D, 0, n, k)), med, nrun, stop, out, band, cells)
            return out.reshape(*lead, k)
        setting = (tuple(sorted((name, repr(v)) for name, v in self.params.items())), cells <= _PY_CELLS, D, n)
        keys = [memo.key(setting, pos[:, :, j], sal[:, :, j], cap[:, :, j]) for j in range(k)]
        result = np.empty((D, k))
        todo = []
        for j, key in enumerate(keys):
            hit = memo.get(key)
            if hit is None:
                todo.append(j)
            else:
                result[:, j] = hit
        if todo:
            m = len(todo)
            sub = [np.ascontiguousarray(a[:, :, todo]) for a in (pos, sal, cap)]
            med = np.empty((D, cap_rounds, m))
            nrun, stop, out, band = self._outputs(D, m)
            self._run(sub[0], sub[1], sub[2], np.empty((D, 0, n, m)), med, nrun, stop, out, band, cells)
            for i, j in enumerate(todo):
                result[:, j] = out[:, i]
                memo.put(keys[j], out[:, i].copy())
        return result.reshape(*lead, k)

    @staticmethod
    def _outputs(D: int, k: int):
        return (np.zeros((D, k), dtype=np.int64), np.zeros((D, k), dtype=np.int64),
                np.empty((D, k)), np.empty((D, k, 2)))

    @staticmethod
    def _arrays(inputs: Inputs) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[int, ...]]:
        pos = np.asarray(inputs.position, dtype=float)
        sal, cap = np.broadcast_arrays(
            np.asarray(inputs.salience, dtype=float), np.asarray(inputs.capability, dtype=float)
        )
        if pos.ndim < 2 or pos.shape != sal.shape:
            raise InputError(f"position, salience, capability must share a shape (..., n, k), got {pos.shape}")
        lead, (n, k) = pos.shape[:-2], pos.shape[-2:]
        D = int(np.prod(lead)) if lead else 1
        return (np.ascontiguousarray(pos.reshape(D, n, k)), np.ascontiguousarray(sal.reshape(D, n, k)),
                np.ascontiguousarray(cap.reshape(D, n, k)), lead)

    def _run(self, pos, sal, cap, trace, med, nrun, stop, out, band, cells: int | None = None) -> None:
        """The kernel over every draw. A large batch is cut into slices that one thread per
        core takes in turn (the kernel releases the GIL; a core slowed by other work takes
        fewer slices). Cells are independent, so the numbers do not depend on the slicing.
        ``cells``: the size that chooses the kernel (default: this batch's)."""
        D = pos.shape[0]
        if cells is None:
            cells = D * pos.shape[1] ** 2 * pos.shape[2]
        if cells <= _PY_CELLS:
            run = _python_kernel().run  # one small case: no numba start-up (same steps)
        else:
            from ._eum_kernel import run  # lazy: keeps numba out of `import accord`

        args = (self.params["q"], int(self.params["rounds"] or 0), med.shape[1], self.params["tol"],
                self.params["probability"] == "pairwise", int(self.params["median_rounds"]))
        workers = min(_cores(), D // _MIN_SLICE)
        if workers <= 1:
            run(pos, sal, cap, *args, trace, med, nrun, stop, out, band)
            return
        import threading

        parts = min(4 * workers, D // _MIN_SLICE)
        cuts = [D * p // parts for p in range(parts + 1)]
        todo = iter([slice(a, b) for a, b in zip(cuts[:-1], cuts[1:])])
        lock = threading.Lock()

        def work() -> None:
            while True:
                with lock:
                    s = next(todo, None)
                if s is None:
                    return
                run(pos[s], sal[s], cap[s], *args, trace[s], med[s], nrun[s], stop[s], out[s], band[s])

        threads = [threading.Thread(target=work) for _ in range(workers - 1)]
        for t in threads:
            t.start()
        work()
        for t in threads:
            t.join()


class ColumnMemo:
    """Outcomes by issue column (:meth:`ExpectedUtility.solve_outcome`), the least recently
    used dropped past ``max_bytes``. Keyed by the model's setting and a BLAKE2b digest of
    the column's bytes (positions, saliences, capabilities)."""

    def __init__(self, max_bytes: int = 64 << 20):
        from collections import OrderedDict

        self.max_bytes, self.bytes = max_bytes, 0
        self._items: "OrderedDict[tuple, np.ndarray]" = OrderedDict()
        self.hits = self.misses = 0

    @staticmethod
    def key(setting: tuple, *columns: np.ndarray) -> tuple:
        import hashlib

        h = hashlib.blake2b(digest_size=20)
        for c in columns:
            h.update(np.ascontiguousarray(c, dtype=float).tobytes())
        return setting, h.digest()

    def get(self, key: tuple) -> np.ndarray | None:
        hit = self._items.get(key)
        if hit is None:
            self.misses += 1
            return None
        self.hits += 1
        self._items.move_to_end(key)
        return hit

    def put(self, key: tuple, value: np.ndarray) -> None:
        if key in self._items or value.nbytes > self.max_bytes:
            return
        self._items[key] = value
        self.bytes += value.nbytes
        while self.bytes > self.max_bytes:
            _, old = self._items.popitem(last=False)
            self.bytes -= old.nbytes


#: draws below which a batch is not worth a thread
_MIN_SLICE = 256

#: draws x actors^2 x issues up to which the kernel runs as plain Python: importing numba
#: and loading its cached kernels takes ~0.5 s, the 7-actor, 3-issue KTAB case ~0.02 s in Python
_PY_CELLS = 1500


def _python_kernel():
    """The kernel's source loaded a second time without numba's ``njit``: the same
    operations on float64 scalars in the same order (no fastmath); ``**`` may differ in
    the last bit (libm's pow against LLVM's), see docs/decisions.md."""
    import importlib.util
    import sys

    name = __package__ + "._eum_kernel_py"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, str(Path(__file__).with_name("_eum_kernel.py")))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules[name] = module
    return sys.modules[name]


def _cores() -> int:
    """CPUs this process may run on."""
    import os

    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1
