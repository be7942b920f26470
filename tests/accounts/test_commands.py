"""`daihoi createuser` and `daihoi manage create_token`."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from daihoi.accounts.models import ApiToken, AuditEntry, Grant, Role
from daihoi.cli import main
from tests.accounts.tree import make_user

User = get_user_model()


def _run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_createuser_creates_user_and_grant(tree):
    out = _run("createuser", "lan", "--unit", "A", "--role", "editor", "--password", "pw-123456")

    user = User.objects.get(username="lan")
    assert user.check_password("pw-123456")
    assert Grant.objects.get(user=user).unit == tree["A"]
    assert Grant.objects.get(user=user).role == Role.EDITOR
    assert "lan created, editor on A" in out
    assert "Password:" not in out
    assert set(AuditEntry.objects.values_list("action", flat=True)) == {"create_user", "grant_role"}


def test_createuser_updates_existing_user(tree):
    make_user("lan", {tree["A"]: Role.VIEWER})
    out = _run("createuser", "lan", "--unit", "A", "--role", "administrator")

    user = User.objects.get(username="lan")
    assert user.check_password("pw-123456")  # unchanged: no password given
    assert Grant.objects.get(user=user, unit=tree["A"]).role == Role.ADMINISTRATOR
    assert "lan updated" in out
    assert AuditEntry.objects.get().action == "change_role"


def test_createuser_without_password_prints_generated_one(tree):
    out = _run("createuser", "lan", "--unit", "B", "--role", "viewer")

    password = out.split("Password: ")[1].strip()
    assert User.objects.get(username="lan").check_password(password)


def test_createuser_password_stdin(tree, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("from-stdin-pw\n"))
    _run("createuser", "lan", "--unit", "A", "--role", "viewer", "--password-stdin")
    assert User.objects.get(username="lan").check_password("from-stdin-pw")


def test_createuser_superuser_without_unit(db):
    _run("createuser", "root", "--superuser", "--password", "pw-123456")
    user = User.objects.get(username="root")
    assert user.is_superuser and user.is_staff
    assert Grant.objects.count() == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--unit", "NOPE", "--role", "viewer"], "unknown unit 'NOPE'"),
        (["--unit", "A", "--role", "king"], "unknown role 'king'"),
        (["--unit", "A"], "--unit and --role go together"),
        ([], "--unit and --role are required"),
    ],
)
def test_createuser_bad_arguments_exit_2_and_write_nothing(tree, args, message):
    with pytest.raises(CommandError) as error:
        call_command("createuser", "lan", *args)
    assert error.value.returncode == 2
    assert message in str(error.value)
    assert not User.objects.filter(username="lan").exists()
    assert AuditEntry.objects.count() == 0


def test_createuser_cli_unknown_unit_one_line_exit_2(tree, capsys):
    with pytest.raises(SystemExit) as leave:
        main(["createuser", "lan", "--unit", "NOPE", "--role", "viewer"])
    assert leave.value.code == 2
    err = capsys.readouterr().err
    assert err.strip().count("\n") == 0
    assert "unknown unit 'NOPE'" in err


def test_create_token_prints_token_once(tree):
    user = make_user("lan")
    out = _run("create_token", "lan", "--name", "ci")

    raw = out.strip()
    assert raw.startswith("dh_")
    token = ApiToken.objects.get(user=user)
    assert token.digest == ApiToken.digest_of(raw)
    assert token.name == "ci"
    assert AuditEntry.objects.get().action == "create_api_token"


def test_create_token_unknown_user_exit_2(db):
    with pytest.raises(CommandError) as error:
        call_command("create_token", "ghost")
    assert error.value.returncode == 2
    assert ApiToken.objects.count() == 0
