"""All mapped records, importable from one place."""

from editor_app.storage.models.base import Base, utcnow
from editor_app.storage.models.media import ArticleImage, Image, PhotoCopy
from editor_app.storage.models.newsroom import City, CityAlias, Contributor, Section, User
from editor_app.storage.models.publishing import OutboxJob, PublishRecord, PublishTarget
from editor_app.storage.models.settings import NewsroomSettingsRow
from editor_app.storage.models.stories import Article, ArticleCity, AuditEvent, Byline, Note, Revision
from editor_app.storage.models.top_stories import TopStoryEntry, TopStoryPublication, TopStoryWeek
from editor_app.storage.models.workflow import EditLock, NewsroomChange

__all__ = [
    "Article", "ArticleCity", "ArticleImage", "AuditEvent", "Base", "Byline", "City", "CityAlias",
    "Contributor", "EditLock", "Image", "NewsroomChange", "NewsroomSettingsRow", "Note", "OutboxJob", "PhotoCopy",
    "PublishRecord", "PublishTarget", "Revision", "Section", "TopStoryEntry", "TopStoryPublication", "TopStoryWeek",
    "User", "utcnow",
]
