"""Meetings, visits and their status, place and date in one article (model)."""
from __future__ import annotations

from datetime import date

import pytest
from conftest import parsed_by_hand

EVENTS = [
    # (title, body, article date, type, participants, location, date, status)
    pytest.param("Khalilzad in Moscow", "Zalmay Khalilzad met Russian officials in Moscow on Sept. 13.",
                 date(2019, 9, 23), "meeting", {"Zalmay Khalilzad", "Russia"}, "Moscow", "2019-09-13", "held",
                 id="held-with-date-and-place"),
    pytest.param("Taliban delegation in Moscow",
                 "A Taliban delegation met Russian officials in Moscow on Sept. 13, the group said.",
                 date(2019, 9, 23), "meeting", {"Taliban", "Russia"}, "Moscow", "2019-09-13", "held",
                 id="held-groups"),
    pytest.param("Pompeo to meet Wang",
                 "Secretary of State Mike Pompeo will meet Chinese Foreign Minister Wang Yi next month, "
                 "the State Department said.",
                 date(2019, 9, 23), "meeting", {"Mike Pompeo", "Wang Yi"}, None, "2019-10", "planned", id="planned"),
    pytest.param("Trump cancels",
                 "President Donald Trump cancelled a meeting with Taliban leaders at Camp David.",
                 date(2019, 9, 8), "meeting", {"Donald Trump", "Taliban"}, "Camp David", None, "cancelled",
                 id="cancelled"),
    pytest.param("Taliban in Iran", "A Taliban delegation visited Tehran on Tuesday.",
                 date(2019, 9, 23), "visit", {"Taliban", "Iran"}, "Tehran", "2019-09-17", "held", id="visit-capital"),
    pytest.param("Baradar in Iran", "Mullah Abdul Ghani Baradar visited Tehran last month.",
                 date(2019, 9, 23), "visit", {"Abdul Ghani Baradar", "Iran"}, "Tehran", "2019-08", "held",
                 id="visit-person"),
    pytest.param("Envoy in Tashkent",
                 "Special Envoy Thomas Martin took part in a roundtable meeting of the C5+1 diplomatic platform "
                 "on Thursday.",
                 date(2021, 7, 17), "meeting", {"Thomas Martin", "C5+1"}, None, "2021-07-15", "held",
                 id="meeting-of-a-format"),
    pytest.param("Ministers at the academy",
                 "Foreign Minister Anna Lindqvist joined a seminar at the World Bank on Monday.",
                 date(2021, 7, 14), "talks", {"Anna Lindqvist", "World Bank"},
                 None, "2021-07-12", "held", id="seminar-at-a-body"),
    pytest.param("Senators meet", "Senator Jane Doe met on Friday at Dana Whitcombe's residence in Washington.",
                 date(2016, 6, 11), "meeting", {"Jane Doe", "Dana Whitcombe"}, "Washington", "2016-06-10", "held",
                 id="the-host-of-a-residence"),
    pytest.param("Talks postponed",
                 "Canada has postponed a planned summit with Denmark on Arctic shipping, officials said on Tuesday.",
                 date(2024, 3, 12), "talks", {"Canada", "Denmark"}, None, None, "cancelled",
                 id="date-of-the-saying-is-not-the-meetings"),
    pytest.param("Remarks after the meeting",
                 "Prime Minister Yair Lapid said they had a full day ahead of them, including a virtual summit "
                 "with India and the United Arab Emirates.",
                 date(2022, 7, 14), "talks", {"India", "United Arab Emirates"}, None, "2022-07-14", "planned",
                 id="the-day-ahead-is-today"),
    pytest.param("Officials to brief NATO",
                 "Senior officials from the Departments of State and Defense will travel to Brussels on July 29 "
                 "to brief Allies at NATO headquarters.",
                 date(2021, 7, 21), "visit", {"United States Department of State", "North Atlantic Treaty Organization"},
                 "Brussels", "2021-07-29", "planned", id="trip-to-brief-a-body-is-a-visit-to-it"),
    pytest.param("Unity talks",
                 "Speaker Dana Whitcombe's office announced Friday that Whitcombe will meet with Governor Leo Varga "
                 "on Thursday.",
                 date(2016, 5, 6), "meeting", {"Dana Whitcombe", "Leo Varga"}, None, "2016-05-12", "planned",
                 id="the-meetings-own-date-not-the-announcements"),
    pytest.param("A long hour",
                 "Governor Leo Varga met with Senator Dana Whitcombe, who had criticised him last year.",
                 date(2016, 5, 12), "meeting", {"Leo Varga", "Dana Whitcombe"}, None, None, "held",
                 id="no-date-from-a-clause-of-its-own"),
    pytest.param("Sanctions eased",
                 "Prime Minister Helen Brandt arrived on Wednesday. After her meeting with President Leo Varga, "
                 "the government announced that it would ease sanctions.",
                 date(2016, 9, 16), "meeting", {"Helen Brandt", "Leo Varga"}, None, "2016-09-14", "held",
                 id="what-follows-a-meeting-is-not-its-plan"),
    pytest.param("A working breakfast",
                 "Prime Minister Helen Brandt had breakfast with Governor Leo Varga on Tuesday.",
                 date(2016, 9, 16), "meeting", {"Helen Brandt", "Leo Varga"}, None, "2016-09-13", "held",
                 id="a-meal-with-someone-is-a-meeting"),
    pytest.param("Face to face",
                 "Governor Leo Varga sat face to face with Senator Dana Whitcombe for an hour on Thursday.",
                 date(2016, 5, 12), "meeting", {"Leo Varga", "Dana Whitcombe"}, None, "2016-05-12", "held",
                 id="sat-face-to-face-with"),
    pytest.param("Talks to go on",
                 "President Leo Varga said he had told Senator Dana Whitcombe to keep negotiating with Canada "
                 "over the coming days.",
                 date(2016, 9, 6), "talks", {"Dana Whitcombe", "Canada"}, None, None, "planned",
                 id="the-coming-days-are-still-to-come"),
    pytest.param("Friday talks",
                 "Governor Leo Varga is meeting with Senator Dana Whitcombe on Friday.",
                 date(2016, 6, 14), "meeting", {"Leo Varga", "Dana Whitcombe"}, None, "2016-06-17", "planned",
                 id="is-meeting-on-a-day-is-arranged"),
    pytest.param("Varga in India", "Governor Leo Varga visited Mumbai on Monday.",
                 date(2016, 6, 14), "visit", {"Leo Varga", "India"}, "Mumbai", "2016-06-13", "held",
                 id="a-visit-to-a-major-city-is-to-its-country"),
    pytest.param("Visit opposed", "Lawmakers called on the government on Wednesday to block Governor Leo Varga's "
                                  "visit to Norway.",
                 date(2015, 12, 10), "visit", {"Leo Varga", "Norway"}, None, None, "planned",
                 id="a-visit-someone-acts-on-is-still-to-come"),
    pytest.param("An invitation", "Speaker Dana Whitcombe has invited Governor Leo Varga to meet in Oslo on Thursday.",
                 date(2016, 5, 6), "meeting", {"Dana Whitcombe", "Leo Varga"}, "Oslo", "2016-05-12", "planned",
                 id="whoever-invites-to-a-meeting-is-in-it"),
    pytest.param("An old invitation", "Senator Dana Whitcombe personally invited Governor Leo Varga to visit her in "
                                      "January 2012.",
                 date(2016, 9, 16), "visit", {"Dana Whitcombe", "Leo Varga"}, None, "2012-01", "held",
                 id="a-plan-whose-date-had-passed-was-held"),
    pytest.param("A papal audience",
                 "President Leo Varga met Senator Dana Whitcombe at the Vatican guest house on Saturday.",
                 date(2016, 4, 18), "meeting", {"Dana Whitcombe", "Leo Varga"}, "Vatican guest house", "2016-04-16",
                 "held",
                 id="the-place-hung-on-the-object"),
]


def test_a_dateline_places_the_meetings_of_the_opening(extract):
    body = ("OSLO - Governor Leo Varga met Senator Dana Whitcombe on Saturday, the first stop of a long tour "
            "that will take him to several capitals over the coming weeks.")
    result = extract(body, title="Varga on tour", day=date(2016, 4, 18))
    assert [(e.location, e.date) for e in result.events] == [("Oslo", "2016-04-16")], result.summary()


def test_a_meeting_told_again_without_its_partner_completes_the_first(extract):
    body = ("Emerging from a 45-minute meeting with President Leo Varga, Senator Dana Whitcombe said they had "
            "talked about foreign policy and a little bit of politics.\n\n"
            "Aides said the meeting in Oslo on Wednesday ran well over the hour.")
    result = extract(body, title="Whitcombe at the White House", day=date(2016, 1, 28))
    assert len(result.events) == 1, result.summary()
    event = result.events[0]
    assert result.names(event.participants) == {"Dana Whitcombe", "Leo Varga"}
    assert (event.date, event.location, event.status) == ("2016-01-27", "Oslo", "held")
    assert len(event.evidence) == 2


@pytest.mark.parametrize("title, body", [
    pytest.param("Support", "Governor Leo Varga's plan received critical support from Senate leaders.",
                 id="receiving-support-is-no-meeting"),
    pytest.param("Dinner", "The state dinner was the highlight of Governor Leo Varga's week.", id="a-meal-alone"),
    pytest.param("Reporters", "Foreign Minister Dana Whitcombe alluded to the importance of the American election "
                              "during a meeting on Monday with reporters.",
                 id="what-was-said-during-a-meeting-is-not-its-partner"),
    pytest.param("Inquiry", "The Associated Press's investigation into Senator Dana Whitcombe's private meetings "
                            "renewed calls for an inquiry.",
                 id="meetings-inside-a-noun-phrase-borrow-no-subject"),
    pytest.param("Refusal", "The Taliban refuse to negotiate directly with the Afghan government.",
                 id="refusing-to-negotiate"),
    pytest.param("Polling", "As Leo Varga's stature grew, Mexican officials conducted polling in the United States "
                            "and spoke with their network of consulates.",
                 id="talking-with-people-the-text-does-not-name"),
    pytest.param("Varga abroad", "Governor Leo Varga visited Birmingham on Monday.",
                 id="a-city-name-shared-by-two-sizeable-cities-names-no-country"),
])
def test_no_event_for_words_that_only_look_like_meetings(extract, title, body):
    result = extract(body, title=title)
    assert result.events == [], result.summary()


def test_the_two_men_who_talked_are_the_two_just_named(extract):
    body = ("Governor Leo Varga met Senator Dana Whitcombe on Wednesday.\n\n"
            "The idea of the meeting between Varga and Whitcombe was raised when the two men talked at a dinner "
            "last month, aides said.")
    result = extract(body, title="An old acquaintance", day=date(2016, 1, 28))
    assert sorted((e.type, e.date) for e in result.events) == [("meeting", "2016-01-27"), ("talks", "2015-12")], \
        result.summary()
    for event in result.events:
        assert result.names(event.participants) == {"Leo Varga", "Dana Whitcombe"}


@pytest.mark.parametrize("title, body, day, kind, participants, location, when, status", EVENTS)
def test_event(extract, title, body, day, kind, participants, location, when, status):
    result = extract(body, title=title, day=day)
    assert len(result.events) == 1, result.summary()
    event = result.events[0]
    assert event.type == kind
    assert result.names(event.participants) == participants, result.summary()
    assert event.location == location
    assert event.date == when
    assert event.status == status
    evidence = event.evidence[0]
    assert evidence.field == "body"
    assert event.cue and event.cue in result.article.text[evidence.start:evidence.end]


@pytest.mark.parametrize("title, body", [
    pytest.param("Trump", "President Donald Trump would have met Taliban leaders at Camp David if the attack had "
                          "not happened.", id="would-have-met"),
    pytest.param("Trump", "President Donald Trump did not meet Taliban leaders at Camp David.", id="did-not-meet"),
    pytest.param("Envoys", "Russian diplomats often meet Taliban representatives in Doha.", id="habitual"),
])
def test_no_event_for_hypothetical_negated_or_habitual_meetings(extract, title, body):
    result = extract(body, title=title)
    assert result.events == [], result.summary()


def test_planned_and_held_meetings_of_the_same_people_stay_apart(extract):
    body = ("Zalmay Khalilzad met Taliban negotiators in Doha on Sept. 13. "
            "Khalilzad will meet the Taliban negotiators again next month, officials said.")
    result = extract(body, title="Khalilzad and Taliban", day=date(2019, 9, 23))
    statuses = sorted((e.status, e.date) for e in result.events)
    assert statuses == [("held", "2019-09-13"), ("planned", "2019-10")], result.summary()
    for event in result.events:
        assert result.names(event.participants) == {"Zalmay Khalilzad", "Taliban"}


def test_evidence_is_the_sentence_of_the_meeting(extract):
    body = ("The talks on Afghanistan have stalled since August.\n\n"
            "Zalmay Khalilzad met Russian officials in Moscow on Sept. 13.\n\n"
            "No statement was issued afterwards.")
    result = extract(body, title="Khalilzad in Moscow")
    assert len(result.events) == 1, result.summary()
    evidence = result.events[0].evidence[0]
    assert result.article.text[evidence.start:evidence.end] == "Zalmay Khalilzad met Russian officials in Moscow on Sept. 13."


def test_a_headline_meeting_is_the_one_the_text_tells(extract):
    result = extract("Swedish Foreign Minister Maria Holmberg met her Norwegian counterpart Erik Dahl on Monday "
                     "to discuss fishing quotas.",
                     title="Swedish and Norwegian Ministers Meet in Oslo Over Fishing Quotas", day=date(2024, 3, 4))
    assert len(result.events) == 1, result.summary()
    event = result.events[0]
    assert result.names(event.participants) == {"Maria Holmberg", "Erik Dahl"}
    assert event.location == "Oslo" and event.date == "2024-03-04"
    assert [p.field for p in event.evidence] == ["title", "body"]


def test_a_headline_status_is_read_from_its_words(extract):
    result = extract("Canada has postponed a planned summit with Denmark on Arctic shipping.",
                     title="Canada Postpones Arctic Shipping Summit With Denmark", day=date(2024, 3, 12))
    assert [e.status for e in result.events] == ["cancelled"], result.summary()
    assert {a.name for a in result.actors} == {"Canada", "Denmark"}  # the headline is no organisation


def test_a_gathering_of_leaders_is_one_event_with_the_members_the_text_names(extract):
    body = ("African leaders gathered on Friday for a summit in Addis Ababa on the Sahel.\n\n"
            "\"We cannot wait any longer,\" Kenyan President William Ruto told reporters after the day-long meeting.\n\n"
            "Nigerian President Bola Tinubu said he was hopeful as he entered the talks.\n\n"
            "Separately, the central bank met on Tuesday to set interest rates.")
    result = extract(body, title="African leaders meet on the Sahel", day=date(2024, 2, 18))
    gatherings = [e for e in result.events if "African Union" in result.names(e.participants)]
    assert len(gatherings) == 1, result.summary()
    event = gatherings[0]
    assert result.names(event.participants) == {"African Union", "William Ruto", "Bola Tinubu"}, result.summary()
    assert (event.date, event.location, event.status) == ("2024-02-16", "Addis Ababa", "held")
    assert len(event.evidence) == 3  # the gathering and the two sentences that put a leader in it


def test_someone_who_speaks_after_a_meeting_joins_no_gathering_without_one(extract):
    body = ("Kenyan President William Ruto told reporters after the meeting that talks would go on.\n\n"
            "The finance ministry published its budget on Monday.")
    result = extract(body, title="Ruto on talks", day=date(2024, 2, 18))
    assert result.events == [], result.summary()


def test_visits_by_different_people_in_one_sentence_stay_apart(extract):
    body = ("Governor Leo Varga's landmark 2012 visit to Oslo was preceded by a visit from Senator Dana Whitcombe "
            "in December 2011.")
    result = extract(body, title="A history of visits", day=date(2016, 9, 16))
    assert not any(result.names(e.participants) >= {"Leo Varga", "Dana Whitcombe"} for e in result.events), \
        result.summary()


def test_a_news_conference_is_no_meeting_of_the_people_it_names(extract):
    result = extract("President Leo Varga praised Senator Dana Whitcombe at his year-end news conference.",
                     title="Varga praises Whitcombe at news conference")
    assert result.events == [], result.summary()


def test_a_host_and_officials_of_the_host_country_are_two_meetings_in_one_sentence(extract):
    body = ("Senator Dana Whitcombe met with the conference host, Norway's Prime Minister Erik Dahl, and also held "
            "bilateral meetings with officials from Norway, Sweden and Finland.")
    result = extract(body, title="Whitcombe in Oslo", day=date(2021, 7, 17))
    partners = sorted(sorted(result.names(e.participants) - {"Dana Whitcombe"}) for e in result.events)
    assert partners == [["Erik Dahl"], ["Finland"], ["Norway"], ["Sweden"]], result.summary()


def test_she_is_the_one_a_relative_clause_was_about_and_a_visited_body_is_the_place(extract):
    body = ("Washington is rolling out the red carpet for Prime Minister Helen Brandt, who had breakfast with "
            "Vice President Leo Varga. She will visit Capitol Hill on Thursday.")
    result = extract(body, title="Brandt in Washington", day=date(2016, 9, 16))
    visits = [e for e in result.events if e.type == "visit"]
    assert len(visits) == 1, result.summary()
    visit = visits[0]
    assert result.names(visit.participants) == {"Helen Brandt", "United States Congress"}
    assert (visit.location, visit.date, visit.status) == ("Capitol Hill", "2016-09-22", "planned")


def test_an_earlier_visit_told_before_the_meeting_stays_its_own(extract):
    body = ("SECRETARY WHITCOMBE: Good morning. I had a chance to visit with the prime minister before the war, "
            "and I'm very pleased to be able to receive you now here.")
    result = extract(body, title="Secretary Dana Whitcombe And Prime Minister Leo Varga Before Their Meeting",
                     day=date(2022, 4, 22))
    assert sorted((e.date or "") for e in result.events) == ["", "2022-04-22"], result.summary()
    for event in result.events:
        assert result.names(event.participants) == {"Dana Whitcombe", "Leo Varga"}


def test_one_meeting_told_at_a_city_and_at_its_venue_and_a_seminar_placed_by_its_clause(extract):
    body = ("ROME - Dana Whitcombe met privately with Pope Francis on Saturday, the capstone to an unusual detour.\n\n"
            "The pontiff met Whitcombe at the Vatican guest house, where the pope lives.\n\n"
            "Whitcombe was at the Vatican participating in a seminar on inequality at the Pontifical Academy of "
            "Social Sciences.")
    result = extract(body, title="Whitcombe says her private meeting with Pope Francis is no endorsement",
                     day=date(2016, 4, 18))
    places = sorted((sorted(result.names(e.participants)), e.location) for e in result.events)
    assert places == [(["Dana Whitcombe", "Pontifical Academy of Social Sciences"], "Vatican"),
                      (["Dana Whitcombe", "Pope Francis"], "Vatican guest house")], result.summary()


def test_a_meeting_that_follows_another_in_one_sentence_is_the_same_day(extract):
    body = ("Following his meeting with Governor Leo Varga on April 7, Senator Tom Reyes met with Republican "
            "House members.")  # long before the article: no frame of the report dates them
    result = extract(body, title="Reyes on the Hill", day=date(2016, 5, 13))
    dated = sorted((sorted(result.names(e.participants)), e.date) for e in result.events)
    assert dated == [(["Leo Varga", "Tom Reyes"], "2016-04-07"),
                     (["Tom Reyes", "United States House of Representatives"], "2016-04-07")], result.summary()


def test_a_meeting_with_people_the_text_does_not_name_completes_no_other(extract):
    body = ("Prime Minister Leo Varga met Senator Dana Whitcombe in the afternoon.\n\n"
            "Yesterday, Varga held a roundtable with the finance ministers of the region.")
    result = extract(body, title="Varga's week", day=date(2022, 4, 22))
    assert [(sorted(result.names(e.participants)), e.date) for e in result.events] == [
        (["Dana Whitcombe", "Leo Varga"], None)], result.summary()


def test_the_headlines_meeting_told_again_by_its_sides_is_one_event(extract):
    body = ("On June 29, Special Representative Tom Reyes met Taliban representatives in Doha.\n\n"
            "The two teams discussed humanitarian support for Afghanistan.")
    result = extract(body, title="U.S. Delegation Meeting with Taliban Representatives", day=date(2022, 7, 1))
    assert len(result.events) == 1, result.summary()
    assert len(result.events[0].evidence) == 3  # the headline and both sentences


def test_convening_people_is_a_meeting_with_all_those_it_lists(extract):
    body = ("Senator Dana Whitcombe is regrouping. The first attempts came on Sunday, as the senator convened top "
            "surrogates (including former Ohio state Sen. Nina Turner and actress Shailene Woodley), activists, and "
            "sympathetic operatives and officials (like former Texas Agriculture Secretary Jim Hightower) in "
            "Burlington, Vermont, to reminisce.")
    result = extract(body, title="Whitcombe regroups", day=date(2016, 6, 14))
    assert [(result.names(e.participants), e.date, e.location) for e in result.events] == [
        ({"Dana Whitcombe", "Nina Turner", "Shailene Woodley", "Jim Hightower"}, "2016-06-12", "Burlington")], \
        result.summary()


def test_people_put_at_the_meeting_join_the_one_told_before(extract):
    body = ("Senator Dana Whitcombe met privately with Governor Leo Varga on Saturday.\n\n"
            "Some of Whitcombe's advisers, including her husband, Tom Reyes, also were at the meeting.")
    result = extract(body, title="A private meeting", day=date(2016, 4, 18))
    assert [result.names(e.participants) for e in result.events] == [{"Dana Whitcombe", "Leo Varga", "Tom Reyes"}], \
        result.summary()
    assert len(result.events[0].evidence) == 2


def test_a_person_told_again_stands_for_the_body_they_act_through(extract):
    body = ("Senator Jane Doe had been talking with officials from the Dana Whitcombe campaign for weeks. "
            "This culminated in a meeting at Whitcombe's residence in Washington on Friday.")
    result = extract(body, title="Private Meeting Between Whitcombe and Doe", day=date(2016, 6, 11))
    assert [(sorted(result.names(e.participants)), e.date) for e in result.events] == [
        (["Dana Whitcombe", "Jane Doe"], "2016-06-10")], result.summary()


def test_a_list_of_officials_read_as_an_apposition_are_all_participants(extract):
    body = ("The secretary met with President Petro Kovalenko, Minister of Defense Oleksiy Melnyk, Head of "
            "Presidential Administration Andriy Bondar, Chief of Defense General Valeriy Shevchuk, and Ambassador "
            "Oksana Tkachenko.")
    result = extract(body, title="The secretary's travel", day=date(2022, 4, 25))
    assert {"Andriy Bondar", "Valeriy Shevchuk"} <= set(result.names(result.events[0].participants)), result.summary()


@pytest.mark.parametrize("body, affiliation", [
    ("Secretary of State Anne Smith visited Hanoi, Vietnam yesterday. While in Hanoi, Secretary Smith met with "
     "President Nguyen Van An. She also met with Foreign Minister Tran Van Binh in Hanoi.", "Vietnam"),
    ("Secretary of State Anne Smith visited Hanoi, Vietnam yesterday. While in Hanoi, Secretary Smith met with "
     "President Nguyen Van An and Foreign Minister Tran Van Binh at the ASEAN summit.", None),
    ("Secretary of State Anne Smith met with President Nguyen Van An and Foreign Minister Tran Van Binh in Hanoi "
     "yesterday.", None),
], ids=["hosts-of-a-visit", "not-at-a-summit", "not-without-a-visit"])
def test_officials_met_in_the_country_visited_act_for_it(extract, body, affiliation):
    result = extract(body, title="The secretary's travel", day=date(2022, 4, 25))
    for name in ("Nguyen Van An", "Tran Van Binh"):
        assert result.name(result.actor(name).affiliation) == affiliation, result.summary()


@pytest.mark.parametrize("words, heads, deps, known", [
    (["the", "talks", "ended"], [1, 2, 2], ["det", "nsubj", "ROOT"], True),
    (["Friday", "'s", "meeting", "ended"], [2, 0, 3, 3], ["poss", "case", "nsubj", "ROOT"], True),
    (["a", "meeting", "ended"], [1, 2, 2], ["det", "nsubj", "ROOT"], False),
    (["another", "meeting", "ended"], [1, 2, 2], ["det", "nsubj", "ROOT"], False),
    (["talks", "ended"], [1, 1], ["nsubj", "ROOT"], False),
], ids=["the-talks", "fridays-meeting", "a-meeting", "another-meeting", "bare"])
def test_a_meeting_noun_with_a_definite_determiner_or_owner_is_one_the_reader_knows(words, heads, deps, known):
    """ "The talks" or "Friday's meeting" point back to a meeting told before; "a meeting" is a new one
    (a hand-made parse: no model)."""
    from generator.extract.events.mentions import told_again

    doc = parsed_by_hand(words, heads, deps)
    noun = next(t for t in doc if t.dep_ == "nsubj")
    assert told_again(noun) is known
