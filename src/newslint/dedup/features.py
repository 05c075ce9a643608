"""Features of many articles at once, vectorized with NumPy over the whole batch.

A batch of texts is joined into one byte buffer; word boundaries, lower-casing and token hashes are
computed with array operations (each word's bytes are gathered as 64-bit words at its start), so no
Python code runs per word. For each article we get:

- ``tokens``: 64-bit hashes of every word, in order (for copy shingles and shared passages);
- ``shingles``: the set of hashed ``k``-word shingles (copies);
- ``content``: the set of content words, stopwords removed (rewrites);
- ``keys``: names (capitalized words that do not start a sentence) and numbers: what a bot rewrite keeps.

All hashes are 64-bit, so comparing sets of them is exact for our purposes (collision odds ~2^-40).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

# Bytes >= 0x80 count as letters (accented names stay whole), except UTF-8 punctuation (below).
_SEP = b"\n\n"

STOPWORDS = """a about above after again against all also am an and any are aren as at be because been before being
below between both but by can could did didn do does doesn doing don down during each few for from further had
hadn has hasn have haven having he her here hers herself him himself his how i if in into is isn it its itself just
ll me more most my myself no nor not now of off on once only or other our ours ourselves out over own re s same she
should so some such t than that the their theirs them themselves then there these they this those through to too
under until up very was wasn we were weren what when where which while who whom why will with won would you your
yours yourself yourselves said says say told according mr mrs ms one two three new also year years would could
percent per cent week monday tuesday wednesday thursday friday saturday sunday last first people time like made
make get got may might must many much well us back still even since around way going go goes went just""".split()


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finalizer: spreads the bits of the polynomial hash (uint64 arrays, wrapping)."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


@dataclass
class Tokens:
    """Every word of a batch of texts: hashes, byte offsets, flags, and per-text ranges."""

    hashes: np.ndarray  # uint64, lower-cased word hash
    starts: np.ndarray  # int64 byte offsets into the joined buffer
    ends: np.ndarray
    upper: np.ndarray  # bool: starts with an upper-case letter
    number: np.ndarray  # bool: starts with a digit
    bounds: np.ndarray  # int64, len(texts)+1: token index range of text i is bounds[i]:bounds[i+1]
    byte_bounds: np.ndarray  # byte range of text i in the buffer
    buffer: bytes

    @property
    def capital(self) -> np.ndarray:
        """Starts with a capital and does not start a sentence (a capital after sentence-ending
        punctuation or a blank line is not taken for a name)."""
        b = np.frombuffer(self.buffer, dtype=np.uint8)
        nl = b == 10
        blank = np.zeros(len(b), dtype=bool)
        blank[1:] = nl[1:] & nl[:-1]  # a paragraph break; a single line break is only wrapping
        stops = np.flatnonzero((b == 46) | (b == 33) | (b == 63) | blank)
        prev_end = np.concatenate(([0], self.ends[:-1])) if len(self.ends) else self.ends
        sentence_start = np.searchsorted(stops, self.starts) > np.searchsorted(stops, prev_end)
        if len(sentence_start):
            sentence_start[0] = True
        return self.upper & ~sentence_start


def tokenize(texts: list[str]) -> Tokens:
    """Tokenize and hash a batch of texts with array operations only.

    A word's hash reads its lower-cased bytes as up to three 64-bit little-endian words (bytes 0-7,
    8-15 and the last 8), gathered at the word starts, so per-byte work is a few uint8 compares."""
    encoded = [t.encode("utf-8", "replace") for t in texts]
    lengths = np.fromiter((len(e) + len(_SEP) for e in encoded), dtype=np.int64, count=len(encoded))
    byte_bounds = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum(lengths, out=byte_bounds[1:])
    buffer = _SEP.join(encoded) + _SEP
    b = np.frombuffer(buffer, dtype=np.uint8)
    n = len(b)
    upper = (b - np.uint8(65)) < 26
    digit = (b - np.uint8(48)) < 10
    word = ((b | np.uint8(32)) - np.uint8(97) < 26) | digit | (b >= 128)
    # UTF-8 punctuation separates words: U+2000-U+203F (dashes, curly quotes, ellipsis, bullets)
    # is E2 80 xx; no-break space, guillemets and the like are C2 80-BF.
    if n > 2:
        lead = np.flatnonzero(((b[:-2] == 0xE2) & (b[1:-1] == 0x80)) | ((b[:-2] == 0xC2) & (b[1:-1] >= 0xA0) & (b[1:-1] <= 0xBF)))
        for k in (0, 1):
            word[lead + k] = False
        word[lead[b[lead] == 0xE2] + 2] = False
    # A '.' or ',' between two digits belongs to the number (1.5, 20,000).
    if n > 2:
        word[1:-1] |= ((b[1:-1] == 46) | (b[1:-1] == 44)) & digit[:-2] & digit[2:]
    edges = np.diff(word.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    low = b | (upper.view(np.uint8) << np.uint8(5))  # A-Z -> a-z
    padded = np.zeros(n + 16, dtype=np.uint8)
    padded[:n] = low
    length = ends - starts
    with np.errstate(over="ignore"):
        h = _window(padded, starts, np.minimum(length, 8)) * _C0 + length.astype(np.uint64)
        long = np.flatnonzero(length > 8)  # about one word in five: read their other bytes apart
        if len(long):
            ls, le, ll = starts[long], ends[long], length[long]
            h[long] += (_window(padded, ls + 8, np.minimum(ll - 8, 8)) * _C1
                        + _window(padded, np.maximum(le - 8, ls), np.where(ll > 16, 8, 0)) * _C2)
        h = _mix(h)
    bounds = np.searchsorted(starts, byte_bounds)
    return Tokens(h, starts, ends, upper[starts], digit[starts], bounds.astype(np.int64), byte_bounds, buffer)


_C0, _C1, _C2 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9)
_SHIFTS = np.arange(8, dtype=np.uint64) * np.uint64(8)


_MASKS = np.array([(1 << (8 * i)) - 1 for i in range(8)] + [(1 << 64) - 1], dtype=np.uint64)


def _window(padded: np.ndarray, at: np.ndarray, count: np.ndarray) -> np.ndarray:
    """The ``count`` (0..8) bytes at each offset ``at`` as a little-endian uint64 (one gather)."""
    windows = np.lib.stride_tricks.sliding_window_view(padded, 8)[at]
    return np.ascontiguousarray(windows).view("<u8").ravel() & _MASKS[count]


def _stopword_hashes() -> np.ndarray:
    return np.unique(tokenize([" ".join(STOPWORDS)]).hashes)


@dataclass(frozen=True)
class Extractor:
    """Feature extraction settings, built once (stopword hashes, shingle size)."""

    shingle: int = 5
    min_content_len: int = 3  # content words shorter than this (bytes) are ignored
    stop: np.ndarray = None  # type: ignore[assignment]

    @staticmethod
    def create(shingle: int = 5) -> "Extractor":
        return Extractor(shingle=shingle, stop=_stopword_hashes())

    def extract(self, texts: list[str]) -> "Batch":
        tok = tokenize(texts)
        return Batch(tok, self)


_SHINGLE_MULT = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
                          0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x2545F4914F6CDD1D, 0x9FB21C651E98DF25], dtype=np.uint64)


class Batch:
    """Per-article features of a tokenized batch; arrays are views, computed on first use."""

    def __init__(self, tok: Tokens, ex: Extractor) -> None:
        self.tok = tok
        self.ex = ex
        self.size = len(tok.bounds) - 1
        self.owner = np.repeat(np.arange(self.size, dtype=np.int64), np.diff(tok.bounds))
        self._shingles: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    @cached_property
    def is_content(self) -> np.ndarray:
        tok, ex = self.tok, self.ex
        i = np.clip(np.searchsorted(ex.stop, tok.hashes), 0, len(ex.stop) - 1)
        stop = ex.stop[i] == tok.hashes
        long_enough = (tok.ends - tok.starts) >= ex.min_content_len
        return ~stop & (long_enough | tok.number)

    @cached_property
    def is_key(self) -> np.ndarray:
        return self.is_content & (self.tok.capital | self.tok.number)

    def shingle_hashes(self) -> tuple[np.ndarray, np.ndarray]:
        """(hashes, owner) of every k-word shingle, in text order; shingles never cross texts.
        A text shorter than k words gets one shingle of all its words."""
        if self._shingles is None:
            k = self.ex.shingle
            h = self.tok.hashes
            n = len(h)
            with np.errstate(over="ignore"):
                acc = np.zeros(n, dtype=np.uint64)
                for j in range(min(k, n)):
                    acc[: n - j] += h[j:] * _SHINGLE_MULT[j % len(_SHINGLE_MULT)]
                acc = _mix(acc)
            idx = np.arange(n, dtype=np.int64)
            valid = idx + k <= self.tok.bounds[1:][self.owner] if n else np.zeros(0, dtype=bool)
            # Texts with fewer than k words: use the truncated shingle at their first token.
            counts = np.diff(self.tok.bounds)
            short = np.flatnonzero((counts > 0) & (counts < k))
            if len(short):
                first = self.tok.bounds[short]
                with np.errstate(over="ignore"):
                    for t, f in zip(short, first):
                        c = int(counts[t])
                        acc[f] = _mix(np.array([(h[f : f + c] * _SHINGLE_MULT[:c]).sum()], dtype=np.uint64))[0]
                valid[first] = True
            self._shingles = (acc[valid], self.owner[valid], idx[valid])
        return self._shingles[0], self._shingles[1]

    def shingle_positions(self) -> np.ndarray:
        self.shingle_hashes()
        assert self._shingles is not None
        return self._shingles[2]

    def content(self) -> tuple[np.ndarray, np.ndarray]:
        """(hashes, owner) of content words, unique per text, sorted by (owner, hash)."""
        return _unique_per_owner(self.tok.hashes[self.is_content], self.owner[self.is_content])

    def keys(self) -> tuple[np.ndarray, np.ndarray]:
        """(hashes, owner) of names and numbers, unique per text."""
        return _unique_per_owner(self.tok.hashes[self.is_key], self.owner[self.is_key])

    def word(self, index: int) -> str:
        return self.tok.buffer[self.tok.starts[index] : self.tok.ends[index]].decode("utf-8", "replace")

    def key_words(self, i: int) -> dict[int, str]:
        """Hash -> surface form of the names and numbers of text ``i`` (first occurrence)."""
        a, b = self.tok.bounds[i], self.tok.bounds[i + 1]
        out: dict[int, str] = {}
        for j in np.flatnonzero(self.is_key[a:b]) + a:
            out.setdefault(int(self.tok.hashes[j]), self.word(int(j)))
        return out


def _unique_per_owner(hashes: np.ndarray, owner: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    order = np.lexsort((hashes, owner))
    h, o = hashes[order], owner[order]
    if len(h) == 0:
        return h, o
    keep = np.ones(len(h), dtype=bool)
    keep[1:] = (h[1:] != h[:-1]) | (o[1:] != o[:-1])
    return h[keep], o[keep]


def split(values: np.ndarray, owner: np.ndarray, size: int) -> list[np.ndarray]:
    """Cut an owner-sorted array into one array per text."""
    cuts = np.searchsorted(owner, np.arange(size + 1))
    return [values[cuts[i] : cuts[i + 1]] for i in range(size)]
