"""The schema is ready for distribution by patient (docs/scale-out.md), checked on the migrated schema of the backend under
test (test_schema on SQLite, test_schema_pg on PostgreSQL), so a
migration merged later is checked too:

* every table is either patient-scoped (it has a patient_id column and is
  distributed by it) or named below as a reference or coordinator-local
  table;
* a patient-scoped table has patient_id in its primary key, in every
  unique constraint or unique index, and in every foreign key to another
  patient-scoped table (patient_id -> patient_id);
* a reference or local table has no foreign key to a patient-scoped table
  (Citus refuses those);
* ids come from the client: no sequence, serial or AUTOINCREMENT.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import brtest  # noqa: E402

# Replicated to every node (create_reference_table): small, read by all.
REFERENCE = {"clinics", "users", "interop_links", "calendar_feeds",
             "point_templates", "point_template_points"}
# Kept on the coordinator only (citus_add_local_table_to_metadata): the
# log of every request (patient_id may be NULL), sign-in bookkeeping and
# the store's own state.
LOCAL = {"audit_log", "auth_sessions", "login_throttle", "login_known", "invitations",
         "schema_migrations", "series_state", "series_log"}


def sqlite_schema(con):
    out = {}
    for t in con.tables():
        cols = [r[1] for r in con.execute(f"PRAGMA table_info('{t}')")]
        pk = [r[1] for r in sorted(con.execute(f"PRAGMA table_info('{t}')"),
                                   key=lambda r: r[5]) if r[5] > 0]
        uniques = []
        for idx in con.execute(f"PRAGMA index_list('{t}')"):
            if idx[2]:  # unique
                uniques.append([r[2] for r in con.execute(f"PRAGMA index_info('{idx[1]}')")])
        fks = {}
        for r in con.execute(f"PRAGMA foreign_key_list('{t}')"):
            fks.setdefault(r[0], (r[2], []))[1].append((r[3], r[4] or r[3]))
        out[t] = {"cols": cols, "pk": pk, "uniques": uniques,
                  "fks": [(ref, pairs) for ref, pairs in fks.values()]}
    return out


def pg_schema(con):
    out = {}
    for t in con.tables():
        if t == "schema_version":
            continue
        cols = [r[0] for r in con.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = ?::regclass "
            "AND attnum > 0 AND NOT attisdropped ORDER BY attnum", (t,))]
        pk, uniques = [], []
        for primary, names in con.execute(
                "SELECT i.indisprimary, array_agg(a.attname ORDER BY k.n) "
                "FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) "
                "WITH ORDINALITY k(attnum, n) JOIN pg_attribute a ON "
                "a.attrelid = i.indrelid AND a.attnum = k.attnum "
                "WHERE i.indrelid = ?::regclass AND i.indisunique "
                "GROUP BY i.indexrelid, i.indisprimary", (t,)):
            uniques.append(list(names))
            if primary:
                pk = list(names)
        fks = []
        for ref, src, dst in con.execute(
                "SELECT f.relname, array(SELECT attname FROM pg_attribute "
                "WHERE attrelid = c.conrelid AND attnum = ANY(c.conkey)), "
                "array(SELECT attname FROM pg_attribute WHERE attrelid = "
                "c.confrelid AND attnum = ANY(c.confkey)) FROM pg_constraint "
                "c JOIN pg_class f ON f.oid = c.confrelid WHERE c.contype = "
                "'f' AND c.conrelid = ?::regclass", (t,)):
            # Column order of the arrays is by attnum; pair by name where
            # they match, else positionally (single-column keys).
            pairs = [(s, s if s in dst else d) for s, d in zip(src, dst)]
            fks.append((ref, pairs))
        out[t] = {"cols": cols, "pk": pk, "uniques": uniques, "fks": fks}
    return out


class CitusReady(brtest.CliTest):
    def schema(self):
        con = self.connect()
        try:
            return pg_schema(con) if brtest.PG else sqlite_schema(con)
        finally:
            con.close()

    def test_every_table_is_classified(self):
        for t, s in self.schema().items():
            if t in REFERENCE or t in LOCAL:
                continue
            self.assertIn("patient_id", s["cols"],
                          f"table {t} has no patient_id: add it (first in its "
                          f"keys), or name it a reference or local table in "
                          f"tests/cli/test_schema.py and docs/scale-out.md")

    def test_patient_scoped_keys_carry_patient_id(self):
        schema = self.schema()
        scoped = {t for t in schema if t not in REFERENCE and t not in LOCAL}
        problems = []
        for t in sorted(scoped):
            s = schema[t]
            if "patient_id" not in s["pk"]:
                problems.append(f"{t}: primary key {s['pk']} lacks patient_id")
            for u in s["uniques"]:
                if "patient_id" not in u:
                    problems.append(f"{t}: unique {u} lacks patient_id")
            for ref, pairs in s["fks"]:
                if ref in scoped and ("patient_id", "patient_id") not in pairs:
                    problems.append(f"{t}: foreign key to {ref} {pairs} lacks "
                                    f"patient_id -> patient_id")
        self.assertEqual(problems, [])

    def test_reference_and_local_tables_do_not_point_into_patients(self):
        schema = self.schema()
        problems = [f"{t} -> {ref}" for t in sorted(REFERENCE | LOCAL)
                    if t in schema for ref, _ in schema[t]["fks"]
                    if ref not in REFERENCE and ref not in LOCAL]
        self.assertEqual(problems, [])

    def test_no_central_sequence(self):
        con = self.connect()
        try:
            if brtest.PG:
                n = con.execute("SELECT count(*) FROM pg_sequences").fetchone()[0]
            else:
                n = con.execute("SELECT count(*) FROM sqlite_schema WHERE "
                                "name = 'sqlite_sequence'").fetchone()[0]
        finally:
            con.close()
        self.assertEqual(n, 0)


if __name__ == "__main__":
    brtest.main()
