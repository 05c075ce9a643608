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
    slot = (hashes >> np.uint64(64 - bits)).astype(np.intp)
    slot += owner * k
    values = hashes.astype(np.uint32)  # the low 32 bits (C cast wraps)
    sig = np.full(size * k, EMPTY, dtype=np.uint32)
    np.minimum.at(sig, slot, values)
    _densify(sig, k)
    return sig.astype(np.uint16).reshape(size, k)  # the low 16 bits


def _densify(sig: np.ndarray, k: int) -> None:
    """Fill, in place, each empty bin of the flat ``size * k`` signatures from the nearest non-empty
    bin to its right in the same row (circular). Only the empty bins (a few percent) are visited:
    the next filled bin is found by binary search in the sorted positions of the filled ones."""
    filled = sig != EMPTY
    empty = np.flatnonzero(~filled)
    if not len(empty):
        return
    full = np.flatnonzero(filled)
    if not len(full):
        return
    row_start = empty - empty % k
    at = np.searchsorted(full, empty)
    nxt = full[np.minimum(at, len(full) - 1)]
    right = (at < len(full)) & (nxt < row_start + k)
    first = full[np.minimum(np.searchsorted(full, row_start), len(full) - 1)]
    wrap = (first >= row_start) & (first < row_start + k)  # the row has a filled bin at all
    donor = np.where(right, nxt, first)
    distance = np.where(right, nxt - empty, first + k - empty).astype(np.uint32)
    has = right | wrap
    with np.errstate(over="ignore"):
        sig[empty[has]] = sig[donor[has]] + distance[has] * _ROTATE


def empty_rows(sig: np.ndarray) -> np.ndarray:
    return (sig == 0xFFFF).all(axis=1)


def band_keys(sig: np.ndarray, rows: int, first: int = 0) -> np.ndarray:
    """Band keys (``size`` x ``bands``, uint64): ``rows`` 16-bit values of a band packed into one
    integer (exact for rows <= 4, mixed otherwise), with the band's number mixed in, so that keys
    of two bands never meet in one bucket. ``first``: the number of the first band in ``sig``
    (a slice of the signatures, from band ``first`` on)."""
    size, k = sig.shape
    bands = k // rows
    s = sig[:, : bands * rows].astype(np.uint64).reshape(size, bands, rows)
    key = np.zeros((size, bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for r in range(rows):
            key = (key << np.uint64(16)) ^ s[:, :, r] if rows <= 4 else key * np.uint64(0x100000001B3) ^ s[:, :, r]
        key ^= np.arange(first, first + bands, dtype=np.uint64)[None, :] * np.uint64(0x9E3779B97F4A7C15)
    return key


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.mean(a == b))
