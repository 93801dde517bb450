"""Stories to render: a realistic one (Armenian and Azerbaijani places, lead and inline photos, a table,
a footnote) and small builders for the rest."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from editor_app.domain.bylines import Byline, BylineRole
from editor_app.domain.stories import Dateline, PhotoUse, StoryDetail
from editor_app.domain.weeks import IsoWeek
from editor_app.domain.workflow import Status
from editor_app.render.article import PaperSettings

PAPER = PaperSettings(name="Mirror-Spectator", masthead="The Armenian Mirror-Spectator")

LEAD = PhotoUse(1, "a" * 64, "lead", "Gantz in Baku", "Jewish Press photo", "Benny Gantz at a podium in Baku",
                filename="gantz-baku.jpg", width=1600, height=1000, ref="photos/gantz-baku.jpg")
INLINE = PhotoUse(2, "b" * 64, "inline", "Delegates at the talks in Tbilisi", "AP photo",
                  "Delegates around a table", filename="IMG_0001.jpg", width=1200, height=800,
                  ref="photos/IMG_0001.jpg")
SAME_NAME = PhotoUse(3, "c" * 64, "inline", "The border crossing near Ijevan", "Photo by Aram Arkun",
                     "A road between hills", filename="IMG_0001.jpg", width=1200, height=800,
                     ref="photos/IMG_0001-2.jpg")

BODY = """\
Israel's defense minister arrived in Baku on Tuesday for talks on security and trade, the first such visit \
in three years. "We came to listen," he told reporters at Heydar Aliyev airport -- before a day of closed \
meetings.[^visit]

The visit drew protests from Armenian groups in Yerevan, Gyumri and Stepanakert, who say Israeli-made drones \
were used against Armenian positions in 2020 and 2023.

![Delegates](photos/IMG_0001.jpg)

## What was signed

Officials in Bakı listed three agreements:

| Agreement | Signed in | Value |
|:--|:--|--:|
| Drone maintenance | Baku | $120m |
| Water technology | Gəncə | $35m |
| Student exchange | Şuşa | — |

Armenia's foreign ministry in Երևան called the deals "a matter of concern" for regional stability.

![Border](photos/IMG_0001-2.jpg)

## Reaction in the diaspora

Community leaders in Watertown said they would write to their representatives in Washington.

[^visit]: The last visit by an Israeli defense minister, Benny Gantz, was in October 2022.
"""

NOW = datetime(2026, 10, 1, 9, 30, tzinfo=UTC)


def story(**changes: object) -> StoryDetail:
    """The realistic story, with `changes` applied."""
    base = StoryDetail(
        id=7, headline="Israeli Defense Minister Visits Azerbaijan", deck="Talks on drones, water and trade",
        slug="israeli-defense-minister-visits-azerbaijan", section="International", status=Status.APPROVED,
        week=IsoWeek.parse("2026-W40"), body=BODY,
        bylines=(Byline("Ash Obel"), Byline("Lilit Hakobyan", BylineRole.TRANSLATOR)),
        cities=("Azerbaijan", "Israel", "Yerevan", "Gyumri"), dateline=Dateline("Tel Aviv", "Times of Israel"),
        photos=(LEAD, INLINE, SAME_NAME), scheduled=None, created=NOW, updated=NOW, version=3,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def media_src(photo: PhotoUse) -> str:
    """How the local site names a photo file: by its content, so two IMG_0001.jpg cannot collide."""
    return f"media/{photo.sha256[:12]}.jpg"
