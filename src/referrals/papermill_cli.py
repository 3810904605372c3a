"""papermill's own command line, started through this package so that its start-up is as lean as the kernels'.

Under the runner it also dies with the runner, even when the runner is killed with SIGKILL:
its kernel follows within a second (ipykernel watches its parent), and no orphan keeps
writing into a staging folder that nobody will commit.
"""

import os
import signal
import sys

RUNNER_PID_ENV = "REFERRALS_RUNNER_PID"
_PR_SET_PDEATHSIG = 1


def die_with_runner() -> None:
    """Ask Linux to SIGKILL this process when the runner that started it ends (no-op elsewhere)."""
    runner = os.environ.get(RUNNER_PID_ENV)
    if not runner or not sys.platform.startswith("linux"):
        return
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != int(runner):  # the runner was already gone before the request
        os._exit(1)


if __name__ == "__main__":
    die_with_runner()
    from papermill.cli import papermill

    papermill()
