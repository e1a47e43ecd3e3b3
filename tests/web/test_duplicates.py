"""Duplicate uploads on the page (issue 16): the planner is told, may open the stored network, or upload anyway."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import krymsky_bytes

WORDS = {
    "ru": ("Эти данные уже загружены", "Открыть загруженную сеть", "Всё равно загрузить"),
    "en": ("These data are already uploaded", "Open the existing network", "Upload anyway"),
}


def _upload(client, lang: str, **form: str):
    return client.post(f"/networks?lang={lang}", files={"file": ("krymsky_2021.csv", krymsky_bytes())},
                       data={"year": "2021", **form}, follow_redirects=False)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_second_identical_upload_offers_the_stored_network(client, lang: str) -> None:
    r = _upload(client, lang)
    assert r.status_code == 303, r.text
    first = int(r.headers["location"].rsplit("/", 1)[1])
    r = _upload(client, lang, name="Крымский район, ещё раз")
    assert r.status_code == 409, r.text
    html = r.text
    title, open_label, anyway_label = WORDS[lang]
    assert 'id="duplicate"' in html and title in html
    assert f'href="/networks/{first}" id="open-existing"' in html and open_label in html
    assert f'action="/networks/{first}/copy"' in html and anyway_label in html
    assert len(client.get("/api/networks").json()) == 1  # nothing stored yet
    # "upload anyway": the form's hidden fields keep the name and file the planner gave
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html.split('id="upload-anyway-form"')[1]))
    assert fields["name"] == "Крымский район, ещё раз" and fields["filename"] == "krymsky_2021.csv"
    r = client.post(f"/networks/{first}/copy?lang={lang}", data=fields, follow_redirects=False)
    assert r.status_code == 303, r.text
    second = int(r.headers["location"].rsplit("/", 1)[1])
    assert second != first
    nets = {n["id"]: n for n in client.get("/api/networks").json()}
    assert set(nets) == {first, second}
    assert nets[second]["name"] == "Крымский район, ещё раз" and nets[second]["year"] == 2021
    a, b = (client.get(f"/api/networks/{i}").json()["network"] for i in (first, second))
    assert {**a, "name": None} == {**b, "name": None}


def test_a_ticked_force_field_uploads_at_once(client) -> None:
    assert _upload(client, "ru").status_code == 303
    assert _upload(client, "ru", force="1").status_code == 303
    assert len(client.get("/api/networks").json()) == 2


def test_the_copy_of_a_missing_network_is_a_404_page(client) -> None:
    r = client.post("/networks/999/copy", data={"name": "x"}, follow_redirects=False)
    assert r.status_code == 404
