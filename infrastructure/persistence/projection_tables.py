"""The projection tables in SQL, one definition for SQLite and PostgreSQL.

- ``review_list``: one row per review (``application.index.IndexRow``);
- ``review_people`` and ``review_measures``: derived from a row's ``participants`` and
  ``measures`` in the same statement group, so that lists filter and join in SQL;
- ``signoff_slots``: one row per slot of every sign-off (``SlotRow``);
- ``account_list``: one row per account (``AccountRow``);
- ``reference_list``: one row per reference entry (``ReferenceRow``).

All are written in the events' transaction and rebuilt from the events by ``fupan
reindex``. They are created (dropped and created again) only by a rebuild, when the stored
shape differs from today's (``projection_shape``): a store of an older release gets its
new tables and columns that way. Names are constants or a validated schema, never input.
"""

from __future__ import annotations

from dataclasses import dataclass

from application.index import INDEX_COLUMNS

# The SQL type of each review_index column: uuid, text, bool, date, time, int.
INDEX_TYPES = {
    "review_id": "uuid",
    "version": "bigint",
    "on_premises": "bool",
    "occurred_on": "date",
    "due_on": "date",
    "report_revision": "int",
    "first_closed_at": "time",
    "late": "bool",
    "registered_at": "time",
    "updated_at": "time",
    "lane": "int",
    "erased": "bool",
    "withdrawal_pending": "bool",
    "risk_points": "int",
    "measures_addressing": "bool",
    "signoff_id": "uuid",
    "unthemed": "int",
    "themes_missing": "bool",
    "paper_marks": "bool",
}
NULLABLE = {"first_closed_at", "duplicate_key", "student_key", "signoff_id"}
SLOT_COLUMNS = ("signoff_id", "review_id", "revision", "slot", "holder", "role", "mark", "version")
ACCOUNT_COLUMNS = (
    "account_id",
    "version",
    "username",
    "display_name",
    "unit",
    "role",
    "jurisdictions",
    "city_wide",
    "disabled",
)

REFERENCE_COLUMNS = (
    "entry_id",
    "version",
    "kind",
    "code",
    "label",
    "parent",
    "active",
    "details",
)


@dataclass(frozen=True)
class Types:
    uuid: str
    bigint: str
    int: str
    bool: str
    date: str
    time: str
    text: str


SQLITE_TYPES = Types("TEXT", "INTEGER", "INTEGER", "INTEGER", "TEXT", "TEXT", "TEXT")
POSTGRES_TYPES = Types("uuid", "bigint", "integer", "boolean", "date", "timestamptz", "text")


class ProjectionTables:
    def __init__(self, types: Types, q: str, prefix: str, p: str) -> None:
        self.p = p
        self.old_index = f"{q}{prefix}review_index"  # before 0.3: dropped by the rebuild
        self.index = f"{q}{prefix}review_list"
        self.people = f"{q}{prefix}review_people"
        self.measures = f"{q}{prefix}review_measures"
        self.slots = f"{q}{prefix}signoff_slots"
        self.accounts = f"{q}{prefix}account_list"
        self.references = f"{q}{prefix}reference_list"
        bare = f"{prefix}review_list"
        t = types
        columns = ", ".join(
            f"{c} {getattr(t, INDEX_TYPES.get(c, 'text'))}"
            + ("" if c in NULLABLE else " NOT NULL")
            + (" PRIMARY KEY" if c == "review_id" else "")
            for c in INDEX_COLUMNS
        )
        self.create_index = [
            f"CREATE TABLE IF NOT EXISTS {self.index} ({columns})",
            f"CREATE INDEX IF NOT EXISTS {bare}_by_deadline ON {self.index} "
            "(lane, due_on, review_id)",
            f"CREATE INDEX IF NOT EXISTS {bare}_by_place ON {self.index} "
            "(jurisdiction, lane, due_on, review_id)",
            f"CREATE INDEX IF NOT EXISTS {bare}_by_status ON {self.index} "
            "(status, lane, due_on, review_id)",
            f"CREATE INDEX IF NOT EXISTS {bare}_for_counts ON {self.index} "
            "(jurisdiction, status, late)",
            f"CREATE INDEX IF NOT EXISTS {bare}_for_overdue ON {self.index} "
            "(lane, due_on, jurisdiction, status)",
            f"CREATE INDEX IF NOT EXISTS {bare}_by_duplicate ON {self.index} (duplicate_key)",
            f"CREATE INDEX IF NOT EXISTS {bare}_by_student ON {self.index} (student_key)",
            f"CREATE INDEX IF NOT EXISTS {bare}_by_signoff ON {self.index} (signoff_id)",
            # One review per reference number: a second registration that drew the same
            # number fails in its transaction and draws again.
            f"CREATE UNIQUE INDEX IF NOT EXISTS {bare}_by_reference ON {self.index} "
            "(reference) WHERE reference <> ''",
        ]
        self.create_children = [
            f"CREATE TABLE IF NOT EXISTS {self.people} (review_id {t.uuid} NOT NULL, "
            f"account_id {t.uuid} NOT NULL, kind {t.text} NOT NULL, "
            "PRIMARY KEY (review_id, account_id, kind))",
            f"CREATE INDEX IF NOT EXISTS {prefix}review_people_by_account ON {self.people} "
            "(account_id, kind, review_id)",
            # waiting: not taken, on a review that accepts follow-up (a task).
            f"CREATE TABLE IF NOT EXISTS {self.measures} (review_id {t.uuid} NOT NULL, "
            f"measure_id {t.uuid} NOT NULL, n {t.int} NOT NULL, due_on {t.date} NOT NULL, "
            f"status {t.text} NOT NULL, waiting {t.bool} NOT NULL, "
            f"jurisdiction {t.text} NOT NULL, PRIMARY KEY (review_id, measure_id))",
            f"CREATE INDEX IF NOT EXISTS {prefix}review_measures_waiting ON {self.measures} "
            "(waiting, due_on, review_id, measure_id)",
            f"CREATE TABLE IF NOT EXISTS {self.slots} (signoff_id {t.uuid} NOT NULL, "
            f"review_id {t.uuid} NOT NULL, revision {t.int} NOT NULL, slot {t.text} NOT NULL, "
            f"holder {t.uuid} NOT NULL, role {t.text} NOT NULL, mark {t.text}, "
            f"version {t.bigint} NOT NULL, PRIMARY KEY (signoff_id, slot))",
            f"CREATE INDEX IF NOT EXISTS {prefix}signoff_slots_by_holder ON {self.slots} "
            "(holder, mark, signoff_id)",
            f"CREATE TABLE IF NOT EXISTS {self.accounts} (account_id {t.uuid} PRIMARY KEY, "
            f"version {t.bigint} NOT NULL, username {t.text} NOT NULL, "
            f"display_name {t.text} NOT NULL, unit {t.text} NOT NULL, role {t.text} NOT NULL, "
            f"jurisdictions {t.text} NOT NULL, city_wide {t.bool} NOT NULL, "
            f"disabled {t.bool} NOT NULL)",
            f"CREATE TABLE IF NOT EXISTS {self.references} (entry_id {t.uuid} PRIMARY KEY, "
            f"version {t.bigint} NOT NULL, kind {t.text} NOT NULL, code {t.text} NOT NULL, "
            f"label {t.text} NOT NULL, parent {t.text} NOT NULL, active {t.bool} NOT NULL, "
            f"details {t.text} NOT NULL)",
            f"CREATE INDEX IF NOT EXISTS {prefix}reference_list_by_kind ON {self.references} "
            "(kind, parent, code)",
        ]
        self.drop = [
            f"DROP TABLE IF EXISTS {name}"
            for name in (
                self.old_index,
                self.index,
                self.people,
                self.measures,
                self.slots,
                self.accounts,
                self.references,
            )
        ]
        self.upsert_index = _upsert(self.index, INDEX_COLUMNS, ("review_id",), p)
        # What the derived rows (people, measures) are made of.
        self.select_children = (
            f"SELECT participants, measures, accepts, jurisdiction FROM {self.index} "
            f"WHERE review_id = {p}"
        )
        self.select_references = (
            f"SELECT reference FROM {self.index} WHERE reference LIKE {p} "
            "ORDER BY length(reference) DESC, reference DESC LIMIT 1"
        )
        self.delete_people = f"DELETE FROM {self.people} WHERE review_id = {p}"
        self.insert_person = (
            f"INSERT INTO {self.people} (review_id, account_id, kind) VALUES ({p}, {p}, {p})"
        )
        self.delete_measures = f"DELETE FROM {self.measures} WHERE review_id = {p}"
        self.insert_measure = (
            f"INSERT INTO {self.measures} (review_id, measure_id, n, due_on, status, waiting, "
            f"jurisdiction) VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p})"
        )
        self.upsert_slot = _upsert(self.slots, SLOT_COLUMNS, ("signoff_id", "slot"), p)
        self.upsert_account = _upsert(self.accounts, ACCOUNT_COLUMNS, ("account_id",), p)
        self.select_account = (
            f"SELECT {', '.join(ACCOUNT_COLUMNS)} FROM {self.accounts} WHERE account_id = {p}"
        )
        self.select_accounts = (
            f"SELECT {', '.join(ACCOUNT_COLUMNS)} FROM {self.accounts} ORDER BY username"
        )
        self.upsert_reference = _upsert(self.references, REFERENCE_COLUMNS, ("entry_id",), p)
        self.select_references = (
            f"SELECT {', '.join(REFERENCE_COLUMNS)} FROM {self.references} "
            f"WHERE kind = {p} ORDER BY parent, code"
        )
        self.delete_all = [
            f"DELETE FROM {name}"
            for name in (
                self.index,
                self.people,
                self.measures,
                self.slots,
                self.accounts,
                self.references,
            )
        ]


def _upsert(table: str, columns: tuple[str, ...], key: tuple[str, ...], p: str) -> str:
    """Insert or update, keeping the row of the highest aggregate version."""
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in key)
    return (
        f"INSERT INTO {table} AS t ({', '.join(columns)}) "
        f"VALUES ({', '.join(p for _ in columns)}) ON CONFLICT ({', '.join(key)}) "
        f"DO UPDATE SET {updates} WHERE excluded.version >= t.version"
    )
