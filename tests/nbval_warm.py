"""nbval in warm kernels: one kernel per pytest process, reset between notebooks as the build resets its own.

nbval starts a kernel for every notebook, and each then imports pandas, Altair and vl-convert again: more
CPU than most notebooks' own work. Under `make test` (tests/conftest.py installs this when --nbval is given)
each pytest process keeps its kernel from one notebook to the next and resets it before each with the
build's own reset (referrals.kernels: namespace, history, the package's modules and caches, hooks,
environment, folder). tests/test_warm_kernels.py shows a notebook starting there as in a fresh kernel; the
long tier runs nbval in fresh kernels too (test_nbval_in_fresh_kernels), and `pytest --nbval notebooks/`
alone, without this file, always does.

A kernel is kept only when its notebook ended normally (cells passing or failing): one nbval stopped
because a cell hung is stopped as nbval stops it, and the next notebook gets a new kernel.
"""

from __future__ import annotations

import os

import nbval.kernel
import nbval.plugin

from referrals import kernels

_kept: list = []  # the kernel between two notebooks (at most one per process)


class WarmKernel(nbval.kernel.RunningKernel):
    def __init__(self, kernel_name, cwd=None, startup_timeout=60):
        kept = _kept.pop() if _kept else None
        if kept is not None and kept.is_alive():
            self.km, self.kc = kept.km, kept.kc
        else:
            self.km, self.kc = nbval.kernel.start_new_kernel(
                startup_timeout=startup_timeout,
                kernel_name=kernel_name,
                stderr=open(os.devnull, "w"),  # noqa: SIM115 - as nbval does; the kernel holds it
                cwd=cwd,
                extra_arguments=kernels.KERNEL_ARGUMENTS,
            )
            self._ensure_iopub_up()
            self.quietly(
                kernels.KERNEL_SETUP % {"fresh": kernels.FRESH, "preload": kernels.PRELOAD, "package": "referrals"}
            )
        self.quietly(kernels.KERNEL_RESET % (kernels.FRESH, cwd or os.getcwd(), {}))

    def quietly(self, code: str) -> None:
        msg_id = self.kc.execute(code, silent=True, store_history=False, allow_stdin=False)
        while True:
            reply = self.kc.get_shell_msg(timeout=kernels.STARTUP_TIMEOUT)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        if reply["content"].get("status") != "ok":
            raise RuntimeError(f"could not reset the kernel: {reply['content'].get('evalue')}")


def _teardown(self):
    """Keep a kernel whose notebook ended normally for the next notebook; stop any other as nbval does."""
    if self.kernel is not None and self.kernel.is_alive() and not getattr(self, "timed_out", False):
        _kept.append(self.kernel)
        self.kernel = None
        return
    _original_teardown(self)


_original_teardown = nbval.plugin.IPyNbFile.teardown


def install() -> None:
    nbval.plugin.RunningKernel = WarmKernel
    nbval.plugin.IPyNbFile.teardown = _teardown


def stop_kept() -> None:
    while _kept:
        _kept.pop().stop()
