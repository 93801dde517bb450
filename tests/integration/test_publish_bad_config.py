"""Bad configuration, met by a publish job: a clear message naming the cause, a hint saying what to do, the
story untouched, the job kept (waiting to retry where trying again can help, stopped where a person must
change something)."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import update

from editor_app.domain.workflow import Status
from editor_app.services.publishing.outbox import JobInfo, JobState, list_jobs
from editor_app.services.publishing.targets import check_target
from editor_app.services.story_read import get_story
from editor_app.storage.models import PublishTarget
from tests.integration.faultproxy import FaultProxy
from tests.integration.publishing_wp import WpNewsroom
from tests.integration.tiny_http import Answer, TinyServer
from tests.integration.wordpress_helpers import self_signed_tls
from tests.publishing_helpers import full_story, publish

HTML = {"Content-Type": "text/html; charset=UTF-8"}
MEDIA = re.compile(r"/wp-json/wp/v2/media/?")


def publish_to(wp: WpNewsroom, target: str) -> tuple[JobInfo, int]:
    story_id = full_story(wp.db, wp.owner)
    job = publish(wp.db, wp.owner, story_id, target, wp.credentials, backend_factory=wp.factory(timeout=5.0))
    assert get_story(wp.db, wp.owner, story_id).status is Status.APPROVED  # nothing claimed it went out
    assert job.id in [j.id for j in list_jobs(wp.db, wp.owner)]  # nothing lost: the job is still there
    return job, story_id


def test_a_wrong_password(wp: WpNewsroom) -> None:
    wp.add(name="wrong", password="aaaa bbbb cccc dddd eeee ffff")
    job, _ = publish_to(wp, "wrong")
    assert job.state is JobState.FAILED
    assert "refused the user name or Application Password (HTTP 401)" in job.last_error
    assert "create a new Application Password" in job.error_hint
    report = check_target(wp.db, wp.owner, "wrong", credentials=wp.credentials)
    assert not report.ok and "HTTP 401" in report.summary


def test_an_address_that_is_not_wordpress(wp: WpNewsroom) -> None:
    def bakery(method: str, path: str, body: bytes) -> Answer:
        return 200, HTML, b"<html><body>Bakery of the week</body></html>"

    with TinyServer(bakery) as server:
        wp.add(server.url, name="bakery")
        job, _ = publish_to(wp, "bakery")
    assert job.state is JobState.FAILED
    assert f"{server.url} does not look like a WordPress site" in job.last_error
    assert "should be the site's home page" in job.error_hint


def test_a_wordpress_with_its_rest_api_switched_off(wp: WpNewsroom) -> None:
    with FaultProxy(wp.site.url) as proxy:
        proxy.respond(404, path="/", times=None, headers=HTML, body=b"<h1>Not Found</h1>")
        wp.add(proxy.url, name="no-rest")
        job, _ = publish_to(wp, "no-rest")
    assert job.state is JobState.FAILED
    assert "/wp-json/ was not found (HTTP 404)" in job.last_error and "REST API is not disabled" in job.error_hint


def test_plain_http_to_another_computer_is_refused_even_from_an_old_record(wp: WpNewsroom) -> None:
    wp.add(name="old")
    with wp.db.session() as session:  # a target stored before the rule, or edited by hand
        session.execute(update(PublishTarget).where(PublishTarget.name == "old")
                        .values(url="http://news.example.org"))
    wp.credentials.store("http://news.example.org", wp.site.user, wp.site.app_password)
    job, _ = publish_to(wp, "old")
    assert job.state is JobState.FAILED
    assert "Plain http:// is not allowed to news.example.org" in job.last_error
    assert "https://news.example.org" in job.error_hint


def test_a_certificate_no_one_trusts(wp: WpNewsroom, tmp_path: Path) -> None:
    with TinyServer(lambda m, p, b: (200, HTML, b"<p>hi</p>"), tls=self_signed_tls(tmp_path)) as server:
        wp.add(server.url, name="tls")
        job, _ = publish_to(wp, "tls")
    assert job.state is JobState.FAILED
    assert "certificate could not be verified" in job.last_error and "administrator" in job.error_hint


def test_a_photo_larger_than_the_site_accepts(wp: WpNewsroom) -> None:
    with FaultProxy(wp.site.url) as proxy:
        proxy.respond(413, path=MEDIA, method="POST", times=None, headers=HTML, body=b"<h1>Too large</h1>")
        wp.add(proxy.url, name="small")
        job, _ = publish_to(wp, "small")
    assert job.state is JobState.FAILED
    assert re.search(r"The file lectern-[\w-]+\.jpg \(\d+ kB\) is larger than", job.last_error)
    assert "upload limit" in job.error_hint


def test_an_unknown_host_waits_to_retry(wp: WpNewsroom) -> None:
    wp.add("https://no-such-host.invalid", name="typo")
    job, _ = publish_to(wp, "typo")
    assert job.state is JobState.RETRY and job.next_try_at is not None
    assert "'no-such-host.invalid' could not be found" in job.last_error
    assert "Check the site address for typos" in job.error_hint
