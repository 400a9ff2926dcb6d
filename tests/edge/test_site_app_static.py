"""The real page in app/static, uploaded by StaticSite: every file, with the type a browser needs."""

from __future__ import annotations

from pathlib import Path

from tests.components.test_static_site import APP_STATIC, EXPECTED_TYPES, objects_by_key, run_site


def test_every_file_in_app_static_is_uploaded_with_its_content_type() -> None:
    """The real page: every file, with the type the browser needs."""
    on_disk = {
        path.relative_to(APP_STATIC).as_posix(): path
        for path in APP_STATIC.rglob("*")
        if path.is_file() and not any(p.startswith(".") for p in path.relative_to(APP_STATIC).parts)
    }
    assert "index.html" in on_disk
    objects = objects_by_key(run_site(APP_STATIC))
    assert set(objects) == set(on_disk) | {"config.json"}
    for key in on_disk:
        assert objects[key]["contentType"] == EXPECTED_TYPES[Path(key).suffix], key
        assert objects[key]["source"].path == str(on_disk[key])
