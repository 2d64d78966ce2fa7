from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from circles.accounts.models import User
from circles.lib import crypto
from circles.lib.crypto import decrypt, encrypt, generate_key
from circles.testing.fixtures import make_person

pytestmark = pytest.mark.django_db

NOTES = "Step-free entrance please; I use a hearing loop."


def raw_access_notes(user: User) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT access_notes FROM accounts_user WHERE id = %s", [user.pk])
        row = cursor.fetchone()
    assert row is not None
    return str(row[0])


def read_notes(user: User) -> str:
    return User.objects.get(pk=user.pk).access_notes


def rotate(*options: str) -> str:
    out = StringIO()
    call_command("rotate_encryption_keys", *options, stdout=out)
    return out.getvalue()


@pytest.fixture
def old_key(settings: Any) -> str:
    key = generate_key()
    settings.ENCRYPTION_KEYS = [key]
    return key


@pytest.fixture
def new_key() -> str:
    return generate_key()


def test_access_notes_round_trip() -> None:
    user = make_person("casey@example.org", access_notes=NOTES)
    assert read_notes(user) == NOTES


def test_database_row_holds_a_token_not_the_notes() -> None:
    user = make_person("casey@example.org", access_notes=NOTES)
    stored = raw_access_notes(user)
    assert stored.startswith("fernet:")
    assert "hearing loop" not in stored
    assert NOTES not in stored


def test_same_text_encrypts_differently_each_time() -> None:
    assert encrypt(NOTES) != encrypt(NOTES)
    first = make_person("casey@example.org", access_notes=NOTES)
    second = make_person("morgan@example.org", access_notes=NOTES)
    assert raw_access_notes(first) != raw_access_notes(second)


def test_empty_notes_stay_empty() -> None:
    user = make_person("casey@example.org", access_notes="")
    assert raw_access_notes(user) == ""
    assert read_notes(user) == ""


def test_value_written_under_old_key_reads_once_new_key_is_added(
    settings: Any, old_key: str, new_key: str
) -> None:
    user = make_person("casey@example.org", access_notes=NOTES)
    settings.ENCRYPTION_KEYS = [new_key, old_key]
    assert read_notes(user) == NOTES


def test_rotation_moves_values_to_the_new_key(settings: Any, old_key: str, new_key: str) -> None:
    user = make_person("casey@example.org", access_notes=NOTES)
    settings.ENCRYPTION_KEYS = [new_key, old_key]

    output = rotate()

    assert "accounts.User.access_notes: 1 re-encrypted" in output
    assert "Re-encrypted 1 value in 1 field." in output
    settings.ENCRYPTION_KEYS = [new_key]
    assert read_notes(user) == NOTES
    settings.ENCRYPTION_KEYS = [old_key]
    with pytest.raises(ValueError, match="cannot be decrypted"):
        read_notes(user)


def test_rotation_covers_every_row_across_batches(
    settings: Any, old_key: str, new_key: str
) -> None:
    people = [make_person(f"person{n}@example.org", access_notes=f"note {n}") for n in range(5)]
    make_person("no-notes@example.org", access_notes="")
    settings.ENCRYPTION_KEYS = [new_key, old_key]

    output = rotate("--batch-size", "2")

    assert "Re-encrypted 5 values in 1 field." in output
    settings.ENCRYPTION_KEYS = [new_key]
    assert [read_notes(person) for person in people] == [f"note {n}" for n in range(5)]


def test_rotation_twice_leaves_values_on_the_newest_key_alone(
    settings: Any, old_key: str, new_key: str
) -> None:
    user = make_person("casey@example.org", access_notes=NOTES)
    settings.ENCRYPTION_KEYS = [new_key, old_key]
    rotate()
    after_first_run = raw_access_notes(user)

    output = rotate()

    assert "accounts.User.access_notes: 0 re-encrypted, 1 already on the newest key." in output
    assert "Re-encrypted 0 values in 0 fields." in output
    assert raw_access_notes(user) == after_first_run


def test_rotation_never_overwrites_notes_saved_while_it_runs(
    settings: Any, old_key: str, new_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = make_person("casey@example.org", access_notes=NOTES)
    settings.ENCRYPTION_KEYS = [new_key, old_key]
    real_rotate = crypto.rotate

    def rotate_while_the_person_edits(stored: str) -> str:
        User.objects.filter(pk=user.pk).update(access_notes="A quiet room, please.")
        return real_rotate(stored)

    monkeypatch.setattr(crypto, "rotate", rotate_while_the_person_edits)
    output = rotate()

    assert "Re-encrypted 0 values in 0 fields." in output
    settings.ENCRYPTION_KEYS = [new_key]
    assert read_notes(user) == "A quiet room, please."


def test_dry_run_counts_and_changes_nothing(settings: Any, old_key: str, new_key: str) -> None:
    user = make_person("casey@example.org", access_notes=NOTES)
    before = raw_access_notes(user)
    settings.ENCRYPTION_KEYS = [new_key, old_key]

    output = rotate("--dry-run")

    assert "Would re-encrypt 1 value in 1 field. Nothing was changed (dry run)." in output
    assert raw_access_notes(user) == before
    settings.ENCRYPTION_KEYS = [old_key]
    assert read_notes(user) == NOTES


def test_wrong_key_gives_a_clear_error(settings: Any, old_key: str) -> None:
    user = make_person("casey@example.org", access_notes=NOTES)
    settings.ENCRYPTION_KEYS = [generate_key()]
    with pytest.raises(
        ValueError,
        match="cannot be decrypted with any key in CIRCLES_ENCRYPTION_KEYS",
    ):
        read_notes(user)


def test_rotation_stops_clearly_when_a_value_has_no_key(settings: Any, old_key: str) -> None:
    user = make_person("casey@example.org", access_notes=NOTES)
    before = raw_access_notes(user)
    # The old key was dropped before rotating: nothing can read the value.
    settings.ENCRYPTION_KEYS = [generate_key()]

    with pytest.raises(CommandError) as error:
        rotate()

    message = str(error.value)
    assert f"accounts.User.access_notes, row {user.pk}" in message
    assert "cannot be decrypted with any key in CIRCLES_ENCRYPTION_KEYS" in message
    assert raw_access_notes(user) == before


def test_decrypt_refuses_text_that_is_not_a_token() -> None:
    with pytest.raises(ValueError, match="not an encrypted Circles token"):
        decrypt(NOTES)
