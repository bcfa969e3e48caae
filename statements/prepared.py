"""Fixed SQL that PostgreSQL plans once per connection instead of once per request.

Why: the hot reads of the API run the same few statements over and over with other ids. Measured
with EXPLAIN ANALYZE on 200,000 statements (issue 16), planning `rows.around`'s UNION ALL took
0.5 ms and a statement's SELECT 0.3 ms, three times as long as running them. A prepared statement
is planned on its first runs and then reuses a generic plan.

Each statement is prepared by name on a connection the first time it runs there, in the same round
trip as its first run, so a request sends as many queries either way. PREPARE is not undone by a
rollback and lasts as long as the connection; a new connection (`connection_created`) starts with
none. On other databases (SQLite: its driver keeps compiled statements itself) the same SQL runs
with a placeholder per value.
"""

from django.db.backends.signals import connection_created

# Where the SQL given to `run` tests a column against the ids: "s.id {ids}".
IDS = "{ids}"


def run(cursor, name, sql, ids=None):
    """Run `sql` on `cursor` (a Django cursor); `name` names the statement, one name per SQL text.

    With `ids` (not empty), each `{ids}` in `sql` follows a column to test against them.
    """
    connection = cursor.db
    if connection.vendor != "postgresql":
        if ids is None:
            cursor.execute(sql)
        else:
            placeholders = f"IN ({', '.join(['%s'] * len(ids))})"
            cursor.execute(sql.format(ids=placeholders), list(ids) * sql.count(IDS))
        return
    prepared = connection.__dict__.setdefault("prepared_statements", set())
    if ids is None:
        run_it, definition, params = f"EXECUTE {name}", f"{name} AS {sql}", None
    elif len(ids) == 1:
        # One id (a statement's own answer) gets a plan of its own: the array's plan expects ten
        # rows and hashes the party table for each of its joins, which cost one statement a third
        # of its database time (0.59 against 0.38 ms for rows.around at a million; issue 16).
        name = f"{name}_one"
        run_it, definition, params = f"EXECUTE {name}(%s)", f"{name}(bigint) AS {sql.format(ids='= $1')}", [ids[0]]
    else:
        # `$1` is the ids as one array, however many they are.
        run_it, definition, params = (
            f"EXECUTE {name}(%s)",
            f"{name}(bigint[]) AS {sql.format(ids='= ANY($1)')}",
            [list(ids)],
        )
    if name not in prepared:
        # No % in the SQL: psycopg2 formats the whole text when given parameters.
        run_it = f"PREPARE {definition}; {run_it}"
    try:
        cursor.execute(run_it, params)
    finally:
        # Prepared even when the run itself failed; a PREPARE that failed fails again as EXECUTE.
        prepared.add(name)


def forget(sender, connection, **kwargs):
    connection.__dict__.pop("prepared_statements", None)


connection_created.connect(forget, dispatch_uid="statements.prepared.forget")
