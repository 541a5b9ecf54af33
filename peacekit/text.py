"""Words in the articles: term frequencies, keywords in context, distinctive words.

How words and terms are matched
-------------------------------
* A **word** is a run of letters or digits; an apostrophe or hyphen *inside*
  a word keeps it whole, so ``Kiev's``, ``Kiev’s`` and ``million-strong`` are
  one word each. The "per 1,000 words" denominators count these words
  (:func:`count_tokens`), so they can differ slightly from
  ``sources.word_count``, which counts space-separated chunks
  (:func:`peacekit.data.count_words`: a dash between spaces is a chunk,
  not a word here).
* A **term** is one word or a phrase (``"security guarantees"``). It is
  matched case-insensitively and on word boundaries: the characters just
  before and after the match must not be letters or digits. So ``Kiev``
  matches ``Kiev``, ``KIEV``, ``Kiev's`` and ``Kiev’s`` (the apostrophe ends
  the word; straight and curly apostrophes are treated alike), and
  ``Kiev-based``, but not ``Kievan``. Spellings are never merged: ``Kyiv``
  does not match ``Kiev`` — give both terms to compare the two spellings.
  In a phrase, any run of spaces or line breaks between the words matches.
  Nothing is stemmed: ``guarantee`` does not match ``guarantees`` (give both).
* For **distinctive words**, words are lower-cased, a possessive ``'s`` is
  removed (``kiev's`` → ``kiev``), numbers are left out and so are the
  general English function words in :data:`STOPWORDS` ("the", "of",
  "would"...). The list is not tuned to this case.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from peacekit import data as _data
from peacekit._values import as_list
from peacekit.case import Case, PathLike
from peacekit.style import join_words

__all__ = [
    "STOPWORDS",
    "tokenize",
    "count_tokens",
    "parse_terms",
    "term_pattern",
    "term_frequencies",
    "kwic",
    "distinctive_words",
    "TextIndex",
]

#: General English function words left out of :func:`distinctive_words`.
#: Deliberately not tuned to the case: no names, places or topic words.
STOPWORDS: frozenset[str] = frozenset(
    """
    a about above after again against all almost also although am among an and any are aren't around as
    at be became because become been before being below between both but by can can't cannot could
    couldn't did didn't do does doesn't doing don't done down during each either else enough even ever
    every few for from further get gets got had hadn't has hasn't have haven't having he he'd he'll he's
    her here here's hers herself him himself his how how's however i i'd i'll i'm i've if in into is
    isn't it it's its itself just least less let let's like made make many may me might more most much
    must mustn't my myself neither no nor not now of off often on once one only onto or other others
    ought our ours ourselves out over own per quite rather same shall shan't she she'd she'll she's
    should shouldn't since so some such than that that's the their theirs them themselves then there
    there's these they they'd they'll they're they've this those though through thus to too toward
    towards under until up upon us very via was wasn't we we'd we'll we're we've were weren't what
    what's whatever when when's where where's whether which while who who's whom whose why why's will
    with within without won't would wouldn't yet you you'd you'll you're you've your yours yourself
    yourselves
    """.split()
)

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_WORD_RE = re.compile(r"[^\W_]+(?:['\u2019\u2018\u02bc\-][^\W_]+)*")
_POSSESSIVE_RE = re.compile(r"'s$")


def _normalise_apostrophes(text: str) -> str:
    return text.translate(_APOSTROPHES)


def tokenize(text: str, *, drop_stopwords: bool = False) -> list[str]:
    """Split a text into lower-case words.

    Parameters
    ----------
    text : str
        Any text.
    drop_stopwords : bool
        Leave out :data:`STOPWORDS` and words without a letter (numbers), and
        strip a possessive ``'s`` — the tokens :func:`distinctive_words` uses.

    Returns
    -------
    list of str
        The words in order; curly apostrophes are made straight.

    Examples
    --------
    >>> tokenize("Kiev’s 2 million-strong army")
    ["kiev's", '2', 'million-strong', 'army']
    >>> tokenize("Kiev’s 2 million-strong army", drop_stopwords=True)
    ['kiev', 'million-strong', 'army']
    """
    words = [_normalise_apostrophes(w).lower() for w in _WORD_RE.findall(text)]
    if not drop_stopwords:
        return words
    out = []
    for word in words:
        if word in STOPWORDS:
            continue
        word = _POSSESSIVE_RE.sub("", word)
        if word in STOPWORDS or len(word) < 2 or not any(ch.isalpha() for ch in word):
            continue
        out.append(word)
    return out


def count_tokens(text: str) -> int:
    """The number of words :func:`tokenize` finds (the per-1,000-words denominator).

    Not ``sources.word_count``, which :func:`peacekit.data.count_words` counts
    as space-separated chunks: ``count_tokens("Peace — now?  Not yet.")`` is 4
    (the dash is no word), ``data.count_words`` of it is 5.
    """
    return sum(1 for _ in _WORD_RE.finditer(text))


def parse_terms(terms: str | Iterable[str]) -> list[str]:
    """Turn ``"Kyiv, Kiev"`` or ``["Kyiv", "Kiev"]`` into a clean list of terms.

    Commas separate terms; surrounding spaces are removed, inner runs of
    spaces become one, empty pieces and repeats (ignoring case) are dropped.
    """
    pieces = terms.split(",") if isinstance(terms, str) else [p for t in terms for p in str(t).split(",")]
    out: list[str] = []
    seen: set[str] = set()
    for piece in pieces:
        term = " ".join(piece.split())
        key = _normalise_apostrophes(term).lower()
        if term and key not in seen:
            seen.add(key)
            out.append(term)
    return out


def term_pattern(term: str) -> re.Pattern[str]:
    """Return the compiled regular expression used to find ``term``.

    Case-insensitive, on word boundaries, any apostrophe form, any
    whitespace between the words of a phrase (see the module docstring).
    """
    words = _normalise_apostrophes(term).split()
    if not words:
        raise ValueError("A term must contain at least one letter or digit, e.g. 'peace'.")
    parts = [re.escape(w).replace("'", "['\u2019\u2018\u02bc]") for w in words]
    return re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)", re.IGNORECASE)


def _fast_pattern(term: str) -> re.Pattern[str]:
    """The term as a case-sensitive pattern for lower-cased, apostrophe-normalised text.

    It starts with a literal, which lets Python's regex engine skip ahead
    quickly (about 20 times faster than :func:`term_pattern` on a large
    corpus); the left word boundary is checked by :func:`_left_ok`.
    """
    words = _normalise_apostrophes(term).lower().split()
    if not words:
        raise ValueError("A term must contain at least one letter or digit, e.g. 'peace'.")
    return re.compile(r"\s+".join(re.escape(w) for w in words) + r"(?!\w)")


def _left_ok(text: str, start: int) -> bool:
    """True when the character before ``start`` is not a word character (``\\w``)."""
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_")


def _lower(text: str) -> str:
    return _normalise_apostrophes(text).lower()


class TextIndex:
    """The article texts of a corpus, prepared once for fast term searches.

    The module functions and the term explorer share one index per state of
    a datasets folder (:func:`shared_index`): a file of the folder whose
    size or modification time changes makes a new one, so edits show up at
    once.

    Parameters
    ----------
    corpus : Case
        The loaded case (see :class:`peacekit.case.Case`).
    """

    def __init__(self, corpus: Case) -> None:
        self.corpus = corpus
        self.source_ids = list(corpus.source_ids)
        self.text: dict[str, str] = {}
        self.starts: dict[str, list[int]] = {}
        self.paragraphs: dict[str, list[str]] = {}
        self.words: dict[str, int] = {}
        self.lower: dict[str, str] = {}
        self._counts: dict[str, Counter[str]] = {}
        self._quote_cache: dict[str, dict[int, list[tuple[int, int, str]]]] = {}
        self._claims_grouped: dict[str, list[tuple[Any, Any, Any]]] | None = None
        self._term_counts: dict[tuple[str, ...], dict[str, int]] = {}
        corpus.read_all_paragraphs()
        for sid in self.source_ids:
            paras = corpus.paragraphs(sid)
            self.paragraphs[sid] = paras
            starts, pos = [], 0
            for p in paras:
                starts.append(pos)
                pos += len(p) + 2
            self.starts[sid] = starts
            self.text[sid] = "\n\n".join(paras)
            self.lower[sid] = _lower(self.text[sid])
            self.words[sid] = count_tokens(self.text[sid])

    # ----------------------------------------------------------- helpers
    def check_sources(self, sources: Any) -> list[str]:
        """Return the chosen source ids in dataset order (all when ``None``)."""
        chosen = as_list(sources)
        if chosen is None:
            return list(self.source_ids)
        chosen = self.corpus.check_source_ids(chosen)
        wanted = set(chosen)
        return [sid for sid in self.source_ids if sid in wanted]

    def counts(self, source_id: str) -> Counter[str]:
        """Content-word counts of one source (a copy: the index's own are shared by every caller)."""
        return Counter(self._content_counts(source_id))

    def _content_counts(self, source_id: str) -> Counter[str]:
        if source_id not in self._counts:
            self._counts[source_id] = Counter(tokenize(self.text[source_id], drop_stopwords=True))
        return self._counts[source_id]

    # ------------------------------------------------------------ queries
    def term_count(self, term: str, source_id: str) -> int:
        """How often ``term`` is used in one source (kept: a term is searched once per source)."""
        key = tuple(_lower(term).split())
        found = self._term_counts.get(key)
        if found is None:
            if len(self._term_counts) >= 256:  # typed terms pile up in a long session
                self._term_counts.clear()
            found = self._term_counts[key] = {}
        if source_id not in found:
            pattern = _fast_pattern(term)
            low = self.lower[source_id]
            found[source_id] = sum(1 for m in pattern.finditer(low) if _left_ok(low, m.start()))
        return found[source_id]

    def term_frequencies(self, terms: str | Iterable[str], *, sources: Any = None) -> pd.DataFrame:
        """See :func:`term_frequencies`."""
        term_list = parse_terms(terms)
        if not term_list:
            raise ValueError("Give at least one term, e.g. 'peace' or 'Kyiv, Kiev'.")
        chosen = self.check_sources(sources)
        words = [self.words[sid] for sid in chosen]
        counts = [self.term_count(term, sid) for term in term_list for sid in chosen]
        every_words = words * len(term_list)
        columns = {
            "term": pd.array([t for t in term_list for _ in chosen], dtype="string"),
            "source_id": pd.array(chosen * len(term_list), dtype="string"),
            "source_label": pd.array([self.corpus.source_label[s] for s in chosen] * len(term_list), dtype="string"),
            "count": pd.array(counts, dtype="int64"),
            "words": pd.array(every_words, dtype="int64"),
            "per_1000": pd.array([1000.0 * n / w if w else 0.0 for n, w in zip(counts, every_words)], dtype="float64"),
        }
        return pd.DataFrame(columns)

    def kwic(self, term: str, *, width: int = 60, sources: Any = None, limit: int | None = None) -> pd.DataFrame:
        """See :func:`kwic`. ``limit`` stops after that many lines."""
        if width < 0:
            raise ValueError("width must be 0 or more characters.")
        terms = parse_terms([term]) if isinstance(term, str) else []
        if len(terms) != 1:
            raise ValueError("Give one term (a word or a phrase), e.g. 'guarantee'.")
        exact = term_pattern(terms[0])
        fast = _fast_pattern(terms[0])
        chosen = self.check_sources(sources)
        rows: list[tuple[str, int, str, str, str]] = []
        for sid in chosen:
            text, starts, paras = self.text[sid], self.starts[sid], self.paragraphs[sid]
            low = self.lower[sid]
            if len(low) == len(text):  # lower-casing kept every offset: use the fast search
                spans = [m.span() for m in fast.finditer(low) if _left_ok(low, m.start())]
            else:
                spans = [m.span() for m in exact.finditer(text)]
            quoted = self._quote_spans(sid) if spans else {}
            for start, end in spans:
                i = bisect.bisect_right(starts, start) - 1
                para, p0 = paras[i], starts[i]
                s, e = start - p0, end - p0
                left = para[max(0, s - width) : s]
                right = para[e : e + width]
                rows.append((sid, i + 1, _speaker_at(quoted.get(i + 1, []), s, e), left, para[s:e], right))
                if limit is not None and len(rows) >= limit:
                    break
            if limit is not None and len(rows) >= limit:
                break
        frame = pd.DataFrame(rows, columns=["source_id", "paragraph", "speaker", "left", "match", "right"])
        return frame.astype(
            {
                "source_id": "string",
                "paragraph": "int64",
                "speaker": "string",
                "left": "string",
                "match": "string",
                "right": "string",
            }
        )

    def _quote_spans(self, source_id: str) -> dict[int, list[tuple[int, int, str]]]:
        """Where each coded claim's quote sits in its paragraph: {paragraph: [(start, end, speaker)]}."""
        cache = self._quote_cache
        if source_id not in cache:
            paras = self.paragraphs[source_id]
            spans: dict[int, list[tuple[int, int, str]]] = {}
            for quote, speaker, number in self._claims_by_source().get(source_id, []):
                try:
                    n = int(number)
                except (TypeError, ValueError):
                    continue
                if not 1 <= n <= len(paras) or pd.isna(quote) or not str(quote).strip():
                    continue
                at = paras[n - 1].find(str(quote))
                if at >= 0:
                    who = "" if pd.isna(speaker) else str(speaker)
                    spans.setdefault(n, []).append((at, at + len(str(quote)), who))
            cache[source_id] = spans
        return cache[source_id]

    def _claims_by_source(self) -> dict[str, list[tuple[Any, Any, Any]]]:
        """(quote, speaker, paragraph) of every claim, grouped by source in one pass (read on first use)."""
        if self._claims_grouped is None:
            try:
                claims = self.corpus.claims
            except Exception:  # a datasets folder without claims: no speakers to show
                claims = None
            grouped: dict[str, list[tuple[Any, Any, Any]]] = {}
            if claims is not None and len(claims):
                rows = zip(claims["source_id"].astype(str).tolist(), claims["quote"].tolist(),
                           claims["speaker"].tolist(), claims["paragraph"].tolist())
                for sid, quote, speaker, number in rows:
                    grouped.setdefault(sid, []).append((quote, speaker, number))
            self._claims_grouped = grouped
        return self._claims_grouped

    def distinctive_words(self, source_id: str, *, other: Any = None, top: int = 10) -> pd.DataFrame:
        """See :func:`distinctive_words`."""
        (source_id,) = self.corpus.check_source_ids([source_id])
        if other is None:
            others = [sid for sid in self.source_ids if sid != source_id]
        else:
            others = self.corpus.check_source_ids(as_list(other) or [])
            if source_id in others:
                raise ValueError("Compare a source with other sources: remove it from `other`.")
        if not others:
            raise ValueError("There is no other source to compare with; give `other` or add a source.")
        if top < 1:
            raise ValueError("top must be 1 or more.")
        mine = self._content_counts(source_id)  # read, not changed
        theirs: Counter[str] = Counter()
        for sid in others:
            theirs.update(self._content_counts(sid))
        return weighted_log_odds(mine, theirs, top=top)


def _speaker_at(quotes: list[tuple[int, int, str]], start: int, end: int) -> str:
    """The speaker of the shortest coded quote that contains ``start:end`` ('' when none does)."""
    inside = [(e - s, who) for s, e, who in quotes if s <= start and end <= e]
    return min(inside)[1] if inside else ""


def weighted_log_odds(mine: Counter[str], theirs: Counter[str], *, top: int | None = 10) -> pd.DataFrame:
    """Weighted log-odds with an informative Dirichlet prior (Monroe et al. 2008).

    Parameters
    ----------
    mine, theirs : Counter
        Word counts of the focus text and of the comparison texts.
    top : int or None
        Keep the ``top`` words with the highest z-score (all when ``None``).

    Returns
    -------
    pandas.DataFrame
        See :func:`distinctive_words`.
    """
    columns = ["word", "count", "per_1000", "count_other", "per_1000_other", "log_odds", "z"]
    n_i, n_j = sum(mine.values()), sum(theirs.values())
    background = mine + theirs
    a0 = float(sum(background.values()))
    rows = []
    for word, count in mine.items():
        a_w = float(background[word])
        y_i, y_j = float(count), float(theirs.get(word, 0))
        delta = math.log((y_i + a_w) / (n_i + a0 - y_i - a_w)) - math.log((y_j + a_w) / (n_j + a0 - y_j - a_w))
        variance = 1.0 / (y_i + a_w) + 1.0 / (y_j + a_w)
        rows.append(
            (
                word,
                count,
                1000.0 * y_i / n_i if n_i else 0.0,
                int(y_j),
                1000.0 * y_j / n_j if n_j else 0.0,
                delta,
                delta / math.sqrt(variance),
            )
        )
    frame = pd.DataFrame(rows, columns=columns)
    frame = frame.sort_values(["z", "word"], ascending=[False, True], kind="stable")
    if top is not None:
        frame = frame.head(top)
    return frame.reset_index(drop=True).astype(
        {
            "word": "string",
            "count": "int64",
            "per_1000": "float64",
            "count_other": "int64",
            "per_1000_other": "float64",
            "log_odds": "float64",
            "z": "float64",
        }
    )


# ---------------------------------------------------------------------------
# Public functions
# ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def _index_of_state(folder: str, state: tuple[tuple[str, int, int], ...]) -> TextIndex:
    return TextIndex(Case(path=folder))


def shared_index(path: PathLike = None) -> TextIndex:
    """The :class:`TextIndex` of a datasets folder as its files are now, built once per state.

    Reading and preparing every article takes tens of milliseconds; a lesson
    asks for terms a dozen times. The index is kept for the folder's state
    (the name, size and modification time of each of its files), so a file
    whose size or time changes makes a new index. Its methods return new
    tables and copies; the index itself must not be changed.

    Parameters
    ----------
    path : str or path-like, optional
        A datasets folder (default: the loaders' default).
    """
    folder = _data.data_dir(path=path)
    return _index_of_state(str(folder), _data._folder_stamps(folder))


def term_frequencies(
    terms: str | Sequence[str], *, sources: str | Sequence[str] | None = None, path: PathLike = None
) -> pd.DataFrame:
    """How often each term is used in each source, per 1,000 words.

    Parameters
    ----------
    terms : str or sequence of str
        One or more words or phrases: ``"Kyiv, Kiev"`` or ``["Kyiv", "Kiev"]``.
        Matching is case-insensitive and on word boundaries; ``"Kiev"``
        matches ``"Kiev's"`` but ``"Kyiv"`` does not match ``"Kiev"`` (see the
        module docstring).
    sources : str or sequence of str, optional
        Source ids to include (default: all, in ``sources.csv`` order).
    path : str or path-like, optional
        A datasets folder (default: the shipped one).

    Returns
    -------
    pandas.DataFrame
        One row per term and source: ``term, source_id, source_label,
        count`` (matches), ``words`` (words in the source), ``per_1000``
        (``1000 * count / words``), terms in the order given.

    Raises
    ------
    ValueError
        If no term is given or a source id is unknown.
    """
    return shared_index(path).term_frequencies(terms, sources=sources)


def kwic(
    term: str, *, width: int = 60, sources: str | Sequence[str] | None = None, path: PathLike = None
) -> pd.DataFrame:
    """Keyword in context: every use of a term, with the words around it.

    Parameters
    ----------
    term : str
        One word or phrase, matched as in :func:`term_frequencies`.
    width : int
        Characters of context kept on each side (within the paragraph).
    sources : str or sequence of str, optional
        Source ids to search (default: all).
    path : str or path-like, optional
        A datasets folder.

    Returns
    -------
    pandas.DataFrame
        ``source_id, paragraph`` (1-based, as in ``claims.paragraph``)
        ``, speaker, left, match, right``; ``speaker`` is the speaker of the
        coded claim whose quote contains the match (the shortest one when
        several do), empty when the match is in no coded quote — then read
        the paragraph to see whose words they are. ``match`` is the text as
        printed (its case and apostrophe kept). Empty (with these columns)
        when the term is not found.
    """
    return shared_index(path).kwic(term, width=width, sources=sources)


def distinctive_words(
    source_id: str, *, other: str | Sequence[str] | None = None, top: int = 10, path: PathLike = None
) -> pd.DataFrame:
    """The words one source uses much more than the others.

    In plain words: for every word we compare how often this source uses it
    with how often the other sources use it (the *log-odds ratio*). Rare
    words give wild ratios (a word used once here and never elsewhere looks
    "infinitely" typical), so before comparing we add to every count a few
    imaginary uses in proportion to how common the word is in all the texts
    together — the "informative Dirichlet prior". That pulls rare words back
    towards "nothing special". Finally we divide the difference by its
    uncertainty, giving a **z-score**: how many standard errors the
    difference is from zero. The higher the z-score, the more clearly this
    source favours the word; above about 2 is a conventional "clear"
    difference, but with texts as short as these (a few hundred content
    words each) read the list as a ranking. A high score is a reason to look
    at the word in context (:func:`kwic`), not proof of bias.

    Method: Monroe, Colaresi & Quinn (2008), "Fightin' Words", *Political
    Analysis* 16(4), with the prior counts equal to each word's count in the
    source and the comparison texts together.

    Parameters
    ----------
    source_id : str
        The source to describe.
    other : str or sequence of str, optional
        The sources to compare with (default: all other sources).
    top : int
        How many words to return, highest z-score first.
    path : str or path-like, optional
        A datasets folder.

    Returns
    -------
    pandas.DataFrame
        ``word, count`` (in this source) ``, per_1000, count_other,
        per_1000_other, log_odds`` (the prior-smoothed log-odds difference)
        ``, z`` (the z-score), sorted by ``z`` (descending).

    Raises
    ------
    ValueError
        If an id is unknown, ``other`` contains the source itself, or there
        is nothing to compare with.
    """
    return shared_index(path).distinctive_words(source_id, other=other, top=top)


def terms_not_found(frame: pd.DataFrame) -> list[str]:
    """Terms of a :func:`term_frequencies` result that occur in no source."""
    totals = frame.groupby("term", sort=False)["count"].sum()
    return [str(t) for t, n in totals.items() if n == 0]


def describe_not_found(terms: Sequence[str]) -> str:
    """A sentence for terms that were not found, e.g. for a widget."""
    quoted = [f"“{t}”" for t in terms]
    verb = "does" if len(terms) == 1 else "do"
    return (
        f"{join_words(quoted)} {verb} not appear in the selected sources. "
        "Check the spelling, try another form (e.g. a plural), or pick more sources."
    )
