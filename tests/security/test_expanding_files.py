"""Small files that expand, uploaded to a real server (issue 12, case 2).

Every file is generated here and is small on disk; each probe asserts the
422 with its place, the time it took and the server's peak memory.
"""

from __future__ import annotations

import io
import json
import statistics
import threading
import time
import zipfile

from openpyxl import Workbook

from tests.security.conftest import Server, auth, multipart, request

MiB = 1024 * 1024
ROW_LIMIT = 20 * 5000  # ROWS_PER_SCHOOL × MENTORNET_MAX_SCHOOLS of the probe server


def _xlsx_with_sheet(sheet_xml_pieces, *, repeat: int = 1) -> bytes:
    """A real workbook (from openpyxl) whose first sheet's XML is replaced by the given pieces."""
    wb = Workbook()
    wb.active.title = "schools"
    wb.active.append(["id", "name"])
    src = io.BytesIO()
    wb.save(src)
    out = io.BytesIO()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        for item in zin.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                info = zipfile.ZipInfo(item.filename)
                info.compress_type = zipfile.ZIP_DEFLATED
                with zout.open(info, "w", force_zip64=True) as dst:
                    dst.write(b'<?xml version="1.0" encoding="UTF-8"?>'
                              b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                              b'<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="B1" t="inlineStr"><is><t>name</t></is></c></row>')
                    for piece in sheet_xml_pieces():
                        for _ in range(repeat):
                            dst.write(piece)
                    dst.write(b"</sheetData></worksheet>")
            else:
                zout.writestr(item, zin.read(item.filename))
    return out.getvalue()


def _upload(server: Server, name: str, content: bytes) -> tuple[int, dict, float]:
    data, ctype = multipart(name, content)
    start = time.monotonic()
    status, _, body = request(server, "POST", "/api/networks", data, {**auth(), "Content-Type": ctype}, timeout=120)
    return status, json.loads(body), time.monotonic() - start


def test_xlsx_of_blank_rows_expanding_to_100_mb_is_refused_unopened(server: Server) -> None:
    block = b"<row></row>" * (MiB // 11)
    content = _xlsx_with_sheet(lambda: [block], repeat=100)
    assert len(content) < 2 * MiB
    status, doc, seconds = _upload(server, "blank.xlsx", content)
    assert status == 422, doc
    assert doc["errors"][0]["location"]["file"] == "blank.xlsx"
    assert "unpacks from" in doc["errors"][0]["message"]
    assert seconds < 10
    server.assert_memory_bounded()


def test_xlsx_of_filled_rows_expanding_to_100_mb_is_refused_unopened(server: Server) -> None:
    row = b'<row><c t="inlineStr"><is><t>school</t></is></c><c t="inlineStr"><is><t>A school</t></is></c></row>'
    block = row * (MiB // len(row))
    content = _xlsx_with_sheet(lambda: [block], repeat=100)
    status, doc, seconds = _upload(server, "filled.xlsx", content)
    assert status == 422, doc
    assert "unpacks from" in doc["errors"][0]["message"]
    assert seconds < 10
    server.assert_memory_bounded()


def test_zip_of_a_million_row_csv_stops_at_the_row_limit_without_slowing_others(server: Server) -> None:
    # 100 blocks of 10,000 distinct rows: a million rows, made in a moment.
    block = "".join(f"{i % 7 + 1},Direction {i % 7 + 1},Curator {i % 13},лидер,School {i}\n" for i in range(10_000)).encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf, zf.open("roles.csv", "w", force_zip64=True) as dst:
        dst.write(b"direction_no,direction,curators,role,school\n")
        for _ in range(100):
            dst.write(block)
    content = buf.getvalue()
    assert len(content) < 10 * MiB

    latencies: list[float] = []
    done = threading.Event()

    def poll_health() -> None:
        while not done.is_set():
            t = time.monotonic()
            status, _, _ = request(server, "GET", "/api/health", timeout=30)
            latencies.append(time.monotonic() - t)
            assert status == 200
            time.sleep(0.05)

    poller = threading.Thread(target=poll_health, daemon=True)
    poller.start()
    try:
        status, doc, seconds = _upload(server, "million.zip", content)
    finally:
        done.set()
        poller.join(timeout=30)
    assert status == 422, doc
    err = doc["errors"][0]
    assert err["location"] == {"file": "roles.csv", "row": ROW_LIMIT + 1}
    assert "the rest was not read" in err["message"]
    print(f"upload {seconds:.2f} s, health p95 over {len(latencies)}: {sorted(latencies)[int(len(latencies)*0.95)-1]:.3f}")
    assert seconds < 60
    # Reading runs in a worker thread: the health check keeps answering (a
    # generous bound here: the test machine is shared; the service's own
    # target is a p95 under 200 ms).
    assert len(latencies) >= 3
    p95 = statistics.quantiles(latencies, n=20)[-1] if len(latencies) >= 20 else max(latencies)
    assert p95 < 1.0, f"health p95 {p95:.3f} s during the upload"
    server.assert_memory_bounded()
