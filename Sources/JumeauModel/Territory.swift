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

    /// The base states a twin may describe: the simulation runs from there to 2050.
    public static let referenceYears = 2000...2049

    public init(
        name: String, referenceYear: Int, attribution: String,
        createdAt: Date = Date(), writerVersion: String = JumeauVersion.current
    ) {
        self.name = name
        self.referenceYear = referenceYear
        self.attribution = attribution
        self.createdAt = createdAt
        self.writerVersion = writerVersion
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
        self.code = code
        self.name = name
        self.values = values
        self.geometry = geometry
    }
}

/// Every zone of a twin as columns, in code order: what the simulation and the map
/// read, without a dictionary per zone.
public struct ZoneTable: Sendable {
    public var codes: [String]
    public var names: [String]
    /// As stored (empty unless asked for).
    public var geometries: [WKBGeometry]
    /// Rings, for drawing (empty unless asked for), packed (see `ZoneRings`).
    public var outlines: ZoneRings
    /// Bounding boxes, always read (the GeoPackage header carries them).
    public var envelopes: [Envelope]
    /// Values by attribute id, one per zone; NaN means "no value".
    public var columns: [String: [Double]]
    /// Each zone's département, région and EPCI code ("" when unknown or outside one).
    public var departments: [String]
    public var regions: [String]
    public var epcis: [String]
    /// Zones imported without a value the simulation needs: drawn hatched, left out of totals.
    public var noData: [Bool]
    /// The EPSG code of the plane each zone's geometry, outline and envelope are in:
    /// Lambert-93 for the mainland, its own projection for an overseas département.
    public var srsIDs: [Int]
    public var count: Int { codes.count }

    /// The codes of a level for every zone (the commune level: the zone codes).
    public func codes(of level: TerritoryLevel) -> [String] {
        switch level {
        case .region: regions
        case .department: departments
        case .epci: epcis
        case .commune: codes
        }
    }

    /// What to read of each zone's geometry.
    public enum GeometryForm: Sendable { case envelopeOnly, wkb, outlines }

    /// The same zones in code order (SQLite's binary order of the UTF-8 bytes); no
    /// copy when they already are, as the importer writes them.
    public func sortedByCode() -> ZoneTable {
        let before: (String, String) -> Bool = { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        if zip(codes, codes.dropFirst()).allSatisfy({ before($0, $1) }) { return self }
        let order = codes.indices.sorted { before(codes[$0], codes[$1]) }
        func reordered<T>(_ items: [T]) -> [T] { items.isEmpty ? [] : order.map { items[$0] } }
        var sorted = ZoneTable(
            codes: reordered(codes), names: reordered(names), geometries: reordered(geometries),
            outlines: outlines.isEmpty ? outlines : outlines.subset(order), envelopes: reordered(envelopes),
            columns: columns.mapValues { reordered($0) })
        sorted.departments = reordered(departments)
        sorted.regions = reordered(regions)
        sorted.epcis = reordered(epcis)
        sorted.noData = reordered(noData)
        sorted.srsIDs = reordered(srsIDs)
        return sorted
    }

    public init(
        codes: [String], names: [String], geometries: [WKBGeometry] = [], outlines: ZoneRings = ZoneRings(),
        envelopes: [Envelope] = [], columns: [String: [Double]]
    ) {
        self.codes = codes
        self.names = names
        self.geometries = geometries
        self.outlines = outlines
        self.envelopes = envelopes.isEmpty ? geometries.map(\.envelope) : envelopes
        self.columns = columns
        let none = [String](repeating: "", count: codes.count)
        departments = codes.map { CommuneCode.department(of: $0) ?? "" }
        regions = none
        epcis = none
        noData = [Bool](repeating: false, count: codes.count)
        srsIDs = [Int](repeating: CRS.lambert93, count: codes.count)
    }

    /// The zones at the given indices, in that order.
    public func subset(_ indices: [Int]) -> ZoneTable {
        func pick<T>(_ items: [T]) -> [T] { items.isEmpty ? [] : indices.map { items[$0] } }
        var table = ZoneTable(
            codes: pick(codes), names: pick(names), geometries: pick(geometries),
            outlines: outlines.isEmpty ? outlines : outlines.subset(indices),
            envelopes: pick(envelopes), columns: columns.mapValues { pick($0) })
        table.departments = pick(departments)
        table.regions = pick(regions)
        table.epcis = pick(epcis)
        table.noData = pick(noData)
        table.srsIDs = pick(srsIDs)
        return table
    }
}

public enum JumeauVersion {
    public static let current = "0.1.0"
}
