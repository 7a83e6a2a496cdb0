/// How a value entered the twin. Nothing enters the twin without it.
public enum ValueStatus: String, Codable, Sendable, CaseIterable {
    /// Read from a published source (INSEE, IGN, an imported file).
    case observed
    /// Computed by Jumeau's documented estimation method (docs/data.md).
    case estimated
    /// Observed for some zones, estimated for the others.
    case mixed
    /// Derived from the geometry (areas).
    case computed
}

/// The description of one zone attribute: a column of the `zones` table.
public struct AttributeDefinition: Hashable, Codable, Sendable {
    /// Column name in `zones`: lower-case ASCII letters, digits and underscores.
    public var id: String
    public var labelFR: String
    public var labelEN: String
    public var unit: String
    public var source: String
    public var licence: String
    public var year: Int?
    public var status: ValueStatus
    /// How the value was obtained, in one sentence (the estimation method when estimated).
    public var method: String

    public init(id: String, labelFR: String, labelEN: String, unit: String, source: String,
                licence: String, year: Int?, status: ValueStatus, method: String = "") {
        self.id = id; self.labelFR = labelFR; self.labelEN = labelEN; self.unit = unit
        self.source = source; self.licence = licence; self.year = year; self.status = status
        self.method = method
    }

    /// Whether `name` can be used as an attribute id (and so as an SQL column name
    /// without quoting tricks).
    public static func isValidID(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !name.isEmpty, name.count <= 63 else { return false }
        guard ("a"..."z").contains(first) || first == "_" else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// Turns an arbitrary property name ("Surface (km²)") into a valid id ("surface_km").
    public static func sanitizedID(_ name: String) -> String {
        var out = ""
        var lastUnderscore = false
        for scalar in name.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                out.unicodeScalars.append(scalar); lastUnderscore = false
            } else if scalar.properties.isDiacritic || scalar.properties.generalCategory == .nonspacingMark {
                continue
            } else if !lastUnderscore && !out.isEmpty {
                out.append("_"); lastUnderscore = true
            }
        }
        while out.hasSuffix("_") { out.removeLast() }
        if out.isEmpty { out = "attr" }
        if let first = out.unicodeScalars.first, ("0"..."9").contains(first) { out = "a_" + out }
        return String(out.prefix(63))
    }
}

/// Column names that belong to the zones table itself and can never be attributes.
public let reservedZoneColumns: Set<String> = ["fid", "geom", "code", "name", "dep", "reg", "epci", "missing"]
