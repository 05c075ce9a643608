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
        punctuation or a blank line is not taken for a name).

        A word starts a sentence when a '.', '!' or '?' or a blank line (the second of two line
        breaks; a single one is only wrapping) lies between it and the word before it. Such bytes
        are few: each is found once and marks the first word that starts after it, unless it lies
        inside the word before that one (a decimal point)."""
        b = np.frombuffer(self.buffer, dtype=np.uint8)
        marks = np.flatnonzero((b == 46) | (b == 33) | (b == 63) | (b == 10))
        lf = marks[b[marks] == 10]
        blank = lf[1:][lf[1:] - 1 == lf[:-1]]
        stops = np.concatenate((marks[b[marks] != 10], blank))
        sentence_start = np.zeros(len(self.starts), dtype=bool)
        if len(sentence_start):
            nxt = np.searchsorted(self.starts, stops, side="right")  # the first word after the stop
            ok = nxt < len(self.starts)
            nxt, stops = nxt[ok], stops[ok]
            outside = (nxt == 0) | (stops >= self.ends[np.maximum(nxt - 1, 0)])
            sentence_start[nxt[outside]] = True
            sentence_start[0] = True
        return self.upper & ~sentence_start


def tokenize(texts: list[str]) -> Tokens:
    """Tokenize and hash a batch of texts with array operations only.

    The texts are joined into one byte buffer (plus 8 zero bytes of padding, so that an 8-byte read
    at any word start stays inside it), and ASCII-lower-cased once by ``bytes.lower``. Per byte there
    are only a few uint8 compares (word characters) and one ``diff``; rare bytes (UTF-8 lead bytes,
    '.' and ',') are found once and handled as sparse index lists. A word's hash reads its lower-cased
    bytes as up to three 64-bit little-endian words (bytes 0-7, 8-15 and the last 8), gathered at the
    word starts through one byte-strided uint64 view of the buffer (no per-word copies)."""
    encoded = [t.encode("utf-8", "replace") for t in texts]
    lengths = np.fromiter((len(e) + len(_SEP) for e in encoded), dtype=np.int64, count=len(encoded))
    byte_bounds = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum(lengths, out=byte_bounds[1:])
    buffer = _SEP.join(encoded) + _SEP
    n = len(buffer)
    padded = buffer + bytes(_PAD)
    raw = np.frombuffer(padded, dtype=np.uint8)
    low = np.frombuffer(padded.lower(), dtype=np.uint8)  # ASCII A-Z -> a-z only
    word = ((low - np.uint8(97)) < 26) | ((low - np.uint8(48)) < 10) | (low >= 128)
    # UTF-8 punctuation separates words: U+2000-U+203F (dashes, curly quotes, ellipsis, bullets)
    # is E2 80 xx; no-break space, guillemets and the like are C2 A0-BF. Lead bytes are rare.
    lead = np.flatnonzero(low[: max(n - 2, 0)] >= 0xC2)
    if len(lead):
        second = low[lead + 1]
        e2 = lead[(low[lead] == 0xE2) & (second == 0x80)]
        c2 = lead[(low[lead] == 0xC2) & (second >= 0xA0) & (second <= 0xBF)]
        for at in (e2, e2 + 1, e2 + 2, c2, c2 + 1):
            word[at] = False
    # A '.' or ',' between two digits belongs to the number (1.5, 20,000). (x | 2) == 46 is '.' or ','.
    dots = np.flatnonzero((low[1 : max(n - 1, 1)] | np.uint8(2)) == 46) + 1
    if len(dots):
        before, after = low[dots - 1] - np.uint8(48), low[dots + 1] - np.uint8(48)
        word[dots[(before < 10) & (after < 10)]] = True
    # Word boundaries alternate start, end, start, end (the buffer ends with non-word bytes).
    edges = np.flatnonzero(word[1:] != word[:-1]) + 1
    if word[0]:
        edges = np.concatenate(([0], edges))
    starts, ends = edges[0::2], edges[1::2]
    first = raw[starts]
    length = ends - starts
    # Every byte offset of the buffer read as a little-endian uint64 (overlapping, unaligned view).
    at8 = np.ndarray(shape=(n,), dtype="<u8", buffer=low, strides=(1,))
    with np.errstate(over="ignore"):
        h = (at8[starts] & _MASKS[np.minimum(length, 8)]) * _C0 + length.astype(np.uint64)
        long = np.flatnonzero(length > 8)  # about one word in five: read their other bytes apart
        if len(long):
            ls, le, ll = starts[long], ends[long], length[long]
            h[long] += ((at8[ls + 8] & _MASKS[np.minimum(ll - 8, 8)]) * _C1
                        + (at8[np.maximum(le - 8, ls)] & _MASKS[np.where(ll > 16, 8, 0)]) * _C2)
        h = _mix(h)
    bounds = np.searchsorted(starts, byte_bounds)
    return Tokens(h, starts, ends, (first - np.uint8(65)) < 26, (first - np.uint8(48)) < 10,
                  bounds.astype(np.int64), byte_bounds, buffer)


_PAD = 8
_C0, _C1, _C2 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9)
_MASKS = np.array([(1 << (8 * i)) - 1 for i in range(8)] + [(1 << 64) - 1], dtype=np.uint64)


SORTED_UNIQUE_MAX = 1 << 16  # arrays up to this long: unique() sorts them itself (see there)


def unique(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` of an integer array: its distinct values, sorted, flattened. A small
    one is sorted here: np.unique first asks whether the array is masked, which imports numpy.ma
    (~20 ms of CPU, as much as all the sorts of a 600-article check); a long one is left to its
    hash table."""
    if len(values) > SORTED_UNIQUE_MAX:
        return np.unique(values)
    s = np.sort(values, axis=None)
    return s[np.concatenate(([True], s[1:] != s[:-1]))] if len(s) else s


def isin(values: np.ndarray, other: np.ndarray, is_sorted: bool = False) -> np.ndarray:
    """``np.isin(values, other)`` of integer arrays, by a sort and a binary search each (np.isin
    calls np.unique, and with it imports numpy.ma: see :func:`unique`; and it sorts both arrays
    again). ``is_sorted``: ``other`` is sorted already (a stored set), so it is not sorted here."""
    if len(values) == 0 or len(other) == 0:
        return np.zeros(len(values), dtype=bool)
    s = other if is_sorted else np.sort(other, axis=None)
    at = np.minimum(np.searchsorted(s, values), len(s) - 1)
    return s[at] == values


def _stopword_hashes() -> np.ndarray:
    return unique(tokenize([" ".join(STOPWORDS)]).hashes)


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

    @cached_property
    def _stop_table(self) -> tuple[np.ndarray, np.uint64, np.uint64]:
        """A collision-free hash table of the stopword hashes: (table, multiplier, shift); a word's
        slot is ``(hash * multiplier) >> shift``. An empty slot holds a stopword hash of another
        slot, so a word's hash equals its slot's entry only if it is that stopword."""
        stop = unique(self.stop)
        bits = max(8, (len(stop) * 64 - 1).bit_length())
        shift = np.uint64(64 - bits)
        mult = np.uint64(0x9E3779B97F4A7C15)
        for _ in range(10000):
            with np.errstate(over="ignore"):
                slots = (stop * mult) >> shift
            if len(unique(slots)) == len(stop):
                break
            with np.errstate(over="ignore"):
                mult = _mix(np.array([mult], dtype=np.uint64))[0] | np.uint64(1)
        else:  # pragma: no cover - a collision-free multiplier is found within a few dozen tries
            raise RuntimeError("no collision-free stopword table")
        table = np.full(1 << bits, stop[0] if len(stop) else 0, dtype=np.uint64)
        table[slots] = stop
        return table, mult, shift

    def is_stop(self, hashes: np.ndarray) -> np.ndarray:
        if self.stop is None or not len(self.stop):
            return np.zeros(len(hashes), dtype=bool)
        table, mult, shift = self._stop_table
        with np.errstate(over="ignore"):
            return table[(hashes * mult) >> shift] == hashes


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
        stop = ex.is_stop(tok.hashes)
        long_enough = (tok.ends - tok.starts) >= ex.min_content_len
        return ~stop & (long_enough | tok.number)

    @cached_property
    def is_key(self) -> np.ndarray:
        return self.is_content & (self.tok.capital | self.tok.number)

    def shingle_hashes(self) -> tuple[np.ndarray, np.ndarray]:
        """(hashes, owner) of every k-word shingle, in text order; shingles never cross texts.
        A text shorter than k words gets one shingle of all its words.

        A shingle's hash is a sum of its word hashes times one multiplier per position, computed
        over the whole batch in ``k`` multiply-add passes (shingles that would cross into the next
        text are dropped afterwards, found from the text bounds alone), then mixed."""
        if self._shingles is None:
            k = self.ex.shingle
            h = self.tok.hashes
            n = len(h)
            bounds = self.tok.bounds
            counts = np.diff(bounds)
            with np.errstate(over="ignore"):
                acc = h * _SHINGLE_MULT[0]
                tmp = np.empty(n, dtype=np.uint64)
                for j in range(1, min(k, n)):
                    np.multiply(h[j:], _SHINGLE_MULT[j % len(_SHINGLE_MULT)], out=tmp[: n - j])
                    acc[: n - j] += tmp[: n - j]
            # The last k-1 tokens of each text start no shingle (in a text shorter than k words,
            # that is every token; its first token then gets the truncated shingle, set below).
            valid = np.ones(n, dtype=bool)
            for j in range(1, k):
                last = bounds[1:] - j
                valid[last[last >= bounds[:-1]]] = False
            short = np.flatnonzero((counts > 0) & (counts < k))
            if len(short):
                first = bounds[short]
                with np.errstate(over="ignore"):
                    for t, f in zip(short, first):
                        c = int(counts[t])
                        acc[f] = (h[f : f + c] * _SHINGLE_MULT[:c]).sum()
                valid[first] = True
            idx = np.flatnonzero(valid)
            per_text = np.where(counts >= k, counts - (k - 1), np.minimum(counts, 1))
            owner = np.repeat(np.arange(self.size, dtype=np.int64), per_text)
            with np.errstate(over="ignore"):
                self._shingles = (_mix(acc[idx]), owner, idx)
        return self._shingles[0], self._shingles[1]

    def text(self, i: int) -> "Batch":
        """Text ``i`` as a batch of its own: views of this batch's arrays, with the same features as
        extracting the text alone (words never cross the blank line between texts, shingles and
        sentence starts are cut at it), without tokenizing it again."""
        tok = self.tok
        a, b = int(tok.bounds[i]), int(tok.bounds[i + 1])
        one = Batch(Tokens(tok.hashes[a:b], tok.starts[a:b], tok.ends[a:b], tok.upper[a:b], tok.number[a:b],
                           np.array([0, b - a], dtype=np.int64), tok.byte_bounds[i : i + 2], tok.buffer), self.ex)
        # Sentence starts read the bytes between words: the whole batch's answer, not a new scan.
        one.__dict__["is_content"] = self.is_content[a:b]
        one.__dict__["is_key"] = self.is_key[a:b]
        h, owner = self.shingle_hashes()
        lo, hi = np.searchsorted(owner, [i, i + 1])
        one._shingles = (h[lo:hi], np.zeros(hi - lo, dtype=np.int64), self.shingle_positions()[lo:hi] - a)
        return one

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
