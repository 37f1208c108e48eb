"""Worker processes that end when the process that started them dies.

A pool's workers wait for work on a pipe; when their parent is killed (kill -9, the
OOM killer) nothing wakes them, so they would live on, re-parented to PID 1, holding
their memory, and keeping multiprocessing's resource tracker alive too. Each worker
calls `die_with_parent` as it starts: a daemon thread watches the parent's pid and
ends the worker once the parent is gone. A thread rather than Linux's
PR_SET_PDEATHSIG, which fires when the parent *thread* ends: the server starts its
batch workers from a request thread that may end long before the process.
"""

from __future__ import annotations

import os
import threading
import time

PARENT_CHECK_SECONDS = 0.5


def die_with_parent(parent_pid: int, check_seconds: float = PARENT_CHECK_SECONDS) -> None:
    """End this process (exit code 1) soon after `parent_pid`, its parent, has gone.

    The parent passes its own pid: read here, it could already be PID 1's.
    """

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(check_seconds)
        os._exit(1)

    threading.Thread(target=watch, name="die-with-parent", daemon=True).start()
