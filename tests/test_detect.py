from pipeline.detect import LanguageSettings, detect_language
from pipeline.model import Article, Language

GERMAN = (
    "Der Konzern hat im vergangenen Jahr deutlich mehr Gewinn gemacht als erwartet, "
    "teilte das Unternehmen am Montag in Frankfurt mit."
)
ENGLISH = (
    "The company reported a much higher profit than expected last year, "
    "it said on Monday in a statement to investors."
)


def verdict(text: str) -> Language:
    return detect_language(Article(id="a", source="a.txt", text=text, format="txt"), settings=LanguageSettings())


def test_german_article():
    assert verdict(GERMAN) == Language(article_id="a", language="de", probability=1.0, shares={"de": 1.0}, mixed=False)


def test_english_article_is_kept_and_marked():
    assert verdict(ENGLISH) == Language(article_id="a", language="en", probability=1.0, shares={"en": 1.0}, mixed=False)


def test_german_article_with_english_paragraph_is_mixed():
    result = verdict("\n\n".join([GERMAN, GERMAN, ENGLISH]))
    assert (result.language, result.mixed, result.shares) == ("de", True, {"de": 0.6954, "en": 0.3046})


def test_text_without_language_is_undetermined():
    assert verdict("12345 !!!") == Language(article_id="a", language="und", probability=0.0)


def test_detection_is_deterministic():
    text = "Kurz: OK, gut."
    assert [verdict(text) for _ in range(5)] == [verdict(text)] * 5
