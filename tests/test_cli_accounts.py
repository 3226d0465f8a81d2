"""The command line's accounts and network defaults: `user add/list/role/password/unlock/remove`, the --host refusal without an
admin, a busy port's single message, --port help, and the Makefile's PORT."""
from __future__ import annotations

import socket
import subprocess

from dashboard_server import ROOT, cli_command


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([*cli_command(), *args], input=stdin, capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


def test_user_add_list_remove(tmp_path):
    db = tmp_path / "kab.duckdb"
    added = run("user", "add", "sari", "--role", "admin", "--db", str(db), "--password-stdin",
                stdin="kata-sandi-sari\n")
    assert added.returncode == 0, added.stderr
    assert "sari (admin)" in added.stdout and "kab.duckdb.accounts.sqlite" in added.stdout
    assert run("user", "add", "budi", "--role", "viewer", "--db", str(db), "--password-stdin",
               stdin="kata-sandi-budi\n").returncode == 0
    listed = run("user", "list", "--db", str(db))
    lines = listed.stdout.splitlines()
    assert [line.split()[:2] for line in lines] == [["budi", "viewer"], ["sari", "admin"]]
    assert "kata-sandi" not in listed.stdout
    removed = run("user", "remove", "budi", "--db", str(db))
    assert removed.returncode == 0 and "budi" in removed.stdout
    assert [line.split()[0] for line in run("user", "list", "--db", str(db)).stdout.splitlines()] == ["sari"]


def test_user_errors_are_one_message(tmp_path):
    db = tmp_path / "kab.duckdb"
    short = run("user", "add", "sari", "--role", "admin", "--db", str(db), "--password-stdin", stdin="pendek\n")
    assert short.returncode == 2 and "terlalu pendek" in short.stderr and "Traceback" not in short.stderr
    gone = run("user", "remove", "tidakada", "--db", str(db))
    assert gone.returncode == 2 and "tidak ada" in gone.stderr
    bad_role = run("user", "add", "sari", "--role", "boss", "--db", str(db))
    assert bad_role.returncode == 2 and "invalid choice" in bad_role.stderr


def test_user_role_password_unlock_and_the_last_admin(tmp_path):
    from pipelines import accounts

    db = tmp_path / "kab.duckdb"
    run("user", "add", "sari", "--role", "admin", "--db", str(db), "--password-stdin", stdin="kata-sandi-sari\n")
    run("user", "add", "budi", "--role", "viewer", "--db", str(db), "--password-stdin", stdin="kata-sandi-budi\n")

    role = run("user", "role", "budi", "--role", "analyst", "--db", str(db))
    assert role.returncode == 0 and "budi sekarang analyst" in role.stdout
    demote = run("user", "role", "sari", "--role", "viewer", "--db", str(db))
    assert demote.returncode == 2 and "satu-satunya admin" in demote.stderr and "Traceback" not in demote.stderr
    remove = run("user", "remove", "sari", "--db", str(db))
    assert remove.returncode == 2 and "satu-satunya admin" in remove.stderr

    # budi locks himself out; the admin unlocks him, then sets him a new password
    for _ in range(accounts.LOCK_AFTER):
        accounts.login(db, "budi", "salah", sleep=lambda s: None)
    assert "terkunci sampai" in next(line for line in run("user", "list", "--db", str(db)).stdout.splitlines()
                                     if line.startswith("budi"))
    assert run("user", "unlock", "budi", "--db", str(db)).returncode == 0
    assert accounts.login(db, "budi", "kata-sandi-budi").user == accounts.User("budi", "analyst")
    assert "terakhir masuk" in next(line for line in run("user", "list", "--db", str(db)).stdout.splitlines()
                                    if line.startswith("budi"))
    short = run("user", "password", "budi", "--db", str(db), "--password-stdin", stdin="pendek\n")
    assert short.returncode == 2 and "terlalu pendek" in short.stderr
    changed = run("user", "password", "budi", "--db", str(db), "--password-stdin", stdin="sandi-baru-budi\n")
    assert changed.returncode == 0, changed.stderr
    assert accounts.login(db, "budi", "sandi-baru-budi").user is not None
    assert accounts.audit_log(db)["action"].tolist()[:3] == ["user_password", "user_unlock", "user_locked"]
    gone = run("user", "unlock", "siapa", "--db", str(db))
    assert gone.returncode == 2 and "tidak ada" in gone.stderr


def test_lan_host_is_refused_without_an_admin(tmp_path):
    db = tmp_path / "kab.duckdb"
    db.write_bytes(b"")  # the refusal comes before the database is read
    refused = run("dashboard", "--db", str(db), "--host", "0.0.0.0")
    assert refused.returncode == 2
    assert "belum punya akun admin" in refused.stderr
    assert f"peta-stunting user add NAMA --role admin --db {db}" in refused.stderr
    assert "Dasbor:" not in refused.stdout
    # an analyst is not enough
    run("user", "add", "budi", "--role", "analyst", "--db", str(db), "--password-stdin", stdin="kata-sandi-budi\n")
    assert run("dashboard", "--db", str(db), "--host", "0.0.0.0", "--kiosk").returncode == 2


def test_busy_port_gives_one_message_and_no_url(tmp_path):
    db = tmp_path / "kab.duckdb"
    db.write_bytes(b"")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = run("dashboard", "--db", str(db), "--port", str(port))
    assert result.returncode == 2
    assert result.stdout == ""  # no misleading "Dasbor: http://..." first
    assert f"port {port}" in result.stderr and f"--port {port + 1}" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_port_and_host_have_help_and_make_demo_takes_port():
    text = run("dashboard", "--help").stdout
    assert "TCP port" in text and "127.0.0.1" in text and "--kiosk" in text
    assert "TCP port" in run("demo", "--help").stdout
    dry = subprocess.run(["make", "-n", "demo", "PORT=8612"], cwd=ROOT, capture_output=True, text=True)
    assert "demo --serve --port 8612" in dry.stdout
