"""langdetect's detector with the same results, faster: n-grams are extracted once per distinct word.

langdetect reads a text one character at a time through ``NGram.add_char`` and, for each position,
looks up the 1-, 2- and 3-grams ending there. Its n-gram buffer starts afresh after every character
that normalises to a space, so the n-grams of a text are the concatenation of the n-grams of its
words (the runs between such characters), each computed from a fresh buffer. German text repeats
its words a lot, so memoising per word removes most of the cost while giving the identical n-gram
list, and with it the identical random sampling and probabilities. The sampling itself updates all
languages' probabilities in one vector operation per n-gram: the same IEEE operations on each
element as langdetect's loop, and the normalising sum is still taken in langdetect's order.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain, repeat

import numpy as np
from langdetect import detector_factory
from langdetect.detector import Detector
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.language import Language as Guess
from langdetect.utils.ngram import NGram

SPACE = " "
SPACE_RUN = re.compile(" +")
WORD_CACHE_SIZE = 65536

_space_table: dict[int, str] = {}  # characters that langdetect normalises to a space → " "
_known_chars: set[str] = set()


def _space_out(text: str) -> str:
    """``text`` with every character that langdetect normalises to a space replaced by a space."""
    for char in set(text) - _known_chars:
        _known_chars.add(char)
        if NGram.normalize(char) == SPACE:
            _space_table[ord(char)] = SPACE
    return text.translate(_space_table)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _word_ngrams(word: str, closed: bool) -> tuple[str, ...]:
    """The known n-grams langdetect emits for ``word`` (plus a following space when ``closed``)."""
    known = detector_factory._factory.word_lang_prob_map
    ngram = NGram()
    found = []
    for char in word + SPACE if closed else word:
        ngram.add_char(char)
        if ngram.capitalword:
            continue
        for n in range(1, NGram.N_GRAM + 1):
            if len(ngram.grams) < n:
                break
            gram = ngram.grams[-n:]
            if gram and gram != SPACE and gram in known:
                found.append(gram)
    return tuple(found)


@lru_cache(maxsize=None)  # bounded by the n-grams of langdetect's profiles
def _gram_probabilities(gram: str) -> np.ndarray:
    return np.array(detector_factory._factory.word_lang_prob_map[gram], dtype=np.float64)


class WordMemoDetector(Detector):
    def append(self, text: str) -> None:
        # the parent's character loop, as two C-level steps: cut to the length limit, collapse space runs
        text = self.MAIL_RE.sub(SPACE, self.URL_RE.sub(SPACE, text))
        text = NGram.normalize_vi(text)
        self.text += SPACE_RUN.sub(SPACE, text[: self.max_text_length])

    def _extract_ngrams(self) -> list[str]:
        words = _space_out(self.text).split(SPACE)
        last = words.pop()  # the only word that may not be followed by a space
        result = list(chain.from_iterable(map(_word_ngrams, filter(None, words), repeat(True))))
        if last:
            result.extend(_word_ngrams(last, False))
        return result

    def _detect_block(self) -> None:
        self.cleaning_text()
        ngrams = self._extract_ngrams()
        if not ngrams:
            raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
        self.langprob = [0.0] * len(self.langlist)
        self.random.seed(self.seed)
        for _ in range(self.n_trial):
            prob = np.array(self._init_probability(), dtype=np.float64)
            alpha = self.alpha + self.random.gauss(0.0, 1.0) * self.ALPHA_WIDTH
            weight = alpha / self.BASE_FREQ
            i = 0
            while True:
                prob *= weight + _gram_probabilities(self.random.choice(ngrams))
                if i % 5 == 0:
                    prob /= sum(prob.tolist())
                    if prob.max() > self.CONV_THRESHOLD or i >= self.ITERATION_LIMIT:
                        break
                i += 1
            for j, p in enumerate(prob.tolist()):
                self.langprob[j] += p / self.n_trial


def detect_probabilities(text: str, *, seed: int) -> list[Guess]:
    """``langdetect.detect_langs(text)`` with ``DetectorFactory.seed = seed``, computed faster."""
    detector_factory.init_factory()
    detector = WordMemoDetector(detector_factory._factory)
    detector.seed = seed
    detector.append(text)
    return detector.get_probabilities()
