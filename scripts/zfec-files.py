#!/usr/bin/python3
"""The stock `zfec` command line (Debian's python3-zfec, zfec.cmdline_zfec), runnable without pyutil.

Debian ships python3-zfec without the pyutil package its `zfec` script imports (zfec.filefec needs
pyutil.fileutil.remove_if_possible and pyutil.mathutil.pad_size and log_ceil), so `zfec` fails with
ModuleNotFoundError. This registers those three functions under pyutil's module names, then runs the
unchanged zfec command line: same arguments, same share files, same code path.

usage: zfec-files.py [zfec options] INPUT   (for example -k 10 -m 15 -d DIR -q FILE)
"""
import os
import sys
import types


def pad_size(n, k):
    """Bytes to add to n to reach a multiple of k (pyutil.mathutil.pad_size)."""
    return (k - n % k) % k if k else 0


def log_ceil(n, b):
    """The smallest e with b**e >= n (pyutil.mathutil.log_ceil)."""
    e, p = 0, 1
    while p < n:
        p *= b
        e += 1
    return e


def remove_if_possible(name):
    """Removes a file, ignoring a failure (pyutil.fileutil.remove_if_possible)."""
    try:
        os.remove(name)
    except OSError:
        pass


try:
    import pyutil  # noqa: F401  (the real one, when installed, wins)
except ModuleNotFoundError:
    pyutil = types.ModuleType("pyutil")
    mathutil = types.ModuleType("pyutil.mathutil")
    mathutil.pad_size, mathutil.log_ceil = pad_size, log_ceil
    fileutil = types.ModuleType("pyutil.fileutil")
    fileutil.remove_if_possible = remove_if_possible
    pyutil.mathutil, pyutil.fileutil = mathutil, fileutil
    sys.modules.update({"pyutil": pyutil, "pyutil.mathutil": mathutil, "pyutil.fileutil": fileutil})

from zfec import cmdline_zfec  # noqa: E402

sys.argv[0] = "zfec"
sys.exit(cmdline_zfec.main())
