"""The walls of a worker process: it may not open network sockets (a second wall behind
`kg.sparql.screen`), and it dies with the process that started it.

Oxigraph evaluates `SERVICE` by making an HTTP request itself. The screen refuses such
queries before they reach a worker; should one ever get past it (a way of writing the keyword
the screen did not foresee), the worker still cannot connect anywhere: a seccomp filter
installed in the worker process makes `socket(AF_INET…)` and `socket(AF_INET6…)` fail with
EPERM. The worker talks to the server over a Unix socket pair made before the filter.
Linux on x86-64 and ARM64 only; elsewhere `forbid_network` returns False and the screen alone
stands.

A worker of `kg serve`, `kg query` or `kg build` asks Linux for SIGKILL when its parent ends
(`die_with_parent`): a caller stopped by SIGTERM, Ctrl-C or `kill -9` leaves no worker
running on (a query at its limit, natasha's models in memory).
"""

from __future__ import annotations

import ctypes
import os
import platform
import signal
import struct
import sys

# machine -> (its AUDIT_ARCH_* value, the number of the socket system call)
SYSCALLS = {"x86_64": (0xC000003E, 41), "aarch64": (0xC00000B7, 198)}
AF_INET, AF_INET6, EPERM = 2, 10, 1
PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 1, 38, 22, 2
LOAD_WORD, JUMP_IF_EQUAL, RETURN = 0x20, 0x15, 0x06
ALLOW, FAIL = 0x7FFF0000, 0x00050000 | EPERM


class _Program(ctypes.Structure):
    _fields_ = [("length", ctypes.c_ushort), ("filter", ctypes.c_char_p)]


def _filter(arch: int, socket_call: int) -> bytes:
    """BPF over seccomp_data (nr at offset 0, arch at 4, the first argument at 16)."""
    steps = [
        (LOAD_WORD, 0, 0, 4),
        (JUMP_IF_EQUAL, 0, 5, arch),          # another ABI: let it be
        (LOAD_WORD, 0, 0, 0),
        (JUMP_IF_EQUAL, 0, 3, socket_call),   # not socket(): allow
        (LOAD_WORD, 0, 0, 16),
        (JUMP_IF_EQUAL, 2, 0, AF_INET),
        (JUMP_IF_EQUAL, 1, 0, AF_INET6),
        (RETURN, 0, 0, ALLOW),
        (RETURN, 0, 0, FAIL),
    ]
    return b"".join(struct.pack("HBBI", *step) for step in steps)


def forbid_network() -> bool:
    """Forbid this process (and any it starts) to open IPv4 and IPv6 sockets; False where
    that cannot be done here."""
    known = SYSCALLS.get(platform.machine())
    if platform.system() != "Linux" or known is None:
        return False
    code = _filter(*known)
    program = _Program(len(code) // 8, code)
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    return libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(program), 0, 0) == 0


def die_with_parent(parent: int) -> None:
    """Be killed when the process `parent` ends, however it ends (kill -9 too). Linux sends
    the signal when the *thread* that started this process ends: callers start workers from
    threads that live as long as the workers (kg.sparql.workers has one for the purpose)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:   # it ended before the signal was asked for
        os._exit(1)
