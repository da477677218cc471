"""Reading an uploaded file in a child process that cannot take the worker down.

A file that passes the checks of ``core.sheet_limits`` may still be costly to parse (millions
of tiny cells, a shared-strings table that unpacks to a hundred megabytes). The rows are
therefore produced by a child process forked from the worker, with its address space capped
(``RLIMIT_AS``: the worker's own size plus ``IMPORT_READ_MEMORY_MB``) and stopped when it sends
nothing for ``IMPORT_READ_TIMEOUT_SECONDS``. The child only reads the file and sends batches of
non-empty rows through a pipe; it never touches the database. Linux (fork) only, which is where
the worker runs.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import resource
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from baovetreem.core.sheet_limits import MB, number
from baovetreem.core.tabular import TableError

logger = logging.getLogger(__name__)

BATCH_ROWS = 200  # rows sent through the pipe at once

# produce(info) yields the file's rows from row 1, and may fill ``info`` (estimated_rows).
RowProducer = Callable[[dict], Iterator[list[object]]]


@dataclass(frozen=True)
class ReadLimits:
    """The budget of one reading child: extra memory, and the longest wait for its rows."""

    memory_bytes: int
    timeout_seconds: float

    @classmethod
    def from_settings(cls) -> ReadLimits:
        return cls(
            memory_bytes=int(getattr(settings, "IMPORT_READ_MEMORY_MB", 1024)) * MB,
            timeout_seconds=float(getattr(settings, "IMPORT_READ_TIMEOUT_SECONDS", 120)),
        )


def memory_message(limits: ReadLimits) -> str:
    return _(
        "Reading the file needed more than %(limit)s MB of memory, so it was stopped. Split "
        "the file into several smaller files, or open it in Excel and save it again as "
        "“Excel Workbook (.xlsx)” without pictures, then upload each part."
    ) % {"limit": number(limits.memory_bytes // MB)}


def time_message(limits: ReadLimits) -> str:
    return _(
        "Reading the file took longer than %(limit)s seconds, so it was stopped. Split the "
        "file into several smaller files, or open it in Excel and save it again as “Excel "
        "Workbook (.xlsx)”, then upload each part."
    ) % {"limit": number(int(limits.timeout_seconds))}


def unreadable_message() -> str:
    return _(
        "The file could not be read to its end. Open it in Excel and save it again as "
        "“Excel Workbook (.xlsx)”, then upload that file."
    )


def rows_in_child(
    produce: RowProducer, info: dict | None = None, limits: ReadLimits | None = None
) -> Iterator[list[object]]:
    """The rows of ``produce`` as read by a child process with a memory and time budget.

    Rows come from row 1, as ``produce`` yields them (blank rows between filled ones come back
    as empty lists; blank rows after the last filled one are dropped). A child that runs out
    of memory or time is killed and ``TableError`` says which limit was passed and what to do;
    so does any error of the child's reading. Closing the iterator early kills the child.
    """
    limits = limits or ReadLimits.from_settings()
    info = info if info is not None else {}
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_child_main, args=(produce, sender, limits), name="import-reader", daemon=True
    )
    child.start()
    sender.close()
    try:
        expected = 1
        while True:
            if not receiver.poll(limits.timeout_seconds):
                logger.warning(
                    "An import file was still being read after %ss: stopped.",
                    limits.timeout_seconds,
                )
                raise TableError(time_message(limits))
            try:
                kind, payload, child_info = receiver.recv()
            except EOFError:
                child.join(5)
                logger.warning("The import reader died (exit code %s).", child.exitcode)
                raise TableError(memory_message(limits)) from None
            info.update(child_info)
            if kind == "rows":
                for row_number, row in payload:
                    while expected < row_number:
                        yield []
                        expected += 1
                    yield row
                    expected += 1
            elif kind == "end":
                return
            elif kind == "error":
                raise TableError(payload)
            elif kind == "memory":
                raise TableError(memory_message(limits))
            else:
                raise TableError(unreadable_message())
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()


def _limit_memory(extra_bytes: int) -> None:
    """Cap this process's address space at its present size plus ``extra_bytes``."""
    try:
        with open("/proc/self/statm") as statm:
            present = int(statm.read().split()[0]) * resource.getpagesize()
        wanted = present + extra_bytes
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            wanted = min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    except (OSError, ValueError):
        # Not Linux: only the time limit holds. Production workers run on Linux.
        logger.warning("Could not limit the memory of the import reader", exc_info=True)


def _is_memory_error(exc: BaseException) -> bool:
    """Whether an error comes from a failed allocation (lxml reports it as a syntax error)."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, MemoryError) or "memory allocation failed" in str(exc).lower():
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _child_main(produce: RowProducer, sender, limits: ReadLimits) -> None:
    # The worker's handlers (graceful shutdown) are not the child's business.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    info: dict = {}
    batch: list[tuple[int, list[object]]] | None = []
    try:
        _limit_memory(limits.memory_bytes)
        for row_number, row in enumerate(produce(info), start=1):
            if any(value is not None and value != "" for value in row):
                batch.append((row_number, row))
                if len(batch) >= BATCH_ROWS:
                    sender.send(("rows", batch, info))
                    batch = []
        sender.send(("rows", batch, info))
        sender.send(("end", None, info))
    except MemoryError:
        batch = None
        _send_quietly(sender, ("memory", None, {}))
    except TableError as exc:
        kind = "memory" if _is_memory_error(exc) else "error"
        _send_quietly(sender, (kind, str(exc), {}))
    except BaseException as exc:
        if _is_memory_error(exc):
            _send_quietly(sender, ("memory", None, {}))
        else:
            logger.exception("Reading an import file failed in pid %s", os.getpid())
            _send_quietly(sender, ("crash", None, {}))
    finally:
        sender.close()


def _send_quietly(sender, message) -> None:
    # The parent may be gone, or the child cannot even say why: then the parent sees EOF.
    with contextlib.suppress(OSError, MemoryError, ValueError):
        sender.send(message)
