"""The per-article extraction cache: no model needed."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

from generator.cache import ExtractionCache
from generator.records import (ArticleExtraction, LocalActor, LocalEvent, LocalMention, LocalQuote,
                                       LocalRole, Place)
from generator.model import Article

TEXT = "Zamir Kabulov met the delegation in Moscow. “The talks were useful,” he said."


def article(text: str = TEXT) -> Article:
    return Article(id="a-moscow", path="moscow.md", title="Envoys meet", date=date(2019, 9, 23), text=text)


def records() -> ArticleExtraction:
    quote_start = TEXT.index("The talks")
    return ArticleExtraction(
        article="a-moscow", sentences=[(0, 43), (44, len(TEXT))],
        actors=[LocalActor(0, "Zamir Kabulov", "person", mentions=[LocalMention(0, 13, "Zamir Kabulov")],
                           roles=[LocalRole("Russian envoy", 0, 43)], affiliation=1),
                LocalActor(1, "Russia", "country", known=True, mentions=[LocalMention(0, 5, "Envoy", "title")])],
        quotes=[LocalQuote("The talks were useful,", quote_start, quote_start + 22, "direct", "say", 0)],
        events=[LocalEvent("meeting", [0, 1], "Moscow", "2019-09-13", "held", [Place(0, 43), Place(0, 11, "title")],
                           cue="met")],
    )


def test_round_trip(tmp_path):
    cache = ExtractionCache(tmp_path, "en_core_web_sm-3.8.0")
    assert cache.get(article()) is None
    cache.put(article(), records())
    assert cache.get(article()) == records()
    assert list(tmp_path.rglob("*.tmp")) == []


def test_corrupt_entry_is_ignored(tmp_path):
    cache = ExtractionCache(tmp_path, "en_core_web_sm-3.8.0")
    cache.put(article(), records())
    [entry] = list(tmp_path.rglob("*.json"))
    for broken in ("{not json", "", '{"key": "x", "rows": []}', '{"rows": null}', '{"key": "x"'):
        entry.write_text(broken, encoding="utf-8")
        assert cache.get(article()) is None, broken
    entry.write_bytes(b"\xff\xfe\x00garbage")
    assert cache.get(article()) is None
    cache.put(article(), records())  # a fresh put repairs it
    assert cache.get(article()) == records()


def test_entry_with_wrong_record_shape_is_ignored(tmp_path):
    cache = ExtractionCache(tmp_path, "en_core_web_sm-3.8.0")
    cache.put(article(), records())
    [entry] = list(tmp_path.rglob("*.json"))
    stored = json.loads(entry.read_text(encoding="utf-8"))
    article_id, sentences, actors, quotes, events = stored["rows"]
    for rows in ([article_id, sentences, actors, quotes],  # a part missing
                 [article_id, sentences, [actors[0][:-1]], quotes, events],  # an actor of too few fields
                 [article_id, sentences, actors, [quotes[0] + ["extra"]], events],  # a quote of too many
                 records().to_row()[:2] + [{"actors": []}] + records().to_row()[3:]):  # a part by field name
        entry.write_text(json.dumps({**stored, "rows": rows}), encoding="utf-8")
        assert cache.get(article()) is None, rows
    for other_json in ("[1, 2, 3]", "null", '"text"', "42"):
        entry.write_text(other_json, encoding="utf-8")
        assert cache.get(article()) is None, other_json


def test_an_entry_found_valid_is_not_checked_again_until_its_size_or_time_change(tmp_path, monkeypatch):
    """Checking ten thousand entries' records took a second a build: an entry found valid is noted by its
    size and time, and checked again only when either changes (a rewritten entry that is no longer valid
    is refused), or when it was noted within a moment of being written."""
    import os

    import generator.cache as cache_module
    from generator.checked import check

    checked = []
    monkeypatch.setattr(cache_module, "check", lambda found: checked.append(found.article) or check(found))
    cache = ExtractionCache(tmp_path, "m")
    cache.put(article(), records())
    [entry] = list(tmp_path.glob("*/*.json"))
    assert cache.get(article()) == records() and checked == ["a-moscow"]
    cache.save_checked()
    assert ExtractionCache(tmp_path, "m").get(article()) == records() and len(checked) == 2  # written just now

    old = entry.stat().st_mtime_ns - 10 * 10**9
    os.utime(entry, ns=(old, old))
    cache = ExtractionCache(tmp_path, "m")
    assert cache.get(article()) == records() and len(checked) == 3
    cache.save_checked()
    assert ExtractionCache(tmp_path, "m").get(article()) == records() and len(checked) == 3  # vouched for
    assert ExtractionCache(tmp_path, "other model").checked.known == {}

    stored = json.loads(entry.read_text(encoding="utf-8"))
    stored["rows"][3][0][1] = "not an offset"  # a quote's start
    entry.write_text(json.dumps(stored), encoding="utf-8")
    os.utime(entry, ns=(old + 1, old + 1))
    assert ExtractionCache(tmp_path, "m").get(article()) is None and len(checked) == 4


def test_changed_article_misses(tmp_path):
    cache = ExtractionCache(tmp_path, "en_core_web_sm-3.8.0")
    cache.put(article(), records())
    assert cache.get(article(TEXT.replace("Moscow", "Doha"))) is None
    assert cache.get(replace(article(), title="Envoys meet again")) is None
    assert cache.get(replace(article(), date=date(2019, 9, 24))) is None
    assert cache.get(article()) == records()


def test_other_model_misses(tmp_path):
    ExtractionCache(tmp_path, "en_core_web_sm-3.8.0").put(article(), records())
    assert ExtractionCache(tmp_path, "en_core_web_lg-3.8.0").get(article()) is None


def test_missing_folder_is_created(tmp_path):
    cache = ExtractionCache(tmp_path / "deep" / "cache", "m")
    cache.put(article(), records())
    assert cache.get(article()) == records()


# --------------------------------------------------------------------------- articles as read


def test_article_cache_gives_back_the_article_as_read(tmp_path):
    from generator.cache import ArticleCache
    from generator.sources import read_folder

    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text("---\ntitle: Envoys meet\ndate: 2019-09-23\ntags: [doha]\n---\n"
                                  "Zalmay Khalilzad met Taliban negotiators in Doha. PeÃ±a Nieto was not there.\n",
                                  encoding="utf-8")
    (content / "b.md").write_text("---\ntitle: Broken\n---\nNo date.\n", encoding="utf-8")
    cache = ArticleCache(tmp_path / "cache")
    first = read_folder(content, cache)
    assert [a.path for a in first.articles] == ["a.md"] and "Peña Nieto" in first.articles[0].text
    assert len(list((tmp_path / "cache" / "articles").rglob("*.json"))) == 1  # problems are not kept

    again = read_folder(content, cache)
    assert again.articles == first.articles and again.problems == first.problems
    assert again.articles[0].date == date(2019, 9, 23)


def test_article_cache_keeps_each_texts_fingerprint_and_a_repeated_text_is_found_from_it(tmp_path):
    """The same text in two files (wrapped differently) is counted once, on a first build and on one that
    reads both from the cache, where the text's fingerprint is kept instead of made again."""
    import json

    from generator.cache import ArticleCache
    from generator.sources import read_folder, text_fingerprint

    content = tmp_path / "content"
    content.mkdir()
    text = "Zalmay Khalilzad met Taliban negotiators in Doha. The talks went on."
    (content / "a.md").write_text(f"---\ntitle: Envoys meet\ndate: 2019-09-23\n---\n{text}\n", encoding="utf-8")
    wrapped = text.replace(". ", ".\n\n")
    (content / "b.md").write_text(f"---\ntitle: Envoys met\ndate: 2019-09-24\n---\n{wrapped}\n", encoding="utf-8")
    for cache in (ArticleCache(tmp_path / "cache"), ArticleCache(tmp_path / "cache")):
        found = read_folder(content, cache)
        assert [a.path for a in found.articles] == ["a.md"]
        assert [(p.path, p.message) for p in found.problems] == [("b.md", "same text as a.md; counted once")]
    entries = [json.loads(p.read_text(encoding="utf-8")) for p in (tmp_path / "cache" / "articles").rglob("??/*.json")]
    assert sorted(e["article"]["text_fingerprint"] for e in entries) == [text_fingerprint(text)] * 2


def test_article_cache_misses_on_a_changed_file_and_ignores_a_corrupt_entry(tmp_path):
    from generator.cache import ArticleCache
    from generator.sources import read_folder

    content = tmp_path / "content"
    content.mkdir()
    article = content / "a.md"
    article.write_text("---\ntitle: Envoys meet\ndate: 2019-09-23\n---\nThe envoys met in Doha.\n", encoding="utf-8")
    cache = ArticleCache(tmp_path / "cache")
    read_folder(content, cache)
    article.write_text("---\ntitle: Envoys meet\ndate: 2019-09-24\n---\nThe envoys met in Doha.\n", encoding="utf-8")
    assert read_folder(content, cache).articles[0].date == date(2019, 9, 24)
    for entry in (tmp_path / "cache" / "articles").rglob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    assert read_folder(content, cache).articles[0].date == date(2019, 9, 24)


def test_article_cache_knows_an_unchanged_files_key_by_its_size_and_time(tmp_path):
    """Reading ten thousand files to find their keys took most of a second a build: a file of the size and
    modification time it had when its key was noted (as git's index does: not within a moment of being
    written) is not read; a change to either reads it."""
    import os

    from generator.cache import ArticleCache
    from generator.sources import read_folder

    content = tmp_path / "content"
    content.mkdir()
    article = content / "a.md"
    article.write_text("---\ntitle: Envoys meet\ndate: 2019-09-23\n---\nThe envoys met in Doha.\n", encoding="utf-8")
    old = article.stat().st_mtime_ns - 10 * 10**9
    os.utime(article, ns=(old, old))
    cache = ArticleCache(tmp_path / "cache")
    read_folder(content, cache)
    cache.save_keys()

    # the same size and time: taken for the same file (its bytes are not read)
    article.write_text("---\ntitle: Envoys meet\ndate: 2019-09-24\n---\nThe envoys met in Doha.\n", encoding="utf-8")
    os.utime(article, ns=(old, old))
    assert read_folder(content, ArticleCache(tmp_path / "cache")).articles[0].date == date(2019, 9, 23)
    os.utime(article, ns=(old + 1, old + 1))
    assert read_folder(content, ArticleCache(tmp_path / "cache")).articles[0].date == date(2019, 9, 24)


def test_a_change_anywhere_in_the_extraction_code_invalidates_the_cache(tmp_path, monkeypatch):
    """The extractor is a package of subpackages (extract/events/): editing any of its files re-extracts."""
    import generator.cache as cache
    for folder, name in (("data", "meetings.yml"), ("extract", "actors.py"), ("extract/events", "story.py")):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / name).write_text("original\n")
    (tmp_path / "knowledge.py").write_text("")
    monkeypatch.setattr(cache.resources, "files", lambda package: tmp_path)
    cache.extractor_fingerprint.cache_clear()
    before = cache.extractor_fingerprint()
    (tmp_path / "extract" / "events" / "story.py").write_text("changed\n")
    cache.extractor_fingerprint.cache_clear()
    try:
        assert cache.extractor_fingerprint() != before
    finally:
        cache.extractor_fingerprint.cache_clear()


def test_a_build_whose_articles_are_all_cached_never_loads_spacy(tmp_path):
    """The model (and spaCy itself) is loaded only when an article must be extracted (then by a process
    of its own, build.Beside, for a few articles)."""
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    script = ("import logging, sys; from pathlib import Path; from generator.build import make_briefing; "
              "from generator.config import Settings; logging.basicConfig(level=logging.INFO); "
              f"b = make_briefing(Path({str(repo / 'content')!r}), Settings(), Path({str(tmp_path)!r})); "
              "print(len(b.quotes), 'spacy' in sys.modules)")
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=repo)
            for _ in range(2)]
    first, second = (run.stdout.split() for run in runs)
    assert "1 article(s), 0 from cache, 1 to extract" in runs[0].stderr, runs[0].stderr
    assert "1 article(s), 1 from cache, 0 to extract" in runs[1].stderr, runs[1].stderr
    assert int(first[0]) > 0 and second == [first[0], "False"], (first, second)


def test_a_poisoned_article_entry_is_read_again_never_trusted(tmp_path, caplog):
    """The cache is data the build wrote but cannot vouch for (a CI cache restored from a fork):
    a path-like id, a number for a text, a null title or text tags are all read again from the file."""
    import json

    from generator.cache import ArticleCache
    from generator.sources import read_folder

    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text("---\ntitle: Envoys meet\ndate: 2019-09-23\ntags: [doha]\n---\n"
                                  "The envoys met in Doha.\n", encoding="utf-8")
    cache = ArticleCache(tmp_path / "cache")
    good = read_folder(content, cache).articles
    [entry] = list((tmp_path / "cache" / "articles").rglob("*.json"))
    stored = json.loads(entry.read_text(encoding="utf-8"))
    for field, value in (("id", "../../../x"), ("id", "a-x/../../y"), ("text", 123), ("title", None),
                         ("tags", "abc"), ("tags", [1, 2]), ("path", "b.md"), ("date", "2019-02-30")):
        entry.write_text(json.dumps({**stored, "article": {**stored["article"], field: value}}), encoding="utf-8")
        caplog.clear()
        assert read_folder(content, cache).articles == good, (field, value)
        assert any("a cached article that is not valid" in m for m in caplog.messages), (field, value)


def test_a_poisoned_extraction_entry_is_extracted_again(tmp_path, caplog):
    import json

    cache = ExtractionCache(tmp_path, "en_core_web_sm-3.8.0")
    cache.put(article(), records())
    [entry] = list(tmp_path.rglob("*.json"))
    stored = json.loads(entry.read_text(encoding="utf-8"))
    rows = stored["rows"]
    quote, actor = rows[3][0], rows[2][0]
    poisons = [(0, "a-other"), (1, [[0, "x"]]), (3, [[7, *quote[1:]]]),  # the article, a sentence, a quote's text
               (2, [[*actor[:4], "none", *actor[5:]]])]  # an actor's mentions
    for part, value in poisons:
        field = ("article", "sentences", "actors", "quotes", "events")[part]
        entry.write_text(json.dumps({**stored, "rows": [*rows[:part], value, *rows[part + 1:]]}), encoding="utf-8")
        caplog.clear()
        assert cache.get(article()) is None, field
        assert any("a cached extraction that is not valid" in m for m in caplog.messages), field


def test_extracted_records_come_back_from_the_cache_as_extracted(tmp_path, nlp, monkeypatch):
    """The build keeps no extracted records while extracting: they are written to the cache and read back
    once the workers are gone, equal to what the extraction made; one that cannot be read back is an
    error naming the article."""
    import pytest

    from generator.build import BuildError, Pipeline, extract_with_cache
    from generator.extract import extract_all
    from conftest import MODEL

    texts = ["Dana Whitfield met the Ruritanian envoy in Geneva on Monday. “We made progress,” she said.",
             "Marco Ellery, the mayor of Northbridge, said the bridge would reopen in May."]
    articles = [Article(id=f"a-{i}", path=f"{i}.md", title=f"Story {i}", date=date(2024, 3, 4), text=text)
                for i, text in enumerate(texts)]
    expected = [records for _, records in extract_all(nlp, articles)]
    pipeline = Pipeline(MODEL)
    pipeline._nlp = nlp
    cache = ExtractionCache(tmp_path, pipeline.label)
    found = extract_with_cache(pipeline, articles, cache, processes=1, problems=[])
    assert found == expected and found[0].quotes and found[1].actors
    assert [cache.get(a) for a in articles] == expected

    monkeypatch.setattr(ExtractionCache, "get", lambda self, article: None)
    with pytest.raises(BuildError, match="0.md: its records were written to the cache"):
        extract_with_cache(pipeline, articles, cache, processes=1, problems=[])


def _two_articles():
    texts = ["Dana Whitfield met the Ruritanian envoy in Geneva on Monday. “We made progress,” she said.",
             "Marco Ellery, the mayor of Northbridge, said the bridge would reopen in May."]
    return [Article(id=f"a-{i}", path=f"{i}.md", title=f"Story {i}", date=date(2024, 3, 4), text=text)
            for i, text in enumerate(texts)]


def test_a_few_new_articles_are_extracted_beside_and_a_failure_is_a_problem_naming_the_article(tmp_path, nlp,
                                                                                               monkeypatch):
    """A few new articles are extracted by a forked process (build.Beside) while the cached ones are read:
    the records are those of extracting them here, and an article whose extraction fails is a problem
    naming its file while the others go on."""
    from generator.build import Pipeline, extract_with_cache
    from generator.extract import extract_all, pipeline as extraction
    from conftest import MODEL

    articles = _two_articles()
    expected = [records for _, records in extract_all(nlp, articles)]
    pipeline = Pipeline(MODEL)
    pipeline._nlp = nlp
    cache = ExtractionCache(tmp_path, pipeline.label)
    real = extraction.extract_doc

    def failing(doc, article):
        if article.id == "a-1":
            raise ValueError("a rule broke")
        return real(doc, article)

    monkeypatch.setattr(extraction, "extract_doc", failing)  # (the forked process inherits it)
    problems = []
    found = extract_with_cache(pipeline, articles, cache, processes=1, problems=problems)
    assert found == expected[:1]
    assert [str(p) for p in problems] == ["1.md: extraction failed: RuntimeError: ValueError: a rule broke"]
    monkeypatch.undo()
    pipeline._nlp = nlp
    assert extract_with_cache(pipeline, articles, cache, processes=1, problems=[]) == expected  # tried again


def test_when_the_extraction_process_dies_this_one_extracts_the_articles(tmp_path, nlp, monkeypatch, caplog):
    import os

    from generator.build import Beside, Pipeline, extract_with_cache
    from generator.extract import extract_all
    from conftest import MODEL

    articles = _two_articles()
    expected = [records for _, records in extract_all(nlp, articles)]
    pipeline = Pipeline(MODEL)
    pipeline._nlp = nlp
    monkeypatch.setattr(Beside, "_run", lambda self, given, sender: os._exit(1))  # killed, say
    found = extract_with_cache(pipeline, articles, ExtractionCache(tmp_path, pipeline.label), processes=1,
                               problems=[])
    assert found == expected
    assert any("the extraction process ended early" in m for m in caplog.messages), caplog.messages


def test_a_build_starts_the_extraction_process_before_it_reads_the_articles(tmp_path, monkeypatch):
    """The process that extracts a few new articles is started before the articles are read, so that the
    model loads meanwhile (build.Beside.ahead); a build with nothing to extract stops it, and no process is
    left behind either way."""
    import multiprocessing
    import shutil

    from conftest import copy_project, noted

    import generator.build as build_module

    events = []
    real_extract = build_module.Beside.extract

    def extracting(self, articles, cache):
        events.append(f"given {len(articles)}")
        real_extract(self, articles, cache)

    monkeypatch.setattr(build_module.Beside, "__init__", noted(events, "started", build_module.Beside.__init__))
    monkeypatch.setattr(build_module.Beside, "extract", extracting)
    monkeypatch.setattr(build_module, "read_sources", noted(events, "read", build_module.read_sources))
    project = copy_project(tmp_path / "project")
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(Path(__file__).parent / "fixtures" / "articles" / "moscow-talks.md", content)
    build_module.build(project, content, tmp_path / "site")
    assert events == ["started", "read", "given 1"] and not multiprocessing.active_children()
    assert (tmp_path / "site" / "articles" / "a-moscow-talks" / "index.html").is_file()
    events.clear()
    (content / "actors.yml").write_text("- match: Taliban\n  type: organization\n", encoding="utf-8")
    build_module.build(project, content, tmp_path / "site")  # resolved and rendered again, nothing extracted
    assert events == ["started", "read"] and not multiprocessing.active_children()


def test_with_other_threads_running_the_build_forks_no_extraction_process(tmp_path, nlp, monkeypatch):
    """The preview runs a server thread: a process forked then could find a lock held by it for ever, so
    the articles are extracted in the build's own process."""
    import threading

    from generator.build import Beside, Pipeline, extract_with_cache
    from conftest import MODEL

    def forked(*args):
        raise AssertionError("forked with another thread running")

    monkeypatch.setattr(Beside, "__init__", forked)
    pipeline = Pipeline(MODEL)
    pipeline._nlp = nlp
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        found = extract_with_cache(pipeline, _two_articles(), ExtractionCache(tmp_path, pipeline.label), processes=1,
                                   problems=[])
    finally:
        stop.set()
        other.join()
    assert len(found) == 2 and found[0].quotes


def test_the_objects_of_reading_and_resolving_are_left_out_of_the_collectors_walks():
    """build.lasting_objects: garbage made before is collected (not frozen for good), the collector waits
    during the stage and is on again after it, and the stage's objects are frozen only when it succeeds."""
    import gc
    import weakref

    import pytest

    from generator.build import lasting_objects

    class Node:
        pass

    gc.unfreeze()
    try:
        cycle = Node()
        cycle.itself = cycle
        gone = weakref.ref(cycle)
        del cycle
        with lasting_objects():
            assert gone() is None and not gc.isenabled()
            kept = [Node() for _ in range(100)]
        assert gc.isenabled() and gc.get_freeze_count() >= len(kept)
        gc.unfreeze()
        with pytest.raises(ValueError), lasting_objects():
            raise ValueError("a stage failed")
        assert gc.isenabled() and gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()
