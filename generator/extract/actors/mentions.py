"""Entity mentions of one article: spaCy's entities cleaned and typed, and the names the model missed."""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.lang.en import English
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ...knowledge import Knowledge, grammar, normalize
from ...names import display_name

GRAMMAR = grammar()  # English function words (generator/data/grammar.yml)

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}
NOT_NAME_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "EVENT", "LAW", "LANGUAGE"}
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
    if node.dep_ == "pobj" and node.head.lower_ in GRAMMAR.place_prepositions:
        return True
    if node.dep_ in ("dobj", "npadvmod") and node.head.lemma_ in GRAMMAR.place_object_verbs:
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
    while start < end and (doc[start].lower_ in GRAMMAR.name_openers
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
    text ("… Strategy and Outreach," — not "the Ministry and Whitcombe," after "Dana Whitcombe")."""
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
            while end > span.start + 1 and doc[end - 1].lower_ in GRAMMAR.headline_joiners:
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
    """Names the model missed right after a title: "Minister of Defense Ivo Marek", or
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
    if label == "ORG" and len(words) >= 3:  # "Ruritania Dana Whitcombe", "Defense Ivo Marek"
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
    content_words = [w for w in words if w.lower() not in GRAMMAR.title_joiners and w.lower() != "the"]
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
