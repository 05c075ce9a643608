"""The compact features of one article, as computed in batches and as stored in the index.

Every hash is cut to 32 bits for storage: two sets of a few hundred such hashes share a value by
chance with odds about 1 in 30,000, which cannot move a similarity by more than 0.003, so
comparisons of these sets are exact for reporting purposes.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

from newslint.dedup.features import Extractor, split
from newslint.dedup.signatures import oph

FORMAT = 1  # bump when the features or their encoding change: stored indexes must be rebuilt


@dataclass(frozen=True)
class Features:
    shingles: np.ndarray  # uint32, sorted unique hashes of k-word shingles (copies)
    content: np.ndarray  # uint32, unique content-word hashes in order of first use (rewrites)
    keys: np.ndarray  # uint32, sorted unique hashes of names and numbers
    sig: np.ndarray  # uint16[num_perm], one-permutation MinHash of the shingles

    def pack(self) -> tuple[bytes, bytes, bytes, bytes]:
        return (pack_sorted(self.shingles), self.content.astype("<u4").tobytes(),
                pack_sorted(self.keys), self.sig.astype("<u2").tobytes())

    @staticmethod
    def unpack(shingles: bytes, content: bytes, keys: bytes, sig: bytes) -> "Features":
        return Features(unpack_sorted(shingles), np.frombuffer(content, dtype="<u4").astype(np.uint32),
                        unpack_sorted(keys), np.frombuffer(sig, dtype="<u2").astype(np.uint16))


def pack_sorted(values: np.ndarray) -> bytes:
    """Sorted uint32 set -> gaps, split into byte planes (high bytes compress to nothing), zlib."""
    gaps = np.diff(values.astype(np.int64), prepend=0).astype("<u4")
    planes = gaps.view(np.uint8).reshape(-1, 4).T.copy()
    return zlib.compress(planes.tobytes(), 6)


def unpack_sorted(data: bytes) -> np.ndarray:
    raw = np.frombuffer(zlib.decompress(data), dtype=np.uint8)
    gaps = raw.reshape(4, -1).T.copy().view("<u4").ravel()
    return np.cumsum(gaps, dtype=np.uint64).astype(np.uint32)


def compute(texts: list[str], ex: Extractor, num_perm: int, batch: int = 2000) -> list[Features]:
    """Features of many texts, computed ``batch`` texts at a time with array operations."""
    out: list[Features] = []
    for i in range(0, len(texts), batch):
        chunk = texts[i : i + batch]
        b = ex.extract(chunk)
        sh, so = b.shingle_hashes()
        sig = oph(sh, so, b.size, num_perm)
        shingles = _unique_sets(hash32(sh), so, b.size)
        content = _first_uses(hash32(b.tok.hashes[b.is_content]), b.owner[b.is_content], b.size)
        keys = _unique_sets(hash32(b.tok.hashes[b.is_key]), b.owner[b.is_key], b.size)
        out.extend(Features(shingles[j], content[j], keys[j], sig[j]) for j in range(b.size))
    return out


def _packed(values: np.ndarray, owner: np.ndarray) -> np.ndarray:
    """(owner, value) packed in one uint64, so one sort orders by owner then value (lexsort is slow)."""
    return (owner.astype(np.uint64) << np.uint64(32)) | values.astype(np.uint64)


def _unique_sets(values: np.ndarray, owner: np.ndarray, size: int) -> list[np.ndarray]:
    key = np.sort(_packed(values, owner))
    if len(key):
        key = key[np.concatenate(([True], key[1:] != key[:-1]))]
    return split((key & np.uint64(0xFFFFFFFF)).astype(np.uint32), (key >> np.uint64(32)).astype(np.int64), size)


def _first_uses(values: np.ndarray, owner: np.ndarray, size: int) -> list[np.ndarray]:
    """Unique values per owner, in order of first occurrence."""
    key = _packed(values, owner)
    order = np.argsort(key, kind="stable")
    ks = key[order]
    first = np.concatenate(([True], ks[1:] != ks[:-1])) if len(ks) else np.zeros(0, dtype=bool)
    chosen = np.sort(order[first])
    return split(values[chosen], owner[chosen], size)


def hash32(h: np.ndarray) -> np.ndarray:
    return (h >> np.uint64(32)).astype(np.uint32)
