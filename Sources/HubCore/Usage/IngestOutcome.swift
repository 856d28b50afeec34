/// What storing a batch did (USAGE-PROTOCOL.md, "The hub's ingest API").
public enum IngestOutcome: Sendable, Hashable {
    /// The batch and all its counts were stored, in one transaction.
    case stored
    /// The same site, installation and batch number with the same body was already stored: nothing changed.
    case duplicate
    /// The same site, installation and batch number was stored with another body (its SHA-256 is
    /// given): nothing changed. A kiosk bug, or a copied SD card.
    case conflict(storedSHA256: String)
}
