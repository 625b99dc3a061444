"""Actors named in one article: entity mentions cleaned, typed and grouped.

spaCy's entities are the starting point; knowledge files correct their type
(countries, demonyms, capitals, known organisations), titles are split off
names and kept as roles, and surnames are tied to the full name the article
gives. Transcript speaker labels ("SECRETARY BLINKEN:") are mentions too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.lang.en import English
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..knowledge import Knowledge, normalize
from ..names import display_name, person_key
from ..records import LocalActor, LocalMention, LocalRole

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}
NOT_NAME_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "EVENT", "LAW", "LANGUAGE"}
PLACE_PREPOSITIONS = {"in", "at", "to", "from", "into", "near", "outside", "across", "inside", "throughout", "toward", "towards", "via"}
SPEAKER_LABEL = re.compile(r"^([A-Z][A-Z.'’\- ]{2,60}?)(?: \([^)]*\))?:\s", re.M)


@dataclass
class Mention:
    """An actor or place mention in the doc, before grouping."""
    start: int  # doc character offsets
    end: int
    text: str
    kind: str  # person | organization | country | location
    canonical: str | None = None  # from knowledge
    first_token: int = 0
    last_token: int = 0


def doc_text(doc: Doc) -> str:
    """Doc.text, read once: spaCy rebuilds it from every token on each read."""
    if "briefing_text" not in doc.user_data:
        doc.user_data["briefing_text"] = doc.text
    return doc.user_data["briefing_text"]


def is_place_use(token: Token) -> bool:
    """True when a capital or city is used as a place ("met in Moscow"), not for its government."""
    node = token
    for _ in range(4):
        if node.dep_ in ("conj", "appos", "compound") and node.head.i != node.i:
            node = node.head
            continue
        break
    if node.dep_ == "pobj" and node.head.lower_ in PLACE_PREPOSITIONS:
        return True
    if node.dep_ in ("dobj", "npadvmod") and node.head.lemma_ in ("visit", "leave", "reach", "tour"):
        return True
    text = doc_text(token.doc)
    line_start = text.rfind("\n", 0, token.idx) + 1
    line_end = text.find("\n", token.idx)
    line = text[line_start:line_end if line_end != -1 else len(text)]
    return len(line.split()) <= 5  # a dateline or header line


def _strip(span: Span, known: Knowledge) -> Span | None:
    """Drop a leading article, titles, dateline and a trailing possessive from an entity span."""
    doc = span.doc
    start, end = span.start, span.end
    for i in range(start, end):  # datelines: "ROME - Bernie Sanders" (not "Sherwood-Randall")
        spaced_dash = doc[i].text in ("-", "—", "–") and i > 0 and doc[i - 1].whitespace_ and doc[i].whitespace_
        if spaced_dash or "\n" in doc[i].text:
            if i + 1 < end:
                start = i + 1
    if span.label_ == "ORG" and end + 1 < len(doc) and doc[end].lower_ == "and" and doc[end - 1].lower_ != "and":
        tail = end + 1  # "Bureau of European" + "and Eurasian Affairs"
        while tail < len(doc) and doc[tail].is_title and not doc[tail].ent_type_ in ("PERSON", "GPE"):
            tail += 1
        if tail > end + 1 and doc[end - 1].pos_ in ("ADJ", "PROPN") and doc[end - 2].lower_ == "of":
            end = tail
        elif tail == end + 1 and _lone_word_taken_for_a_person(doc, tail) and "of" in [t.lower_ for t in doc[start:end]]:
            end = tail + 1  # "Office of Political Strategy" + "and Outreach", the model's "person" Outreach
    if span.label_ == "ORG":  # "International Development (USAID", "Department of State, Office of"
        for i in range(start + 1, end):
            if doc[i].text in ("(", ",", ";"):
                end = i
                break
    while end > start and doc[end - 1].is_lower and doc[end - 1].pos_ in ("ADP", "CCONJ", "PART", "DET"):
        end -= 1
    while start < end and (doc[start].lower_ in ("the", "a", "an", "his", "her", "their", "its", "our", "my", "your")
                           or doc[start].is_space or doc[start].is_punct):
        start += 1  # "her State Department" is the State Department
    if span.label_ == "PERSON" and len(doc[start].text) == 2 and doc[start].text.endswith("."):
        before = doc[start - 1] if start > 0 else None
        if before is not None and before.is_title and before.pos_ == "PROPN" and before.lower_ not in known.titles \
                and before.lower_ not in known.generic_org_words and not (start > 1 and doc[start - 2].lower_ == "of"):
            start -= 1  # "Lloyd" + "J. Austin III": the model dropped the first name
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].text in ("'s", "’s", "'", "’")
                           or doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if start >= end:
        return None
    return doc[start:end]


def _lone_word_taken_for_a_person(doc: Doc, i: int) -> bool:
    """A capitalised word alone in a PERSON entity, before punctuation, that names nobody else in the
    text ("… Strategy and Outreach," — not "the Department of State and Blinken," after "Antony Blinken")."""
    if i + 1 >= len(doc) or not doc[i].is_title or doc[i].ent_type_ != "PERSON" or not doc[i + 1].is_punct:
        return False
    if doc[i].ent_iob_ != "B" or (doc[i + 1].ent_iob_ == "I"):
        return False
    return not any(e.label_ == "PERSON" and doc[i].text in e.text.split() and e.start != i for e in doc.ents)


def _title_prefix_length(tokens: list[Token], known: Knowledge) -> int:
    """How many leading tokens of a span are titles ("Prime Minister", "Spokesperson")."""
    n = 0
    while n < len(tokens):
        for width in (3, 2, 1):
            words = " ".join(t.lower_ for t in tokens[n:n + width])
            if len(tokens[n:n + width]) == width and (words in known.titles or (width == 1 and words in known.title_modifiers)):
                n += width
                break
        else:
            if n + 1 < len(tokens) and known.is_misspelt_title(tokens[n].text):  # "Presiden Biden"
                n += 1
                continue
            break
    return n


MAX_ROLE_WORDS = 12  # a longer apposition is a description: it may name a body, but it is shown as no role


def collect_mentions(doc: Doc, known: Knowledge, body_start: int = 0) -> list[Mention]:
    mentions: list[Mention] = _known_name_mentions(doc, known)
    for ent in doc.ents:
        if any(m.start <= ent.start_char and ent.end_char <= m.end for m in mentions) or \
                any(m.start < ent.end_char and ent.start_char < m.end and (m.end - m.start) >= len(ent.text) for m in mentions):
            continue
        if ent.label_ not in ENTITY_LABELS or any(t.text.startswith(("@", "#")) for t in ent):
            continue  # (a handle or hashtag names an account, not whom: "his @JaneDoe Twitter feed")
        span = _strip(ent, known)
        if span is None:
            continue
        label = ent.label_
        tokens = list(span)
        cut = _title_prefix_length(tokens, known)
        has_title = any(t.lower_ in known.titles or known.is_misspelt_title(t.text) for t in tokens[:cut])
        if cut == len(tokens) - 1 and tokens[cut - 1].lower_ in known.name_titles:
            cut -= 1  # "Pope Francis" is the name
            label = "PERSON"
        if has_title and 0 < cut < len(tokens) and all(t.text[:1].isupper() for t in tokens[cut:]):
            span = doc[span.start + cut:span.end]
            if label in ("ORG", "NORP", "GPE"):
                label = "PERSON"
        if label in ("PERSON", "ORG", "NORP", "FAC") and len(span) >= 2:
            last_title = max((t.i for t in span if known.is_title(t.text)), default=None)
            rest = [t for t in span if last_title is not None and t.i > last_title]
            if rest and len(rest) <= 3 and all(t.is_title and not known.is_title(t.text) for t in rest) \
                    and last_title > span.start and not any(t.lower_ in known.generic_org_words for t in rest):
                span = doc[last_title + 1:span.end]  # "External Affairs Minister Jaishankar"
                label = "PERSON"
        # 2, 9: names the model cut short ("Moon Jae" + "-in") or ran on ("Netanyahu Statements")
        if label == "ORG" and span.root.dep_ == "appos" and known.is_title(span.root.head.text) \
                and span.root.head.text.islower():
            label = "PERSON"  # "Pakistan's foreign minister, Shah Mahmood Qureshi"
        if label in ("ORG", "NORP", "GPE") and span.start > 0 and doc[span.start - 1].text[:1].isupper() \
                and doc[span.start - 1].lower_ in known.titles and 2 <= len(span) <= 3 \
                and known.organization(span.text) is None and known.country(span.text) is None \
                and all(t.is_title for t in span):
            label = "PERSON"  # "Governor Leo Varga": a capitalised title before it makes it a name
        if label == "PERSON":
            end = span.end
            while end > span.start + 1 and doc[end - 1].lower_ in ("before", "after", "during", "and", "with", "at", "in", "on", "of"):
                end -= 1  # "Marsudi Before Their Meeting" in a Title Case headline
            if end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ and doc[end + 1].is_lower:
                end += 2
            while end > span.start + 1 and doc[end - 1].lower_ in known.non_actor_heads:
                end -= 1
            if end == span.end and _cut_short(doc, end, known):
                end += 1  # "Yoon Suk" + "Yeol of the Republic of Korea"
            span = doc[span.start:end]
        parts = _coordinated_bodies(span, known) if label == "ORG" else []
        if parts:
            mentions += parts
            continue
        mention = classify(span, label, known)
        if mention is not None and mention.kind == "organization" and mention.canonical is None \
                and span.end < len(doc) and known.is_title(doc[span.end].text):
            continue  # "External Affairs Minister X", "Foreign Ministry spokesman": part of a role
        if mention is not None:
            mentions.append(mention)
    mentions.extend(_speaker_label_mentions(doc, known, mentions))
    mentions.extend(_titled_names(doc, known, mentions))
    mentions.extend(_web_names(doc, mentions))
    speakers = _speaker_names(doc, known, mentions)
    mentions = [m for m in mentions if not any(m.start < p.end and p.start < m.end for p in speakers)] + speakers
    mentions.extend(_format_names(doc, mentions))
    in_body = {normalize(m.text) for m in mentions if m.start >= body_start}
    text = doc_text(doc)
    mentions = [m for m in mentions if not (m.start < body_start and m.canonical is None and normalize(m.text) not in in_body
                                            and (m.kind == "organization" or text[m.end:m.end + 1] == ":"))]
    # (a Title Case headline the model took for one long name is no organisation, and a headline's
    # label is nobody: "EXCLUSIVE: …", "Update: …", also where the body opens by repeating the headline;
    # "Cecile Richards: …" is someone speaking)
    label = re.match(r"[^:\n]{1,40}:", text[:body_start])
    if label and label.group().isupper() and text[body_start:body_start + label.end()] == label.group():
        mentions = [m for m in mentions if not (m.start < label.end() or body_start <= m.start < body_start + label.end())]
    unique: list[Mention] = []
    for m in sorted(mentions, key=lambda m: m.start - m.end):  # the longest name wins an overlap:
        if not any(o.start < m.end and m.start < o.end for o in unique):  # "Da Afghanistan Bank"
            unique.append(m)
    unique += _surnames_missed(doc, unique, body_start)
    # a body named after a person keeps the person's mention inside it, so that "he" after "the Sanders
    # campaign" is still Sanders; the body comes second and claims the words
    unique += _person_bodies(doc, known, unique)
    return sorted(unique, key=lambda m: (m.start, m.end))


def _cut_short(doc: Doc, end: int, known: Knowledge) -> bool:
    """Whether the model ended a two-word name one word early: the next word is a capitalised
    name word of no entity, before "of" or punctuation ("President Yoon Suk Yeol of Korea")."""
    if end + 1 >= len(doc) or end < 2:
        return False
    word, after = doc[end], doc[end + 1]
    common = (known.titles, known.generic_org_words, known.venue_words, known.non_actor_heads, known.group_members)
    return (word.pos_ == "PROPN" and word.is_title and not word.ent_type_ and not any(word.lower_ in c for c in common)
            and not known.country(word.text) and doc[end - 1].ent_type_ == "PERSON" and doc[end - 2].ent_type_ == "PERSON"
            and (after.lower_ == "of" or after.is_punct))


def _coordinated_bodies(span: Span, known: Knowledge) -> list[Mention]:
    """"Departments of State and Defense" -> the Department of State and the Department of Defense,
    when both are known bodies; each mention covers its own words."""
    doc = span.doc
    singular = known.plural_org_heads.get(span[0].lower_)
    if not singular or len(span) < 3 or span[1].lower_ != "of":
        return []
    if not any(t.lower_ == "and" for t in span):  # the model often stops before "and Defense"
        end = span.end + 1
        while end < len(doc) and end < span.end + 4 and doc[end].is_title and not doc[end].ent_type_ in ("GPE", "PERSON"):
            end += 1
        if span.end < len(doc) and doc[span.end].lower_ == "and" and end > span.end + 1:
            span = doc[span.start:end]
    tokens = list(span)
    cut = next((t.i for t in tokens if t.lower_ == "and"), None)
    if cut is None or cut in (span.start + 2, span.end - 1):
        return []
    parts = []
    for first, last in ((span.start, cut - 1), (cut + 1, span.end - 1)):
        words = doc[span.start + 2:cut].text if first == span.start else doc[first:last + 1].text
        canonical = known.organization(f"{singular} of {words}")
        if canonical is None:
            return []
        text = doc[first:last + 1].text
        parts.append(Mention(doc[first].idx, doc[first].idx + len(text), text, "organization", canonical, first, last))
    return parts


FORMAT_NAME = re.compile(r"(?<![\w+])[A-Z]{1,2}\d{1,2}\+\d{1,2}(?![\w+])")


def _format_names(doc: Doc, found: list[Mention]) -> list[Mention]:
    """Diplomatic formats written as "C5+1", "P5+1", "E3+3", which the tokenizer splits apart."""
    out = []
    for match in FORMAT_NAME.finditer(doc_text(doc)):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is None or any(m.start < span.end_char and span.start_char < m.end for m in found):
            continue
        out.append(Mention(span.start_char, span.end_char, span.text, "organization", None, span.start, span.end - 1))
    return out


def _tokens_of(found: list[Mention]) -> set[int]:
    """The token indexes the mentions found so far cover."""
    return {i for m in found for i in range(m.first_token, m.last_token + 1)}


def _titled_names(doc: Doc, known: Knowledge, found: list[Mention]) -> list[Mention]:
    """Names the model missed right after a title: "Minister of Defense Oleksiy Reznikov", or
    "Prime Minister Lapid" where the article names Lapid elsewhere."""
    taken = _tokens_of(found)
    surnames = {m.text.split()[-1].casefold() for m in found if m.kind == "person"}
    out = []
    for token in doc:
        if token.lower_ not in known.titles or token.i in taken:
            continue
        i = token.i + 1
        if i < len(doc) and doc[i].lower_ == "of":  # "of Defense", "of State"
            i += 1
            while i < len(doc) and doc[i].is_title and doc[i].i not in taken and doc[i].lower_ in known.generic_org_words:
                i += 1
        start = i
        while i < len(doc) and doc[i].is_title and doc[i].pos_ == "PROPN" and i not in taken and not doc[i].ent_type_:
            i += 1
        if i in taken or (i < len(doc) and doc[i].lower_ == "and"):
            continue  # "of External Affairs" + a name, "of Foreign Affairs and ...": the run names the body
        one_known_name = i - start == 1 and doc[start].lower_ in surnames  # "Prime Minister Lapid" after "LAPID:"
        if (2 <= i - start <= 3 or one_known_name) and not any(doc[j].lower_ in known.titles or doc[j].lower_ in known.generic_org_words
                                           for j in range(start, i)):
            span = doc[start:i]
            out.append(Mention(span.start_char, span.end_char, span.text, "person", None, start, i - 1))
            taken.update(range(start, i))
    return out


WEB_NAME = re.compile(r"[A-Z][\w-]*\.(?:org|com|net)")


def _web_names(doc: Doc, found: list[Mention]) -> list[Mention]:
    """Bodies named by their web address, which the model reads as numbers: "MoveOn.org"."""
    taken = _tokens_of(found)
    return [Mention(t.idx, t.idx + len(t.text), t.text, "organization", None, t.i, t.i)
            for t in doc if t.i not in taken and WEB_NAME.fullmatch(t.text)]


def _surnames_missed(doc: Doc, found: list[Mention], body_start: int) -> list[Mention]:
    """The last name of someone named in full, where the model saw no name ("said Skelly" after
    "Bill Skelly", tagged an adverb): a mention of that person. Not inside another name ("the Clinton
    Foundation", "Bill Clinton"), nor a word opening a sentence that is no name there ("Will he run?")."""
    surnames = {m.text.split()[-1] for m in found if m.kind == "person" and len(m.text.split()) >= 2}
    taken = _tokens_of(found)
    out = []
    for token in doc:
        if token.text not in surnames or token.i in taken or token.idx < body_start:
            continue
        before = doc[token.i - 1] if token.i > 0 else None
        after = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if before is not None and before.text[:1].isupper() and before.is_alpha and not token.is_sent_start:
            continue
        if after is not None and after.text[:1].isupper() and after.is_alpha:
            continue
        if token.is_sent_start and token.pos_ not in ("PROPN", "NOUN"):
            continue
        out.append(Mention(token.idx, token.idx + len(token.text), token.text, "person", None, token.i, token.i))
    return out


def _person_bodies(doc: Doc, known: Knowledge, found: list[Mention]) -> list[Mention]:
    """A person's name and a word that makes it a body: "the Sanders campaign".
    Named by the last name ("Clinton campaign" for "the Hillary Clinton campaign"), one per person."""
    out = []
    for m in found:
        if m.kind not in ("person", "organization") or m.canonical is not None or not m.text[:1].isupper():
            continue
        i = m.last_token + 1  # (not "Trump's campaign": that keeps Trump's mention)
        if i < len(doc) and doc[i].lower_ in known.person_bodies and doc[i].pos_ == "NOUN":
            name = f"{display_name(m.text).split()[-1]} {doc[i].lower_}"
            out.append(Mention(m.start, doc[i].idx + len(doc[i].text), doc[m.first_token:i + 1].text, "organization",
                               name, m.first_token, i))
    return out


def _speaker_names(doc: Doc, known: Knowledge, found: list[Mention]) -> list[Mention]:
    """Names the model missed that speak: the subject of a reporting verb ("Hannity pressed",
    "Viguerie adds") or the name after one ("…," said Jennifer Rodstrom). Only someone speaks,
    so a capitalised name there is a person, also where the model took it for a place."""
    taken = {i for m in found if m.kind != "location" or m.canonical
             for i in range(m.first_token, m.last_token + 1)}
    out = []
    for verb in doc:
        if verb.lemma_ not in known.quote_verbs or verb.pos_ not in ("VERB", "AUX"):
            continue
        for child in verb.children:
            after = child.i > verb.i and child.dep_ in ("dobj", "attr", "oprd")
            if child.dep_ not in ("nsubj", "nsubjpass") and not after:
                continue
            span = proper_name_run(child, known)
            if span is None or any(i in taken for i in range(span.start, span.end)):
                continue
            out.append(Mention(span.start_char, span.end_char, span.text, "person", None, span.start, span.end - 1))
            taken.update(range(span.start, span.end))
    return out


def _is_name_word(token: Token, known: Knowledge) -> bool:
    """A capitalised word that is no title and not capitalised only because it opens a sentence."""
    if not token.text[:1].isupper() or known.is_title(token.text.rstrip(".")) or token.ent_type_ in NOT_NAME_LABELS:
        return False  # (a handle, "@JaneDoe", starts with no capital either)
    before = token.doc[token.i - 1] if token.i > 0 else None
    after_quote = before is not None and before.text in ('"', "'", "”", "’")
    while before is not None and before.text in ('"', "'", "“", "”", "‘", "’") and before.i > 0:
        before = token.doc[before.i - 1]
    ends = (".", ":") if after_quote else (".", "!", "?", ":")  # “Really?” Hannity pressed
    opens_sentence = before is None or before.text in ends or "\n" in before.text_with_ws
    if token.pos_ == "PROPN":  # (not a common word opening a sentence: "Much of her anger …")
        return not (opens_sentence and token.is_stop)
    return token.pos_ == "NOUN" and not opens_sentence  # "…," Haynes said (tagged as a noun)


def proper_name_run(head: Token, known: Knowledge) -> Span | None:
    """The capitalised name words ending at a noun phrase's head, titles left out
    ("Rubio spokesman Alex Conant" -> "Alex Conant"), or None when the head is no name."""
    if not _is_name_word(head, known):
        return None
    doc = head.doc
    start = head.i
    while start > 0:
        previous = doc[start - 1]
        if previous.pos_ == "PROPN" and _is_name_word(previous, known) and previous.head.i in range(start - 1, head.i + 1):
            start -= 1
        elif previous.text == "-" and not previous.whitespace_ and start > 1 and not doc[start - 2].whitespace_ \
                and _is_name_word(doc[start - 2], known):  # "Lopez-Cantera"
            start -= 2
        else:
            break
    span = doc[start:head.i + 1]
    if len(span) > 3 or known.country(span.text) or known.organization(span.text) \
            or normalize(span.text) in known.not_actors or span.text.isupper() and len(span.text) <= 4:
        return None
    return span


def _known_name_mentions(doc: Doc, known: Knowledge) -> list[Mention]:
    """Countries and organisations from the knowledge files, by their exact written forms."""
    out = []
    for match in _gazetteer_matches(doc, known):
        if known.capitals.get(normalize(match.text)):
            continue
        kind = known.surface_forms[match.text]
        canonical = known.country(match.text) if kind == "country" else known.organization(match.text)
        out.append(Mention(match.start_char, match.end_char, match.text, kind, canonical, match.start, match.end - 1))
    return out


_GAZETTEERS: dict[int, PhraseMatcher] = {}


def _gazetteer_matches(doc: Doc, known: Knowledge) -> list[Span]:
    """Longest matches of the exact written forms of known countries and organisations."""
    matcher = _GAZETTEERS.get(id(doc.vocab))
    if matcher is None:
        matcher = PhraseMatcher(doc.vocab, attr="ORTH")
        tokenizer = English().tokenizer  # forms split into words the way English text is
        matcher.add("KNOWN", [Doc(doc.vocab, words=[t.text for t in tokenizer(form)])
                              for form in known.surface_forms if len(form) > 1])
        _GAZETTEERS[id(doc.vocab)] = matcher
    return filter_spans(matcher(doc, as_spans=True))


def classify(span: Span, label: str, known: Knowledge) -> Mention | None:
    text = span.text.strip()
    if not text or not any(c.isalpha() for c in text):
        return None

    def make(kind, canonical=None):
        return Mention(span.start_char, span.end_char, text, kind, canonical, span.start, span.end - 1)

    key = normalize(text)
    if re.search(r"\b[ap]\.?m\b", key) or (label == "ORG" and key in known.generic_org_words):
        return None
    if re.search(r"-[a-z]{2,}(?:ing|ed)$", text):
        return None  # a compound adjective, not a name: "Clinton-backing", "Saudi-led"
    words = text.split()
    for cut in range(len(words) - 1, 0, -1):  # "Taliban negotiators", "NATO Allies", "Afghan government"
        head, rest = " ".join(words[:cut]), [w.lower() for w in words[cut:]]
        if all(w in known.group_members for w in rest) and (known.country(head) or known.organization(head)):
            key, text = normalize(head), head
            break
    if words and (words[-1].lower() in known.non_actor_heads
                  or (len(words) > 1 and words[-1].isdigit() and words[-2].lower() in known.non_actor_heads)):
        return None  # laws, plans, statements, events: "Resolution 2626", "NATO Summit"
    if label == "ORG" and len(words) >= 3:  # "Uzbekistan Daniel Rosenblum", "Defense Oleksiy Reznikov"
        for cut in (1, 2):
            head, rest = " ".join(words[:cut]), words[cut:]
            prefix_is_not_a_name = known.country(head) or all(
                w.lower() in known.generic_org_words or w.lower() in known.titles for w in words[:cut])
            if prefix_is_not_a_name and 2 <= len(rest) <= 3 and all(w[:1].isupper() and w.isalpha() for w in rest) \
                    and not any(w.lower() in known.generic_org_words or w.lower() in known.titles for w in rest):
                first = span[cut]
                return Mention(first.idx, span.end_char, " ".join(rest), "person", None, first.i, span.end - 1)
    government = re.match(r"^(?:the )?(?:governments?|administration) of (.+)$", key)
    if government and known.country(government.group(1)):
        key = normalize(government.group(1))
    country = known.country_names.get(key)
    if country:
        return make("country", country)
    if key in known.demonyms:
        if label in ("NORP", "GPE") or span.root.tag_ in ("NNPS", "NNS") or span.root.dep_ in ("amod", "compound", "nsubj"):
            return make("country", known.demonyms[key])
        return None
    if key in known.capitals and label in ("GPE", "ORG", "PERSON", "FAC", "LOC"):
        return make("location") if is_place_use(span.root) else make("country", known.capitals[key])
    org = known.organizations.get(key)
    if len(words) >= 2 and words[0].lower() in known.party_adjectives and not org:
        org = known.organizations.get(normalize(" ".join(words[1:])))  # "Republican House": the House
    if org:
        return make("organization", org)
    if key in known.stage_directions or key in known.not_actors or key in known.room_roles:
        return None
    if key in known.known_places:
        return make("location")  # "the Oval Office"
    content_words = [w for w in words if w.lower() not in ("and", "of", "the", "for", "to")]
    if content_words and all(known.is_title(w) for w in content_words):
        return None  # only titles: "Majesty King", "Special Representatives and Envoys"
    inside_parentheses = span.start > 0 and span.doc[span.start - 1].text == "(" and span.end < len(span.doc) and span.doc[span.end].text in (")", ".")
    if inside_parentheses and label == "PERSON":
        return None
    if label == "PERSON":
        if span[-1].lower_ in known.venue_words:
            return make("location")
        if text.islower():
            return None
        return make("person")
    if label == "ORG":
        if len(span) == 1 and span[0].pos_ == "ADJ":
            return None  # an adjective the model took for a body ("Indigenous")
        if text.islower():
            return None  # a phrase the model took for a body ("economics of clean energy")
        return make("organization")
    if label == "FAC" and re.search(rf"\b(?:{'|'.join(known.institution_words)}) (?:for|of|on)\b", key):
        return make("organization")  # "the Center for Strategic and International Studies"
    if label in ("GPE", "LOC", "FAC"):
        return make("location")
    return None  # NORP that is not a demonym of a state: religions, parties as adjectives


def _speaker_label_mentions(doc: Doc, known: Knowledge, found: list[Mention]) -> list[Mention]:
    """Names in transcript labels like "PRIME MINISTER LAPID:" that the model missed."""
    taken = {(m.start, m.end) for m in found}
    out = []
    text = doc_text(doc)
    for match in SPEAKER_LABEL.finditer(text):
        if match.start() > 0 and text[match.start() - 1] != "\n":
            continue
        words = match.group(1).split()
        titled = [i for i, w in enumerate(words[:-1]) if known.is_title(w) or known.is_misspelt_title(w)]
        cut = titled[-1] + 1 if titled else 0  # "EXTERNAL AFFAIRS MINISTER JAISHANKAR" -> JAISHANKAR
        if cut >= len(words) or " ".join(words[cut:]).lower() in known.room_roles:
            continue
        name_start = match.start() + len(" ".join(words[:cut])) + (1 if cut else 0)
        name_end = match.start() + len(match.group(1).rstrip())
        span = doc.char_span(name_start, name_end, alignment_mode="expand")
        if span is None or (span.start_char, span.end_char) in taken:
            continue
        out.append(Mention(span.start_char, span.end_char, span.text, "person", None, span.start, span.end - 1))
    return out


class ActorGrouper:
    """Group one article's mentions into local actors."""

    def __init__(self, doc: Doc, known: Knowledge, to_place, body_offset: int = 0, written: str | None = None):
        self.doc = doc
        self.written = written  # the text as written, where the doc has straight quotation marks
        self.body_offset = body_offset
        self.known = known
        self.to_place = to_place  # doc offset -> (field, offset)
        self.actors: list[LocalActor] = []
        self.by_key: dict[tuple[str, str], int] = {}
        self.token_actor: dict[int, int] = {}  # token index -> actor index
        self.locations: list[Mention] = []

    def add(self, mentions: list[Mention]) -> None:
        if self.written is not None:  # names as written: "D’Souza", not the model's "D'Souza"
            mentions = [replace(m, text=self.written[m.start:m.end]) for m in mentions]
        people = [m for m in mentions if m.kind == "person"]
        keys = [person_key(display_name(m.text), self.known) for m in people]
        person_words = {w for key in keys for w in key.split()} | {normalize(display_name(m.text)) for m in people}
        # an "organisation" that is a person the article names ("Trump", "ROME - Bernie Sanders")
        promoted = {id(m) for m in mentions if m.kind == "organization" and m.canonical is None
                    and self._names_person(m.text, person_words)}
        people += [m for m in mentions if id(m) in promoted]
        full_names = {person_key(display_name(m.text), self.known): m for m in people if len(person_key(display_name(m.text), self.known).split()) >= 2}
        surnames: dict[str, set[str]] = {}
        for key in full_names:
            surnames.setdefault(key.split()[-1], set()).add(key)
        for m in mentions:
            if m.kind == "location":
                self.locations.append(m)
                continue
            kind = "person" if id(m) in promoted else m.kind
            name = display_name(m.text) if kind == "person" else m.text
            if kind == "country":
                key = ("country", m.canonical)
                name = m.canonical
            elif kind == "organization":
                key = ("organization", normalize(m.canonical or name))
                name = m.canonical or name
                if m.canonical is None and " " not in key[1]:  # "Nusra" after "the Nusra Front"
                    longer = [k for k in self.by_key if k[0] == "organization" and k[1].split()[0] == key[1]]
                    if len(longer) == 1:
                        key = longer[0]
            else:
                pkey = person_key(name, self.known)
                if not pkey:
                    continue
                if len(pkey.split()) == 1:
                    matches = surnames.get(pkey) or {k for k in full_names if pkey in k.split()[1:]} \
                        or {k for k in full_names if k.split()[0] == pkey}
                    if len(matches) > 1:  # two people share the surname: take the one named last before
                        before = [(full_names[k].start, k) for k in matches if full_names[k].start <= m.start]
                        matches = {max(before)[1]} if before else matches
                    if len(matches) == 1:
                        pkey = next(iter(matches))
                else:  # "Ashraf Ghani" and "Mohammad Ashraf Ghani", "Suu Kyi" and "Aung San Suu Kyi": one person
                    words = pkey.split()
                    longer = {k for k in full_names if len(k.split()) > len(words)  # or "Yoon Suk" of "Yoon Suk Yeol"
                              and words in (k.split()[-len(words):], k.split()[:len(words)])}
                    if len(longer) == 1:
                        pkey = next(iter(longer))
                key = ("person", pkey)
            self._attach(key, name, kind, m)

    @staticmethod
    def _names_person(name: str, person_words: set[str]) -> bool:
        """An "organisation" that is a person the article names ("Trump", "ROME - Bernie Sanders")."""
        words = normalize(name).split()
        return 0 < len(words) <= 3 and words[-1] in person_words and all(w[:1].isupper() for w in name.split())

    def _attach(self, key, name, kind, m: Mention, claim_tokens: bool = True) -> None:
        index = self.by_key.get(key)
        if index is None:
            index = len(self.actors)
            self.by_key[key] = index
            self.actors.append(LocalActor(index=index, name=name, type=kind, known=m.canonical is not None))
        actor = self.actors[index]
        if kind == "person" and len(name.split()) > len(actor.name.split()):
            actor.name = name
        field, start = self.to_place(m.start)
        actor.mentions.append(LocalMention(start, start + (m.end - m.start), m.text, field))
        for i in range(m.first_token, m.last_token + 1 if claim_tokens else m.first_token):
            self.token_actor[i] = index

    def _full_names_ending(self, key: str) -> list[str]:
        """The keys of the people named in full whose last name is `key`."""
        return [k[1] for k in self.by_key if k[0] == "person" and len(k[1].split()) > 1 and k[1].split()[-1] == key]

    def is_surname(self, word: str) -> bool:
        """Whether a word is the last name of exactly one person the article named in full."""
        return len(self._full_names_ending(person_key(word, self.known))) == 1

    def person_named(self, span: Span) -> int:
        """The person a name the model missed stands for: a surname joins the full name the
        article gave ("Trump" -> "Donald Trump"), else a new person."""
        text = self.written[span.start_char:span.end_char] if self.written is not None else span.text
        name = display_name(text)
        key = person_key(name, self.known)
        if len(key.split()) == 1:
            full = self._full_names_ending(key)
            if len(full) == 1:
                key = full[0]
        self._attach(("person", key), name, "person",
                     Mention(span.start_char, span.end_char, text, "person", None, span.start, span.end - 1))
        return self.by_key[("person", key)]

    def latest(self, before: int, types: set[str]) -> int | None:
        """The actor of these types named last before a doc offset."""
        best, best_at = None, -1
        for actor in self.actors:
            if actor.type not in types:
                continue
            for mention in actor.mentions:
                at = mention.start + self.body_offset if mention.field == "body" else mention.start
                if best_at < at < before:
                    best, best_at = actor.index, at
        return best

    def actor_of(self, token: Token) -> int | None:
        return self.token_actor.get(token.i)

    def known_actor(self, canonical: str, token: Token, kind: str = "country", names_it: bool = True) -> int:
        """The local actor of a known country or organisation, creating it from a token that names it
        (or, with `names_it` false, only points at it: "congressman" is no name of the House)."""
        key = (kind, canonical if kind == "country" else normalize(canonical))
        if key not in self.by_key:
            m = Mention(token.idx, token.idx + len(token.text), token.text, kind, canonical, token.i, token.i)
            self._attach(key, canonical, kind, m, claim_tokens=names_it)
        return self.by_key[key]

    def add_roles(self) -> None:
        """Titles before a name and appositions after it become roles; a country or
        organisation named in the role becomes the person's affiliation."""
        tokens_of: dict[int, list[int]] = {}
        for token_index, actor_index in sorted(self.token_actor.items()):
            tokens_of.setdefault(actor_index, []).append(token_index)
        for actor in self.actors:
            if actor.type != "person":
                continue
            for mention_tokens in self._mention_token_runs(actor.index, tokens_of):
                first, last = mention_tokens[0], mention_tokens[-1]
                for role_tokens in (self._prefix_role(first), self._apposition_role(last)):
                    if not role_tokens:
                        continue
                    role_tokens = self._role_tokens(role_tokens, actor.index)
                    if not role_tokens:
                        continue
                    if actor.affiliation is None:
                        actor.affiliation = self._affiliation(role_tokens)
                    backing = {i for t in role_tokens if self._backs(t) for i in (t.i, t.i + 1, t.i + 2)}
                    text = "".join(t.text_with_ws for t in self.doc[role_tokens[0].i:role_tokens[-1].i + 1]
                                   if t.i not in backing).strip(" ,")  # "the Sanders-supporting party": "the party"
                    if text.isupper():  # a shouted transcript label: "FOREIGN MINISTER"
                        text = " ".join(w.lower() if w.lower() in self.SMALL_WORDS else w.capitalize() for w in text.split())
                    sentence = self.doc[first.i].sent
                    field, start = self.to_place(sentence.start_char)
                    if field == "title":
                        start = 0
                    if len(text.split()) > MAX_ROLE_WORDS:
                        continue  # its body counts, but a sentence is no role to show
                    if all(r.text.casefold() != text.casefold() for r in actor.roles):
                        actor.roles.append(LocalRole(text, start, start + len(sentence.text)))
                for evidence in (self._named_after, self._titled_apposition, self._group_member, self._clause_country):
                    if actor.affiliation is None:  # (actor 0 is an actor: no `or` between these)
                        actor.affiliation = evidence(last)
                if actor.affiliation is None:
                    actor.affiliation = self._party(first, last)
                if actor.affiliation is None:
                    actor.affiliation = self._principal_body(first)
                if actor.affiliation is None:  # "her campaign chairman X, communications director Y and …"
                    head = self._list_head(last)
                    actor.affiliation = self._principal_body(head) if head is not None else None
                if actor.affiliation is None and first.lower_ in self.known.title_bodies:  # "Pope Francis"
                    actor.affiliation = self._body(self.known.title_bodies[first.lower_], first)
        self._delegation_leaders()
        self._successors()
        for actor in self.actors:  # once every title has named its body: "her campaign chairman" above,
            if actor.type == "person" and actor.affiliation is None:  # and every leader has theirs
                actor.affiliation = self._own_body(actor)
            if actor.type == "person" and actor.affiliation is None:
                actor.affiliation = next((found for run in self._mention_token_runs(actor.index, tokens_of)
                                          if (found := self._subordinate_of(run[-1])) is not None), None)
            if actor.type == "person" and actor.affiliation is None:
                actor.affiliation = self._court_of(actor)

    SMALL_WORDS = {"of", "the", "and", "for", "to", "in", "on", "at"}

    def _role_tokens(self, tokens: list[Token], owner: int) -> list[Token]:
        """The words of a role as an analyst would write it, or none when it is no role. A
        headline's words before it go ("Readout of President" -> "President"), and so do a
        leading "the", "a", "now"; an honorific alone ("Mr.") is no role, nor a role naming
        someone else ("Minister of Defense Oleksiy Reznikov" as Kuleba's)."""
        breaks = [k for k, t in enumerate(tokens) if t.lower_ in self.known.role_breakers]
        if breaks:
            tokens = tokens[breaks[-1] + 1:]
        while tokens and (tokens[0].lower_ in self.known.role_openers or tokens[0].is_punct):
            tokens = tokens[1:]
        words = [t.lower_.rstrip(".") for t in tokens if not t.is_punct]
        if not words or all(w in self.known.honorifics for w in words):
            return []
        for t in tokens:
            index = self.token_actor.get(t.i)
            if index is not None and index != owner and self.actors[index].type == "person" \
                    and not self._backs(t):  # (but "the Sanders-supporting party" holds an adjective)
                return []
        return tokens

    def _backs(self, token: Token) -> bool:
        """A name made an adjective by a participle: "Sanders-supporting", "Clinton-backing"."""
        doc = self.doc
        return token.i + 2 < len(doc) and doc[token.i + 1].text == "-" and doc[token.i + 2].tag_ in ("VBG", "VBN")

    def _named_after(self, last: Token) -> int | None:
        """ "President Ashraf Ghani of Afghanistan": the country or body right after the name."""
        doc = self.doc
        if last.i + 2 < len(doc) and doc[last.i + 1].lower_ == "of":
            following = doc[last.i + 2]
            if following.lower_ == "the" and last.i + 3 < len(doc):
                following = doc[last.i + 3]
            index = self.token_actor.get(following.i)
            if index is not None and self.actors[index].type in ("country", "organization"):
                return index
        return None

    @staticmethod
    def _name_head(last: Token) -> Token:
        """The word a name's parse hangs on: from "Kevin" + "McCarthy" to the head of the name."""
        while last.dep_ in ("compound", "flat") and last.head.i != last.i:
            last = last.head
        return last

    def _surname(self, index: int) -> str:
        return display_name(self.actors[index].name).split()[-1]

    def _named_body(self, surname: str, word: str) -> int | None:
        """The body the article names after a person: "the Sanders campaign", "the Obama administration"."""
        return self.by_key.get(("organization", normalize(f"{surname} {word}")))

    def _possessor(self, token: Token) -> int | None:
        """The person a possessor stands for: a name ("Clinton's aides"), or "his"/"her", the person
        named last before it."""
        index = self.token_actor.get(token.i)
        if index is None and token.tag_ == "PRP$" and token.lower_ in ("his", "her"):
            index = self.latest(token.idx, {"person"})
        return index if index is not None and self.actors[index].type == "person" else None

    def _titled_apposition(self, last: Token) -> int | None:
        """ "the Russian foreign minister, Sergey Lavrov": the name stands in apposition to a title
        whose own words name the country or body."""
        head = self._name_head(last)
        if head.dep_ != "appos" or not self._is_title_word(head.head):
            return None
        title = head.head  # its words, and what follows "of": "The leader of the Anti-Defamation League, X"
        name = {t.i for t in head.subtree}
        return self._affiliation([t for t in title.subtree if t.i not in name])

    PARTY_LABEL = re.compile(r"\s*[(,]\s*([A-Z])(?:\s*[-–]\s*[A-Z][\w.]*\.?)?\s*[),]")

    def _group_member(self, last: Token) -> int | None:
        """A person named as one of a group: "Afghan leaders including former President Hamid
        Karzai", "the two leading Republicans, Donald Trump and Ted Cruz": the group's country,
        party or body."""
        node = self._name_head(last)
        group = None
        while node.dep_ == "conj" and node.head.i != node.i:
            head = node.head
            if head.tag_ in ("NNS", "NNPS") and head.i + 1 < len(self.doc) and self.doc[head.i + 1].text == ",":
                group = head  # "the two leading Republicans, Trump and Cruz" parsed as a list of three
                break
            node = head
        if group is None and node.dep_ == "pobj" and node.head.lower_ in ("including", "like"):
            group = node.head.head  # "Afghan leaders including X"
        if group is None and node.dep_ == "appos":
            group = node.head
        if group is None or group.tag_ not in ("NNS", "NNPS"):
            return None  # a group of many, not one person's description
        for word in [group, *(c for c in group.children if c.dep_ in ("amod", "compound"))]:
            party = self.known.party_adjectives.get(word.lower_) or self.known.party_adjectives.get(word.lower_[:-1])
            if party:  # "Republicans", "Democratic lawmakers"
                return self.known_actor(party, word, kind="organization")
            index = self.token_actor.get(word.i)
            if index is not None and self.actors[index].type in ("country", "organization"):
                return index  # "Afghan leaders", "NATO officials"
        for owner in (c for c in group.children if c.dep_ == "poss"):  # "Clinton's top aides, including …":
            index = self.token_actor.get(owner.i)  # the campaign of the person the group belongs to, if named
            if index is not None and self.actors[index].type == "person":
                surname = self._surname(index)
                return next((body for word in self.known.person_bodies
                             if (body := self._named_body(surname, word)) is not None), None)
        return None

    def _clause_country(self, last: Token) -> int | None:
        """ "Derek Mitchell, who served as U.S. ambassador to Burma,": the country of a post a relative
        clause gives — a country only, as a past post tells a nationality but not an employer."""
        doc = self.doc
        if last.i + 3 >= len(doc) or doc[last.i + 1].text != "," or doc[last.i + 2].lower_ != "who":
            return None
        role = []
        for t in doc[last.i + 3:min(len(doc), last.i + 16)]:
            if t.text in (",", ";", ":") or t.lower_ in ("under", "when", "until", "before", "after", "during"):
                break
            role.append(t)
        verbs = [k for k, t in enumerate(role) if t.lemma_ in ("serve", "be", "become", "work")]
        if not verbs:
            return None
        role = role[verbs[0] + 1:]
        role = role[1:] if role and role[0].lower_ == "as" else role
        if not role or not any(self._is_title_word(t) for t in role):
            return None
        for t in role:
            if self._word_before(t, role[0]) in ("for", "to", "on", "in", "at"):
                continue
            index = self.token_actor.get(t.i)
            if index is not None and self.actors[index].type == "country":
                return index
            canonical = self.known.country(t.text.rstrip("."))
            if canonical:
                return self.known_actor(canonical, t, names_it=False)
        return None

    def _successors(self) -> None:
        """ "X, Mexico's ambassador to Washington, will be replaced by Y", "Y succeeds X": the successor
        to a post acts for the body the one they follow acts for."""
        for verb in (t for t in self.doc if t.lemma_ in self.known.succession_verbs and t.pos_ == "VERB"):
            passive = any(c.dep_ == "auxpass" for c in verb.children)
            subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            other = next((o for c in verb.children if c.dep_ == ("agent" if passive else "dobj")
                          for o in ([c] if not passive else [x for x in c.children if x.dep_ == "pobj"])), None)
            if subject is None or other is None:
                continue
            old, new = (subject, other) if passive else (other, subject)
            before, after = self.token_actor.get(old.i), self.token_actor.get(new.i)
            if before is None or after is None or before == after:
                continue
            if self.actors[before].type == self.actors[after].type == "person" and self.actors[after].affiliation is None:
                self.actors[after].affiliation = self.actors[before].affiliation

    def _court_of(self, judge: LocalActor) -> int | None:
        """ "Justice Antonin Scalia" in an article that names one court ("the Supreme Court"): that court."""
        if not any(role.text.casefold() in self.known.court_titles for role in judge.roles):
            return None
        courts = [a.index for a in self.actors if a.type == "organization" and a.name.split()[-1] == "Court"]
        return courts[0] if len(courts) == 1 else None

    def _subordinate_of(self, last: Token) -> int | None:
        """ "his two deputies, Majority Leader Kevin McCarthy and Whip Steve Scalise": people named as
        someone's deputies, aides or advisers act for the body that person acts for."""
        node = self._name_head(last)
        while node.dep_ == "conj" and node.head.i != node.i:
            node = node.head
        group = node.head if node.dep_ == "appos" else None
        if group is None or group.lemma_ not in self.known.subordinate_nouns:
            return None
        owner = next((c for c in group.children if c.dep_ == "poss"), None)
        index = self._possessor(owner) if owner is not None else None
        return self.actors[index].affiliation if index is not None else None

    def _list_head(self, last: Token) -> Token | None:
        """The first word of the first name in a list a name is a later member of."""
        node = self._name_head(last)
        if node.dep_ != "conj":
            return None
        while node.dep_ == "conj" and node.head.i != node.i:
            node = node.head
        index = self.token_actor.get(node.i)
        if index is None or self.actors[index].type != "person":
            return None
        start = node.i
        while start - 1 >= 0 and self.token_actor.get(start - 1) == index:
            start -= 1
        return self.doc[start]

    def _principal_body(self, first: Token) -> int | None:
        """ "Clinton spokesman Brian Fallon", "her campaign chairman John Podesta": the campaign of the
        person whose title it is — the one the article names, or the one the title itself names."""
        role = self._prefix_role(first)
        if not role:
            return None
        before = self.doc[role[0].i - 1] if role[0].i > first.sent.start else None
        principal = self._possessor(before) if before is not None else None  # "Clinton", "her"
        if role[0].text[:1].isupper() and not self._is_title_word(role[0]) and self.is_surname(role[0].text):
            surname = role[0].text  # the name the model left in the title: "Clinton spokesman"
        elif principal is not None:
            surname = self._surname(principal)
        else:
            return None
        for word in self.known.person_bodies:
            body = self._named_body(surname, word)
            if body is not None:
                return body
            if any(t.lower_ == word for t in role):  # the title names the body: "her campaign chairman"
                return self.known_actor(f"{surname} {word}", role[0], kind="organization", names_it=False)
        return None

    def publisher_speaks_through(self, source: str | None) -> None:
        """An institution's own release names its spokesperson bare ("Spokesperson Ned Price" on the
        State Department's page): they speak for the publisher."""
        body = self.known.organization(source) if source else None
        if body is None:
            return
        for actor in self.actors:
            if actor.type == "person" and actor.affiliation is None \
                    and any(role.text.casefold() in self.known.spokesperson_roles for role in actor.roles):
                first = min(i for i, index in self.token_actor.items() if index == actor.index)
                actor.affiliation = self.known_actor(body, self.doc[first], kind="organization", names_it=False)

    def _delegation_leaders(self) -> None:
        """ "Sherwood-Randall led a US delegation", "West led a delegation including representatives
        from the Department of State": the leader acts for the country the delegation comes from."""
        for noun in (t for t in self.doc if t.lower_ in self.known.delegation_nouns):
            verb = noun.head
            if noun.dep_ != "dobj" or verb.lemma_ not in self.known.leading_verbs:
                continue
            country = self._delegation_country(noun)
            if country is None:
                continue
            for leader in self._leaders(verb):
                if self.actors[leader].affiliation is None:
                    self.actors[leader].affiliation = country

    def _leaders(self, verb: Token) -> list[int]:
        """The people who lead: the subject's (a title's: "the Assistant ..., Dr. Doe,"), or where the
        model found no subject, the person named last before the verb in its clause."""
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if not subjects:
            for t in reversed(self.doc[verb.sent.start:verb.i]):
                index = self.token_actor.get(t.i)
                if index is not None and self.actors[index].type == "person":
                    return [index]
                if t.pos_ in ("VERB", "AUX"):
                    break
            return []
        leaders = []
        for name in (s for subject in subjects for s in (subject, *subject.conjuncts)):
            people = [i for t in name.subtree if (i := self.token_actor.get(t.i)) is not None
                      and self.actors[i].type == "person"]
            leaders += people[:1]
        return leaders

    def _delegation_country(self, noun: Token) -> int | None:
        """The country a delegation comes from: named on it ("a US delegation") or the country of the
        first body its members come from ("including representatives from the Department of State")."""
        for t in noun.subtree:
            index = self.token_actor.get(t.i)
            if index is None or self.actors[index].type == "person":
                continue
            country = self.country_of(index)
            if country is not None:
                return self.known_actor(country, t, names_it=False)
        return None

    def country_of(self, index: int) -> str | None:
        """The country an actor is, is a body of ("United States Department of State"), or acts for."""
        actor = self.actors[index]
        if actor.type == "country":
            return actor.name
        if actor.type == "organization":
            words = actor.name.split()
            return next((c for n in (3, 2, 1) if (c := self.known.country(" ".join(words[:n])))), None)
        return self.country_of(actor.affiliation) if actor.affiliation is not None else None

    def _own_body(self, person: LocalActor) -> int | None:
        """The body named after a person ("the Hillary Clinton campaign", or "the Clinton campaign"
        when the article names one Clinton) is the body they act through."""
        surname = self._surname(person.index)
        for word in self.known.person_bodies - self.known.generic_org_words:  # (not "the Obama administration":
            index = self._named_body(surname, word)  # its leader acts for the state)
            if index is None:
                continue
            if self.is_surname(surname) or any(person.name in m.text for m in self.actors[index].mentions):
                return index
        return None

    def _party(self, first: Token, last: Token) -> int | None:
        """A party label after the name ("Sen. Jane Doe (D-Ohio)", "Rep. John Roe, R-Texas,") or a
        party adjective before it ("Republican Paul Ryan", "Democratic Sen. Jane Doe")."""
        label = self.PARTY_LABEL.match(doc_text(self.doc), last.idx + len(last.text))
        if label and label.group(1) in self.known.party_labels:
            span = self.doc.char_span(label.start(1), label.end(1), alignment_mode="expand")
            if span is not None:
                return self.known_actor(self.known.party_labels[label.group(1)], span[0], "organization")
        i = first.i - 1  # back over the title and its lowercase words: "Democratic presidential nominee X"
        while i >= max(first.sent.start, first.i - 4) and (self._is_title_word(self.doc[i]) or (
                self.doc[i].is_lower and self.doc[i].pos_ in ("ADJ", "NOUN"))):
            i -= 1
        if i >= first.sent.start and self.doc[i].lower_ in self.known.party_adjectives:
            return self.known_actor(self.known.party_adjectives[self.doc[i].lower_], self.doc[i], "organization")
        return None

    def _mention_token_runs(self, index: int, tokens_of: dict[int, list[int]]) -> list[list[Token]]:
        runs, current = [], []
        for i in tokens_of.get(index, []):
            if current and i != current[-1].i + 1:
                runs.append(current)
                current = []
            current.append(self.doc[i])
        if current:
            runs.append(current)
        return runs

    def _is_title_word(self, token: Token) -> bool:
        return token.lower_ in self.known.titles or token.lower_ in self.known.title_modifiers

    def _prefix_role(self, first: Token) -> list[Token]:
        tokens: list[Token] = []
        i = first.i - 1
        sentence_start = first.sent.start
        while i >= sentence_start:
            t = self.doc[i]
            if t.i in self.token_actor and self.actors[self.token_actor[t.i]].type == "person":
                break
            possessive = t.tag_ == "POS" and tokens and i > sentence_start and self.doc[i - 1].text[:1].isupper()
            modifier = tokens and t.is_lower and t.pos_ in ("ADJ", "NOUN") and self._is_title_word(tokens[0])
            if self._is_title_word(t) or (t.text[:1].isupper() and t.pos_ in ("PROPN", "ADJ", "NOUN")) \
                    or (t.lower_ in ("of", "for", "and", "to") and tokens) or possessive or modifier:
                # "Uzbekistan's President", "White House press secretary"
                tokens.insert(0, t)
                i -= 1
                continue
            break
        while tokens and tokens[0].lower_ in ("of", "for", "and", "to"):
            tokens.pop(0)
        if any(t.lower_ in self.known.titles for t in tokens):
            return tokens
        return []

    def _apposition_role(self, last: Token) -> list[Token]:
        doc = self.doc
        i = last.i + 1
        if i >= len(doc) or doc[i].text != ",":
            return []
        tokens = []
        j = i + 1
        while j < len(doc) and j < i + 24 and doc[j].text not in (",", ".", ";", ":", "“", "\"", "(") and "\n" not in doc[j].text:
            if doc[j].lower_ in ("who", "which", "that"):
                break  # "a fellow at the Council who ran the Agency": the role ends with the clause
            if doc[j].pos_ in ("VERB", "AUX") and doc[j].dep_ not in ("amod", "compound"):  # "governing body" stays
                return []
            tokens.append(doc[j])
            j += 1
        else:
            if j == i + 24:
                return []  # no end in sight: a sentence, not a role
            if j + 1 < len(doc) and doc[j].text == ",":  # "president of soccer's world governing body, FIFA,"
                first = j + 2 if doc[j + 1].lower_ == "the" else j + 1
                body = self.token_actor.get(first)
                run = [t for t in doc[first:first + 6] if self.token_actor.get(t.i) == body]
                after = doc[run[-1].i + 1] if run and run[-1].i + 1 < len(doc) else None
                if body is not None and self.actors[body].type == "organization" \
                        and (after is None or after.text in (",", ".", ";") or after.lower_ in ("who", "which")):
                    tokens += [doc[j], *run]
        if not tokens or not any(t.lower_ in self.known.titles for t in tokens):
            return []
        if tokens[0].i in self.token_actor and self.actors[self.token_actor[tokens[0].i]].type == "person":
            return []
        return tokens

    def _affiliation(self, role_tokens: list[Token]) -> int | None:
        """The country or body a role names: "Russian President", "Uzbekistan's foreign minister",
        "a professor at the Asia-Pacific Center", "spokesman for the campaign". A country after
        "for", "to", "on", "in" or "at" is the post, not the employer ("envoy for Afghanistan",
        "ambassador to the U.S.")."""
        posted = any(t.lower_ in self.known.posted_titles for t in role_tokens)
        running = any(t.lower_ in self.known.candidacy_words for t in role_tokens)
        for t in role_tokens:  # a body first: "the Washington director for MoveOn.org" works for MoveOn.org
            index = self.token_actor.get(t.i)
            if index is None or self.actors[index].type != "organization" or self._backs(t):
                continue  # (not "the Sanders-supporting Working Families Party": a body it backs)
            if posted and self._word_before(t, role_tokens[0]) == "to":
                continue  # "ambassador to the United Nations"
            if running and self.actors[index].name in self.known.seats.values():
                continue  # "Wisconsin Senate candidate"
            return index
        for t in role_tokens:
            post = self._word_before(t, role_tokens[0]) in ("for", "to", "on", "in", "at")
            index = self.token_actor.get(t.i)
            if index is not None and self.actors[index].type == "country" and not post:
                return index
            canonical = self.known.country(t.text)
            if canonical and not post:
                return self.known_actor(canonical, t)
        words = " ".join(t.text for t in role_tokens if not t.is_punct).casefold()
        body = next((b for title, b in self.known.title_bodies.items() if words == title or words.endswith(" " + title)),
                    None) or self._seat(role_tokens)
        if body:
            return self._body(body, role_tokens[-1])
        if any(t.text == "administration" and t.i > 0 and self.doc[t.i - 1].is_lower for t in role_tokens):
            # "a former adviser on Syria in the administration": the one administration the article names
            named = {a.index for a in self.actors for m in a.mentions if a.type in ("organization", "country")
                     and m.text.endswith(" administration") and m.text[:1].isupper()}
            return named.pop() if len(named) == 1 else None
        return None

    def _body(self, canonical: str, token: Token) -> int:
        """The actor of the body or state a title belongs to, which the title only points at."""
        kind = "country" if self.known.country(canonical) else "organization"
        return self.known_actor(canonical, token, kind=kind, names_it=False)

    def _word_before(self, token: Token, first: Token) -> str | None:
        """The word before the name a token is part of, past "the": "to" for "United" and "Nations" in
        "ambassador to the United Nations"; None at the role's first word."""
        index = self.token_actor.get(token.i)
        i = token.i - 1
        while i >= first.i and ((index is not None and self.token_actor.get(i) == index) or self.doc[i].lower_ == "the"):
            i -= 1
        return self.doc[i].lower_ if i >= first.i else None

    def _seat(self, role_tokens: list[Token]) -> str | None:
        """"Ohio Rep.", "New York Sen.": the legislature a state named before the title seats its holder in."""
        for k in range(1, len(role_tokens)):
            for start in (k - 1, k - 2):
                state = " ".join(t.text for t in role_tokens[max(start, 0):k]).casefold()
                if (state, role_tokens[k].lower_) in self.known.seats:
                    return self.known.seats[(state, role_tokens[k].lower_)]
        return None
