#!/usr/bin/env python3
"""Robustness of the `la` Jupyter kernel: what a kernel meets beyond well-formed requests.

Bad messages go straight onto the shell socket with pyzmq (jupyter_client would refuse to
build them); the rest goes through jupyter_client's KernelManager and client. One line is
printed per check; the exit status is 1 if any check fails, or if the whole run takes
longer than TIMEOUT seconds (a hung kernel then fails the run instead of hanging it).

Run: JUPYTER_DATA_DIR=<dir with kernels/la> python tests/jupyter/robustness.py
"""

import signal
import sys
import time

from jupyter_client import KernelManager
from jupyter_client.session import Session

from support import KERNEL_NAME, watchdog

TIMEOUT = 120
QUIET = 1.0  # how long "no reply" is waited for, in seconds
FLOOD = 1000

# The la code the checks send, and the text they expect back.
FLOOD_CODE = "k = {}"  # formatted with the request's index
FLOOD_LAST = ("k", f"k = {FLOOD - 1}")
LOOP = "while true { }"
INTERRUPTED = "interrupted"  # the evalue of the error that ends an interrupted cell
KEPT = ("kept = 7;", "kept", "kept = 7")
LATER = ("x = 41;", "x + 1", "ans = 42")


def reply_to(kc, msg_id, timeout=10):
    """The shell reply whose parent is `msg_id`; other replies are skipped."""
    deadline = time.monotonic() + timeout
    while True:
        reply = kc.get_shell_msg(timeout=max(deadline - time.monotonic(), 0.01))
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply


def run(kc, code, timeout=10):
    """Executes `code`, which must succeed; its reply and its iopub messages but status."""
    msg_id = kc.execute(code)
    reply = reply_to(kc, msg_id, timeout)
    status = reply["content"]["status"]
    assert status == "ok", f"{code!r} was answered {status!r}: {reply['content']}"
    outputs = []
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_iopub_msg(timeout=max(deadline - time.monotonic(), 0.01))
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status":
            if msg["content"]["execution_state"] == "idle":
                return reply, outputs
        elif msg["msg_type"] != "execute_input":
            outputs.append(msg)


def result_text(outputs):
    """The text/plain of the execute_result among `outputs`, or None."""
    for msg in outputs:
        if msg["msg_type"] == "execute_result":
            return msg["content"]["data"]["text/plain"]
    return None


def still_answers(kc):
    reply = reply_to(kc, kc.kernel_info())
    assert reply["content"]["status"] == "ok", reply["content"]


def silent(sock):
    """True when nothing arrives on `sock` for QUIET seconds."""
    return sock.poll(int(QUIET * 1000)) == 0


def check_wrong_signature(km, kc, sock):
    """(a) A request signed with another key is dropped, and the kernel carries on."""
    Session(key=b"not-the-key", signature_scheme=km.session.signature_scheme).send(
        sock, "kernel_info_request", {}
    )
    assert silent(sock), "a wrongly signed request was answered"
    km.session.send(sock, "kernel_info_request", {})
    assert sock.poll(10_000), "no reply on the same socket to a well-signed request"
    _, reply = km.session.recv(sock)
    assert reply["msg_type"] == "kernel_info_reply", reply["msg_type"]
    still_answers(kc)


def check_bad_json(km, kc, sock):
    """(b) A correctly signed message whose header or content is not JSON is dropped."""
    good = km.session.msg("execute_request", {"code": "1", "silent": False})
    frames = [km.session.pack(good[part]) for part in ("header", "parent_header")]
    frames += [b"{}", km.session.pack(good["content"])]
    for bad in (0, 3):  # the header, the content
        sent = list(frames)
        sent[bad] = b"{not json"
        sock.send_multipart([b"<IDS|MSG>", km.session.sign(sent), *sent])
        assert silent(sock), f"a message with a bad frame {bad} was answered"
        assert km.is_alive(), "the kernel died"
    still_answers(kc)


def check_unknown_request(km, kc, sock):
    """(c) An unknown request type gets `<type>_reply` with status "error"."""
    km.session.send(sock, "foo_request", {})
    assert sock.poll(10_000), "no reply to foo_request"
    _, reply = km.session.recv(sock)
    assert reply["msg_type"] == "foo_reply", reply["msg_type"]
    assert reply["content"]["status"] == "error", reply["content"]


def check_flood(km, kc, sock):
    """(d) Requests sent without waiting are all answered, in order, and all run."""
    sent = {kc.execute(FLOOD_CODE.format(i)) for i in range(FLOOD)}
    counts = []
    for _ in range(FLOOD):
        reply = kc.get_shell_msg(timeout=30)
        parent = reply["parent_header"]["msg_id"]
        assert parent in sent, f"a reply to an unknown or repeated request: {parent}"
        sent.remove(parent)
        assert reply["content"]["status"] == "ok", reply["content"]
        counts.append(reply["content"]["execution_count"])
    assert all(a < b for a, b in zip(counts, counts[1:])), "execution counts not increasing"
    code, expected = FLOOD_LAST
    _, outputs = run(kc, code)
    assert result_text(outputs) == expected, result_text(outputs)


def check_interrupt(km, kc, sock):
    """(e) An interrupt ends a cell that loops forever; earlier variables survive."""
    keep, read, expected = KEPT
    run(kc, keep)
    msg_id = kc.execute(LOOP)
    time.sleep(0.5)  # let the loop start
    km.interrupt_kernel()
    reply = reply_to(kc, msg_id, timeout=10)
    assert reply["content"]["status"] == "error", reply["content"]
    assert reply["content"]["evalue"] == INTERRUPTED, reply["content"]["evalue"]
    _, outputs = run(kc, read)
    assert result_text(outputs) == expected, result_text(outputs)


def check_sigint(km, kc, sock):
    """(e2) SIGINT (the "signal" interrupt mode, Ctrl-C in a console) stops the cell, not la."""
    msg_id = kc.execute(LOOP)
    time.sleep(0.5)  # let the loop start
    km.signal_kernel(signal.SIGINT)
    reply = reply_to(kc, msg_id, timeout=10)
    assert reply["content"]["status"] == "error", reply["content"]
    assert reply["content"]["evalue"] == INTERRUPTED, reply["content"]["evalue"]
    keep, read, expected = KEPT
    _, outputs = run(kc, read)
    assert result_text(outputs) == expected, result_text(outputs)


def check_state_between_cells(km, kc, sock):
    """(f) A quiet assignment shows nothing, and a later cell sees its value."""
    quiet, use, expected = LATER
    _, outputs = run(kc, quiet)
    assert outputs == [], outputs
    _, outputs = run(kc, use)
    assert result_text(outputs) == expected, result_text(outputs)


CHECKS = [
    check_wrong_signature,
    check_bad_json,
    check_unknown_request,
    check_flood,
    check_interrupt,
    check_sigint,
    check_state_between_cells,
]


def main():
    km = KernelManager(kernel_name=KERNEL_NAME)
    watchdog(TIMEOUT, lambda: km)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=30)
    sock = km.connect_shell()  # a DEALER of our own, for messages the client cannot send

    failures = 0
    for check in CHECKS:
        try:
            check(km, kc, sock)
            print(f"ok    {check.__doc__.splitlines()[0]}", flush=True)
        except Exception as e:  # noqa: BLE001 - every failure is reported the same way
            failures += 1
            print(f"FAIL  {check.__doc__.splitlines()[0]}\n      {type(e).__name__}: {e}")

    sock.close(linger=0)
    kc.stop_channels()
    process = km.provisioner.process
    km.shutdown_kernel()
    # jupyter_client kills a kernel that has not exited a few seconds after shutdown_request.
    if process.poll() == 0:
        print("ok    (g) shutdown_request ends the kernel with status 0")
    else:
        failures += 1
        print(f"FAIL  (g) shutdown_request: the kernel ended with status {process.poll()}")

    print(f"{failures} of {len(CHECKS) + 1} checks failed" if failures else "all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
