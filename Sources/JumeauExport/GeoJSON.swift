import JumeauModel

/// One zone as exported: identity, shape in WGS84 longitude/latitude, and values.
public struct ExportedZone: Sendable {
    public var code: String
    public var name: String
    public var shape: MultiPolygonCoordinates
    public var values: [Double]
    public init(code: String, name: String, shape: MultiPolygonCoordinates, values: [Double]) {
        self.code = code; self.name = name; self.shape = shape; self.values = values
    }
}

/// RFC 7946 GeoJSON: WGS84 longitude/latitude, exterior rings counter-clockwise and
/// holes clockwise, no "crs" member, numbers only where finite (null otherwise).
public enum GeoJSON {
    /// - Parameters:
    ///   - columns: the property names of `values`, in order.
    ///   - shared: text and number properties shared by every feature (scenario, year).
    ///   - decimals: coordinate precision; 7 places is about a centimetre.
    public static func featureCollection(_ zones: [ExportedZone], columns: [String], shared: (texts: [(String, String)], numbers: [(String, Double)]) = ([], []),
                                         decimals: Int = 7) -> String {
        var out = "{\"type\":\"FeatureCollection\",\"features\":[\n"
        out.reserveCapacity(zones.reduce(0) { $0 + $1.shape.pointCount * 24 + 200 })
        for (index, zone) in zones.enumerated() {
            if index > 0 { out += ",\n" }
            out += "{\"type\":\"Feature\",\"properties\":{\"code\":"
            out += JSONText.string(zone.code)
            out += ",\"name\":"
            out += JSONText.string(zone.name)
            for (key, value) in shared.texts { out += "," + JSONText.string(key) + ":" + JSONText.string(value) }
            for (key, value) in shared.numbers { out += "," + JSONText.string(key) + ":" + JSONText.number(value) }
            for (column, value) in zip(columns, zone.values) {
                out += "," + JSONText.string(column) + ":" + JSONText.number(value)
            }
            out += "},\"geometry\":"
            geometry(zone.shape, decimals: decimals, into: &out)
            out += "}"
        }
        out += "\n]}\n"
        return out
    }

    static func geometry(_ shape: MultiPolygonCoordinates, decimals: Int, into out: inout String) {
        out += "{\"type\":\"MultiPolygon\",\"coordinates\":["
        for (p, polygon) in shape.polygons.enumerated() {
            if p > 0 { out += "," }
            out += "["
            for (r, ring) in polygon.rings.enumerated() {
                if r > 0 { out += "," }
                // Exterior counter-clockwise, holes clockwise (RFC 7946 §3.1.6).
                let counterClockwise = signedArea(ring) > 0
                let oriented = (r == 0) == counterClockwise ? ring : ring.reversed()
                out += "["
                for (i, point) in oriented.enumerated() {
                    if i > 0 { out += "," }
                    out += "[" + JSONText.coordinate(point.x, decimals) + "," + JSONText.coordinate(point.y, decimals) + "]"
                }
                out += "]"
            }
            out += "]"
        }
        out += "]}"
    }

    /// Shoelace: positive when counter-clockwise.
    static func signedArea(_ ring: [Point2]) -> Double {
        guard ring.count > 2 else { return 0 }
        var sum = 0.0
        for i in 0..<(ring.count - 1) { sum += ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y }
        return sum / 2
    }
}

/// JSON scalars written by hand: the exporter streams large files.
enum JSONText {
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029:
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    static func coordinate(_ value: Double, _ decimals: Int) -> String {
        let scale = pow10(decimals)
        let rounded = (value * scale).rounded() / scale
        return rounded == rounded.rounded() ? String(Int64(rounded)) : "\(rounded)"
    }

    static func pow10(_ n: Int) -> Double { (0..<n).reduce(1.0) { acc, _ in acc * 10 } }
}
