import Foundation

/// Territory-wide metadata, stored once per twin.
public struct TerritoryMetadata: Hashable, Sendable {
    public var name: String
    /// The year of the base state (2024 for the samples): simulations start there.
    public var referenceYear: Int
    /// Attribution text for the data the twin holds (licences require it).
    public var attribution: String
    public var createdAt: Date
    /// Version of Jumeau that wrote the file.
    public var writerVersion: String

    public init(name: String, referenceYear: Int, attribution: String,
                createdAt: Date = Date(), writerVersion: String = JumeauVersion.current) {
        self.name = name; self.referenceYear = referenceYear; self.attribution = attribution
        self.createdAt = createdAt; self.writerVersion = writerVersion
    }
}

/// One zone (a commune, or a synthetic cell): identity and attribute values.
public struct ZoneRecord: Sendable {
    /// Unique code: the INSEE code for communes.
    public var code: String
    public var name: String
    /// Values by attribute id; a missing key means "no value".
    public var values: [String: Double]
    public var geometry: WKBGeometry

    public init(code: String, name: String, values: [String: Double], geometry: WKBGeometry) {
        self.code = code; self.name = name; self.values = values; self.geometry = geometry
    }
}

public enum JumeauVersion {
    public static let current = "0.1.0"
}
