"""Merging per-article records into one briefing: records are built by hand, no model needed."""
from __future__ import annotations

import re
from datetime import date

from slugify import slugify

from generator.records import (ArticleExtraction, LocalActor, LocalEvent, LocalMention, LocalQuote,
                                       LocalRole, Place)
from generator.model import Article
from generator.resolve import resolve

ONE = ("US President Donald Trump met Taliban leaders at Camp David on Sept. 8. "
       "Hillary Clinton criticised the plan. Trump said the talks were dead.")
TWO = ("Trump met Taliban leaders at Camp David on Sept. 8, officials said. "
       "“It was a mistake,” Bill Clinton said.")


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: a full stop ends a sentence unless a number follows ("Sept. 8")."""
    spans, start = [], 0
    for stop in re.finditer(r"(?<=[a-z0-9,]\.)\s+(?=[A-Z“])", text):
        spans.append((start, stop.start()))
        start = stop.end()
    return spans + [(start, len(text))]


def mention(text: str, words: str, nth: int = 0) -> LocalMention:
    starts = [m.start() for m in re.finditer(re.escape(words), text)]
    start = starts[nth]
    return LocalMention(start, start + len(words), words)


def sentence_of(text: str, words: str) -> Place:
    at = text.index(words)
    start, end = next((s, e) for s, e in sentences(text) if s <= at < e)
    return Place(start, end)


def articles() -> list[Article]:
    return [Article(id="a-one", path="one.md", title="Trump met Taliban", date=date(2019, 9, 23), text=ONE),
            Article(id="a-two", path="two.md", title="Camp David talks", date=date(2019, 9, 24), text=TWO)]


def extractions() -> list[ArticleExtraction]:
    trump_sentence = sentence_of(ONE, "US President")
    one = ArticleExtraction(
        article="a-one", sentences=sentences(ONE),
        actors=[
            LocalActor(0, "Donald Trump", "person", mentions=[mention(ONE, "Donald Trump"), mention(ONE, "Trump", 1)],
                       roles=[LocalRole("US President", trump_sentence.start, trump_sentence.end)], affiliation=3),
            LocalActor(1, "Taliban", "organization", known=True, mentions=[mention(ONE, "Taliban")]),
            LocalActor(2, "Hillary Clinton", "person", mentions=[mention(ONE, "Hillary Clinton")]),
            LocalActor(3, "United States", "country", known=True, mentions=[mention(ONE, "US")]),
        ],
        quotes=[LocalQuote("the talks were dead", ONE.index("the talks were dead"),
                           ONE.index("the talks were dead") + len("the talks were dead"), "indirect", "say", 0)],
        events=[LocalEvent("meeting", [0, 1], "Camp David", "2019-09-08", "held", [trump_sentence], cue="met")],
    )
    quote = "It was a mistake,"
    two = ArticleExtraction(
        article="a-two", sentences=sentences(TWO),
        actors=[
            LocalActor(0, "Trump", "person", mentions=[mention(TWO, "Trump")]),
            LocalActor(1, "Taliban", "organization", known=True, mentions=[mention(TWO, "Taliban")]),
            LocalActor(2, "Bill Clinton", "person", mentions=[mention(TWO, "Bill Clinton")]),
        ],
        quotes=[LocalQuote(quote, TWO.index(quote), TWO.index(quote) + len(quote), "direct", "say", 2)],
        events=[LocalEvent("meeting", [1, 0], None, "2019-09-08", "held", [sentence_of(TWO, "Trump met")], cue="met")],
    )
    return [one, two]


def by_name(briefing, name):
    found = [a for a in briefing.actors if a.name == name]
    assert len(found) == 1, [a.name for a in briefing.actors]
    return found[0]


def test_full_name_and_lone_surname_across_articles_are_one_actor():
    briefing = resolve(articles(), extractions())
    trumps = [a for a in briefing.actors if "Trump" in a.name]
    assert [a.name for a in trumps] == ["Donald Trump"]
    trump = trumps[0]
    assert trump.type == "person"
    assert "Trump" in trump.aliases and "Donald Trump" not in trump.aliases
    assert trump.articles == ["a-one", "a-two"]
    assert len(trump.mentions) == 3
    assert [r.text for r in trump.roles] == ["US President"]
    assert trump.affiliation == by_name(briefing, "United States").id


def test_people_sharing_a_surname_stay_apart():
    briefing = resolve(articles(), extractions())
    hillary, bill = by_name(briefing, "Hillary Clinton"), by_name(briefing, "Bill Clinton")
    assert hillary.id != bill.id
    assert hillary.articles == ["a-one"] and bill.articles == ["a-two"]
    quote = next(q for q in briefing.quotes if q.kind == "direct")
    assert quote.speaker == bill.id


def test_quotes_get_global_speakers_and_sentences():
    briefing = resolve(articles(), extractions())
    trump = by_name(briefing, "Donald Trump")
    reported = next(q for q in briefing.quotes if q.kind == "indirect")
    assert reported.speaker == trump.id
    assert reported.sentence == 2  # the third sentence of article one
    assert [q.article for q in briefing.quotes] == ["a-one", "a-two"]  # by article date


def test_same_meeting_in_two_articles_is_one_event():
    briefing = resolve(articles(), extractions())
    assert len(briefing.events) == 1
    event = briefing.events[0]
    assert set(event.participants) == {by_name(briefing, "Donald Trump").id, by_name(briefing, "Taliban").id}
    assert event.date == "2019-09-08" and event.location == "Camp David" and event.status == "held"
    assert event.articles == ["a-one", "a-two"]
    assert [(e.article, e.sentence) for e in event.evidence] == [
        ("a-one", "US President Donald Trump met Taliban leaders at Camp David on Sept. 8."),
        ("a-two", "Trump met Taliban leaders at Camp David on Sept. 8, officials said.")]
    assert event.id.startswith("e-")


def test_meetings_on_different_days_stay_apart():
    records = extractions()
    records[1].events[0].date = "2019-09-01"
    briefing = resolve(articles(), records)
    assert sorted(e.date for e in briefing.events) == ["2019-09-01", "2019-09-08"]
    assert len({e.id for e in briefing.events}) == 2


def test_planned_and_held_meetings_stay_apart():
    records = extractions()
    records[1].events[0].status = "planned"
    briefing = resolve(articles(), records)
    assert sorted(e.status for e in briefing.events) == ["held", "planned"]


def test_names_that_slug_alike_get_distinct_ids():
    text = "Jordan hosted the talks. Jordan, a local official, said the talks were useful."
    article = Article(id="a-jordan", path="jordan.md", title="Talks in Amman", date=date(2019, 9, 23), text=text)
    records = ArticleExtraction(
        article="a-jordan", sentences=sentences(text),
        actors=[LocalActor(0, "Jordan", "country", known=True, mentions=[mention(text, "Jordan")]),
                LocalActor(1, "Jordan", "person", mentions=[mention(text, "Jordan", 1)])],
        quotes=[LocalQuote("the talks were useful", text.rindex("the talks"), len(text) - 1, "indirect", "say", 1)],
        events=[LocalEvent("talks", [0, 1], None, None, "held", [Place(0, 24)], cue="talks")],
    )
    briefing = resolve([article], [records])
    assert len(briefing.actors) == 2
    country = next(a for a in briefing.actors if a.type == "country")
    person = next(a for a in briefing.actors if a.type == "person")
    assert slugify(country.name) == slugify(person.name)
    assert country.id != person.id
    assert briefing.quotes[0].speaker == person.id
    assert set(briefing.events[0].participants) == {country.id, person.id}


def test_every_reference_is_an_actor_id():
    briefing = resolve(articles(), extractions())
    ids = {a.id for a in briefing.actors}
    assert all(q.speaker in ids for q in briefing.quotes if q.speaker is not None)
    assert all(p in ids for e in briefing.events for p in e.participants)
    assert all(a.affiliation in ids for a in briefing.actors if a.affiliation is not None)


def test_an_administration_named_after_its_leader_is_the_country():
    text = "US President Donald Trump spoke. The Trump administration said the talks were dead."
    article = Article(id="a-gov", path="gov.md", title="Talks", date=date(2019, 9, 23), text=text)
    records = ArticleExtraction(
        article="a-gov", sentences=sentences(text),
        actors=[LocalActor(0, "Donald Trump", "person", mentions=[mention(text, "Donald Trump")], affiliation=1),
                LocalActor(1, "United States", "country", known=True, mentions=[mention(text, "US")]),
                LocalActor(2, "Trump administration", "organization", mentions=[mention(text, "Trump administration")])],
        quotes=[LocalQuote("the talks were dead", text.index("the talks"), text.index("the talks") + 19,
                           "indirect", "say", 2)])
    briefing = resolve([article], [records])
    assert [a.name for a in briefing.actors] == ["Donald Trump", "United States"]
    united_states = next(a for a in briefing.actors if a.name == "United States")
    assert "Trump administration" in united_states.aliases
    assert briefing.quotes[0].speaker == united_states.id


def test_a_person_is_named_without_middle_initials_or_suffixes():
    text = "Secretary Antony J. Blinken met Lloyd J. Austin III. Blinken spoke first."
    article = Article(id="a-names", path="names.md", title="Talks", date=date(2022, 4, 25), text=text)
    records = ArticleExtraction(
        article="a-names", sentences=sentences(text),
        actors=[LocalActor(0, "Antony J. Blinken", "person",
                           mentions=[mention(text, "Antony J. Blinken"), mention(text, "Blinken", 1)]),
                LocalActor(1, "Lloyd J. Austin III", "person", mentions=[mention(text, "Lloyd J. Austin III")])])
    briefing = resolve([article], [records])
    names = {a.name: a for a in briefing.actors}
    assert set(names) == {"Antony Blinken", "Lloyd Austin"}
    assert "Antony J. Blinken" in names["Antony Blinken"].aliases



def test_encounters_told_in_one_sentence_get_ids_of_their_own():
    """"met ... in Oslo on Monday and will meet again next month", and one told twice on other days:
    each event has its own id, so each gets its own page."""
    records = extractions()
    held = records[0].events[0]
    records[0].events += [LocalEvent("meeting", [0, 1], None, "2019-10", "planned", [held.evidence[0]], cue="meet"),
                          LocalEvent("meeting", [0, 1], "Doha", "2019-08-01", "held", [held.evidence[0]], cue="met")]
    briefing = resolve(articles(), records)
    ids = [e.id for e in briefing.events]
    assert len(ids) == 3 and len(set(ids)) == 3, briefing.events


def test_meetings_the_extractor_kept_apart_in_one_article_stay_apart():
    """An undated earlier visit and the meeting of the day, told with the same people in one
    article: the extractor read them apart, and merging across articles must not join them."""
    records = extractions()
    held = records[0].events[0]
    records[0].events.append(LocalEvent("visit", [0, 1], None, None, "held", [held.evidence[0]], cue="visit"))
    briefing = resolve(articles(), records)
    assert sorted((e.date or "", e.type) for e in briefing.events) == [("", "visit"), ("2019-09-08", "meeting")]


def one_person_in_two_articles(first: str, first_names: list[str], second: str, second_names: list[str]):
    """Two articles naming one person each: the person's first form is its name, every form a mention
    (the occurrence after those inside earlier forms: "O'Hara" after "Sean O'Hara")."""
    def records(article_id: str, text: str, names: list[str]) -> ArticleExtraction:
        mentions = [mention(text, name, sum(name in earlier for earlier in names[:k])) for k, name in enumerate(names)]
        return ArticleExtraction(article=article_id, sentences=sentences(text),
                                 actors=[LocalActor(0, names[0], "person", mentions=mentions)])
    arts = [Article(id="a-one", path="one.md", title="Talks", date=date(2021, 6, 1), text=first),
            Article(id="a-two", path="two.md", title="Talks", date=date(2021, 6, 2), text=second)]
    return resolve(arts, [records("a-one", first, first_names), records("a-two", second, second_names)])


def test_a_longer_form_of_a_name_in_another_article_is_the_same_person():
    briefing = one_person_in_two_articles("President Ashraf Ghani spoke.", ["Ashraf Ghani"],
                                          "President Mohammad Ashraf Ghani met the envoy.", ["Mohammad Ashraf Ghani"])
    assert len(briefing.actors) == 1 and briefing.actors[0].articles == ["a-one", "a-two"], \
        [a.name for a in briefing.actors]


def test_every_spelling_of_a_name_is_kept_as_an_alias():
    """Search and readers find "O'Hara" however an outlet types the apostrophe."""
    briefing = one_person_in_two_articles("Governor Sean O’Hara spoke.", ["Sean O’Hara"],
                                          "Sean O'Hara met the envoy. O'Hara left.", ["Sean O'Hara", "O'Hara"])
    assert len(briefing.actors) == 1, [a.name for a in briefing.actors]
    actor = briefing.actors[0]
    assert {actor.name, *actor.aliases} >= {"Sean O’Hara", "Sean O'Hara", "O'Hara"}
