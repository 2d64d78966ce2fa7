"""How the database means to run a query, for tests that pin which index a read uses.

SQLite's EXPLAIN QUERY PLAN names the index and says "USE TEMP B-TREE" when it
has to sort; PostgreSQL's EXPLAIN shows a Sort node. On PostgreSQL the test
tables are tiny, so sequential scans and sorts are switched off for the one
statement: a Sort that still shows is one no index can avoid.
"""

from typing import Any

from django.db import connection
from django.db.models import QuerySet


def query_plan(queryset: QuerySet[Any]) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            return "\n".join(str(row[-1]) for row in cursor.fetchall())
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        try:
            cursor.execute(f"EXPLAIN {sql}", params)
            return "\n".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("RESET enable_seqscan")
            cursor.execute("RESET enable_sort")


def sorts(plan: str) -> bool:
    """Whether the plan sorts rows itself instead of reading them in an index's order.

    PostgreSQL's Incremental Sort reads rows in the index's order and only orders the
    few that tie on it, so it is not the whole-table sort this looks for.
    """
    plan = plan.replace("Incremental Sort", "Incremental")
    return "TEMP B-TREE" in plan or "Sort  (" in plan or "Sort (" in plan or "\nSort" in plan
