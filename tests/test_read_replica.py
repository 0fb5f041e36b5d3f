"""Read replicas (hub/replicas.py) against a real PostgreSQL streaming standby.

The test starts a hot standby of the suite's PostgreSQL (scripts/services.sh: HOCTAP_PGDATA,
HOCTAP_PG_BIN) with `pg_basebackup -R` on a free port, points the alias `replica_1` at it and
switches the router and its middleware on. Queries are captured per connection, so each assertion
says which server a query ran on. The demo network the suite loads is committed before the tests,
so the standby has it; rows a test creates stay in the test's transaction on the primary.
"""

import os
import shutil
import subprocess
import tempfile
import time
import uuid
from contextlib import ExitStack
from pathlib import Path

import psycopg
import pytest
from django.contrib.auth.models import Group
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.utils import InternalError, load_backend
from django.http import HttpResponse, HttpResponseRedirect
from django.test.utils import CaptureQueriesContext
from django.urls import path

from hub import replicas
from hub.caching.invalidation import content_changed, content_version
from tests.conftest import host_of
from tests.servers import free_port

REPLICA = "replica_1"


# --- a few views, served through ROOT_URLCONF = this module -----------------------------------


def read_view(request):
    return HttpResponse(str(Group.objects.count()))


def read_write_read_view(request):
    before = Group.objects.count()
    Group.objects.create(name=f"replica-test-{uuid.uuid4().hex[:8]}")
    return HttpResponse(f"{before} {Group.objects.count()}")


def atomic_view(request):
    outside = Group.objects.count()
    with transaction.atomic():
        inside = Group.objects.count()
    return HttpResponse(f"{outside} {inside}")


def save_view(request):
    Group.objects.create(name=f"replica-test-{uuid.uuid4().hex[:8]}")
    return HttpResponseRedirect("/read/")


urlpatterns = [
    path("read/", read_view),
    path("read-write-read/", read_write_read_view),
    path("atomic/", atomic_view),
    path("save/", save_view),
]


# --- the standby --------------------------------------------------------------------------------


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@pytest.fixture(scope="module")
def standby_port():
    """A hot standby of the suite's cluster, streaming from it, on a free port; stopped after."""
    pg_bin = Path(os.environ["HOCTAP_PG_BIN"])  # set by scripts/services.sh (`make quicktest`)
    primary = psycopg.conninfo.conninfo_to_dict(os.environ["DATABASE_URL"])
    port = free_port()
    slot = f"hoctap_standby_{port}"
    data = Path(tempfile.mkdtemp(prefix="hoctap-standby."))
    if os.geteuid() == 0:
        shutil.chown(data, "postgres", "postgres")
    subprocess.run(
        _as_postgres(
            [
                str(pg_bin / "pg_basebackup"),
                f"--host={primary['host']}",
                f"--port={primary['port']}",
                f"--username={primary['user']}",
                f"--pgdata={data}",
                "--write-recovery-conf",  # standby.signal + primary_conninfo: a streaming standby
                "--wal-method=stream",
                "--checkpoint=fast",
                "--create-slot",  # the primary keeps the WAL the standby has not received yet
                f"--slot={slot}",
            ]
        ),
        check=True,
        capture_output=True,
        timeout=120,
    )
    # a hot standby needs at least the primary's limits (services.sh raises max_connections)
    with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
        limits = " ".join(
            f"-c {name}={conn.execute(f'SHOW {name}').fetchone()[0]}"
            for name in ("max_connections", "max_worker_processes", "max_locks_per_transaction")
        )
    options = f"-h 127.0.0.1 -p {port} -k {data} -c fsync=off -c hot_standby=on {limits}"
    started = subprocess.run(
        _as_postgres(
            [str(pg_bin / "pg_ctl"), "-D", str(data), "-l", f"{data}/server.log", "-w"]
            + ["-o", options, "start"]
        ),
        capture_output=True,
        timeout=120,
    )
    assert started.returncode == 0, (data / "server.log").read_text()
    os.environ["HOCTAP_STANDBY_LOG"] = f"{data}/server.log"  # for _replication_state
    try:
        yield port
    finally:
        subprocess.run(
            _as_postgres([str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(data, ignore_errors=True)
        with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
            conn.execute("SELECT pg_drop_replication_slot(%s)", [slot])


@pytest.fixture
def replica(db, standby_port, settings, monkeypatch):
    """`replica_1` on the standby (the same test database), the router and its middleware on, and
    the content version settled for an hour (see test_a_content_change_reads_the_primary...)."""
    # set as a connection, not in connections.settings: Django's test case lets a test use a
    # connection made on the fly, while an alias from the settings would have to be declared
    primary = connections[DEFAULT_DB_ALIAS]
    standby = {**primary.settings_dict, "HOST": "127.0.0.1", "PORT": standby_port}
    connections[REPLICA] = load_backend(standby["ENGINE"]).DatabaseWrapper(standby, REPLICA)
    settings.REPLICA_DATABASES = [REPLICA]
    settings.REPLICA_LAG_SECONDS = 5
    settings.DATABASE_ROUTERS = ["hub.replicas.ReplicaRouter"]
    settings.ROOT_URLCONF = __name__
    settings.MIDDLEWARE = ["hub.replicas.ReplicaMiddleware"]
    monkeypatch.setitem(replicas._seen, "version", content_version())
    monkeypatch.setitem(replicas._seen, "at", replicas._clock() - 3600)
    try:
        yield connections[REPLICA]
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]


class Captured:
    """The SQL each server ran inside the block: `.default`, `.replica`."""

    def __enter__(self):
        self._stack = ExitStack()
        self._default = self._stack.enter_context(
            CaptureQueriesContext(connections[DEFAULT_DB_ALIAS])
        )
        self._replica = self._stack.enter_context(CaptureQueriesContext(connections[REPLICA]))
        return self

    def __exit__(self, *exc):
        self._stack.close()
        self.default = [q["sql"] for q in self._default.captured_queries]
        self.replica = [q["sql"] for q in self._replica.captured_queries]


# --- routing ------------------------------------------------------------------------------------


def test_the_replica_is_a_read_only_standby(replica):
    with replica.cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone() == (True,)
        with pytest.raises(InternalError, match="read-only transaction"):
            cursor.execute("CREATE TABLE replica_write_refused (id int)")


def test_a_plain_read_in_a_request_goes_to_the_replica(replica, client):
    with Captured() as queries:
        response = client.get("/read/")
    assert response.status_code == 200
    assert queries.default == []
    assert len(queries.replica) == 1 and "COUNT(*)" in queries.replica[0]
    assert response.content.decode() == str(Group.objects.count())  # the demo's groups, committed


def test_a_write_goes_to_the_primary_and_later_reads_follow_it(replica, client):
    with Captured() as queries:
        response = client.get("/read-write-read/")
    before, after = map(int, response.content.decode().split())
    assert len(queries.replica) == 1 and "COUNT(*)" in queries.replica[0]  # the first read
    assert len(queries.default) == 2
    assert queries.default[0].startswith('INSERT INTO "auth_group"')
    assert "COUNT(*)" in queries.default[1]  # read-your-writes: the new group is counted
    assert after == before + 1


def test_a_read_inside_a_transaction_goes_to_the_primary(replica, client):
    with Captured() as queries:
        client.get("/atomic/")
    assert len(queries.replica) == 1 and "COUNT(*)" in queries.replica[0]  # outside the block
    assert [q for q in queries.default if "SAVEPOINT" not in q] == [queries.replica[0]]


def test_the_page_after_a_post_reads_the_primary_then_the_replica_again(replica, client):
    with Captured() as posted:
        response = client.post("/save/")
    assert response.status_code == 302
    assert posted.replica == [] and posted.default[0].startswith('INSERT INTO "auth_group"')
    cookie = response.cookies[replicas.PRIMARY_COOKIE]
    assert cookie["max-age"] == 5 and cookie["httponly"] and cookie["samesite"] == "Lax"

    with Captured() as redirected:
        response = client.get("/read/")  # the redirect's target, same browser
    assert redirected.replica == [] and len(redirected.default) == 1
    assert response.content.decode() == str(Group.objects.count())  # sees its own new group

    client.cookies.pop(replicas.PRIMARY_COOKIE)  # what the browser does after max-age
    with Captured() as later:
        client.get("/read/")
    assert later.default == [] and len(later.replica) == 1


def test_a_forged_primary_cookie_is_ignored(replica, client):
    client.cookies[replicas.PRIMARY_COOKIE] = "1"
    with Captured() as queries:
        client.get("/read/")
    assert queries.default == [] and len(queries.replica) == 1


def test_a_content_change_reads_the_primary_for_the_lag_window(replica, client, monkeypatch):
    """Another server published: this process reads the primary until a replica has surely
    replayed it, so nothing is cached under the new content version from an older replica."""
    content_changed()
    with Captured() as queries:
        client.get("/read/")
    assert queries.replica == [] and len(queries.default) == 1

    later = replicas._clock() + 6  # past REPLICA_LAG_SECONDS
    monkeypatch.setattr(replicas, "_clock", lambda: later)
    with Captured() as queries:
        client.get("/read/")
    assert queries.default == [] and len(queries.replica) == 1


def test_outside_a_request_every_query_goes_to_the_primary(replica):
    """Management commands, migrations and task workers run outside a request."""
    with Captured() as queries:
        Group.objects.count()
        Group.objects.create(name="from-a-command")
    assert queries.replica == [] and len(queries.default) == 2


def test_migrations_only_on_the_primary_and_relations_across_aliases(replica):
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "hub") is True
    assert router.allow_migrate(REPLICA, "hub") is False
    on_primary = Group.objects.using(DEFAULT_DB_ALIAS).first()
    on_replica = Group.objects.using(REPLICA).first()
    assert router.allow_relation(on_primary, on_replica) is True


def test_a_real_page_is_read_from_the_replica(replica, client, centre_a, settings):
    """A centre's home page through the whole middleware stack: every query on the standby."""
    from hub.settings.test import MIDDLEWARE, ROOT_URLCONF

    settings.ROOT_URLCONF = ROOT_URLCONF
    settings.MIDDLEWARE = ["hub.replicas.ReplicaMiddleware", *MIDDLEWARE]
    host = host_of(centre_a)
    # the first view of a centre creates its site settings rows (Wagtail's get_or_create), a write
    # that sends the rest of that request to the primary; in the test's transaction every time
    client.get("/", **host)
    with Captured() as queries:
        response = client.get("/", **host)
    assert queries.default == []
    assert len(queries.replica) > 5
    assert response.status_code == 200
    assert centre_a.site.root_page.title in response.content.decode()


@pytest.mark.parametrize(
    ("sql", "write"),
    [
        ('SELECT "auth_group"."id" FROM "auth_group"', False),
        ('SAVEPOINT "s1_x1"', False),
        ('INSERT INTO "auth_group" ("name") VALUES (%s)', True),
        ('UPDATE "lessons_lessonpage" SET "view_count" = ("view_count" + 1)', True),
        ('DELETE FROM "django_session" WHERE "session_key" = %s', True),
        ('INSERT INTO "hub_cache" (cache_key, value, expires) VALUES (%s, %s, %s)', False),
    ],
)
def test_what_counts_as_a_write(sql, write, settings):
    settings.CACHES = {
        **settings.CACHES,
        "db": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "hub_cache"},
    }
    assert replicas.is_write(sql) is write


def test_production_settings_add_the_replicas_router_and_middleware_and_pass_check_deploy():
    from tests.hub.test_settings import PRODUCTION_ENV, _manage

    env = {
        **PRODUCTION_ENV,
        "DJANGO_SECRET_KEY": "z" * 20 + "-production-secret-key-with-enough-entropy-0123456789",
        "DATABASE_REPLICA_URLS": "postgres://ro@db-r1/hoctap, postgres://ro@db-r2:5433/hoctap",
    }
    code = (
        "from django.conf import settings as s; d = s.DATABASES; "
        "print(list(d), d['replica_2']['HOST'], d['replica_2']['PORT'], "
        "d['replica_1']['TEST']['MIRROR'], s.DATABASE_ROUTERS, s.MIDDLEWARE[0])"
    )
    result = _manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == (
        "['default', 'replica_1', 'replica_2'] db-r2 5433 default "
        "['hub.replicas.ReplicaRouter'] hub.replicas.ReplicaMiddleware"
    )
    deploy = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr

    plain = {k: v for k, v in env.items() if k != "DATABASE_REPLICA_URLS"}
    code = "from django.conf import settings as s; print(list(s.DATABASES), s.DATABASE_ROUTERS)"
    without = _manage("shell", "-c", code, env=plain)
    assert without.returncode == 0, without.stderr
    assert without.stdout.splitlines()[-1] == "['default'] []"


# --- replication --------------------------------------------------------------------------------


def test_a_row_written_on_the_primary_is_read_through_the_replica(replica):
    """Committed on the primary (outside the test's transaction), then polled on the standby."""
    table = f"replica_probe_{uuid.uuid4().hex[:8]}"
    value = uuid.uuid4().hex
    primary = {**psycopg.conninfo.conninfo_to_dict(os.environ["DATABASE_URL"])}
    primary["dbname"] = connections[DEFAULT_DB_ALIAS].settings_dict["NAME"]
    with psycopg.connect(**primary, autocommit=True) as conn:
        conn.execute(f"CREATE TABLE {table} (value text)")
        try:
            written = time.monotonic()
            conn.execute(f"INSERT INTO {table} VALUES (%s)", [value])  # noqa: S608
            seen, waited = None, 0.0
            while seen != value and waited < 10:
                with replica.cursor() as cursor:
                    cursor.execute(
                        "SELECT to_regclass(%s) IS NOT NULL", [table]
                    )  # the table itself may not be replayed yet
                    if cursor.fetchone()[0]:
                        cursor.execute(f"SELECT value FROM {table}")  # noqa: S608
                        row = cursor.fetchone()
                        seen = row[0] if row else None
                if seen != value:
                    time.sleep(0.02)
                waited = time.monotonic() - written
            assert seen == value, (
                f"not replicated after {waited:.1f} s: {_replication_state(replica)}"
            )
        finally:
            conn.execute(f"DROP TABLE {table}")


def _replication_state(replica) -> str:
    with replica.cursor() as cursor:
        cursor.execute(
            "SELECT pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn(), pg_is_wal_replay_paused(),"
            " (SELECT status FROM pg_stat_wal_receiver),"
            " (SELECT string_agg(wait_event_type || ':' || wait_event || ':' || backend_type, ', ')"
            "  FROM pg_stat_activity WHERE wait_event_type = 'Lock' OR backend_type = 'startup')"
        )
        state = str(cursor.fetchone())
    log = Path(os.environ["HOCTAP_STANDBY_LOG"]).read_text().splitlines()
    return "\n".join([state, *log[-15:]])
