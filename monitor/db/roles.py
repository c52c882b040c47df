"""The read-only PostgreSQL role for analysts (`monitor_reader` by default).

Created by migration 0002 when `MONITOR_READER_PASSWORD` is set. Role names and the password
cannot be bound parameters in CREATE/ALTER ROLE, so they are quoted by psycopg.sql
(Identifier / Literal), never pasted into the statement by string formatting.

The role gets CONNECT on the database, USAGE on the current schema, SELECT on every table and
view in it, and SELECT by default on relations created later in it. It is also given
`default_transaction_read_only` (so even temporary tables are refused by default) and a
search_path pointing at the schema, so `psql` users can write `FROM article_coverage`.
"""

from __future__ import annotations

import logging
from typing import Any

from psycopg import errors, sql
from sqlalchemy import Connection

log = logging.getLogger("monitor.db")


def _driver(conn: Connection) -> Any:
    """The psycopg connection under SQLAlchemy's, in the migration's transaction."""
    return conn.connection.driver_connection


def _where(cur: Any) -> tuple[str, str]:
    cur.execute("SELECT current_database(), current_schema()")
    database, schema = cur.fetchone()
    return database, schema


def create_reader(conn: Connection, role: str, password: str) -> None:
    """Create the role (or reset its password) and grant it read access to this schema."""
    if conn.dialect.name != "postgresql":
        return
    ident, pw = sql.Identifier(role), sql.Literal(password)
    with _driver(conn).cursor() as cur:
        database, schema = _where(cur)
        db_ident, schema_ident = sql.Identifier(database), sql.Identifier(schema)
        cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
        verb = sql.SQL("ALTER") if cur.fetchone() else sql.SQL("CREATE")
        cur.execute(
            sql.SQL(
                "{} ROLE {} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION "
                "PASSWORD {}"
            ).format(verb, ident, pw)
        )
        for template in (
            "GRANT CONNECT ON DATABASE {db} TO {role}",
            "GRANT USAGE ON SCHEMA {schema} TO {role}",
            "GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {role}",
            "ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT ON TABLES TO {role}",
            "ALTER ROLE {role} IN DATABASE {db} SET default_transaction_read_only = on",
            "ALTER ROLE {role} IN DATABASE {db} SET search_path = {schema}",
        ):
            cur.execute(sql.SQL(template).format(db=db_ident, schema=schema_ident, role=ident))
    log.info("read-only role %s can read schema %s", role, schema)


def drop_reader(conn: Connection, role: str) -> None:
    """Revoke what create_reader granted on this schema; drop the role when nothing else uses it."""
    if conn.dialect.name != "postgresql":
        return
    driver = _driver(conn)
    ident = sql.Identifier(role)
    with driver.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
        if cur.fetchone() is None:
            return
        database, schema = _where(cur)
        fmt = {"db": sql.Identifier(database), "schema": sql.Identifier(schema), "role": ident}
        for template in (
            "ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} REVOKE SELECT ON TABLES FROM {role}",
            "REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role}",
            "REVOKE USAGE ON SCHEMA {schema} FROM {role}",
        ):
            cur.execute(sql.SQL(template).format(**fmt))
        # The role may still read other schemas (another deployment in the same cluster): then
        # keep it and its CONNECT; otherwise remove it entirely, as the downgrade promises.
        try:
            with driver.transaction():  # a savepoint inside the migration's transaction
                cur.execute(sql.SQL("ALTER ROLE {role} IN DATABASE {db} RESET ALL").format(**fmt))
                cur.execute(sql.SQL("REVOKE CONNECT ON DATABASE {db} FROM {role}").format(**fmt))
                cur.execute(sql.SQL("DROP ROLE {role}").format(**fmt))
        except errors.DependentObjectsStillExist:
            log.warning("role %s still has privileges elsewhere; kept", role)
