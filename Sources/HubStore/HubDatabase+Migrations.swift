import GRDB

extension HubDatabase {
    /// The schema, one migration per change; never edit a migration that shipped.
    ///
    /// - `site`: one row per site; `tokenSHA256` is the only trace of its token.
    /// - `setting`: key/value (`adminTokenSHA256`).
    /// - `batch`: one row per stored batch; `(site, installation, number)` is unique, which is
    ///   what makes ingest exactly-once; `bodySHA256` tells a duplicate from a conflict.
    /// - `usage`: the counts of each batch, with the ``CountingYear`` they belong to.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE site (
                        id TEXT PRIMARY KEY NOT NULL,
                        region TEXT,
                        tokenSHA256 TEXT NOT NULL UNIQUE,
                        addedAt INTEGER NOT NULL
                    );
                    CREATE TABLE setting (
                        key TEXT PRIMARY KEY NOT NULL,
                        value TEXT NOT NULL
                    );
                    CREATE TABLE batch (
                        id INTEGER PRIMARY KEY,
                        site TEXT NOT NULL REFERENCES site(id),
                        installation TEXT NOT NULL,
                        number INTEGER NOT NULL,
                        bodySHA256 TEXT NOT NULL,
                        bodyBytes INTEGER NOT NULL,
                        createdAt TEXT NOT NULL,
                        kioskVersion TEXT NOT NULL,
                        receivedAt INTEGER NOT NULL,
                        UNIQUE (site, installation, number)
                    );
                    CREATE TABLE usage (
                        batch INTEGER NOT NULL REFERENCES batch(id),
                        resource TEXT NOT NULL,
                        day TEXT,
                        year INTEGER NOT NULL,
                        source TEXT NOT NULL,
                        plays INTEGER NOT NULL,
                        views INTEGER NOT NULL,
                        completions INTEGER NOT NULL,
                        watchSeconds INTEGER NOT NULL
                    );
                    CREATE INDEX usage_by_year ON usage (year, resource);
                    """)
        }
        return migrator
    }
}
