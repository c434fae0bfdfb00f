"""Run chunks of work here or on a Dask distributed cluster, results in task order.

A chunk is a plain picklable task (scenario, models, seeds, which draws) and a
module-level function, so a worker computes exactly what this process would: the same
per-block seeds give the same draws wherever they run (see :mod:`.draws`).
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator

from ..errors import InputError

CONNECT_TIMEOUT = "10s"


def check_address(address: str) -> str:
    """``tcp://HOST:PORT`` (or ``tls://``, ``inproc://``), else InputError on ``--cluster``."""
    if not isinstance(address, str) or "://" not in address:
        raise InputError(f"{address!r} is not a scheduler address like tcp://127.0.0.1:8786", field="--cluster")
    return address


def run_tasks(fn: Callable[[Any], Any], tasks: Iterable[Any], cluster: str | None = None) -> Iterator[Any]:
    """``fn(task)`` for each task, yielded in task order; on ``cluster`` when given.

    Locally the tasks run one after another, so only one chunk's arrays are alive at a
    time. On a cluster every task is submitted at once and gathered in order.
    """
    if cluster is None:
        for t in tasks:
            yield fn(t)
        return
    check_address(cluster)
    try:
        from distributed import Client
    except ImportError as exc:  # pragma: no cover - dask is in the lock file
        raise InputError(f"dask.distributed is not installed ({exc})", field="--cluster") from None
    try:
        client = Client(cluster, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise InputError(f"cannot reach the scheduler at {cluster} ({exc})", field="--cluster") from None
    try:
        futures = client.map(fn, list(tasks), pure=False)
        for fut in futures:
            yield fut.result()
    finally:
        client.close()
