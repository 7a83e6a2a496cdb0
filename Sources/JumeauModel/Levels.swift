import Foundation

/// The administrative levels a commune belongs to, largest first.
public enum TerritoryLevel: String, CaseIterable, Sendable, Codable, Comparable {
    case region = "reg"
    case department = "dep"
    case epci = "epci"
    case commune = "com"

    /// Larger levels compare smaller: région < département < EPCI < commune.
    public static func < (lhs: TerritoryLevel, rhs: TerritoryLevel) -> Bool { lhs.rank < rhs.rank }

    /// Its place from the largest, 0 for the région.
    public var rank: Int {
        switch self {
        case .region: 0
        case .department: 1
        case .epci: 2
        case .commune: 3
        }
    }
}

/// One named territory of a level: a région, a département or an EPCI.
public struct LevelUnit: Hashable, Sendable, Codable {
    public var level: TerritoryLevel
    public var code: String
    public var name: String
    public init(level: TerritoryLevel, code: String, name: String) {
        self.level = level
        self.code = code
        self.name = name
    }
}

/// France's overseas départements, each measured and drawn in its official projection
/// (IGN's choices for ADMIN EXPRESS): the mainland (and Corsica) uses Lambert-93.
public enum OverseasTerritory: String, CaseIterable, Sendable {
    case guadeloupe = "971"
    case martinique = "972"
    case guyane = "973"
    case reunion = "974"
    case mayotte = "976"

    /// RGAF09 / UTM 20N (Antilles), RGFG95 / UTM 22N, RGR92 / UTM 40S, RGM04 / UTM 38S.
    public var epsg: Int {
        switch self {
        case .guadeloupe, .martinique: 5490
        case .guyane: 2972
        case .reunion: 2975
        case .mayotte: 4471
        }
    }

    /// A box of longitude and latitude around the territory, for zones whose code does not say.
    public var lonLatBox: Envelope {
        switch self {
        case .guadeloupe: Envelope(minX: -62.0, minY: 15.8, maxX: -60.9, maxY: 16.6)
        case .martinique: Envelope(minX: -61.3, minY: 14.3, maxX: -60.7, maxY: 14.95)
        case .guyane: Envelope(minX: -54.7, minY: 2.0, maxX: -51.5, maxY: 6.0)
        case .reunion: Envelope(minX: 55.1, minY: -21.5, maxX: 55.9, maxY: -20.8)
        case .mayotte: Envelope(minX: 44.9, minY: -13.1, maxX: 45.4, maxY: -12.5)
        }
    }

    /// The territory of an INSEE commune code (971…976), nil for the mainland.
    public static func of(code: String) -> OverseasTerritory? {
        guard code.hasPrefix("97"), code.count >= 3 else { return nil }
        return OverseasTerritory(rawValue: String(code.prefix(3)))
    }

    /// The territory whose box holds a lon/lat box, nil for the mainland.
    public static func of(lonLat box: Envelope) -> OverseasTerritory? {
        allCases.first { territory in
            let area = territory.lonLatBox
            return area.minX <= box.center.x && box.center.x <= area.maxX && area.minY <= box.center.y
                && box.center.y <= area.maxY
        }
    }

    /// The projection a zone is measured and drawn in.
    public static func epsg(for code: String?) -> Int {
        code.flatMap { OverseasTerritory(rawValue: $0) }?.epsg ?? CRS.lambert93
    }
}

/// Where a commune belongs: its département (from its INSEE code when no file says).
public enum CommuneCode {
    /// "33063" → "33", "2A004" → "2A", "97411" → "974"; nil when the code is no INSEE code.
    public static func department(of code: String) -> String? {
        // On the UTF-8 bytes: a national twin asks this of 35,000 codes as it opens.
        let bytes = code.utf8
        guard bytes.count == 5,
            bytes.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0 & 0xDF) })
        else { return nil }
        return code.hasPrefix("97") ? String(code.prefix(3)) : String(code.prefix(2))
    }

    /// The commune an arrondissement municipal belongs to (Paris 75101–75120, Lyon
    /// 69381–69389, Marseille 13201–13216), nil for any other code.
    public static func communeOfArrondissement(_ code: String) -> String? {
        guard code.count == 5, let number = Int(code) else { return nil }
        switch number {
        case 75101...75120: return "75056"
        case 69381...69389: return "69123"
        case 13201...13216: return "13055"
        default: return nil
        }
    }
}
