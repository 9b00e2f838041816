"""The database under test, for the Python harnesses (tests/cli/brtest.py,
tests/api/apitest.py) and scripts: SQLite files, or with
BR_TEST_BACKEND=postgresql (the *_pg CTest tests) a fresh database per
call in the throwaway cluster that tests/pg/cluster started at $BR_PG_HOST.

    target = new_db(directory)   # a path, or postgresql:///t_<random>?host=...
    con = connect(target)        # sqlite3-like: con.execute(sql, params)
    drop_db(target)

SQL given to connect() is written for sqlite3 (? parameters); on
PostgreSQL it runs through psycopg2 with %s, autocommit, and bytea comes
back as bytes, as from sqlite3.
"""
import os
import secrets
import sqlite3

BACKEND = os.environ.get("BR_TEST_BACKEND", "sqlite")
PG = BACKEND == "postgresql"
PG_HOST = os.environ.get("BR_PG_HOST", "")
PG_USER = os.environ.get("BR_PG_USER", "backrest")


def _admin():
    import psycopg2
    con = psycopg2.connect(host=PG_HOST, user=PG_USER, dbname="postgres")
    con.autocommit = True
    return con


def pg_uri(dbname):
    return f"postgresql:///{dbname}?host={PG_HOST}&user={PG_USER}"


def new_db(directory, name="t.db"):
    """A new, empty database: a file path in directory, or on PostgreSQL a
    new database's URI."""
    if not PG:
        return os.path.join(directory, name)
    dbname = "t_" + secrets.token_hex(6)
    con = _admin()
    con.cursor().execute(f'CREATE DATABASE "{dbname}"')
    con.close()
    return pg_uri(dbname)


def new_pg_db():
    """A new PostgreSQL database's URI whatever the backend under test (for
    tests that move data between the two); needs BR_PG_HOST."""
    global PG
    saved, PG = PG, True
    try:
        return new_db("")
    finally:
        PG = saved


def dbname_of(target):
    return target.split("///", 1)[1].split("?", 1)[0]


def drop_db(target):
    if not target.startswith("postgresql://"):
        return
    con = _admin()
    con.cursor().execute(
        f'DROP DATABASE IF EXISTS "{dbname_of(target)}" WITH (FORCE)')
    con.close()


class _Cursor:
    def __init__(self, cur):
        self.cur = cur

    @staticmethod
    def _row(row):
        return tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)

    def fetchone(self):
        row = self.cur.fetchone()
        return None if row is None else self._row(row)

    def fetchall(self):
        return [self._row(r) for r in self.cur.fetchall()]

    def __iter__(self):
        return iter(self.fetchall())


class _PgConnection:
    def __init__(self, target):
        import psycopg2
        self.con = psycopg2.connect(dbname=dbname_of(target), host=PG_HOST,
                                    user=PG_USER)
        self.con.autocommit = True

    def execute(self, sql, params=()):
        cur = self.con.cursor()
        cur.execute(sql.replace("%", "%%").replace("?", "%s"), tuple(params))
        return _Cursor(cur) if cur.description else _Cursor(_Empty())

    def executemany(self, sql, rows):
        for r in rows:
            self.execute(sql, r)

    def tables(self):
        return [r[0] for r in self.execute(
            "SELECT table_name FROM information_schema.tables WHERE "
            "table_schema = 'public' AND table_type = 'BASE TABLE' "
            "ORDER BY table_name COLLATE \"C\"")]

    def commit(self):
        pass

    def close(self):
        self.con.close()


class _Empty:
    def fetchone(self):
        return None

    def fetchall(self):
        return []


class _SqliteConnection:
    def __init__(self, target, timeout=5.0):
        self.con = sqlite3.connect(target, timeout=timeout)

    def execute(self, sql, params=()):
        return self.con.execute(sql, params)

    def executemany(self, sql, rows):
        return self.con.executemany(sql, rows)

    def tables(self):
        return [r[0] for r in self.con.execute(
            "SELECT name FROM sqlite_schema WHERE type='table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name")]

    def commit(self):
        self.con.commit()

    def close(self):
        self.con.close()


def connect(target, timeout=5.0):
    if target.startswith("postgresql://"):
        return _PgConnection(target)
    return _SqliteConnection(target, timeout)


def raw_text(target):
    """Everything the database holds, as text: the file's bytes for SQLite,
    every row of every table for PostgreSQL (to check a secret is not
    stored anywhere)."""
    if not target.startswith("postgresql://"):
        with open(target, "rb") as f:
            return f.read().decode("latin-1")
    con = connect(target)
    out = []
    for t in con.tables():
        out.extend(repr(r) for r in con.execute(f'SELECT * FROM "{t}"'))
    con.close()
    return "\n".join(out)
