"""The compact features of one article, as computed in batches and as stored in the index.

Shingle hashes are cut to 32 bits: two sets of a few hundred share a value by chance with odds
about 1 in 30,000. Content words and names are cut to 24 bits (a few hundred per article: a chance
match in one pair in 250), which lets document frequencies live in one direct-address table.
Comparisons of these sets are exact for reporting purposes.

The index stores each article in about 1.6 KB: the 24-bit content words (3 bytes each, in order of
first use) and names and numbers (3 bytes each), one shingle in ``INDEX_SAMPLE`` (chosen by hash value, so both
sides of a comparison sample alike: Broder's mod-m sample), delta-coded and compressed, and the
signature's low 8 bits (b-bit MinHash: a band of 4 values still agrees by chance only once in 2^32;
query articles are cut the same way before they are compared). A copy found through the index is therefore confirmed on the sampled shingles.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

from newslint.dedup.features import Extractor, split
from newslint.dedup.signatures import oph

FORMAT = 2  # bump when the features, their encoding or the keys change: stored indexes must be rebuilt
# 2: keys are paths relative to the configuration's folder (1 kept them as typed)
CONTENT_BITS = 24
CONTENT_SPACE = 1 << CONTENT_BITS
INDEX_SAMPLE = 4  # the index keeps shingles whose hash is 0 modulo this


@dataclass(frozen=True)
class Features:
    """What the near-duplicate comparison keeps of one article."""

    shingles: np.ndarray  # uint32, sorted unique hashes of k-word shingles (copies)
    content: np.ndarray  # uint32, unique content-word hashes in order of first use (rewrites)
    keys: np.ndarray  # uint32, sorted unique hashes of names and numbers
    sig: np.ndarray  # uint16[num_perm], one-permutation MinHash of the shingles

    def for_index(self) -> "Features":
        """The same features as the index keeps them (shingles sampled, 8-bit signature values)."""
        sh = self.shingles
        return Features(sh[sh % INDEX_SAMPLE == 0], self.content, self.keys, (self.sig & 0xFF).astype(np.uint8))

    def pack(self) -> tuple[bytes, bytes, bytes, bytes]:
        """Blobs for the index: (sampled shingles, content, keys, signature)."""
        sh = self.shingles
        content = self.content.astype("<u4").view(np.uint8).reshape(-1, 4)[:, :3]
        keys = self.keys.astype("<u4").view(np.uint8).reshape(-1, 4)[:, :3]
        return (pack_sorted(sh[sh % INDEX_SAMPLE == 0]), content.tobytes(), keys.tobytes(),
                (self.sig & 0xFF).astype(np.uint8).tobytes())

    @staticmethod
    def unpack(shingles: bytes | None, content: bytes, keys: bytes, sig: bytes) -> "Features":
        return Features(unpack_sorted(shingles) if shingles is not None else None, unpack_content(content),  # type: ignore[arg-type]
                        unpack_content(keys), np.frombuffer(sig, dtype=np.uint8).astype(np.uint16))


def unpack_content(data: bytes) -> np.ndarray:
    raw = np.frombuffer(data, dtype=np.uint8).reshape(-1, 3)
    return raw[:, 0].astype(np.uint32) | (raw[:, 1].astype(np.uint32) << 8) | (raw[:, 2].astype(np.uint32) << 16)


class FeatureTable:
    """Many articles' features in flat arrays (what a query over a large index holds in memory)."""

    def __init__(self, content: np.ndarray, content_ptr: np.ndarray, keys: np.ndarray, keys_ptr: np.ndarray,
                 sigs: np.ndarray) -> None:
        self.content, self.content_ptr = content, content_ptr
        self.keys, self.keys_ptr = keys, keys_ptr
        self.sigs = sigs

    @staticmethod
    def from_features(feats) -> "FeatureTable":
        def flat(arrays: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
            ptr = np.zeros(len(arrays) + 1, dtype=np.int64)
            np.cumsum(np.fromiter(map(len, arrays), dtype=np.int64, count=len(arrays)), out=ptr[1:])
            return (np.concatenate(arrays).astype(np.uint32, copy=False) if arrays else np.zeros(0, np.uint32)), ptr

        content, cp = flat([f.content for f in feats])
        keys, kp = flat([f.keys for f in feats])
        sigs = [f.sig for f in feats]
        if not sigs:
            sigs = np.zeros((0, 0), dtype=np.uint16)
        elif len({len(g) for g in sigs}) == 1:  # one concatenation, not a stack of 20,000 rows
            sigs = np.concatenate(sigs).reshape(len(sigs), -1)
        else:
            sigs = np.stack(sigs)
        return FeatureTable(content, cp, keys, kp, sigs)

    def __len__(self) -> int:
        return len(self.sigs)

    def __getitem__(self, i: int) -> Features:
        return Features(None, self.content[self.content_ptr[i] : self.content_ptr[i + 1]],  # type: ignore[arg-type]
                        self.keys[self.keys_ptr[i] : self.keys_ptr[i + 1]], self.sigs[i])


def pack_sorted(values: np.ndarray) -> bytes:
    """Sorted uint32 set -> gaps, split into byte planes (high bytes compress to nothing), zlib."""
    gaps = np.diff(values.astype(np.int64), prepend=0).astype("<u4")
    planes = gaps.view(np.uint8).reshape(-1, 4).T.copy()
    return zlib.compress(planes.tobytes(), 6)


def unpack_sorted(data: bytes) -> np.ndarray:
    raw = np.frombuffer(zlib.decompress(data), dtype=np.uint8)
    gaps = raw.reshape(4, -1).T.copy().view("<u4").ravel()
    return np.cumsum(gaps, dtype=np.uint64).astype(np.uint32)


BATCH = 128  # texts per vectorized batch: its arrays (~1 MB) stay in cache, measured fastest


def compute(texts: list[str], ex: Extractor, num_perm: int, batch: int = BATCH) -> list[Features]:
    """Features of many texts, computed ``batch`` texts at a time with array operations.

    Batches of about a hundred texts are faster than large ones: every array pass then reads and
    writes cache, not memory (measured 2000 -> 128: about 1.4x on one core, more when the other
    core is busy), while the fixed cost of the few dozen NumPy calls per batch stays small."""
    out: list[Features] = []
    for i in range(0, len(texts), batch):
        chunk = texts[i : i + batch]
        b = ex.extract(chunk)
        sh, so = b.shingle_hashes()
        sig = oph(sh, so, b.size, num_perm)
        shingles = _unique_sets(hash32(sh), so, b.size)
        content = _first_uses(hash24(b.tok.hashes[b.is_content]), b.owner[b.is_content], b.size)
        keys = _unique_sets(hash24(b.tok.hashes[b.is_key]), b.owner[b.is_key], b.size)
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
    """Unique values per owner, in order of first occurrence.

    (owner, value, position) are packed in one uint64 and sorted (a plain sort: no stable argsort
    is needed, the position orders the repeats), so the first of each run of equal (owner, value)
    is its first occurrence."""
    n = len(values)
    pos_bits = max(n, 1).bit_length()
    if size.bit_length() + 32 + pos_bits > 64:  # pragma: no cover - batches are far smaller
        key = _packed(values, owner)
        order = np.argsort(key, kind="stable")
        ks = key[order]
        first = np.concatenate(([True], ks[1:] != ks[:-1])) if len(ks) else np.zeros(0, dtype=bool)
        chosen = np.sort(order[first])
        return split(values[chosen], owner[chosen], size)
    key = np.sort((_packed(values, owner) << np.uint64(pos_bits)) | np.arange(n, dtype=np.uint64))
    if n:
        group = key >> np.uint64(pos_bits)
        first = np.concatenate(([True], group[1:] != group[:-1]))
        # The first uses in text order: flagged at their positions and read back (not sorted).
        is_first = np.zeros(n, dtype=bool)
        is_first[(key[first] & np.uint64((1 << pos_bits) - 1)).astype(np.intp)] = True
        chosen = np.flatnonzero(is_first)
    else:
        chosen = np.zeros(0, dtype=np.int64)
    return split(values[chosen], owner[chosen], size)


def hash24(h: np.ndarray) -> np.ndarray:
    return (h >> np.uint64(64 - CONTENT_BITS)).astype(np.uint32)


def hash32(h: np.ndarray) -> np.ndarray:
    return (h >> np.uint64(32)).astype(np.uint32)
