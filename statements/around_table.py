"""What lies around each statement, kept in one row per statement by PostgreSQL (models.KeptAround).

`rows.around` reads a page's topics, citations, mentions, replies, further joint parties and
checks from six tables: for 50 statements spread over a million, ~850 buffers and ~2 ms of
PostgreSQL, most of it one index descent per statement and table, and the API's list pages spent
a quarter of their CPU there (issue 16, bench/README.md, twelfth pass). The same rows, kept per
statement, are one descent each, and the statements' own query reads them (`documents.statement_rows`).

The kept rows are made by the same SQL that `rows.around` runs on SQLite (`rows.union`), in the
same order, by `statements_keep_around(ids)`; triggers on each table that holds a part of them call
it for the statements a write touched, once per SQL statement (transition tables: a COPY of a
million citations is one call), in the write's transaction. `install` (re)creates the function and
the triggers from the current code; a change to `rows` that changes the SQL needs a migration that
runs it again, and `installed_matches` (a test) says when one is missing.
"""

import contextlib

from statements import rows
from statements.models import Citation, Delegate, KeptAround, Mention, Party, RecordCheck, Source, Statement, Topic

FUNCTION = "statements_keep_around"
# A setting that stops the triggers for the rest of a transaction (`paused`).
PAUSE = "statements.keep_around"


def _table(model):
    return model._meta.db_table


def _computed(ids_test, where=""):
    """SELECT statement_id, doc: the kept rows of the statements whose id passes `ids_test` (SQL)."""
    values = ", ".join(f"a.{column}" for column in rows.VALUE_COLUMNS)
    order = ", ".join(f"a.{column}" for column in rows.ORDER)
    union = rows.union().replace("{ids}", ids_test)
    return (
        f"SELECT a.statement_id, jsonb_agg(jsonb_build_array({values}) ORDER BY {order}) AS doc"
        f" FROM ({union}) AS a({', '.join(rows.COLUMNS)}) {where} GROUP BY a.statement_id"
    )


def _keep_function():
    kept, statement = _table(KeptAround), _table(Statement)
    computed = _computed("= ANY(ids)", f"WHERE EXISTS (SELECT 1 FROM {statement} s WHERE s.id = a.statement_id)")
    return f"""
BEGIN
    IF coalesce(cardinality(ids), 0) = 0 THEN
        RETURN;
    END IF;
    -- One transaction at a time rewrites a statement's row, and each sees what the one before it
    -- committed: without the lock, two writers could each compute the row from their own snapshot,
    -- and the second would store it without the first one's change.
    PERFORM 1 FROM {statement} WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
    DELETE FROM {kept} WHERE statement_id = ANY(ids);
    INSERT INTO {kept} (statement_id, doc)
    {computed};
END
"""


# The trigger functions: each finds the statements whose kept row a write changed, from the rows it
# wrote (`new_rows`) and those it replaced or removed (`old_rows`).
_BY_STATEMENT = "SELECT statement_id FROM {rows}"


def _changed(columns):
    """The ids of the rows an UPDATE changed in one of `columns` (from its transition tables)."""
    old = ", ".join(f"o.{column}" for column in columns)
    new = ", ".join(f"n.{column}" for column in columns)
    return f"SELECT n.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE ({old}) IS DISTINCT FROM ({new})"


def _triggers():
    """(table, event, transition tables, SQL of the statement ids to keep again), one per trigger."""
    statement, checks = _table(Statement), _table(RecordCheck)
    topic_link, joint_link = _table(Statement.topics.through), _table(Statement.joint_parties.through)
    per_statement = [topic_link, _table(Citation), _table(Mention), joint_link, checks]
    both = "OLD TABLE AS old_rows NEW TABLE AS new_rows"
    found = []
    for table in per_statement:
        found += [
            (table, "INSERT", "NEW TABLE AS new_rows", _BY_STATEMENT.format(rows="new_rows")),
            (table, "DELETE", "OLD TABLE AS old_rows", _BY_STATEMENT.format(rows="old_rows")),
            (
                table,
                "UPDATE",
                both,
                f"{_BY_STATEMENT.format(rows='old_rows')} UNION {_BY_STATEMENT.format(rows='new_rows')}",
            ),
        ]
    # A statement's row lists its replies (by date and order, with their speaker and party) and the
    # passage of the speech its quote was checked against: a reply moved from one statement to
    # another changes both.
    as_reply = _changed(["reply_to_id", "date", "sequence", "speaker_id", "party_id"])
    found += [
        (statement, "INSERT", "NEW TABLE AS new_rows", "SELECT reply_to_id FROM new_rows"),
        (
            statement,
            "UPDATE",
            both,
            f"WITH changed AS ({as_reply})"
            " SELECT reply_to_id FROM old_rows WHERE id IN (SELECT id FROM changed)"
            " UNION SELECT reply_to_id FROM new_rows WHERE id IN (SELECT id FROM changed)"
            f" UNION SELECT k.statement_id FROM {checks} k WHERE k.speech_id IN ({_changed(['text', 'label'])})",
        ),
        # The statement's own row goes with it (`install_sql`), and its place among its target's replies.
        (statement, "DELETE", "OLD TABLE AS old_rows", "SELECT reply_to_id FROM old_rows"),
        (
            _table(Topic),
            "UPDATE",
            both,
            f"SELECT l.statement_id FROM {topic_link} l WHERE l.topic_id IN ({_changed(['slug', 'name'])})",
        ),
        (
            _table(Source),
            "UPDATE",
            both,
            f"SELECT c.statement_id FROM {_table(Citation)} c"
            f" WHERE c.source_id IN ({_changed(['url', 'title', 'publisher', 'kind'])})",
        ),
        (
            _table(Party),
            "UPDATE",
            both,
            # Its name and code show in mentions, joint parties and replies made on its behalf.
            f"WITH changed AS ({_changed(['kind', 'code', 'short_name', 'name'])})"
            f" SELECT m.statement_id FROM {_table(Mention)} m WHERE m.party_id IN (SELECT id FROM changed)"
            f" UNION SELECT j.statement_id FROM {joint_link} j WHERE j.party_id IN (SELECT id FROM changed)"
            f" UNION SELECT r.reply_to_id FROM {statement} r WHERE r.party_id IN (SELECT id FROM changed)",
        ),
        (
            _table(Delegate),
            "UPDATE",
            both,
            f"SELECT r.reply_to_id FROM {statement} r WHERE r.speaker_id IN ({_changed(['full_name'])})",
        ),
    ]
    return found


def _trigger_name(event):
    """One name per event; PostgreSQL names triggers per table."""
    return f"keep_around_{event.lower()}"


def _function_name(table, event):
    return f"{FUNCTION}_{table}_{event.lower()}"


def install_sql():
    """The SQL that (re)creates the function and the triggers, as a list of statements."""
    kept, statement = _table(KeptAround), _table(Statement)
    sql = [
        f"CREATE OR REPLACE FUNCTION {FUNCTION}(ids bigint[]) RETURNS void LANGUAGE plpgsql"
        f" AS $kept${_keep_function()}$kept$"
    ]
    for table, event, transitions, ids in _triggers():
        own = ""
        if (table, event) == (statement, "DELETE"):
            own = f"DELETE FROM {kept} WHERE statement_id IN (SELECT id FROM old_rows);"
        function, trigger = _function_name(table, event), _trigger_name(event)
        sql += [
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $trigger$"
            f" BEGIN IF current_setting('{PAUSE}', true) = 'paused' THEN RETURN NULL; END IF;"
            f" {own} PERFORM {FUNCTION}(ARRAY(SELECT DISTINCT x FROM ({ids}) AS found(x) WHERE x IS NOT NULL));"
            " RETURN NULL; END $trigger$",
            f"DROP TRIGGER IF EXISTS {trigger} ON {table}",
            f"CREATE TRIGGER {trigger} AFTER {event} ON {table} REFERENCING {transitions}"
            f" FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        ]
    return sql


def uninstall_sql():
    sql = []
    for table, event, _, _ in _triggers():
        sql += [
            f"DROP TRIGGER IF EXISTS {_trigger_name(event)} ON {table}",
            f"DROP FUNCTION IF EXISTS {_function_name(table, event)}()",
        ]
    return sql + [f"DROP FUNCTION IF EXISTS {FUNCTION}(bigint[])"]


def fill_sql():
    """Every statement's row made again, in one pass over the six tables (a migration's)."""
    kept = _table(KeptAround)
    return [f"DELETE FROM {kept}", f"INSERT INTO {kept} (statement_id, doc) {_computed('IS NOT NULL')}"]


def fill(cursor):
    for sql in fill_sql():
        cursor.execute(sql)


def fill_range(cursor, first, last):
    """Make the rows of the statements with ids from `first` to `last` again, without the keeping
    function's row locks: for a bulk writer that holds off other writers and ran without triggers
    (the synthetic data generator). Every statement they reply to must be in the range."""
    kept = _table(KeptAround)
    cursor.execute(f"DELETE FROM {kept} WHERE statement_id BETWEEN %s AND %s", [first, last])
    # No % in the SQL itself (psycopg2 formats the whole text when given parameters).
    tests = rows.union().count("{ids}")
    cursor.execute(f"INSERT INTO {kept} (statement_id, doc) {_computed('BETWEEN %s AND %s')}", [first, last] * tests)


@contextlib.contextmanager
def paused(cursor):
    """Keep nothing while the block writes, then make every statement's rows in one pass: for a
    bulk load inside one transaction (import_dataset), whose batches would each rewrite the rows of
    their statements, without the indexes that the load drops until its end. Elsewhere nothing is
    kept: the block just runs."""
    if cursor.db.vendor != "postgresql":
        yield
        return
    cursor.execute(f"SET LOCAL {PAUSE} = 'paused'")
    yield
    cursor.execute(f"SET LOCAL {PAUSE} = ''")
    fill(cursor)


def install(schema_editor):
    """Create the function and triggers and fill the table: PostgreSQL only (a migration's RunPython)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in install_sql() + fill_sql():
        schema_editor.execute(sql)


def uninstall(schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in uninstall_sql():
        schema_editor.execute(sql)


def installed_matches(cursor):
    """Whether the database's keeping function is the one the current code makes."""
    cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = %s", [FUNCTION])
    found = cursor.fetchone()
    return found is not None and found[0] == _keep_function()


def differences(cursor):
    """Ids of statements whose kept row is not what the six tables give now (a check; none expected)."""
    kept = _table(KeptAround)
    cursor.execute(f"CREATE TEMPORARY TABLE around_now AS {_computed('IS NOT NULL')}")
    cursor.execute(
        f"SELECT coalesce(k.statement_id, n.statement_id) FROM {kept} k"
        " FULL JOIN around_now n ON n.statement_id = k.statement_id"
        " WHERE k.doc IS DISTINCT FROM n.doc ORDER BY 1"
    )
    found = [row[0] for row in cursor.fetchall()]
    cursor.execute("DROP TABLE around_now")
    return found
