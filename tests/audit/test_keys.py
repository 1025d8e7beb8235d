"""The demo signing key: made once, never replaced, never seen half-written."""

from netwerkdossier.audit import keys


def test_a_second_maker_keeps_the_first_key_and_leaves_no_partial_file(tmp_path):
    path = tmp_path / keys.DEMO_KEY_NAME
    keys._create_demo_key(path)
    first = path.read_bytes()
    keys._create_demo_key(path)  # a parallel process that lost the race
    assert path.read_bytes() == first
    assert b"PRIVATE KEY" in first
    assert sorted(p.name for p in tmp_path.iterdir()) == [keys.DEMO_KEY_NAME]
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_the_key_file_appears_only_when_whole(tmp_path, monkeypatch):
    """A reader in another process must never find the key file before its bytes are in."""
    path = tmp_path / keys.DEMO_KEY_NAME
    real_fdopen = keys.os.fdopen
    seen_while_writing = []

    def watching_fdopen(fd, mode):
        handle = real_fdopen(fd, mode)
        real_write = handle.write

        def write(data):
            seen_while_writing.append(path.exists())
            return real_write(data)

        handle.write = write
        return handle

    monkeypatch.setattr(keys.os, "fdopen", watching_fdopen)
    keys._create_demo_key(path)
    assert seen_while_writing == [False]
    assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")


def test_a_partial_file_left_by_a_crash_does_not_stop_the_next_start(tmp_path):
    """A process that died between writing and linking left its partial file; a later
    process with the same pid (a container's pid 1) must still make the key."""
    path = tmp_path / keys.DEMO_KEY_NAME
    stale = path.with_name(f"{path.name}.{keys.os.getpid()}.partial")
    stale.write_bytes(b"half a key")
    keys._create_demo_key(path)
    assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    assert not stale.exists()
