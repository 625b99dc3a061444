"""Analyst overrides in content/actors.yml: merge, rename, drop, set fields, warn on no match."""
from datetime import date

from generator.model import Actor, Article, Briefing, Event, Evidence, Mention, Quote
from generator.overrides import apply_overrides, read_overrides


def briefing() -> Briefing:
    article = Article(id="a-1", path="one.md", title="Talks", date=date(2019, 9, 23), text="x" * 200)
    actors = [
        Actor(id="donald-trump", name="Donald Trump", type="person", aliases=["Trump"],
              mentions=[Mention("a-1", 0, 5, "Trump")]),
        Actor(id="presiden-biden", name="Presiden Biden", type="person", mentions=[Mention("a-1", 10, 24, "Presiden Biden")]),
        Actor(id="joe-biden", name="Joe Biden", type="person", aliases=["Biden"], mentions=[Mention("a-1", 30, 35, "Biden")]),
        Actor(id="brexit", name="Brexit", type="person", mentions=[Mention("a-1", 40, 46, "Brexit")]),
        Actor(id="russia", name="Russia", type="country", mentions=[Mention("a-1", 50, 56, "Russia")]),
    ]
    quotes = [Quote("q-1", "a-1", "presiden-biden", "We talked baseball.", "direct", "said", 60, 80),
              Quote("q-2", "a-1", "brexit", "Leave means leave.", "direct", "said", 90, 108)]
    events = [Event("e-1", "meeting", ["presiden-biden", "russia"], None, None, "held", ["a-1"],
                    [Evidence("a-1", 0, 10, "x")]),
              Event("e-2", "meeting", ["brexit", "russia"], None, None, "held", ["a-1"], [Evidence("a-1", 0, 10, "x")])]
    return Briefing([article], actors, quotes, events)


def write(tmp_path, text: str):
    (tmp_path / "actors.yml").write_text(text, encoding="utf-8")
    return read_overrides(tmp_path)


def test_merge_moves_mentions_quotes_and_meetings(tmp_path):
    overrides, problems = write(tmp_path, "- match: Presiden Biden\n  merge_into: Joe Biden\n")
    assert problems == []
    b = briefing()
    assert apply_overrides(b, overrides) == []
    ids = {a.id for a in b.actors}
    assert "presiden-biden" not in ids
    biden = next(a for a in b.actors if a.id == "joe-biden")
    assert "Presiden Biden" in biden.aliases and len(biden.mentions) == 2
    assert b.quotes[0].speaker == "joe-biden"
    assert b.events[0].participants == ["joe-biden", "russia"]


def test_drop_removes_actor_and_its_meetings(tmp_path):
    overrides, _ = write(tmp_path, "- match: brexit\n  drop: true\n")
    b = briefing()
    apply_overrides(b, overrides)
    assert all(a.id != "brexit" for a in b.actors)
    assert b.quotes[1].speaker is None
    assert [e.id for e in b.events] == ["e-1"]  # the other meeting lost a participant


def test_rename_type_role_affiliation_alias(tmp_path):
    overrides, _ = write(tmp_path, "- match: Trump\n  name: Donald J. Trump\n  type: person\n"
                                   "  roles: [45th president]\n  affiliation: Russia\n  aliases: [The Donald]\n")
    b = briefing()
    apply_overrides(b, overrides)
    trump = next(a for a in b.actors if a.id == "donald-trump")
    assert trump.name == "Donald J. Trump"
    assert "Donald Trump" in trump.aliases and "The Donald" in trump.aliases
    assert [r.text for r in trump.roles] == ["45th president"]
    assert trump.affiliation == "russia"


def test_entry_matching_nothing_is_reported_with_its_line(tmp_path):
    overrides, _ = write(tmp_path, "- match: Russia\n  type: country\n- match: Nobody Here\n  drop: true\n")
    problems = apply_overrides(briefing(), overrides)
    assert len(problems) == 1
    assert "Nobody Here" in problems[0].message and problems[0].line == 3


def test_bad_entries_are_problems_not_crashes(tmp_path):
    overrides, problems = write(tmp_path, "- match: Russia\n  colour: red\n- type: person\n- match: X\n  type: city\n")
    assert overrides == []
    assert [p.line for p in problems] == [1, 3, 4]
    _, problems = write(tmp_path, "- match: [unclosed\n")
    assert problems and "invalid YAML" in problems[0].message


def test_an_alias_in_actors_yml_is_refused_with_its_line(tmp_path):
    (tmp_path / "actors.yml").write_text("- match: &m Ivan Petrov\n  name: Ivan P. Petrov\n- match: *m\n  drop: true\n",
                                         encoding="utf-8")
    overrides, problems = read_overrides(tmp_path)
    assert overrides == [] and [(p.line, "alias (*m) is not allowed" in p.message) for p in problems] == [(3, True)]
