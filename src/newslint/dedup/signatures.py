"""MinHash signatures by one-permutation hashing (OPH) with densification, for a whole batch at once.

Classic MinHash applies ``K`` hash functions to every shingle (K passes). OPH hashes each shingle once:
the top ``log2 K`` bits choose a bin, the remaining bits are the value, and each bin keeps its minimum
(Li, Owen & Zhang 2012). A bin that no shingle fell into is filled from the next non-empty bin to its
right, circularly, plus an offset per distance ("rotation" densification, Shrivastava & Li 2014), so
that two empty bins agree only when their donors agree. The probability that two signatures agree
in a bin is the Jaccard similarity of the shingle sets. Values are kept as 16 bits (b-bit MinHash):
chance agreements add 2^-16 to the estimate and halve the storage.
"""

from __future__ import annotations

import numpy as np

EMPTY = np.uint32(0xFFFFFFFF)
_ROTATE = np.uint32(0x9E3779B1)  # offset added per bin of distance when densifying


def oph(hashes: np.ndarray, owner: np.ndarray, size: int, k: int = 128) -> np.ndarray:
    """Signatures (``size`` x ``k``, uint16) of the hashed sets: ``hashes`` (uint64) belong to
    text ``owner`` (int, 0..size-1). A text with no hash gets an all-0xFFFF signature, which
    callers must not band (see :func:`empty_rows`)."""
    if k & (k - 1) or not 8 <= k <= 1024:
        raise ValueError("k must be a power of two between 8 and 1024")
    bits = int(k).bit_length() - 1
    bins = (hashes >> np.uint64(64 - bits)).astype(np.int64)
    values = (hashes & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    sig = np.full(size * k, EMPTY, dtype=np.uint32)
    np.minimum.at(sig, owner * k + bins, values)
    sig = sig.reshape(size, k)
    sig = _densify(sig)
    return (sig & np.uint32(0xFFFF)).astype(np.uint16)


def _densify(sig: np.ndarray) -> np.ndarray:
    """Fill each empty bin from the nearest non-empty bin to its right (circular)."""
    size, k = sig.shape
    empty = sig == EMPTY
    if not empty.any():
        return sig
    filled = ~empty
    # Index of the next non-empty bin to the right, over the row laid out twice (circular).
    idx = np.where(np.concatenate([filled, filled], axis=1), np.arange(2 * k), 2 * k)
    nxt = np.minimum.accumulate(idx[:, ::-1], axis=1)[:, ::-1][:, :k]
    has = nxt < 2 * k
    donor = np.where(has, nxt % k, 0)
    distance = np.where(has, nxt - np.arange(k), 0).astype(np.uint32)
    rows = np.arange(size)[:, None]
    with np.errstate(over="ignore"):
        dense = sig[rows, donor] + distance * _ROTATE
    return np.where(has, dense, EMPTY).astype(np.uint32)


def empty_rows(sig: np.ndarray) -> np.ndarray:
    return (sig == 0xFFFF).all(axis=1)


def band_keys(sig: np.ndarray, rows: int) -> np.ndarray:
    """Band keys (``size`` x ``bands``, uint64): ``rows`` 16-bit values of a band packed into one
    integer (exact for rows <= 4, mixed otherwise)."""
    size, k = sig.shape
    bands = k // rows
    s = sig[:, : bands * rows].astype(np.uint64).reshape(size, bands, rows)
    key = np.zeros((size, bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for r in range(rows):
            key = (key << np.uint64(16)) ^ s[:, :, r] if rows <= 4 else key * np.uint64(0x100000001B3) ^ s[:, :, r]
        key ^= np.arange(bands, dtype=np.uint64)[None, :] * np.uint64(0x9E3779B97F4A7C15)
    return key


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.mean(a == b))
