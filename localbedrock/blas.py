"""One BLAS thread while the emulator runs.

The simulated models multiply small matrices (a question against a few hundred rows), thousands of times a lesson.
OpenBLAS, which numpy's wheels bundle, hands each product to a pool of threads that then spin waiting for the next
one: on a 2-core machine lesson 4's run took 24 CPU-seconds with the default pool and 13 with one thread, every
computed figure the same (a product's row is summed by one thread either way). :func:`single_thread` sets every
OpenBLAS the process has loaded to one thread and returns what puts the counts back; `localbedrock.start()` calls it,
`stop()` restores. Where no OpenBLAS is loaded (Apple's Accelerate on arm64 macOS, for instance) nothing changes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from collections.abc import Callable
from pathlib import Path

# (get, set) entry points of OpenBLAS builds: scipy-openblas (numpy's wheels), then the plain builds.
_ENTRY_POINTS = (
    ("scipy_openblas_get_num_threads64_", "scipy_openblas_set_num_threads64_"),
    ("scipy_openblas_get_num_threads", "scipy_openblas_set_num_threads"),
    ("openblas_get_num_threads64_", "openblas_set_num_threads64_"),
    ("openblas_get_num_threads", "openblas_set_num_threads"),
)


def loaded_libraries() -> list[str]:
    """Paths of the shared libraries loaded in this process (Linux and macOS; elsewhere none)."""
    if sys.platform.startswith("linux"):
        try:
            lines = Path("/proc/self/maps").read_text().splitlines()
        except OSError:
            return []
        paths = (line.split(maxsplit=5)[5] for line in lines if len(line.split(maxsplit=5)) == 6)
        return list(dict.fromkeys(p for p in paths if p.startswith("/")))
    if sys.platform == "darwin":
        libc = ctypes.CDLL(ctypes.util.find_library("c"))
        libc._dyld_get_image_name.restype = ctypes.c_char_p
        names = (libc._dyld_get_image_name(i) for i in range(libc._dyld_image_count()))
        return [name.decode() for name in names if name]
    return []


def _openblas_controls() -> list[tuple[Callable[[], int], Callable[[int], None]]]:
    """(get, set) of the thread count of each loaded OpenBLAS."""
    controls = []
    for path in loaded_libraries():
        if "openblas" not in Path(path).name.lower():
            continue
        try:
            library = ctypes.CDLL(path)
        except OSError:
            continue
        for get, set_ in _ENTRY_POINTS:
            if hasattr(library, get) and hasattr(library, set_):
                getter, setter = getattr(library, get), getattr(library, set_)
                getter.restype, setter.restype = ctypes.c_int, None
                controls.append((getter, setter))
                break
    return controls


def single_thread() -> Callable[[], None]:
    """Set every loaded OpenBLAS to one thread; return a function that restores the counts found."""
    import numpy  # noqa: F401  (loads numpy's OpenBLAS, if it has one)

    found = [(setter, getter()) for getter, setter in _openblas_controls()]
    for setter, _ in found:
        setter(1)

    def restore() -> None:
        for setter, threads in found:
            setter(threads)

    return restore
