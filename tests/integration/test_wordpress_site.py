"""The WordPress that scripts/wp-up.sh starts is a real one: REST API, Application Passwords, big uploads."""

from __future__ import annotations

import httpx

from tests.integration.conftest import WordPressSite


def test_rest_api_lists_the_core_namespace(wordpress: WordPressSite) -> None:
    response = httpx.get(f"{wordpress.url}/wp-json/", timeout=30)
    assert response.status_code == 200
    assert "wp/v2" in response.json()["namespaces"]


def test_application_password_signs_in_and_a_wrong_one_is_refused(wordpress: WordPressSite) -> None:
    me_url = f"{wordpress.url}/wp-json/wp/v2/users/me"
    me = httpx.get(me_url, params={"context": "edit"}, auth=wordpress.auth, timeout=30)
    assert me.status_code == 200
    assert me.json()["username"] == wordpress.user
    assert "administrator" in me.json()["roles"]

    wrong = httpx.get(me_url, params={"context": "edit"}, auth=(wordpress.user, "not the password"), timeout=30)
    assert wrong.status_code == 401


def test_an_upload_larger_than_phps_default_limits_is_accepted(wordpress: WordPressSite) -> None:
    body = b"Editorial Workstation upload test.\n" * 300_000  # ~10 MB: past PHP's default 8M post_max_size
    created = httpx.post(f"{wordpress.url}/wp-json/wp/v2/media", content=body, auth=wordpress.auth, timeout=60,
                         headers={"Content-Type": "text/plain",
                                  "Content-Disposition": 'attachment; filename="upload-limit-test.txt"'})
    assert created.status_code == 201, created.text[:500]
    media = created.json()
    try:
        stored = httpx.get(media["source_url"], timeout=60)
        assert stored.content == body
    finally:
        deleted = httpx.delete(f"{wordpress.url}/wp-json/wp/v2/media/{media['id']}", params={"force": "true"},
                               auth=wordpress.auth, timeout=30)
        assert deleted.status_code == 200
