"""Encodings a planner's CSV may come in: UTF-8, BOM, Windows-1251, UTF-16."""

from __future__ import annotations

import pytest

from mentornet.errors import InputError
from mentornet.io import read_network

TABLE = "direction_no,direction,curators,role,school\n1,Качество,Иванова,лидер,СОШ 1\n1,Качество,Иванова,скрытый резерв,ООШ 2\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251", "utf-16"])
def test_role_table_in_every_common_encoding(tmp_path, encoding):
    path = tmp_path / "table.csv"
    path.write_bytes(TABLE.encode(encoding))
    net = read_network(path)
    assert {s.id for s in net.schools} == {"СОШ 1", "ООШ 2"}


def test_utf16_without_bom_is_named_as_a_wrong_encoding(tmp_path):
    path = tmp_path / "table.csv"
    path.write_bytes(TABLE.encode("utf-16-le"))
    with pytest.raises(InputError) as exc:
        read_network(path)
    assert "table.csv" in str(exc.value) and "UTF-8" in str(exc.value)
