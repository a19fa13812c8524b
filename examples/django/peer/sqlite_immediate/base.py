"""
SQLite backend whose transactions start with BEGIN IMMEDIATE.

Django 3.2 opens transactions with a deferred BEGIN: two processes that both
read and then try to write deadlock on SQLite's lock upgrade and one of them
gets "database is locked" at once, whatever the busy timeout.  BEGIN IMMEDIATE
takes the write lock up front, so concurrent writers queue on the busy
timeout instead.  (Django >= 5.1 has OPTIONS["transaction_mode"] for this.)

WAL journaling lets readers carry on while a writer holds the lock.
"""
from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        conn = super().get_new_connection(conn_params)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        return conn

    def _start_transaction_under_autocommit(self):
        # Used by transaction.atomic() (and ATOMIC_REQUESTS).
        self.cursor().execute("BEGIN IMMEDIATE")

    def _set_autocommit(self, autocommit):
        # Used by set_autocommit(False) outside atomic(): have Python's
        # sqlite3 module issue "BEGIN IMMEDIATE" instead of "BEGIN".
        level = None if autocommit else "IMMEDIATE"
        with self.wrap_database_errors:
            self.connection.isolation_level = level
