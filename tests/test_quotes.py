"""Quotes: quotation spans on raw text (no model), then speakers and reported speech (model)."""
from __future__ import annotations

from datetime import date

import pytest

from generator.extract.quote_spans import find_quote_spans

# --- quotation spans, no model -------------------------------------------------------------

SPANS = [
    # (text, the quoted words of each span in order)
    pytest.param("“We are ready to resume the talks,” Zamir Kabulov said on Friday.",
                 ["We are ready to resume the talks,"], id="curly"),
    pytest.param('"We are ready to resume the talks," Zamir Kabulov said on Friday.',
                 ["We are ready to resume the talks,"], id="straight"),
    pytest.param("Le ministre a déclaré : «Nous sommes prêts à reprendre les pourparlers.» Puis il est parti.",
                 ["Nous sommes prêts à reprendre les pourparlers."], id="guillemets"),
    pytest.param("“The talks were useful,” Kabulov said. “We expect another round in October.”",
                 ["The talks were useful,", "We expect another round in October."], id="two-in-one-paragraph"),
    pytest.param("“He told us to ‘pause and think’ before we signed anything,” the envoy said.",
                 ["He told us to ‘pause and think’ before we signed anything,"], id="nested-single-stays-one"),
    pytest.param('"He told us to \'pause and think\' before we signed anything," the envoy said.',
                 ["He told us to 'pause and think' before we signed anything,"], id="nested-straight-stays-one"),
    pytest.param("Critics called the plan a “surrender” of Afghan sovereignty.", [], id="scare-quote-one-word"),
    pytest.param("The so-called “peace plan” was rejected by both sides.", [], id="scare-quote-two-words"),
    pytest.param("We don’t think the Afghans’ demands are realistic, the minister’s aide said.", [],
                 id="apostrophes-only"),
    pytest.param("“We don’t accept the Afghans’ demands,” the minister’s aide said.",
                 ["We don’t accept the Afghans’ demands,"], id="apostrophes-inside-quote"),
    pytest.param("“We will continue,” he said, “until every prisoner is released.”",
                 ["We will continue,", "until every prisoner is released."], id="broken-by-cue"),
    pytest.param("“Like Dover. Or Leeds,” Whitcombe said.", ["Like Dover. Or Leeds,"], id="two-sentences-of-names"),
]


@pytest.mark.parametrize("text, expected", SPANS)
def test_quote_spans(text, expected):
    spans = find_quote_spans(text)
    assert [text[s.start:s.end] for s in spans] == expected
    assert not any(s.runs_on for s in spans)


CURLY_AND_STRAIGHT = pytest.mark.parametrize("straight", [False, True], ids=["curly", "straight"])


def _marks(text: str, straight: bool) -> str:
    """The same text with straight marks, as repaired article bodies have them."""
    return text.replace("“", '"').replace("”", '"') if straight else text


@CURLY_AND_STRAIGHT
def test_quote_running_over_paragraphs(straight):
    text = _marks("“We will not give up the fight for a fair deal,” Abdullah said. “Our people have waited too long.\n\n"
                  "“They deserve better than another round of empty promises.”", straight)
    spans = find_quote_spans(text)
    assert [text[s.start:s.end] for s in spans] == [
        "We will not give up the fight for a fair deal,",
        "Our people have waited too long.",
        "They deserve better than another round of empty promises.",
    ]
    assert [s.runs_on for s in spans] == [False, True, False]


@CURLY_AND_STRAIGHT
def test_stray_mark_does_not_swallow_the_next_paragraphs(straight):
    text = _marks("The minister said the deal was “done, and then left the room without another word.\n\n"
                  "Officials in Kabul were not informed of the decision.\n\n"
                  "“The talks were useful,” Zamir Kabulov said.\n\n"
                  "“We expect another round in October,” he added.", straight)
    spans = find_quote_spans(text)
    quoted = [text[s.start:s.end] for s in spans]
    assert quoted[-2:] == ["The talks were useful,", "We expect another round in October,"]
    assert all("\n" not in q for q in quoted)
    assert not any("Officials in Kabul" in q for q in quoted)


def test_stray_closing_mark_does_not_shift_the_pairs():
    text = ("The 12” screens showed the delegations arriving.\n\n"
            "“The talks were useful,” Kabulov said. “We expect another round.”")
    quoted = [text[s.start:s.end] for s in find_quote_spans(text)]
    assert quoted == ["The talks were useful,", "We expect another round."]


def test_span_offsets_index_the_text():
    text = ("Taliban spokesman Suhail Shaheen said:  “ We want the foreign forces to leave. ”\n\n"
            '"Our fighters will keep their promise," he added.')
    for span in find_quote_spans(text):
        quoted = text[span.start:span.end]
        assert quoted == quoted.strip()
        assert text[span.start - 1] in "“\" " and text[span.end] in "”\" "


# --- speakers, with the model ------------------------------------------------------------------

DIRECT = [
    # (title, body, expected speaker, expected quote text)
    pytest.param("Russia hosts Taliban",
                 "“We have been providing diplomatic assistance to the peace process,” said Zamir Kabulov, "
                 "Russia's special envoy for Afghanistan.",
                 "Zamir Kabulov", "We have been providing diplomatic assistance to the peace process",
                 id="said-X-title"),
    pytest.param("Pentagon on troops",
                 "“We have no plans to withdraw our troops from the region before the end of the year,” "
                 "said Defense Secretary Mark Esper.",
                 "Mark Esper", "We have no plans to withdraw our troops from the region before the end of the year",
                 id="said-title-X"),
    pytest.param("Envoys meet",
                 "“The talks were useful and frank,” Zamir Kabulov said. “We expect the next round in October.”",
                 "Zamir Kabulov", "The talks were useful and frank", id="X-said"),
    pytest.param("Envoys meet",
                 "“The talks were useful and frank,” Zamir Kabulov said. “We expect the next round in October.”",
                 "Zamir Kabulov", "We expect the next round in October", id="X-said-next-sentence"),
    pytest.param("China backs talks",
                 "Chinese Foreign Minister Wang Yi said: “China supports an Afghan-led and Afghan-owned peace process.”",
                 "Wang Yi", "China supports an Afghan-led and Afghan-owned peace process", id="X-said-colon"),
    pytest.param("Envoys meet",
                 "German Chancellor Angela Merkel met the French president in Berlin on Monday. "
                 "“We agreed on a common position on the budget,” she said.",
                 "Angela Merkel", "We agreed on a common position on the budget", id="she-said"),
    pytest.param("Envoys meet",
                 "Zamir Kabulov, Russia's special envoy for Afghanistan, met Taliban negotiators on Friday. "
                 "“The talks were useful,” he said.",
                 "Zamir Kabulov", "The talks were useful", id="he-said"),
    pytest.param("Pompeo in Moscow",
                 "Mike Pompeo met Zamir Kabulov in Moscow on Monday. “We are making progress,” he said.",
                 "Mike Pompeo", "We are making progress", id="he-said-subject-not-object"),
    pytest.param("Peace talks",
                 "“Every Afghan wants peace,” said Abdullah Abdullah. “But peace cannot come at any price.\n\n"
                 "“We will not accept a deal that ignores the rights of women.”",
                 "Abdullah Abdullah", "We will not accept a deal that ignores the rights of women",
                 id="continued-next-paragraph"),
    pytest.param("Envoys meet",
                 "“The talks were useful and frank,” said Zamir Kabulov. “We discussed the prospects for peace.\n\n"
                 "“We expect the next round in October.”",
                 "Zamir Kabulov", "We expect the next round in October", id="continued-after-runs-on"),
    pytest.param("Envoys meet",
                 "Russian envoy Zamir Kabulov spoke after the meeting.\n\n"
                 "“The talks were useful and frank,” Kabulov said.\n\n"
                 "“We expect the next round in October, and we hope the Americans will return.”",
                 "Zamir Kabulov", "We expect the next round in October, and we hope the Americans will return",
                 id="next-paragraph-same-speaker"),
    pytest.param("Taliban pledge",
                 "The Taliban's chief spokesman, Zabihullah Mujahid, spoke to reporters in Kabul on Saturday. "
                 "“Our fighters will not attack foreign troops,” the spokesman said.",
                 "Zabihullah Mujahid", "Our fighters will not attack foreign troops", id="the-spokesman-said"),
    pytest.param("Putin summit",
                 "The Kremlin said Vladimir Putin would attend. Dmitry Peskov, the Kremlin spokesman, told reporters "
                 "in Moscow that no date had been set. “We will announce it in due course,” the spokesman said.",
                 "Dmitry Peskov", "We will announce it in due course", id="the-spokesman-said-apposition"),
    pytest.param("Taliban pledge",
                 "“Our fighters will keep their promise,” the Taliban spokesman Suhail Shaheen told reporters in Doha. "
                 "“We want the foreign forces to leave,” he added.",
                 "Suhail Shaheen", "We want the foreign forces to leave", id="he-added"),
    pytest.param("Secretary Blinken's Remarks in Jakarta",
                 "SECRETARY BLINKEN: Good morning, everyone. It is a pleasure to be back in Jakarta with my colleague.\n\n"
                 "FOREIGN MINISTER MARSUDI: Thank you very much, Tony. Welcome to Jakarta.",
                 "Blinken", "Good morning, everyone. It is a pleasure to be back in Jakarta with my colleague",
                 id="transcript-turn"),
    pytest.param("Secretary Blinken's Remarks in Jakarta",
                 "SECRETARY BLINKEN: Good morning, everyone. It is a pleasure to be back in Jakarta with my colleague.\n\n"
                 "FOREIGN MINISTER MARSUDI: Thank you very much, Tony. Welcome to Jakarta.",
                 "Marsudi", "Thank you very much, Tony. Welcome to Jakarta", id="transcript-second-turn"),
    pytest.param("Ceasefire",
                 "“There will be no ceasefire until the sieges are lifted” — Riad Hijab, the opposition negotiator.",
                 "Riad Hijab", "There will be no ceasefire until the sieges are lifted", id="quote-dash-X"),
    pytest.param("Envoys meet",
                 "Zamir Kabulov, Russia's special envoy for Afghanistan, said: “The talks were useful and frank.”",
                 "Zamir Kabulov", "The talks were useful and frank", id="X-title-said"),
    pytest.param("Iran comments",
                 "The only comment came from Abbas Mousavi, the Foreign Ministry spokesman, who said the delegation "
                 "had come to discuss “the latest developments in Afghanistan.”",
                 "Abbas Mousavi", "the latest developments in Afghanistan", id="who-clause"),
    pytest.param("Trump on talks",
                 "President Donald Trump wrote on Twitter: “The talks with the Taliban are dead, as far as I am concerned.”",
                 "Donald Trump", "The talks with the Taliban are dead, as far as I am concerned", id="X-wrote"),
    # News shapes (invented sentences): the words next to the quote come first.
    pytest.param("Council vote", "“Would the plan be negotiable?” Hollister pressed.",
                 "Hollister", "Would the plan be negotiable?", id="name-the-model-missed"),
    pytest.param("Council vote",
                 "“We will vote against the budget,” Mayor Dana Whitcombe said. “It is not negotiable.”",
                 "Dana Whitcombe", "It is not negotiable", id="sentence-after-X-said"),
    pytest.param("Council vote", "“Can the city really afford this?” Okafor asked. “I have my doubts.”",
                 "Okafor", "Can the city really afford this?", id="question-then-X-asked"),
    pytest.param("Council vote", "“This is a great night for the party,” tweeted campaign spokesman Ray Tillman.",
                 "Ray Tillman", "This is a great night for the party", id="verb-then-title-name"),
    pytest.param("Council vote",
                 "“I am not going anywhere,” Sen. Marta Lindqvist (D-Ore.) told reporters on Tuesday.",
                 "Marta Lindqvist", "I am not going anywhere", id="party-label-in-parentheses"),
    pytest.param("Council vote",
                 "“I am calling from the campaign,” Brenner, a retired teacher, said into the phone.",
                 "Brenner", "I am calling from the campaign", id="apposition-before-verb"),
    pytest.param("Council vote",
                 "“The city needs a plan,” Dana Whitcombe, the analyst who founded the institute tweeted on Monday.",
                 "Dana Whitcombe", "The city needs a plan", id="apposition-with-relative-clause"),
    pytest.param("Council vote", "“This is fantastic!” beamed Harold Penrose of Dayton, Ohio.",
                 "Harold Penrose", "This is fantastic!", id="any-verb-after-exclamation"),
    pytest.param("Council vote",
                 "Whitcombe has taken the stance common among her colleagues: “I oppose the tax, but I support the "
                 "schools.”", "Whitcombe", "I oppose the tax, but I support the schools", id="colon-no-verb"),
    pytest.param("Council vote", "Rep. Dana Whitcombe (R-Ohio): “I have not heard anyone cite that figure.”",
                 "Dana Whitcombe", "I have not heard anyone cite that figure", id="transcript-label-colon"),
    pytest.param("Council vote", "Continued Okafor: “So I think it is a very real problem.”",
                 "Okafor", "So I think it is a very real problem", id="inverted-verb-colon"),
    pytest.param("Council vote",
                 "Councilman Leo Varga accuses the mayor of “hiding the numbers” and Dana Whitcombe says she is "
                 "“losing patience.”", "Leo Varga", "hiding the numbers", id="verb-holding-the-quote"),
    pytest.param("Council vote",
                 "Varga said he would make the budget “balance by June,” for instance, and Whitcombe vowed to "
                 "“cut the waste” out of every department.", "Whitcombe", "cut the waste",
                 id="joined-clause-is-not-the-first-speakers"),
    pytest.param("Council vote",
                 "Councilman Leo Varga launched into a lament for the “forgotten taxpayers of the east side” "
                 "on Tuesday.", "Leo Varga", "forgotten taxpayers of the east side", id="clause-subject"),
    pytest.param("Council vote",
                 "Voters remember Whitcombe's “no new taxes, not now, not ever” pledge from the campaign.",
                 "Whitcombe", "no new taxes, not now, not ever", id="possessor-of-the-quote"),
    pytest.param("Council vote",
                 "“If she gets to pick the auditors, nothing you can do, folks,” Leo Varga told a rally, saying the "
                 "mayor would “abolish the oversight board.”", "Leo Varga", "abolish the oversight board",
                 id="subject-inside-another-quote-is-not-the-speaker"),
    pytest.param("Council vote",
                 "Mayor Dana Whitcombe spoke first. Whitcombe delivered a snappy retort: “No one is tearing this up. "
                 "We are going forward.”", "Dana Whitcombe", "No one is tearing this up. We are going forward",
                 id="colon-after-a-clause"),
    pytest.param("Council vote",
                 "Dana Whitcombe answered the critics on Monday. Whitcombe tweeted, “The council did the same last "
                 "week.”", "Dana Whitcombe", "The council did the same last week", id="surname-opening-a-sentence"),
    pytest.param("Council vote",
                 "After the ruling, Mayor Dana Whitcombe blamed the court's “four judges who blocked our sensible "
                 "budget.”", "Dana Whitcombe", "four judges who blocked our sensible budget",
                 id="a-possessor-that-is-no-person"),
    pytest.param("Council vote",
                 "Mayor Dana Whitcombe backs the plan. In a statement to the Gazette, her senior policy adviser, "
                 "Leo Varga, said: “The mayor believes that cooperation is essential.”", "Leo Varga",
                 "The mayor believes that cooperation is essential", id="subject-lost-by-the-parse"),
    pytest.param("Council vote",
                 "Right after the vote, Mayor Dana Whitcombe issued a statement, “Last night, our city chose to "
                 "move forward.”", "Dana Whitcombe", "Last night, our city chose to move forward",
                 id="statement-comma"),
    pytest.param("Council vote",
                 "To sell the plan, Mayor Dana Whitcombe released a video that said, “We are going to have parks "
                 "that are absolutely terrific.”", "Dana Whitcombe",
                 "We are going to have parks that are absolutely terrific", id="a-video-that-said"),
    pytest.param("Council vote",
                 "“How much worse could it get?” said Ohio-based Republican strategist Al Brennan, referring to the "
                 "poll.", "Al Brennan", "How much worse could it get?", id="said-then-subject-after-modifiers"),
    pytest.param("Council vote",
                 "The rejection of the levy signals “the beginning of the end” for the council, said Leo Varga, "
                 "founder of the Taxpayers League.", "Leo Varga", "the beginning of the end",
                 id="said-X-after-the-clause"),
    pytest.param("Council vote",
                 "Mayor Dana Whitcombe has since apologized for what happened: “Yes, I should have told the council.”",
                 "Dana Whitcombe", "Yes, I should have told the council", id="colon-past-a-what-clause"),
    pytest.param("Council vote",
                 "Leo Varga sniped that Whitcombe, a first-year mayor, was “learning on the job, slowly.”",
                 "Leo Varga", "learning on the job, slowly", id="that-clause-is-the-sayers"),
    pytest.param("Council vote",
                 "Dana Whitcombe spoke to the council on Monday.\n\n"
                 "Whitcombe praised the budget office for its work.\n\n"
                 "“We need people who can cut through the noise and bring the city together.”",
                 "Dana Whitcombe", "We need people who can cut through the noise and bring the city together",
                 id="paragraph-after-one-about-the-speaker"),
    pytest.param("Council vote",
                 "Professor Dana Whitcombe agreed. “The council is running out of time to find an alternative.”",
                 "Dana Whitcombe", "The council is running out of time to find an alternative",
                 id="sentence-after-one-about-the-speaker"),
    pytest.param("Council vote",
                 "Mayor Dana Whitcombe won the vote. Later, a fundraising email sent by Whitcombe warned of the "
                 "fight ahead: “There are 14 votes over the next three weeks.”",
                 "Dana Whitcombe", "There are 14 votes over the next three weeks", id="email-sent-by-X"),
    pytest.param("Council vote",
                 "“There was probable cause to make an arrest,” according to a court document filed by state "
                 "attorney Dave Oyelaran.", "Dave Oyelaran", "There was probable cause to make an arrest",
                 id="according-to-document-filed-by-X"),
    pytest.param("Council vote",
                 "Councilman Leo Varga added that the mayor cannot say “from her perspective” what the auditors "
                 "found.", "Leo Varga", "from her perspective", id="outermost-reporting-verb"),
    pytest.param("Council vote",
                 "“It is about time the city had a plan,” exhorted the mayor's introducer, actress Jamie Oyelaran.",
                 "Jamie Oyelaran", "It is about time the city had a plan", id="possessor-is-not-the-speaker"),
    pytest.param("Council vote",
                 "Mayor Dana Whitcombe leaves office next month. Whitcombe made housing her first cause and won "
                 "three elections. The council will pick a successor in May.\n\n"
                 "“From day one, I made housing the top priority,” the 71-year-old politician said in an interview.",
                 "Dana Whitcombe", "From day one, I made housing the top priority",
                 id="the-description-is-the-protagonist"),
    pytest.param("Council vote", "“It is a slippery slope,” Lopez-Varga said.",
                 "Lopez-Varga", "It is a slippery slope", id="hyphenated-surname"),
    pytest.param("Council vote",
                 "“The whole idea is something we hear about all the time, and it needs to stop.”\n\n"
                 "—Michelle Oyelaran, Dayton.", "Michelle Oyelaran",
                 "The whole idea is something we hear about all the time, and it needs to stop",
                 id="dash-on-the-next-line"),
    pytest.param("Council vote",
                 "Mayor Dana Whitcombe said Wednesday that she does not want a new tax.\n\n"
                 "What “go after them” means is anyone's guess, since Whitcombe spoke only in bromides.\n\n"
                 "“We have to do something and it is the only way you stop it.”",
                 "Dana Whitcombe", "We have to do something and it is the only way you stop it",
                 id="after-a-sentence-telling-who-spoke"),
    pytest.param("Council vote",
                 "Senator Dana Whitcombe has no endorsements in the Senate. Whitcombe, meanwhile, who sits at zero "
                 "such endorsements, said that fact speaks volumes about who is “prepared to take on the "
                 "establishment.”", "Dana Whitcombe", "prepared to take on the establishment",
                 id="subject-set-off-by-commas"),
    pytest.param("Council vote",
                 "In October, the campaign's state director, Mike Rubino, reached out to the firm, writing in an email: "
                 "“We want to use this soon.” Steve Adler, the firm's owner, said the campaign has yet to follow up.",
                 "Mike Rubino", "We want to use this soon",
                 id="colon-before-not-the-next-sentence-s-own-report"),
    pytest.param("Council vote",
                 "Mayor Dana Whitcombe also embraced a new curfew -- “I think a curfew is the least we can do.”",
                 "Dana Whitcombe", "I think a curfew is the least we can do", id="dash-before"),
    pytest.param("Council vote",
                 "Leo Varga, the mayor's fired campaign manager, ripped the council for acting as “the judge and the "
                 "jury” in the inquiry.", "Leo Varga", "the judge and the jury", id="a-participle-is-no-report"),
    pytest.param("Council vote",
                 "Now Mayor Dana Whitcombe says she is so distressed by the tone of the race -- “an outrage and an "
                 "insult to voters” -- that she may run.", "Dana Whitcombe", "an outrage and an insult to voters",
                 id="dashes-around-a-quote-inside-a-report"),
    pytest.param("Council vote",
                 "“The risk,” said Leo Varga, an economist who is the director of the Central Valley Forecast, “is "
                 "that we're going to be attracting workers and repelling jobs.”", "Leo Varga",
                 "is that we're going to be attracting workers and repelling jobs", id="second-part-of-a-split-quote"),
    pytest.param("Council vote",
                 "On Saturday, Mayor Dana Whitcombe issued a statement saying that the judge was “a remarkable person "
                 "and a brilliant jurist, one of the best of all time.”", "Dana Whitcombe",
                 "a remarkable person and a brilliant jurist, one of the best of all time",
                 id="a-statement-saying-is-its-issuer-s"),
    pytest.param("Council vote",
                 "At one point, Leo Varga coached the mayor to “breathe, breathe, breathe.” That prompted Senator "
                 "Dana Whitcombe to make a joke about yoga and call the mayor “very flexible,” a nod to her changes.",
                 "Dana Whitcombe", "very flexible", id="whom-something-prompted-to-speak"),
    pytest.param("Council vote",
                 "To wit, Mayor Dana Whitcombe told the radio station that Leo Varga “had a crazy policy which was "
                 "maniacal,” adding, “He lost all of the young vote.”", "Dana Whitcombe", "He lost all of the young vote",
                 id="adding-after-a-reported-clause"),
    pytest.param("Council vote",
                 "Bill Kelso, a longtime data operative, vouched for both men. And Kelso called Leo Varga “a real smart "
                 "guy. I'd like to think he understands the data.”", "Bill Kelso",
                 "a real smart guy. I'd like to think he understands the data", id="the-one-called-something-is-no-speaker"),
    pytest.param("Council vote",
                 "Senator Jane Harlow spoke on Monday.\n\nThe race tightens in Iowa - Jane Harlow: “The polls show a "
                 "close race in every state we looked at.”", "Jane Harlow",
                 "The polls show a close race in every state we looked at", id="a-digest-s-dash-then-name-and-colon"),
    pytest.param("Council vote",
                 "After Judge Leo Varga said that some students might do better at “less advanced schools,” Mayor Dana "
                 "Whitcombe said: “I don't like what he said, no.”", "Leo Varga", "less advanced schools",
                 id="a-verb-opening-the-next-quote-is-not-this-one-s"),
    pytest.param("Council vote",
                 "Senator Leo Varga, leading narrowly in the polls, questioned Mayor Dana Whitcombe's “big city values” and "
                 "her readiness to lead.", "Leo Varga", "big city values", id="the-owner-of-a-quoted-thing-is-not-its-speaker"),
    pytest.param("Council vote",
                 "Senator Leo Varga was asked by Fox Business moderator Gerard Baker whether his plan would risk "
                 "“adding another expensive entitlement program to an already overburdened budget.”", "Gerard Baker",
                 "adding another expensive entitlement program to an already overburdened budget",
                 id="asked-by-the-agent"),
    pytest.param("Council vote",
                 "But Bill Kelso, a longtime data operative, vouched for both men.\n\n“Having access to the file and "
                 "two people who understand it is valuable,” said Kelso, explaining he worked closely with one.",
                 "Bill Kelso", "Having access to the file and two people who understand it is valuable",
                 id="said-surname"),
    pytest.param("Council vote",
                 "“You think I'm going to change?” Mayor Dana Whitcombe asked reporters rhetorically.",
                 "Dana Whitcombe", "You think I'm going to change?", id="asked-reporters-after-a-question"),
    pytest.param("Council vote",
                 "Former ambassador Leo Varga told Morning Report radio host Dana Whitcombe, “The plan might as well "
                 "be called a surrender!”", "Leo Varga", "The plan might as well be called a surrender!",
                 id="told-a-long-name-comma"),
    pytest.param("Council vote",
                 "The timing of the surge does not surprise Republican pollster Leo Varga: “Historically, lesser-known "
                 "candidates have seen the biggest boost.”", "Leo Varga",
                 "Historically, lesser-known candidates have seen the biggest boost", id="name-before-a-colon"),
    pytest.param("Council vote",
                 "“He had so many projects and ambitions,” his friend\xa0Leo Varga told the website.", "Leo Varga",
                 "He had so many projects and ambitions", id="a-non-breaking-space-in-the-speaker"),
    pytest.param("Council vote", "Speaker Leo Varga said Thursday he was “not ready” to back the nominee.",
                 "Leo Varga", "not ready", id="a-term-someone-is-said-to-say"),
    pytest.param("Council vote",
                 "Geneva (AFP) – Senator Dana Whitcombe has taken aim at her rival's budget, saying that “reckless "
                 "promises” cost the city more than they save.", "Dana Whitcombe", "reckless promises",
                 id="a-dateline-is-no-subject"),
    pytest.param("Council vote",
                 "Senator Dana Whitcombe spoke on Monday. Whitcombe says that Americans want a leader to counter "
                 "rising crime and gang violence, but instead the mayor is giving them “speeches, excuses and more "
                 "delays.”", "Dana Whitcombe",
                 "speeches, excuses and more delays", id="the-report-the-quote-hangs-from-not-the-nearest-verb"),
    pytest.param("Council vote",
                 "The mayor and the radio host shared a studio last week. \"Your show is wonderful,\" Dana Whitcombe "
                 "assured Leo Varga, after Varga assured Whitcombe that most of his callers backed her campaign. \"I "
                 "will never fail you.\"", "Dana Whitcombe", "I will never fail you",
                 id="a-report-in-a-side-clause-does-not-take-the-turn"),
    pytest.param("Council vote",
                 "At the rally, Senator Dana Whitcombe said that Leo Varga begged her for support in 2019 and \"would "
                 "have crawled across the harbour\" for a single vote.", "Dana Whitcombe",
                 "would have crawled across the harbour", id="a-clause-joined-inside-the-report-is-reported"),
    pytest.param("Council vote",
                 "The Harbour Party won most seats. Speaking to a crowd of volunteers on Tuesday evening outside the "
                 "party office, Dana Whitcombe, 64, said it was far too soon to declare victory but added, \"I suspect "
                 "every one of you already knows the count.\"", "Dana Whitcombe",
                 "I suspect every one of you already knows the count", id="it-of-a-clause-on-the-way-up-is-nobody"),
    pytest.param("Council vote",
                 "Anchor Dana Whitcombe remarked that the audit findings “looked grim.” Adding, “Still, as with every "
                 "audit, the real trouble is never the numbers themselves.”", "Dana Whitcombe",
                 "Still, as with every audit, the real trouble is never the numbers themselves",
                 id="a-participle-opening-a-sentence-goes-on-from-the-one-before"),
    pytest.param("Council vote",
                 "Mayor Dana Whitcombe lost the vote. As Whitcombe put it, “Well, that is the end of the road.”",
                 "Dana Whitcombe", "Well, that is the end of the road", id="as-X-put-it"),
    pytest.param("Council vote",
                 "“We finally have clean records,” said Dana Whitcombe, noting she relied mostly on Leo Varga, who "
                 "spent the spring checking the permit list and putting it into the city register: “Varga never misses "
                 "a detail.”", "Dana Whitcombe", "Varga never misses a detail",
                 id="putting-it-somewhere-is-no-speech"),
    pytest.param("Hearing", "Rep. Dana Whitcombe (R-Ohio):\"Nobody but you has ever quoted that number. Where did it "
                 "come from?\"\n\nFormer mayor Leo Varga:\"It came from the council and its review of the records.\"",
                 "Leo Varga", "It came from the council and its review of the records", id="a-label-glued-to-its-quote"),
    pytest.param("Hearing",
                 "The inquiry dragged on into the night, and Senator Leo Varga kept asking her why the agency had tied "
                 "the outage to \"routine\" maintenance rather than calling it sabotage. Dana Whitcombe, exasperated, "
                 "famously responded: \"What change - at this point, what change would it make?\" Her critics cited it "
                 "as proof that she did not care.", "Dana Whitcombe",
                 "What change - at this point, what change would it make?",
                 id="a-verb-the-parse-left-unattached-takes-its-heads-subject"),
    pytest.param("Council vote",
                 "Former strategist Dana Whitcombe was a guest on the radio show. Whitcombe elaborated in an opinion "
                 "column for The Daily Ledger that delegates currently promised to Varga, even those who signed up "
                 "before the primary started, may change their minds.\n\n“A loss in the harbour district would "
                 "sharply expose the mayor’s weakness as a candidate in the autumn election.”", "Dana Whitcombe",
                 "A loss in the harbour district would sharply expose the mayor’s weakness as a candidate in the "
                 "autumn election", id="a-quote-opening-a-paragraph-after-a-report"),
    pytest.param("Council vote", "The station launched a new morning programme. Harbour Radio Vice President for "
                 "news and talk Dana Whitcombe called the show “the most trusted hour on the dial.”", "Dana Whitcombe",
                 "the most trusted hour on the dial", id="a-long-title-ending-in-the-name"),
    pytest.param("Council vote", "Board member Dana Whitcombe sniped that Varga, a first-time director, was "
                 "\"learning on the job,\" while Varga and other council leaders wrote a series of angry letters that "
                 "called her \"a dreamer.\"", "Dana Whitcombe", "learning on the job", id="sniped-that"),
    pytest.param("Council vote", "And although Senator Dana Whitcombe lamented his habit of making gaffes - \"does he "
                 "have to keep handing them so many weapons?\" - voters who watched the debate said they were unmoved.",
                 "Dana Whitcombe", "does he have to keep handing them so many weapons?",
                 id="set-off-by-dashes-the-clause-before"),
]

INDIRECT = [
    # (title, body, expected speaker, expected clause, cue)
    pytest.param("Khan pledges support",
                 "Prime Minister Imran Khan said that Pakistan would continue to support the Afghan peace process.",
                 "Imran Khan", "Pakistan would continue to support the Afghan peace process", "say", id="said-that"),
    pytest.param("Rudenko on talks",
                 "According to Deputy Foreign Minister Andrei Rudenko, the Taliban delegation discussed the prospects "
                 "of resuming talks with the United States.",
                 "Andrei Rudenko",
                 "the Taliban delegation discussed the prospects of resuming talks with the United States",
                 "according to", id="according-to"),
    pytest.param("Taliban in Moscow",
                 "Foreign Ministry spokeswoman Maria Zakharova confirmed that the Taliban delegation had arrived in "
                 "Moscow on Friday.",
                 "Maria Zakharova", "the Taliban delegation had arrived in Moscow on Friday", "confirm",
                 id="confirmed-that"),
    pytest.param("Secretary Blinken's Call with Indian External Affairs Minister Jaishankar",
                 "Secretary of State Antony Blinken spoke with Indian Minister of External Affairs Subrahmanyam "
                 "Jaishankar today. The Secretary emphasized that the United States supports a free and open "
                 "Indo-Pacific region.",
                 "Antony Blinken", "the United States supports a free and open Indo-Pacific region", "emphasize",
                 id="readout-the-secretary"),
    pytest.param("Lavrov on talks",
                 "Foreign Minister Sergei Lavrov told reporters in Moscow on Tuesday that the talks had stalled.",
                 "Sergei Lavrov", "the talks had stalled", "tell", id="told-reporters-that"),
    pytest.param("Council vote", "The budget will pass next year, Mayor Dana Whitcombe said.",
                 "Dana Whitcombe", "The budget will pass next year", "say", id="clause-then-X-said"),
    pytest.param("Council vote",
                 "Mayor Dana Whitcombe spoke on Monday. But the years that followed, she said, brought a fundamental "
                 "shift in how the city spends.", "Dana Whitcombe",
                 "But the years that followed, she said, brought a fundamental shift in how the city spends", "say",
                 id="parenthetical-she-said"),
    pytest.param("Council vote", "Mayor Dana Whitcombe forecast that the slumping economy would soon rebound.",
                 "Dana Whitcombe", "the slumping economy would soon rebound", "forecast", id="forecast-that"),
]


def _clean(text: str) -> str:
    return text.strip().rstrip(",.;:").strip()


def _find(result, text: str, kind: str):
    found = [q for q in result.quotes if q.kind == kind and _clean(q.text) == text]
    assert found, f"no {kind} quote {text!r}" + result.summary()
    return found[0]


@pytest.mark.parametrize("title, body, speaker, text", DIRECT)
def test_direct_quote_speaker(extract, title, body, speaker, text):
    result = extract(body, title=title)
    quote = _find(result, text, "direct")
    assert result.name(quote.speaker) == speaker, result.summary()
    assert result.article.text[quote.start:quote.end] == quote.text


@pytest.mark.parametrize("title, body, speaker, text, cue", INDIRECT)
def test_reported_speech(extract, title, body, speaker, text, cue):
    result = extract(body, title=title)
    quote = _find(result, text, "indirect")
    assert result.name(quote.speaker) == speaker, result.summary()
    assert quote.cue == cue
    assert result.article.text[quote.start:quote.end] == quote.text


def test_each_quotation_span_is_one_quote(extract):
    body = ("“The first round was constructive,” said Suhail Shaheen, a Taliban spokesman. “We will send a "
            "delegation again next month.”\n\nThe spokesman did not say where the talks would be held.")
    result = extract(body, title="Taliban plan new round")
    direct = [q for q in result.quotes if q.kind == "direct"]
    assert [_clean(q.text) for q in direct] == ["The first round was constructive",
                                                "We will send a delegation again next month"]
    assert {result.name(q.speaker) for q in direct} == {"Suhail Shaheen"}


def test_unknown_speaker_stays_unknown(extract):
    result = extract("“I am not sure the agreement will hold,” a senior official said.", title="Doubts over deal")
    quote = _find(result, "I am not sure the agreement will hold", "direct")
    assert quote.speaker is None


@pytest.mark.parametrize("body", [
    "In a statement, a city official said, “We are not going to discuss the content of these documents.”",
    "City hall sources have said she said “no more delays” in a meeting with the auditors.",
    "“We are not going to discuss the documents,” one council aide said.",
    "A spokesman for Mayor Dana Whitcombe said the plan was “dead on arrival.”",
    "The crowd chanted “we are not going to pay” as the mayor left.",
], ids=["an-official-said", "sources-said-she-said", "one-aide-said", "a-spokesman-for-someone", "a-crowd"])
def test_unnamed_speakers_stay_unnamed(extract, body):
    """Someone is said to speak but not named: the quote stays, its speaker is null, never a guess."""
    result = extract("Mayor Dana Whitcombe met the auditors on Monday. " + body, title="Council vote")
    direct = [q for q in result.quotes if q.kind == "direct"]
    assert direct and all(q.speaker is None for q in direct), result.summary()


def test_a_statement_quoted_over_several_paragraphs_is_one_speakers(extract):
    result = extract("Former councillor Dana Whitcombe called for the resignation of the harbour master on Monday."
                     "\n\nWhitcombe stated:\n\n\"The harbour office is not about “Fair Rules for All” anymore. It is "
                     "about one man's plan to remake the docks.\n\n\"The latest example is the master fining small "
                     "boat owners for their “Mooring Fees,” which lets big shippers, rather than families, decide who "
                     "can dock.\n\n\"The answer to the mooring problem is not politics, but open water. Let boat "
                     "owners decide for themselves.\"", title="Council vote")
    speakers = [result.name(q.speaker) for q in result.quotes if q.kind == "direct" and len(q.text) > 40]
    assert speakers == ["Dana Whitcombe"] * 3, result.summary()


def test_an_aside_in_parentheses_does_not_stop_the_speaker_going_on(extract):
    result = extract("Mayor Dana Whitcombe also spoke about the harbour case now before the state court. (The rules "
                     "require that pilots hold permits from the port, and require boats to refit in costly ways. The "
                     "rules also set three separate inspections for small boats.)\n\n“The harbour is open to all by "
                     "law. But I believe firmly that it is not open if you cannot afford to dock.”", title="Council vote")
    assert [result.name(q.speaker) for q in result.quotes if q.kind == "direct"] == ["Dana Whitcombe"], result.summary()


def test_a_closing_mark_glued_to_the_name_after_it(extract):
    result = extract("The harbour board met on Monday.\n\n\"This new plan raises fresh questions about whether the "
                     "town can trust the board, even on mooring fees,\"Dana Whitcombe, who is chair of the Harbour "
                     "Alliance said in a statement. \"More and more, the board looks like the kind of body voters fear "
                     "most.\"", title="Council vote")
    quotes = [q for q in result.quotes if q.kind == "direct"]
    assert [q.text[:18] for q in quotes] == ["This new plan rais", "More and more, the"], result.summary()
    assert {result.name(q.speaker) for q in quotes} == {"Dana Whitcombe"}, result.summary()


def test_it_introducing_a_quote_is_nobody(extract):
    result = extract("The United Nations announced new limits on Monday. Hold on, it gets stranger:\n\n\"Under the "
                     "charter, the council fixes the maximum number of permits the city may issue each year.\"",
                     title="Council vote")
    assert [q.speaker for q in result.quotes if q.kind == "direct"] == [None], result.summary()


def test_a_handle_is_no_actor(extract):
    result = extract("Rumours spread quickly online. Critics say little.\n\nThe mayor's @realPeterSmith Twitter account "
                     "works as a direct channel to his thinking, so nobody was surprised that right after Monday's flood "
                     "in Leeds he posted about ... Peter Smith: \"Thanks for the kind words about the harbour rescue.\"",
                     title="Council vote")
    assert not [a.name for a in result.actors if "@" in a.name], result.summary()


def test_the_subject_it_is_nobody(extract):
    result = extract("The Harbour Authority has been trying to scrap the levy since the council proposed it. It's the "
                     "lasting appeal of the \"no new fees, not ever\" pledge: most dockers signed long contracts.",
                     title="Council vote")
    assert [q.speaker for q in result.quotes if q.kind == "direct"] == [None], result.summary()


def test_a_common_word_opening_a_sentence_is_no_name(nlp):
    """The tagger sometimes takes "Much" opening a sentence for a name; a common word there is none."""
    from generator.extract.actors import proper_name_run
    from generator.knowledge import load as load_knowledge
    doc = nlp("Much of her anger was aimed at the council.")
    doc[0].pos_ = "PROPN"
    assert proper_name_run(doc[0], load_knowledge()) is None
    doc = nlp("Critics blamed Varga for it.")
    assert proper_name_run(doc[2], load_knowledge()).text == "Varga"  # a name in mid-sentence stays one


@pytest.mark.parametrize("text, quoted", [
    ("He listed his favourite show, “Saturday Night Live,” and a memoir, “Tough Choices.”", []),
    ("Supporters wore “Make America Great Again” hats.", []),
    ("“What a Super Tuesday!” she shouted.", ["What a Super Tuesday!"]),
    ("“Mr. President,” the reporter began.", ["Mr. President,"]),
    ("“The Council Will Decide,” he said, laughing.", []),
], ids=["titles-of-works", "slogan", "exclamation-is-speech", "address-is-speech", "title-case-line"])
def test_titles_and_slogans_are_not_quotes(text, quoted):
    assert [text[s.start:s.end] for s in find_quote_spans(text)] == quoted


def test_quotes_inside_quotes_are_not_reported_speech(extract):
    body = "“We said that the talks must include the government in Kabul,” Zamir Kabulov said on Friday."
    result = extract(body, title="Envoys meet", day=date(2019, 9, 23))
    assert [q.kind for q in result.quotes] == ["direct"], result.summary()


def test_a_term_nobody_is_said_to_say_is_no_quote(extract):
    result = extract("The so-called “peace plan” failed again on Monday.", title="Council vote")
    assert not [q for q in result.quotes if q.kind == "direct"], result.summary()


def test_a_person_right_before_a_verb_the_parse_left_without_subject_says_it(nlp):
    """A parse that hangs "said" on the name instead of under it ("Rep. Jane Doe (R-OH) said “…”"
    with no subject): the person named right before the verb, party label skipped, says it."""
    from spacy.tokens import Doc

    from generator.extract import extract_doc, nlp_text
    from generator.model import Article

    article = Article(id="a-test", path="test.md", title="Talks", date=date(2024, 5, 6),
                      text='A star likened to a badge, Rep. Jane Doe (R-OH) said "No more delays here."')
    words = ["Talks", "\n\n", "A", "star", "likened", "to", "a", "badge", ",", "Rep.", "Jane", "Doe", "(", "R", "-",
             "OH", ")", "said", '"', "No", "more", "delays", "here", ".", '"']
    spaces = [False, False, True, True, True, True, True, False, True, True, True, True, False, False, False, False,
              True, True, False, True, True, True, False, False, False]
    heads = [0, 0, 3, 3, 3, 4, 7, 5, 3, 11, 11, 3, 15, 15, 15, 11, 4, 4, 17, 21, 21, 17, 21, 17, 17]
    deps = ["ROOT", "dep", "det", "ROOT", "acl", "prep", "det", "pobj", "punct", "compound", "compound", "appos",
            "punct", "compound", "punct", "appos", "punct", "ccomp", "punct", "det", "amod", "ccomp", "advmod",
            "punct", "punct"]
    pos = ["NOUN", "SPACE", "DET", "NOUN", "VERB", "ADP", "DET", "NOUN", "PUNCT", "PROPN", "PROPN", "PROPN", "PUNCT",
           "PROPN", "PUNCT", "PROPN", "PUNCT", "VERB", "PUNCT", "DET", "ADJ", "NOUN", "ADV", "PUNCT", "PUNCT"]
    tags = ["NNS", "_SP", "DT", "NN", "VBN", "IN", "DT", "NN", ",", "NNP", "NNP", "NNP", "-LRB-", "NNP", "HYPH",
            "NNP", "-RRB-", "VBD", "``", "DT", "JJR", "NNS", "RB", ".", "''"]
    lemmas = [w.lower() for w in words]
    lemmas[4], lemmas[17] = "liken", "say"
    ents = ["O"] * 10 + ["B-PERSON", "I-PERSON"] + ["O"] * 13
    doc = Doc(nlp.vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, tags=tags, lemmas=lemmas,
              ents=ents)
    assert doc.text == nlp_text(article)[0]
    records = extract_doc(doc, article)
    quote = next(q for q in records.quotes if q.kind == "direct")
    assert [a.name for a in records.actors if a.index == quote.speaker] == ["Jane Doe"]


TRANSCRIPT = ("MAYOR WHITCOMBE: (Laughter.) The harbour will reopen to ferries next spring. (Applause.)\n\n"
              "Q Madam Mayor, will the fishing fleet pay the new mooring fees this year?\n\n"
              "MAYOR WHITCOMBE: Thank you, Madam Chair.\n\n"
              "QUESTION: How many berths are left for the ferries?\n\n"
              "MAYOR WHITCOMBE: (Inaudible.)\n\n"
              "MAYOR WHITCOMBE: Yes. (Laughs.)\n\n"
              "MAYOR WHITCOMBE: Twelve berths stay open for the ferries through the winter.")


@pytest.mark.parametrize("line, is_quote", [
    ("The harbour will reopen to ferries next spring.", True),  # stage directions around it left out
    ("Twelve berths stay open for the ferries through the winter.", True),
    ("Q Madam Mayor, will the fishing fleet pay the new mooring fees this year?", False),  # a reporter's question
    ("Madam Mayor, will the fishing fleet pay the new mooring fees this year?", False),
    ("How many berths are left for the ferries?", False),
    ("Thank you, Madam Chair.", False),  # a courtesy
    ("(Inaudible.)", False),  # a stage direction
    ("(Laughter.) The harbour will reopen to ferries next spring. (Applause.)", False),
    ("Yes. (Laughs.)", False),  # under four words once the direction is left out
    ("Yes.", False),
], ids=["directions-around-a-turn", "a-turn", "q-line", "q-line-words", "question-label", "courtesy",
        "stage-direction", "turn-with-directions", "short-answer-with-direction", "short-answer"])
def test_transcript_noise_is_no_quote(extract, line, is_quote):
    result = extract(TRANSCRIPT, title="Mayor Whitcombe's Remarks at the Harbour")
    quotes = {q.text: q for q in result.quotes if q.kind == "direct"}
    assert (line in quotes) == is_quote, result.summary()
    if is_quote:
        assert "Whitcombe" in result.name(quotes[line].speaker), result.summary()


@pytest.mark.parametrize("body, kept", [
    ("“Thank you so much, everybody,” Mayor Dana Whitcombe said as she left the stage.", False),
    ("“Good morning, Mr. President,” the envoy said.", False),
    ("“Thank you for nothing,” Mayor Dana Whitcombe said of the harbour board's offer.", True),
], ids=["thanks", "greeting", "sarcasm-is-speech"])
def test_a_courtesy_in_quotation_marks_is_no_quote(extract, body, kept):
    result = extract(body, title="Harbour board")
    assert bool([q for q in result.quotes if q.kind == "direct"]) == kept, result.summary()
