"""Users of a shared deployment, from flags, a file and the environment."""

from __future__ import annotations

import pytest

from vanban.users import UsersError, read_users


def test_users_from_flags_file_and_environment(tmp_path):
    users = tmp_path / "users.txt"
    users.write_text("# cán bộ phòng\nlan:mật:khẩu:có:dấu:hai:chấm\n\nminh:cũ\n", encoding="utf-8")
    assert read_users(["an:1"], str(users), "minh:mới, hoa:3") == [
        ("an", "1"),
        ("lan", "mật:khẩu:có:dấu:hai:chấm"),
        ("minh", "mới"),  # the environment, read last, wins
        ("hoa", "3"),
    ]


@pytest.mark.parametrize("entry", ["no-colon", ":password", "name:"])
def test_a_bad_entry_names_where_it_is(tmp_path, entry):
    users = tmp_path / "users.txt"
    users.write_text(f"an:1\n{entry}\n", encoding="utf-8")
    with pytest.raises(UsersError, match=r"users.txt:2: expected USER:PASSWORD"):
        read_users([], str(users))
    with pytest.raises(UsersError, match="cannot be read"):
        read_users([], str(tmp_path / "missing.txt"))
