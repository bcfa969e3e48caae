from django.db import models


class KeptAround(models.Model):
    """What lies around one statement (its topics, citations, mentions, replies, further joint
    parties and check against the record), as `rows.around` reads it, kept in one row.

    Why: a page of 50 random statements read these from six tables, one index descent per
    statement and table (~850 buffers, ~2 ms of PostgreSQL at a million statements); here it is one
    row per statement, read with the statements themselves (issue 16; statements/around_table.py).

    PostgreSQL keeps it: triggers on every table that holds a part of it rewrite the rows of the
    statements a write touched, in the write's transaction, whoever writes (the ORM, COPY, SQL).
    Nothing else writes here. On SQLite the table stays empty and `rows.around` reads the six tables.
    A statement with nothing around it has no row.

    `statement_id` is no foreign key: the triggers delete a statement's row with the statement, and
    Django deletes a statement's citations and mentions (which rewrite the row) before the statement.
    """

    statement_id = models.BigIntegerField(primary_key=True)
    # [[relation number, three integers, five texts, a float], ...] in rows.around's order.
    doc = models.JSONField()

    class Meta:
        verbose_name = "what lies around a statement"
        # Not a record: nobody views or changes it, in the admin or elsewhere (docs/roles.md).
        default_permissions = ()

    def __str__(self):
        return f"what lies around statement {self.statement_id}"
