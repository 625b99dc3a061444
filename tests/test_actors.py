"""Actors in one article: names grouped, typed, titles kept as roles, places told apart (model)."""
from __future__ import annotations

import pytest
from conftest import parsed_by_hand


def test_full_name_and_surname_are_one_person_with_role_and_affiliation(extract):
    result = extract("US President Donald Trump spoke to reporters at the White House. "
                     "Trump said the talks with the Taliban were dead.", title="Trump ends talks")
    people = [a for a in result.actors if a.type == "person"]
    assert [a.name for a in people] == ["Donald Trump"], result.summary()
    trump = people[0]
    assert [m.text for m in trump.mentions] == ["Donald Trump", "Trump"]
    assert any("President" in r.text for r in trump.roles), trump.roles
    assert trump.affiliation is not None and result.actors[trump.affiliation].name == "United States"
    assert result.actors[trump.affiliation].type == "country"


def test_mentions_and_roles_point_into_the_body(extract):
    result = extract("US President Donald Trump spoke to reporters at the White House. "
                     "Trump said the talks with the Taliban were dead.", title="Trump ends talks")
    for actor in result.actors:
        for mention in actor.mentions:
            source = result.article.text if mention.field == "body" else result.article.title
            assert source[mention.start:mention.end] == mention.text
    trump = result.actor("Donald Trump")
    role = trump.roles[0]
    assert role.text in result.article.text[role.start:role.end]


def test_demonym_of_a_group_is_the_country(extract):
    result = extract("Russian diplomats have held several rounds of consultations with the group.",
                     title="Moscow's quiet diplomacy")
    russia = result.actor("Russia")
    assert russia is not None and russia.type == "country", result.summary()
    assert "Russian" in [m.text for m in russia.mentions]


def test_capital_used_as_a_place_is_not_an_actor(extract):
    result = extract("Taliban negotiators met Russian diplomats in Moscow on Friday.", title="Envoys meet")
    assert all(m.text != "Moscow" for a in result.actors for m in a.mentions), result.summary()
    assert {a.name for a in result.actors} == {"Taliban", "Russia"}
    assert result.actor("Russia").type == "country"
    assert result.actor("Taliban").type == "organization"


def test_capital_standing_for_its_government_is_the_country(extract):
    result = extract("Analysts say Moscow might gain leverage over Washington if the talks succeed.",
                     title="Analysis")
    russia = result.actor("Russia")
    assert russia is not None and russia.type == "country", result.summary()
    assert [m.text for m in russia.mentions] == ["Moscow"]
    assert result.actor("Moscow") is None
    assert result.actor("United States") is not None


def test_apposition_gives_the_role(extract):
    result = extract("Zamir Kabulov, special envoy for Afghanistan, told reporters that the group had been "
                     "invited to Moscow.", title="Taliban invited to Moscow")
    kabulov = result.actor("Zamir Kabulov")
    assert kabulov is not None and kabulov.type == "person", result.summary()
    assert [r.text for r in kabulov.roles] == ["special envoy for Afghanistan"]
    # the country in "envoy for Afghanistan" is the post, not who he works for
    assert kabulov.affiliation is None or result.actors[kabulov.affiliation].name != "Afghanistan"


def test_country_in_possessive_role_is_the_affiliation(extract):
    result = extract("“We have been providing diplomatic assistance to the peace process,” said Zamir Kabulov, "
                     "Russia's special envoy for Afghanistan.", title="Russia hosts Taliban")
    kabulov = result.actor("Zamir Kabulov")
    assert kabulov is not None, result.summary()
    assert any("special envoy for Afghanistan" in r.text for r in kabulov.roles)
    assert result.name(kabulov.affiliation) == "Russia"


def test_short_and_long_country_names_are_one_actor(extract):
    result = extract("The U.S. has sent more troops to the region. Officials said the United States would "
                     "keep them there until the talks resume.", title="Troops stay")
    countries = [a for a in result.actors if a.type == "country"]
    assert [a.name for a in countries] == ["United States"], result.summary()
    assert sorted({m.text for m in countries[0].mentions}) == ["U.S.", "United States"]


def test_each_mention_is_a_distinct_place_in_the_text(extract):
    result = extract("The U.S. has sent more troops to the region. Officials said the United States would "
                     "keep them there until the talks resume.", title="Troops stay")
    for actor in result.actors:
        places = [(m.field, m.start, m.end) for m in actor.mentions]
        assert len(places) == len(set(places)), (actor.name, places)
    assert len(result.actor("United States").mentions) == 2


def test_transcript_labels_are_people(extract):
    result = extract("SECRETARY BLINKEN: Good morning, everyone. It is a pleasure to be back in Jakarta.\n\n"
                     "FOREIGN MINISTER MARSUDI: Thank you very much. Welcome to Jakarta.",
                     title="Secretary Blinken's Remarks in Jakarta")
    blinken = result.actor("Blinken")
    marsudi = result.actor("Marsudi")
    assert blinken is not None and blinken.type == "person", result.summary()
    assert marsudi is not None and marsudi.type == "person"
    assert "BLINKEN" in [m.text for m in blinken.mentions]
    assert result.actor("Jakarta") is None


def test_the_longest_name_wins_over_a_country_inside_it(extract):
    result = extract("The two sides discussed the reserves of the central bank, Da Afghanistan Bank.")
    names = {a.name for a in result.records.actors}
    assert "Da Afghanistan Bank" in names


def test_coordinated_departments_are_two_known_bodies(extract):
    result = extract("Officials from the Departments of State and Defense briefed reporters on Monday.")
    names = {a.name for a in result.actors}
    assert {"United States Department of State", "United States Department of Defense"} <= names, result.summary()
    assert not any(name.startswith("Departments") for name in names)


@pytest.mark.parametrize("title", ["BOOM: Mayor hits back at critics", "Exclusive: Mayor hits back at critics"])
def test_a_headline_label_is_nobody(extract, title):
    result = extract("“We will not raise taxes,” Mayor Dana Whitcombe said.", title=title)
    assert [a.name for a in result.actors] == ["Dana Whitcombe"], result.summary()


def test_a_headline_label_the_body_repeats_is_nobody(extract):
    title = "EXCLUSIVE: Mayor hits back at critics"
    result = extract(f"{title}\n\nThe mayor met the council.\n\n“We will not raise taxes,” Mayor Dana Whitcombe said.",
                     title=title)
    assert [a.name for a in result.actors] == ["Dana Whitcombe"], result.summary()
    assert [result.name(q.speaker) for q in result.quotes] == ["Dana Whitcombe"], result.summary()


@pytest.mark.parametrize("body, name", [
    ("“Would the plan be negotiable?” Hollister pressed.", "Hollister"),
    ("“We will vote no,” Franken said.", "Franken"),
    ("“Our team outworked the others,” Kasich tweeted.", "Kasich"),
], ids=["missed-by-the-model", "taken-for-a-place", "taken-for-a-place-2"])
def test_a_name_that_speaks_is_a_person(extract, body, name):
    result = extract(body, title="Council vote")
    assert result.actor(name) is not None and result.actor(name).type == "person", result.summary()


@pytest.mark.parametrize("title, body, name, roles", [
    ("Readout of President Dana Whitcombe's Call with Mayor Leo Varga",
     "Mayor Leo Varga thanked the President for the call.", "Dana Whitcombe", ["President"]),
    ("Envoys meet", "Mr. Leo Varga arrived on Monday. Dr. Dana Whitcombe met him.", "Leo Varga", []),
    ("Envoys meet", "FOREIGN MINISTER VARGA: Thank you. Foreign Minister Leo Varga then left.", "Leo Varga",
     ["Foreign Minister"]),
    ("Envoys meet", "Leo Varga, the former ambassador to Chile, met Minister of Defense Dana Whitcombe.", "Leo Varga",
     ["former ambassador to Chile"]),
    ("Harbour talks", "MAYOR VARGA: Dear Minister Dana Whitcombe, welcome to the harbour and thank you for coming.",
     "Dana Whitcombe", ["Minister"]),
], ids=["headline-words-go", "honorific-is-no-role", "shouted-and-written-are-one", "leading-the-goes",
        "a-salutation-goes"])
def test_roles_as_an_analyst_writes_them(extract, title, body, name, roles):
    result = extract(body, title=title)
    actor = result.actor(name)
    assert actor is not None, result.summary()
    assert [r.text for r in actor.roles] == roles, result.summary()


def test_a_role_never_holds_another_person(extract):
    result = extract("Foreign Minister Leo Varga met Minister of Defense Dana Whitcombe on Monday.", title="Envoys meet")
    for actor in result.actors:
        others = [a.name.split()[-1] for a in result.actors if a is not actor and a.type == "person"]
        assert not any(o in r.text for r in actor.roles for o in others), result.summary()


@pytest.mark.parametrize("body, name, affiliation", [
    ("Uzbekistan’s President Shavkat Mirziyoyev opened the conference.", "Shavkat Mirziyoyev", "Uzbekistan"),
    ("John Kerry met the Russian foreign minister, Sergey V. Lavrov, on Friday.", "Sergey V. Lavrov", "Russia"),
    ("The secretary called President Ashraf Ghani of Afghanistan on Monday.", "Ashraf Ghani", "Afghanistan"),
    ("“We will vote no,” said Sen. Jane Doe (D-Ohio).", "Jane Doe", "Democratic Party"),
    ("Republican Senator Leo Varga won the seat.", "Leo Varga", "Republican Party"),
    ("Democratic presidential nominee Dana Whitcombe spoke in Ohio.", "Dana Whitcombe", "Democratic Party"),
    ("Dana Whitcombe, the Washington director for the American Civil Liberties Union, disagreed.", "Dana Whitcombe",
     "American Civil Liberties Union"),
    ("The leader of the American Civil Liberties Union, Dana Whitcombe, warned against the ban.", "Dana Whitcombe",
     "American Civil Liberties Union"),
    ("Dana Whitcombe, associate professor at the University of Ohio, disagreed.", "Dana Whitcombe",
     "University of Ohio"),
    ("Leo Varga, a fellow at the Center for Strategic Studies, said the bay is empty.", "Leo Varga",
     "Center for Strategic Studies"),
    ("“We will see,” said Dana Whitcombe, the Washington director for Petition.org, on Monday.", "Dana Whitcombe",
     "Petition.org"),
    ("At that moment, the French ambassador to the United Nations, Leo Varga, whispered.", "Leo Varga", "France"),
    ("Pope Leo spoke to pilgrims in the square.", "Pope Leo", "Holy See"),
    ("Officials from the Dana Whitcombe campaign called. Whitcombe spokesman Leo Varga said it was wrong.",
     "Leo Varga", "Whitcombe campaign"),
    ("The Dana Whitcombe campaign said so. Whitcombe campaign chairman Leo Varga said the campaign would go on.",
     "Leo Varga", "Whitcombe campaign"),
    ("The Dana Whitcombe campaign is mapping out a soft landing for the senator.", "Dana Whitcombe",
     "Whitcombe campaign"),
    ("This week, the Assistant to the President for Homeland Security, Dr. Leo Varga, led a US delegation to a "
     "conference in Tashkent.", "Leo Varga", "United States"),
    ("On June 29 and 30, Special Representative for Afghanistan Leo Varga led another senior interagency "
     "delegation including representatives from the Department of State to continue discussions.", "Leo Varga",
     "United States"),
    ("Dana Whitcombe spoke on Monday. Several of Whitcombe's top aides have served in the White House - including "
     "her campaign chairman John D. Podesta, communications director Jennifer Palmieri and senior policy adviser "
     "Leo Varga - and they check in with the staff.", "Leo Varga", "Whitcombe campaign"),
    ("Senator Dana Whitcombe (D-Ohio) spoke first. Her senior aide, Leo Varga, said the bill would pass.",
     "Leo Varga", "Democratic Party"),
    ("Leo Varga, who served as U.S. ambassador to Chile from 2012 to 2016, said the visit mattered.", "Leo Varga",
     "United States"),
    ("The Supreme Court voted 5 to 4 in February to stall the plan. Justice Leo Varga, who voted in the majority, "
     "died four days later.", "Leo Varga", "Supreme Court"),
    ("After seven months on the job, Miguel Ortega, Mexico's ambassador to Washington, will be replaced by Carlos "
     "Ramon Vega, the consul general in Los Angeles.", "Carlos Ramon Vega", "Mexico"),
], ids=["possessive-country-title", "title-apposition-before-name", "of-country-after-name", "party-label",
        "party-adjective", "party-adjective-before-title-words", "body-before-a-city", "leader-of-a-body",
        "professor-at-a-body", "institute-the-model-takes-for-a-place", "body-named-by-web-address",
        "posted-to-a-body-is-no-affiliation", "pope", "spokesman-of-a-candidate", "campaign-title",
        "candidate-acts-through-own-campaign", "leader-of-a-country-s-delegation",
        "leader-of-a-delegation-of-a-country-s-bodies", "a-possessor-over-a-list-of-titled-names",
        "someone-s-aide-acts-for-their-body", "country-of-a-post-in-a-relative-clause",
        "a-justice-sits-on-the-court-the-article-names", "a-successor-acts-for-the-same-body"])
def test_affiliation_from_the_evidence_the_text_gives(extract, body, name, affiliation):
    result = extract(body, title="Council vote")
    actor = result.actor(name)
    assert actor is not None and result.name(actor.affiliation) == affiliation, result.summary()


def test_lowercase_words_of_a_title_stay_in_the_role(extract):
    result = extract("White House press secretary Leo Varga argued that the primary was not a problem.",
                     title="Council vote")
    assert [r.text for r in result.actor("Leo Varga").roles] == ["White House press secretary"], result.summary()


@pytest.mark.parametrize("body", [
    "“We are ready,” said Leo Varga, special envoy for Afghanistan.",
    "He raised money for Wisconsin Senate candidate Leo Varga on Saturday.",
    "Both parties saw the deal as a win, said Leo Varga, who served as Asia director for the National Security "
    "Council under President Dana Whitcombe.",
    "“The sanctions will stay,” said Leo Varga, a consultant on Burma in the private sector.",
], ids=["envoy-for-a-country", "candidate-for-a-seat", "a-past-post-is-no-employer", "adviser-on-a-country"])
def test_a_post_is_not_an_affiliation(extract, body):
    result = extract(body, title="Envoys meet")
    assert result.actor("Leo Varga").affiliation is None, result.summary()


def test_a_misspelt_title_is_no_part_of_the_name(extract):
    result = extract("Presiden Whitcombe spoke with Prime Mininster Varga today. Justine Okafor took notes.",
                     title="Council vote")
    assert {a.name for a in result.actors if a.type == "person"} == {"Whitcombe", "Varga", "Justine Okafor"}, \
        result.summary()


def test_a_misspelt_title_in_a_transcript_label_is_no_part_of_the_name(extract):
    result = extract("PRESIDENT WHITCOMBE: Welcome.\n\nPRESIDEN WHITCOMBE: Yes. (Laughter.)", title="Remarks")
    assert [a.name for a in result.actors if a.type == "person"] == ["Whitcombe"], result.summary()


def test_a_title_before_a_surname_the_article_names_makes_a_mention(extract):
    result = extract("PRIME MINISTER VARGA: Thank you.\n\nPRESIDENT WHITCOMBE: Welcome.",
                     title="Remarks by President Whitcombe and Prime Minister Varga of the Republic of Chile")
    varga = result.actor("Varga")
    assert varga is not None and result.name(varga.affiliation) == "Chile", result.summary()


def test_a_candidate_and_their_campaign_are_two_actors(extract):
    result = extract("There are talks between the White House and the Dana Whitcombe campaign. "
                     "She said the campaign would go on.", title="Council vote")
    campaign = result.actor("Whitcombe campaign")
    assert campaign is not None and campaign.type == "organization", result.summary()
    assert result.actor("Dana Whitcombe").type == "person"


def test_a_longer_form_of_a_name_is_the_same_person(extract):
    result = extract("Mohammad Dana Whitcombe arrived on Monday. Later, Dana Whitcombe spoke to reporters.",
                     title="Council vote")
    assert [a.name for a in result.actors if a.type == "person"] == ["Mohammad Dana Whitcombe"], result.summary()


@pytest.mark.parametrize("body", ["Clinton-backing delegates walked out.", "The temperature hit 98 Fahrenheit."])
def test_adjectives_and_units_are_no_actors(extract, body):
    result = extract(body, title="Council vote")
    assert not result.actors, result.summary()


@pytest.mark.parametrize("body, name", [
    ("The Democratic National Committee apologized on Monday.", "Democratic National Committee"),
    ("The Justice Department declined to comment.", "United States Department of Justice"),
    ("A Secret Service agent stood by.", "United States Secret Service"),
], ids=["party-committee-is-its-own-body", "justice-department", "secret-service"])
def test_bodies_news_names_are_known(extract, body, name):
    result = extract(body, title="Council vote")
    assert result.actor(name) is not None, result.summary()


def test_a_shouted_regnal_number_stays_upper_case(extract):
    result = extract("KING ABDULLAH II: Thank you, Mr. Secretary. We welcome you.", title="Remarks")
    assert result.actor("Abdullah II") is not None, result.summary()


def test_a_name_cut_short_after_the_family_name_is_the_same_person(extract):
    result = extract("President Park Min Seok met the envoy. Park Min spoke first.", title="Council vote")
    assert len([a for a in result.actors if a.type == "person" and a.name.startswith("Park")]) == 1, result.summary()


def test_a_capitalised_title_makes_a_name_the_model_took_for_a_body_a_person(extract):
    result = extract("Governor Leo Varga met Senator Dana Whitcombe on Wednesday. Varga said little.",
                     title="Varga and Whitcombe")
    assert {(a.name, a.type) for a in result.actors} == {("Leo Varga", "person"), ("Dana Whitcombe", "person")}, \
        result.summary()


def test_a_party_before_a_chamber_names_the_chamber(extract):
    result = extract("Trump met with Republican House members on the Hill.", title="Trump on the Hill")
    assert "United States House of Representatives" in {a.name for a in result.actors}, result.summary()


def test_a_name_the_model_took_for_a_body_after_a_dateline_joins_its_surname(extract):
    result = extract("ROME - Dana Whitcombe met privately with Pope Francis on Saturday.\n\n"
                     "Whitcombe said the meeting was not political.",
                     title="Whitcombe says her meeting with Pope Francis is no endorsement")
    whitcombe = [a for a in result.actors if a.name.endswith("Whitcombe")]
    assert [(a.name, a.type) for a in whitcombe] == [("Dana Whitcombe", "person")], result.summary()


@pytest.mark.parametrize("body, name, role, body_name", [
    pytest.param("\"We want progress,\" said Nora Lindgren, a fellow at the European Council on Foreign Relations "
                 "who ran a defence agency.", "Nora Lindgren", "fellow at the European Council on Foreign Relations",
                 "European Council on Foreign Relations", id="the-role-ends-where-a-relative-clause-starts"),
    pytest.param("As Tomas Ferreira, an expert on Syria at the Washington Institute for Near East Policy, noted, "
                 "\"Everyone is waiting.\"", "Tomas Ferreira",
                 "expert on Syria at the Washington Institute for Near East Policy",
                 "Washington Institute for Near East Policy", id="a-long-apposition"),
    pytest.param("He rose to the defense of Pieter Maas, the embattled president of soccer's world governing body, "
                 "FIFA, who is under investigation.", "Pieter Maas",
                 "embattled president of soccer's world governing body, FIFA", "FIFA",
                 id="the-body-named-after-the-role"),
    pytest.param("Jane Sanders spoke first. \"We need wind behind those positions,\" said Tom Reyes, the national "
                 "director of the Sanders-supporting Working Families Party, eyeing the coming weeks.", "Tom Reyes",
                 "national director of the Working Families Party", "Working Families Party",
                 id="not-the-body-it-supports-nor-the-person-it-backs"),
])
def test_an_apposition_after_a_name_is_a_role_and_its_body_the_affiliation(extract, body, name, role, body_name):
    result = extract(body, title="News of the day")
    person = next(a for a in result.actors if a.name == name)
    assert [r.text for r in person.roles] == [role], result.summary()
    assert person.affiliation is not None and result.actors[person.affiliation].name == body_name


@pytest.mark.parametrize("body, name, group", [
    pytest.param("The group held a forum with Afghan leaders including former President Omar Sadiq.",
                 "Omar Sadiq", "Afghanistan", id="one-of-a-countrys-leaders"),
    pytest.param("But the two leading Republicans, Dale Hutchins and Senator Ray Colby, have questioned the plan.",
                 "Ray Colby", "Republican Party", id="one-of-a-partys-members"),
])
def test_a_person_named_as_one_of_a_group_takes_its_country_or_party(extract, body, name, group):
    result = extract(body, title="News of the day")
    person = next(a for a in result.actors if a.name == name)
    assert person.affiliation is not None and result.actors[person.affiliation].name == group, result.summary()


@pytest.mark.parametrize("body, name, affiliation", [
    pytest.param("Secretary of State Nora Lindgren met her counterpart on Monday.", "Nora Lindgren",
                 "United States Department of State", id="a-cabinet-title-names-its-department"),
    pytest.param("On Monday, House Speaker Dale Hutchins said the vote would go ahead.", "Dale Hutchins",
                 "United States House of Representatives", id="a-speaker-of-the-house"),
    pytest.param("On Saturday, Minnesota Rep. Dale Hutchins endorsed him.", "Dale Hutchins",
                 "United States House of Representatives", id="a-state-before-rep"),
    pytest.param("On Saturday, New York Sen. Nora Lindgren endorsed him.", "Nora Lindgren",
                 "United States Senate", id="a-two-word-state-before-sen"),
])
def test_a_title_that_names_its_body_gives_the_affiliation(extract, body, name, affiliation):
    result = extract(body, title="News of the day")
    person = next(a for a in result.actors if a.name == name)
    assert person.affiliation is not None and result.actors[person.affiliation].name == affiliation, result.summary()


def test_a_long_description_gives_a_body_but_no_role(extract):
    result = extract("\"It makes sense,\" said Tomas Ferreira, a former Australian national security adviser now at "
                     "the Center for Strategic and International Studies in Washington.", title="News of the day")
    person = next(a for a in result.actors if a.name == "Tomas Ferreira")
    assert person.roles == [], result.summary()
    assert person.affiliation is not None
    assert result.actors[person.affiliation].name in ("Center for Strategic and International Studies", "Australia")


def test_a_possessive_pronoun_is_no_part_of_a_bodys_name(extract):
    body = ("\"The fact that Dana Whitcombe's schedule was full of meetings with donors is further evidence of the "
            "pay-to-play politics at her State Department. No one is above the law,\" Pence said.")
    result = extract(body, title="News of the day")
    assert "United States Department of State" in {a.name for a in result.actors}, result.summary()
    assert not any(a.name.lower().startswith("her ") for a in result.actors)


def test_a_title_that_points_at_a_body_is_no_mention_of_the_body(nlp):
    """"former Massachusetts congressman Dale Hutchins" is affiliated with the House, but the word
    "congressman" stays his: the House must not take his quotes or meetings through it."""
    from generator.extract.actors import ActorGrouper, collect_mentions
    from generator.knowledge import load
    doc = nlp("He lost because he would not listen, said former Massachusetts congressman Dale Hutchins.")
    grouper = ActorGrouper(doc, load(), lambda offset: ("body", offset), 0)
    grouper.add(collect_mentions(doc, load(), 0))
    grouper.add_roles()
    hutchins = next(a for a in grouper.actors if a.name == "Dale Hutchins")
    assert grouper.actors[hutchins.affiliation].name == "United States House of Representatives"
    congressman = next(t for t in doc if t.lower_ == "congressman")
    assert grouper.actor_of(congressman) is None


def test_the_body_named_after_a_long_description_is_the_affiliation(extract):
    result = extract("\"The transition is going to happen,\" said Nora Lindgren, managing director of a group in Paris "
                     "and New York, the Sustainable Development Solutions Network, which advises the UN.",
                     title="News of the day")
    person = next(a for a in result.actors if a.name == "Nora Lindgren")
    assert result.actors[person.affiliation].name == "Sustainable Development Solutions Network", result.summary()


@pytest.mark.parametrize("source, affiliation", [
    ("U.S. Department of State", "United States Department of State"),
    ("wash-post", None),
], ids=["the-publisher-s-own-spokesperson", "a-newspaper-has-no-spokesperson"])
def test_a_bare_spokesperson_speaks_for_the_institution_that_publishes(extract, source, affiliation):
    result = extract("The following is attributable to Spokesperson Leo Varga:\n\nThe talks went well.",
                     title="Talks in Doha", source=source)
    assert result.name(result.actor("Leo Varga").affiliation) == affiliation, result.summary()


def test_a_name_the_model_cut_short_keeps_its_last_word(extract):
    result = extract("PRESIDENT YOON: Thank you.",
                     title="Remarks by President Whitcombe and President Yoon Suk Yeol of the Republic of Korea")
    yoon = result.actor("Yoon Suk Yeol")
    assert yoon is not None and result.name(yoon.affiliation) == "South Korea", result.summary()


@pytest.mark.parametrize("body, name, kind", [
    ("The United States will support the Afghan National Police, Afghan Air Force and the Afghan Special Security "
     "Forces.", "Afghan Special Security Forces", "organization"),
    ("The United States will support the Afghan National Police, Afghan Air Force and the Afghan Special Security "
     "Forces.", "Afghan National Police", "organization"),
    ("The president met the prime minister in the Oval Office on Monday.", "Oval Office", None),
    ("David Smith, assistant to the president and director of the White House's Office of Political Strategy and "
     "Outreach, said in an interview that the plan works.", "Office of Political Strategy and Outreach",
     "organization"),
], ids=["forces-after-a-title-word", "police-after-a-demonym", "a-room-is-a-place", "an-office-name-the-model-split"])
def test_bodies_and_places_are_no_people(extract, body, name, kind):
    result = extract(body, title="Council vote")
    actor = result.actor(name)
    assert (actor.type if actor else None) == kind, result.summary()


def test_the_last_name_of_someone_named_in_full_is_their_mention_where_the_model_saw_none(nlp):
    from generator.extract.actors import collect_mentions
    from generator.knowledge import load

    doc = nlp("But Bill Kelso, a longtime data operative, vouched for both men. Both men have known Kelso for years. "
              "The Kelso Foundation and Anne Kelso stayed out of it.")
    second = next(t for t in doc if t.text == "Kelso" and t.i > 10)
    doc.ents = [e for e in doc.ents if not e.start <= second.i < e.end]  # as if the model missed it
    kelso = [(m.text, m.kind) for m in collect_mentions(doc, load()) if "Kelso" in m.text]
    assert kelso[:2] == [("Bill Kelso", "person"), ("Kelso", "person")], kelso
    assert ("Kelso", "person") not in kelso[2:], kelso  # not "The Kelso Foundation"


def test_a_name_keeps_its_curly_apostrophe_as_written(extract):
    result = extract("“If I had to bet now, I would bet on her,” said Dinesh D’Souza. D’Souza added more.",
                     title="Council vote")
    assert [a.name for a in result.actors if a.type == "person"] == ["Dinesh D’Souza"], result.summary()


def test_an_adviser_in_the_administration_acts_for_the_one_the_article_names(extract):
    result = extract("President Dana Whitcombe spoke. Officials in the Whitcombe administration met on Monday. "
                     "“It will not work,” said Leo Varga, a former adviser on trade in the administration.",
                     title="Council vote")
    varga = result.actor("Leo Varga")
    assert result.name(varga.affiliation) == "Whitcombe administration", result.summary()
    assert result.actor("Dana Whitcombe").affiliation != varga.affiliation  # a leader acts for the state, not for
    # the government named after them (resolve makes "the Whitcombe administration" her country)


@pytest.mark.parametrize("words, heads, deps, lemmas, city, place", [
    (["Envoys", "met", "in", "Strelsau", "on", "Monday", "for", "talks", "."],
     [1, 1, 1, 2, 1, 4, 1, 6, 1], ["nsubj", "ROOT", "prep", "pobj", "prep", "pobj", "prep", "pobj", "punct"],
     None, 3, True),  # after "in": the place of the meeting
    (["The", "envoy", "visited", "Strelsau", "and", "Zenda", "last", "week", "."],
     [1, 2, 2, 2, 3, 3, 7, 2, 2], ["det", "nsubj", "ROOT", "dobj", "cc", "conj", "amod", "npadvmod", "punct"],
     ["the", "envoy", "visit", "Strelsau", "and", "Zenda", "last", "week", "."], 5, True),  # what a visit reaches
    (["Strelsau", "said", "the", "talks", "had", "failed", "and", "it", "would", "not", "return", "."],
     [1, 1, 3, 5, 5, 1, 5, 10, 10, 10, 5, 1],
     ["nsubj", "ROOT", "det", "nsubj", "aux", "ccomp", "cc", "nsubj", "aux", "neg", "conj", "punct"],
     None, 0, False),  # the subject of "said": the government speaking
], ids=["after-in", "visited-and-conjoined", "subject-that-speaks"])
def test_a_city_after_in_or_visited_is_a_place_and_a_city_that_speaks_is_its_government(words, heads, deps, lemmas,
                                                                                         city, place):
    from generator.extract.actors.mentions import is_place_use

    doc = parsed_by_hand(words, heads, deps, lemmas)
    assert is_place_use(doc[city]) is place


@pytest.mark.parametrize("words, label, expected", [
    (["NATO", "Allies"], "ORG", ("NATO", "organization", "North Atlantic Treaty Organization")),  # a body's members
    (["Government", "of", "Japan"], "ORG", ("Government of Japan", "country", "Japan")),
    (["French"], "NORP", ("French", "country", "France")),  # a demonym as a group: the country
    (["Japan", "Dana", "Whitcombe"], "ORG", ("Dana Whitcombe", "person", None)),  # a country before a name
    (["Oval", "Office"], "FAC", ("Oval Office", "location", None)),
    (["Leo", "Varga"], "PERSON", ("Leo Varga", "person", None)),
    (["Resolution", "2626"], "ORG", None),  # laws, plans and summits are no actors
    (["NATO", "Summit"], "ORG", None),
    (["Saudi-led"], "NORP", None),  # a compound adjective
    (["Special", "Representatives", "and", "Envoys"], "ORG", None),  # only titles
], ids=["members-of-a-body", "government-of", "demonym", "country-before-a-name", "known-place", "person",
        "law", "summit", "compound-adjective", "only-titles"])
def test_an_entity_is_typed_by_what_the_knowledge_files_say_of_its_words(words, label, expected):
    """mentions.classify on hand-made entities (no model): the text, its kind and the actor it names."""
    from generator.extract.actors.mentions import classify
    from generator.knowledge import load

    doc = parsed_by_hand(words, list(range(len(words))), ["ROOT"] * len(words))
    found = classify(doc[0:len(words)], label, load())
    assert (found and (found.text, found.kind, found.canonical)) == expected
