import GRDB

extension HubDatabase {
    /// The schema, one migration per change; never edit a migration that shipped.
    ///
    /// - `site`: one row per site; `tokenSHA256` is the only trace of its token.
    /// - `setting`: key/value (`adminTokenSHA256`).
    /// - `batch`: one row per stored batch; `(site, installation, number)` is unique, which is
    ///   what makes ingest exactly-once; `bodySHA256` tells a duplicate from a conflict.
    /// - `batchBody`: each batch's body exactly as received, the record of what the kiosk sent
    ///   (SQLite's JSON functions read it: `json_each(CAST(body AS TEXT), '$.counts')`); apart,
    ///   so the `batch` rows stay small.
    /// - `total`: the sums per site, counting year and resource, kept in the same transaction as
    ///   the batch; what rankings and publish read. Clustered by site first: a batch comes from
    ///   one site, so its updates land on a few neighbouring pages (an index by year and resource
    ///   would dirty a page per resource, and every commit writes each dirty page to the WAL).
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
                    CREATE TABLE batchBody (
                        batch INTEGER PRIMARY KEY REFERENCES batch(id),
                        body BLOB NOT NULL
                    );
                    CREATE TABLE total (
                        site TEXT NOT NULL,
                        year INTEGER NOT NULL,
                        resource TEXT NOT NULL,
                        plays INTEGER NOT NULL,
                        views INTEGER NOT NULL,
                        completions INTEGER NOT NULL,
                        watchSeconds INTEGER NOT NULL,
                        PRIMARY KEY (site, year, resource)
                    ) WITHOUT ROWID;
                    """)
        }
        return migrator
    }
}
