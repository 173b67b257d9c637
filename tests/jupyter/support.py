"""Helpers shared by the Jupyter kernel test scripts in this directory: the kernel's name,
ANSI stripping for tracebacks, and a watchdog so that a hung kernel fails a run instead of
hanging it (jupyter_kernel_test waits forever for some replies).
"""

import os
import re
import sys
import threading

# The kernel under test; LA_KERNEL_NAME lets the scripts' mechanics be tried on another.
KERNEL_NAME = os.environ.get("LA_KERNEL_NAME", "la")

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def strip_ansi(text):
    """`text` without terminal colour codes, for matching diagnostics."""
    return _ANSI.sub("", text)


def watchdog(seconds, kernel_manager):
    """After `seconds`, kill the kernel and exit with status 1.

    `kernel_manager` is called then to find the KernelManager (it may not exist yet when
    the watchdog starts). The kernel is killed first because it inherits this process's
    stdout and stderr: left running, it would keep a caller that reads them waiting.
    """

    def expire():
        print(f"FAIL: no result after {seconds} s; killing the kernel", flush=True)
        km = kernel_manager()
        process = getattr(getattr(km, "provisioner", None), "process", None)
        if process is not None:
            process.kill()
        sys.stdout.flush()
        os._exit(1)

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    return timer
