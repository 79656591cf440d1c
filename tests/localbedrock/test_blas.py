"""While the emulator runs, numpy's OpenBLAS uses one thread; stopping the emulator puts the count back."""

from __future__ import annotations

import numpy
import pytest

import localbedrock
from localbedrock import blas


def thread_counts() -> list[int]:
    return [get() for get, _ in blas._openblas_controls()]


@pytest.fixture
def two_threads():
    if not thread_counts():
        pytest.skip("no OpenBLAS loaded in this process (numpy built against another BLAS)")
    restore = [(setter, get()) for get, setter in blas._openblas_controls()]
    for setter, _ in restore:
        setter(2)
    yield
    for setter, threads in restore:
        setter(threads)


def test_start_runs_blas_on_one_thread_and_stop_restores_the_count(two_threads):
    localbedrock.start()
    try:
        assert set(thread_counts()) == {1}
    finally:
        localbedrock.stop()
    assert set(thread_counts()) == {2}


def test_the_count_comes_back_only_when_the_last_activation_stops(two_threads):
    with localbedrock.LocalBedrock():
        with localbedrock.LocalBedrock():
            assert set(thread_counts()) == {1}
        assert set(thread_counts()) == {1}
    assert set(thread_counts()) == {2}


def test_numpys_openblas_is_found_among_the_loaded_libraries():
    # numpy's Linux and Intel macOS wheels bundle OpenBLAS; the emulator's speed on 2 cores depends on finding it.
    config = numpy.show_config(mode="dicts")["Build Dependencies"]["blas"]
    if "openblas" not in config["name"].lower():
        pytest.skip(f"numpy uses {config['name']}")
    assert any("openblas" in path.lower() for path in blas.loaded_libraries())
    assert thread_counts()
