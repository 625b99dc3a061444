"""Who said each quote, and reported speech.

Quotation spans come from `quote_spans` (raw text, no model). A speaker comes
from a sieve, strongest rule first: the words right next to the quote ("…,"
X said / X said: "…"), the reporting verb of its sentence, the clause that
holds it, and last the speaker it goes on from (its paragraph, the paragraph
or sentence before). A speaker phrase then becomes an actor: a name, a
pronoun, a title, a statement's author. Someone unnamed stays None.

Modules: `finder` (direct quotes, transcripts, a speaker going on), `attribution` (the words and
the parse around a quote), `speakers` (a subject, pronoun or title as an actor), `reported`
(reported speech); `QuoteFinder` is all four.
"""
from .finder import QuoteFinder

__all__ = ["QuoteFinder"]
