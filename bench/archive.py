"""A generated newsroom archive (100,000 stories by default) in a real, migrated profile database.

The schema, indexes and full-text triggers are the app's own (the profile is opened with
`open_database`, which runs the Alembic migrations); stories go in through SQLAlchemy Core
`executemany` in big transactions, and the FTS5 index is filled by the app's insert trigger.
Built archives are cached in bench/.cache/, keyed by size, seed, schema head and generator version.
"""

from __future__ import annotations

import itertools
import logging
import random
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Insert, insert, text

from editor_app.domain.bylines import BylineRole, ContributorKind
from editor_app.domain.text import fold, slugify
from editor_app.domain.weeks import IsoWeek
from editor_app.domain.workflow import Role, Status
from editor_app.storage.engine import Database
from editor_app.storage.migrate import head_revision
from editor_app.storage.models import Article, ArticleCity, City, CityAlias, Contributor, Section, User
from editor_app.storage.models import Byline as BylineRecord
from editor_app.storage.open import open_database
from editor_app.storage.profile import DB_FILENAME, resolve_profile

logger = logging.getLogger(__name__)

GENERATOR_VERSION = 3  # bump when the generated content changes, so cached archives are rebuilt
CACHE_DIR = Path(__file__).with_name(".cache")
BATCH = 5_000
MIN_WORDS, MAX_WORDS = 400, 1500  # body length in words
ARCHIVE_END = datetime(2026, 11, 20, 17, 0, tzinfo=UTC)
ARCHIVE_DAYS = 4 * 365

SECTIONS = ["International", "Armenia", "Community", "Arts & Culture", "Opinion", "Sports", "Business", "Diaspora"]

# name, country, aliases — diacritics and Armenian spellings on purpose ("Bakı" must find "Baku").
CITIES: list[tuple[str, str, list[str]]] = [
    ("Yerevan", "Armenia", ["Երևան", "Erevan"]), ("Gyumri", "Armenia", ["Գյումրի", "Gümri"]),
    ("Vanadzor", "Armenia", ["Վանաձոր"]), ("Dilijan", "Armenia", ["Դիլիջան"]),
    ("Baku", "Azerbaijan", ["Bakı", "Баку"]), ("Shusha", "Azerbaijan", ["Şuşa", "Shushi"]),
    ("Ganja", "Azerbaijan", ["Gəncə"]), ("Tbilisi", "Georgia", ["თბილისი"]),
    ("Tel Aviv", "Israel", ["Tel Aviv-Yafo"]), ("Jerusalem", "Israel", ["Yerushalayim"]),
    ("Istanbul", "Türkiye", ["İstanbul"]), ("Ankara", "Türkiye", []), ("Moscow", "Russia", ["Moskva"]),
    ("Tehran", "Iran", ["Tehrān"]), ("Beirut", "Lebanon", ["Bayrūt"]), ("Aleppo", "Syria", ["Ḥalab"]),
    ("Paris", "France", []), ("Marseille", "France", []), ("Lyon", "France", []),
    ("Besançon", "France", ["Besancon"]), ("Zürich", "Switzerland", ["Zurich"]),
    ("Kraków", "Poland", ["Krakow", "Cracow"]), ("Berlin", "Germany", []), ("Athens", "Greece", ["Athína"]),
    ("Brussels", "Belgium", ["Bruxelles"]), ("London", "United Kingdom", []),
    ("Watertown", "United States", []), ("Boston", "United States", []),
    ("Glendale", "United States", []), ("Los Angeles", "United States", []),
    ("Fresno", "United States", []), ("New York", "United States", []), ("Washington", "United States", []),
    ("Montréal", "Canada", ["Montreal"]), ("Toronto", "Canada", []), ("Buenos Aires", "Argentina", []),
    ("São Paulo", "Brazil", ["Sao Paulo"]), ("Sydney", "Australia", []), ("Dubai", "United Arab Emirates", []),
    ("Stepanakert", "Azerbaijan", ["Ստեփանակերտ", "Khankendi"]),
]

AGENCIES = ["Armenpress", "Associated Press", "Reuters", "Agence France-Presse", "Times of Israel", "Azatutyun"]
FIRST = ["Ani", "Aram", "Lilit", "Gor", "Nare", "Ash", "Maria", "David", "Sona", "Tigran", "Hasmik", "Raffi",
         "Karine", "Levon", "Talin", "Ruben", "Arpi", "Vahe", "Shant", "Nairi"]
LAST = ["Obel", "Sarkissian", "Hakobyan", "Petrosyan", "Ghazarian", "Manoukian", "Der Bedrossian", "Avakian",
        "Mirzoyan", "Kazanjian", "Boyajian", "Tashjian"]



def _split(words: str) -> list[str]:
    return words.split()


# Newsroom English: function words (very frequent), then content words from common to less common.
FUNCTION_WORDS = _split(
    "the of and to in a that for on said with was as by is at from his it an were are which this be has "
    "have had not their they who been but one also its after more two new first will would about over"
)
CONTENT_WORDS = _split(
    "year people community minister church school city week president country members local family "
    "years told last between during against state national program students festival music history "
    "officials government international meeting support time political economic agreement conference "
    "public council center project report security region border peace talks water energy children young "
    "organization culture book film exhibition museum concert theater university development foreign "
    "election court parliament diaspora heritage memorial anniversary village mountain road hospital "
    "doctors teachers volunteers donors scholarship award season team match league coach players victory final"
)
ARMENIAN_WORDS = ["համայնք", "եկեղեցի", "մշակույթ", "դպրոց", "խաղաղություն", "լրագրող", "երաժշտություն",
                  "հայրենիք", "գրադարան", "Երևան"]
RARE_WORDS = ["saxophonist", "apricotine", "lavash", "duduk", "khachkar", "pomegranate", "tonir"]
SYLLABLES = ["ar", "ben", "cal", "dor", "en", "fal", "gan", "hel", "ir", "jon", "kar", "lem", "mon", "nor",
             "os", "par", "qua", "ros", "sel", "tan", "ul", "ven", "wes", "yor", "zan", "tri", "ste", "pla"]

LEADS = ["Officials in {city} said on Monday that the plan would go ahead.",
         "Hundreds gathered in {city} over the weekend.", "{city} has not seen a season like this in years.",
         "The council in {city} voted late on Thursday.", "Residents of {city} woke to the news early."]

# Search terms the benchmark uses (all occur in a generated archive; the rare one in well under 1 %).
SEARCH_TERMS = {
    "common word": "government",
    "rare word": "saxophonist",
    "city with diacritics": "Bakı",
    "prefix": "parl",
    "Armenian word": "համայնք",
}

_STATUS_WEIGHTS = {
    Status.PUBLISHED: 80, Status.UNPUBLISHED: 2, Status.DRAFT: 7, Status.SUBMITTED: 4,
    Status.CHANGES_REQUESTED: 2, Status.APPROVED: 3, Status.SCHEDULED: 2,
}


def cache_path(n: int, seed: int) -> Path:
    """Where the archive for (n, seed) is cached; the name changes with the schema and the generator."""
    return CACHE_DIR / f"archive-{n}-{seed}-{head_revision()}g{GENERATOR_VERSION}.sqlite"


def build_archive(path: Path, n: int = 100_000, seed: int = 1, cache: bool = True) -> Path:
    """Make `path` a profile folder whose database holds `n` generated stories; returns the database file.

    With `cache`, the database is built once into bench/.cache/ and copied from there afterwards."""
    path.mkdir(parents=True, exist_ok=True)
    target = path / DB_FILENAME
    for stale in (target, target.with_name(DB_FILENAME + "-wal"), target.with_name(DB_FILENAME + "-shm")):
        stale.unlink(missing_ok=True)
    if not cache:
        _generate(path, n, seed)
        return target
    cached = cache_path(n, seed)
    if not cached.exists():
        work = CACHE_DIR / f"building-{n}-{seed}"
        shutil.rmtree(work, ignore_errors=True)
        _generate(work, n, seed)
        (work / DB_FILENAME).replace(cached)
        shutil.rmtree(work, ignore_errors=True)
    shutil.copyfile(cached, target)
    return target


def _generate(folder: Path, n: int, seed: int) -> None:
    db = open_database(resolve_profile(folder))
    try:
        ids = _fill_vocabulary(db, seed)
        writer = _Writer(random.Random(seed), ids)
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA cache_size=-262144")
            conn.commit()
            for start in range(0, n, BATCH):
                rows = [writer.story(i) for i in range(start + 1, min(n, start + BATCH) + 1)]
                with conn.begin():
                    conn.execute(insert(Article), [r[0] for r in rows])
                    bylines = [b for r in rows for b in r[1]]
                    cities = [c for r in rows for c in r[2]]
                    if bylines:
                        conn.execute(insert(BylineRecord), bylines)
                    if cities:
                        conn.execute(insert(ArticleCity), cities)
                logger.info("archive: %d of %d stories", min(n, start + BATCH), n)
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.commit()
    finally:
        db.dispose()


class _Ids:
    """Primary keys of the vocabulary rows the stories point at."""

    def __init__(self, sections: list[int], cities: list[tuple[int, str, list[str]]],
                 staff: list[int], agencies: list[tuple[int, str]], users: list[int]) -> None:
        self.sections = sections
        self.cities = cities
        self.staff = staff
        self.agencies = agencies
        self.users = users


def _fill_vocabulary(db: Database, seed: int) -> _Ids:
    rng = random.Random(seed * 7919)
    now = ARCHIVE_END
    with db.engine.begin() as conn:
        users = [_insert_id(conn, insert(User).values(
            username=f"{role.value.replace('_', '')}{k}", display_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            role=role.value, email="", active=True, created_at=now, version=1))
            for k, role in enumerate([Role.ADMIN, Role.EDITOR, Role.EDITOR, Role.WRITER, Role.WRITER,
                                      Role.WRITER, Role.PHOTO_DESK])]
        sections = [_insert_id(conn, insert(Section).values(name=name, slug=slugify(name), position=k, version=1))
                    for k, name in enumerate(SECTIONS)]
        cities: list[tuple[int, str, list[str]]] = []
        for name, country, aliases in CITIES:
            city_id = _insert_id(conn, insert(City).values(name=name, slug=slugify(name), folded=fold(name),
                                                           country=country, version=1))
            for alias in aliases:
                if fold(alias) != fold(name):
                    conn.execute(insert(CityAlias).values(city_id=city_id, alias=alias, folded=fold(alias)))
            cities.append((city_id, name, aliases))
        names = sorted({f"{f} {last}" for f in FIRST for last in LAST})
        rng.shuffle(names)
        staff = [_contributor(conn, name, ContributorKind.STAFF if k % 3 else ContributorKind.FREELANCE, now)
                 for k, name in enumerate(names[:60])]
        agencies = [(_contributor(conn, name, ContributorKind.WIRE, now), name) for name in AGENCIES]
    return _Ids(sections, cities, staff, agencies, users)


def _insert_id(conn: Connection, statement: Insert) -> int:
    key = conn.execute(statement).inserted_primary_key
    assert key is not None
    return int(key[0])


def _contributor(conn: Connection, name: str, kind: ContributorKind, now: datetime) -> int:
    return _insert_id(conn, insert(Contributor).values(
        name=name, folded=fold(name), kind=kind.value, default_credit="", version=1, created_at=now, updated_at=now))


def _normalised(weights: list[float], mass: float) -> list[float]:
    total = sum(weights)
    return [w * mass / total for w in weights]


def _vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """Words with word-probabilities shaped like news text: a few function words carry half the mass,
    content words appear in roughly 2-60 % of stories, invented words form the long tail, and each
    Armenian word appears in a few per cent of stories."""
    invented = {rng.choice(SYLLABLES) + rng.choice(SYLLABLES) + rng.choice(["", "a", "ian", "ness", "ed", "s"])
                for _ in range(6000)}
    tail = sorted(invented - set(FUNCTION_WORDS) - set(CONTENT_WORDS))
    rng.shuffle(tail)
    top, bottom = 0.0015, 0.00002
    content = [top * (bottom / top) ** (r / (len(CONTENT_WORDS) - 1)) for r in range(len(CONTENT_WORDS))]
    words = FUNCTION_WORDS + CONTENT_WORDS + tail + ARMENIAN_WORDS
    weights = (_normalised([1.0 / (r + 1) for r in range(len(FUNCTION_WORDS))], 0.45) + content
               + _normalised([1.0 / (r + 500) for r in range(len(tail))], 0.55 - sum(content))
               + [0.00005] * len(ARMENIAN_WORDS))
    return words, weights


class _Writer:
    """Turns a seeded random stream into stories: text from a pool of generated sentences."""

    def __init__(self, rng: random.Random, ids: _Ids) -> None:
        self.rng = rng
        self.ids = ids
        words, weights = _vocabulary(rng)
        cumulative = list(itertools.accumulate(weights))
        city_words = [name for _, name, _ in ids.cities] + [a for _, _, aliases in ids.cities for a in aliases]
        self.sentences = [self._sentence(words, cumulative, city_words) for _ in range(40_000)]
        for word in RARE_WORDS:  # each rare word in exactly two sentences of the pool: ~0.3 % of stories
            for index in rng.sample(range(len(self.sentences)), k=2):
                sentence, count = self.sentences[index]
                self.sentences[index] = (f"{sentence[:-1]} {word}.", count + 1)
        self.headline_words = CONTENT_WORDS
        self.statuses = list(_STATUS_WEIGHTS)
        self.status_weights = list(_STATUS_WEIGHTS.values())

    def _sentence(self, words: list[str], cumulative: list[float], city_words: list[str]) -> tuple[str, int]:
        count = self.rng.randint(8, 24)
        picked = self.rng.choices(words, cum_weights=cumulative, k=count)
        if self.rng.random() < 0.03:
            picked[self.rng.randrange(count)] = self.rng.choice(city_words)
        sentence = " ".join(picked)
        return sentence[:1].upper() + sentence[1:] + ".", len(sentence.split())

    def _body(self, tagged: list[tuple[int, str, list[str]]]) -> str:
        """400-1500 words in paragraphs; a story tagged with a city names it (in some spelling) up top."""
        target = self.rng.randint(MIN_WORDS, MAX_WORDS)
        paragraphs: list[str] = []
        words = 0
        if tagged:
            _, name, aliases = tagged[0]
            spelling = self.rng.choice([name, name, *aliases])
            lead = self.rng.choice(LEADS).format(city=spelling)
            paragraphs.append(lead)
            words += len(lead.split())
        while words < target:
            chosen = self.rng.choices(self.sentences, k=self.rng.randint(2, 6))
            count = sum(c for _, c in chosen)
            if words + count > target and words >= MIN_WORDS:
                break
            words += count
            paragraphs.append(" ".join(s for s, _ in chosen))
        return "\n\n".join(paragraphs)

    def story(self, number: int) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
        """One article row with its byline and city rows."""
        rng = self.rng
        created = ARCHIVE_END - timedelta(seconds=rng.randrange(ARCHIVE_DAYS * 86400))
        updated = min(ARCHIVE_END, created + timedelta(minutes=rng.randrange(60 * 24 * 3)))
        status = self.statuses[number - 1] if number <= len(self.statuses) else (
            rng.choices(self.statuses, self.status_weights)[0])
        tagged = rng.sample(self.ids.cities, k=rng.choice([0, 1, 1, 1, 2, 2, 3]))
        place = tagged[0][1] if tagged and rng.random() < 0.7 else ""
        wire = rng.random() < 0.15
        headline_words = rng.choices(self.headline_words, k=rng.randint(5, 11))
        if tagged:
            headline_words.insert(rng.randrange(len(headline_words)), tagged[0][1])
        headline = " ".join(headline_words)
        headline = headline[:1].upper() + headline[1:]
        article = {
            "id": number, "headline": headline, "deck": self.rng.choice(self.sentences)[0],
            "slug": f"{slugify(headline, 60)}-{number}", "section_id": rng.choice(self.ids.sections),
            "dateline_place": place, "dateline_source": rng.choice(self.ids.agencies)[1] if wire and place else "",
            "body": self._body(tagged), "status": status.value, "week": IsoWeek.of(created),
            "scheduled_at": updated + timedelta(days=2) if status is Status.SCHEDULED else None,
            "published_at": updated if status in (Status.PUBLISHED, Status.UNPUBLISHED) else None,
            "created_by_id": rng.choice(self.ids.users), "assignee_id": None, "version": 1,
            "created_at": created, "updated_at": updated,
        }
        authors = [rng.choice(self.ids.agencies)[0]] if wire else rng.sample(self.ids.staff, k=rng.choice([1, 1, 1, 2]))
        bylines = [{"article_id": number, "contributor_id": c, "role": BylineRole.AUTHOR.value, "position": k}
                   for k, c in enumerate(authors)]
        if rng.random() < 0.05:
            bylines.append({"article_id": number, "contributor_id": rng.choice(self.ids.staff),
                            "role": BylineRole.TRANSLATOR.value, "position": len(bylines)})
        cities = [{"article_id": number, "city_id": c[0], "position": k} for k, c in enumerate(tagged)]
        return article, bylines, cities


def iter_terms() -> Iterator[tuple[str, str]]:
    """(label, term) pairs for the search benchmark."""
    yield from SEARCH_TERMS.items()


def story_count(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM article")).scalar_one())
