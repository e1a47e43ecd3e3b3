"""The upload page shows the "did you mean …?" hint of a mistyped name beside its place."""

from __future__ import annotations

import html
import io

import openpyxl


def _workbook() -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in {
        "schools": [["id", "municipality"], ["МБОУ СОШ № 1", "Кингисепский"], ["МБОУ СОШ № 9", "Кингисепский"]],
        "directions": [["id", "name"], ["1", "Качество"]],
        "curators": [["id", "municipalities"], ["Иванова", "Кингисеппский"]],
        "competences": [["school", "direction", "level"], ["МБОУ СОШ № 1", "1", "лидер"], ["МБОУ СОШ № 9", "1", "скрытый резер"]],
    }.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_upload_page_shows_the_hints(client) -> None:
    r = client.post("/networks", files={"file": ("сеть.xlsx", _workbook())}, data={"name": "", "year": ""})
    assert r.status_code == 422
    page = html.unescape(r.text)
    # the mistyped level is a coded problem too since input errors are coded: its hint reads in Russian
    assert "возможно, имелось в виду 'скрытый резерв'?" in page
    assert "did you mean" not in page
    assert "возможно, имелось в виду 'Кингисепский'?" in page  # a coded problem, worded in the page's language
