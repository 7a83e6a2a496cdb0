import Foundation
import JumeauModel

/// A property value of a GeoJSON feature. Nested objects and arrays are kept only
/// as "other": they never become attributes.
public enum PropertyValue: Equatable, Sendable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case other

    public var number: Double? { if case .number(let value) = self { return value } else { return nil } }

    /// The value as text (codes may be numbers in some files: 33063 for "33063").
    public var text: String? {
        switch self {
        case .string(let s): return s
        case .number(let n):
            if n.rounded() == n, abs(n) < 1e15 { return String(Int64(n)) }
            return String(n)
        default: return nil
        }
    }
}

/// One feature as read: its properties and polygon rings as interleaved lon,lat pairs.
public struct GeoJSONFeature {
    /// Position of the feature in the collection, from 0.
    public var index: Int
    public var properties: [String: PropertyValue]
    /// Polygons → rings → interleaved [x0, y0, x1, y1, …].
    public var polygons: [[[Double]]]
    public var geometryType: String
    /// Where the feature ends in the file, in bytes (for progress).
    public var endOffset = 0
    /// Properties whose text was not valid UTF-8 (or held a lone surrogate escape): their
    /// bad bytes were replaced by U+FFFD.
    public var repairedProperties: [String] = []
}

/// Why a GeoJSON file cannot be read, with where.
public struct GeoJSONError: MessageError {
    public var message: Message
    public init(_ key: String, _ arguments: [String: any MessageArgument] = [:]) { message = Message(key, arguments) }
}

/// A streaming reader of RFC 7946 FeatureCollections of Polygon/MultiPolygon.
/// Features are handed over one at a time so a national file never sits in memory
/// as a tree of objects; coordinates are parsed straight into Double arrays.
public struct GeoJSONReader {
    let bytes: UnsafeRawBufferPointer
    let fileName: String
    var position = 0
    /// Set by `parseString` when the text it returned had to be repaired.
    private var repairedString = false
    /// Arrays and objects open at the current position: the parser recurses into them.
    private var nesting = 0
    /// Deeper nesting is refused before it exhausts the stack (10,000 `[` in a property
    /// did); no GeoJSON needs more than a few levels.
    static let maximumNesting = 512

    /// - Parameter bytes: the whole file; must stay valid during `readFeatures`.
    public init(bytes: UnsafeRawBufferPointer, fileName: String) {
        self.bytes = bytes
        self.fileName = fileName
    }

    /// Calls `body` for each feature, in order. Throws on the first malformed byte
    /// or feature, naming the file, and the line or feature index.
    public mutating func readFeatures(_ body: (GeoJSONFeature) throws -> Void) throws {
        skipWhitespace()
        if position + 3 <= bytes.count, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3; skipWhitespace() }
        guard position < bytes.count else { throw error("geojson.empty") }
        guard bytes[position] == UInt8(ascii: "{") else { throw syntax("geojson.expected_object") }
        var type: String?
        var sawFeatures = false
        try parseObject { reader, key in
            switch key {
            case "type":
                let value = try reader.parseString()
                guard value == "FeatureCollection" else {
                    throw reader.error("geojson.wrong_type", ["type": value])
                }
                type = value
            case "features":
                sawFeatures = true
                try reader.readFeatureArray(body)
            case "crs":
                try reader.checkCRS()
            default:
                try reader.skipValue()
            }
        }
        skipWhitespace()
        guard position == bytes.count else { throw syntax("geojson.trailing") }
        guard type == "FeatureCollection" else { throw error("geojson.no_type") }
        guard sawFeatures else { throw error("geojson.no_features") }
    }

    /// Old-style GeoJSON may name a CRS; RFC 7946 is WGS84 only, which is all we accept.
    private mutating func checkCRS() throws {
        let start = position
        try skipValue()
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        let wgs84 = ["CRS84", "EPSG::4326", "EPSG:4326", "null"]
        guard wgs84.contains(where: { text.contains($0) }) else {
            throw error("geojson.not_wgs84", ["crs": text.prefix(80)])
        }
    }

    private mutating func readFeatureArray(_ body: (GeoJSONFeature) throws -> Void) throws {
        guard peek() == UInt8(ascii: "[") else { throw syntax("geojson.features_not_array") }
        position += 1
        var index = 0
        skipWhitespace()
        if peek() == UInt8(ascii: "]") { position += 1; return }
        while true {
            skipWhitespace()
            let feature = try parseFeature(index: index)
            try body(feature)
            index += 1
            skipWhitespace()
            if peek() == UInt8(ascii: ",") { position += 1; continue }
            if peek() == UInt8(ascii: "]") { position += 1; return }
            throw syntax("geojson.after_feature", ["index": index - 1])
        }
    }

    private mutating func parseFeature(index: Int) throws -> GeoJSONFeature {
        guard peek() == UInt8(ascii: "{") else { throw syntax("geojson.feature_not_object", ["index": index]) }
        var feature = GeoJSONFeature(index: index, properties: [:], polygons: [], geometryType: "")
        var sawGeometry = false
        var depth = 0
        var featureType: String?
        try parseObject { reader, key in
            switch key {
            case "type": featureType = try reader.parseString()
            case "properties":
                if reader.peek() == UInt8(ascii: "n") {
                    try reader.parseLiteral("null")
                } else {
                    feature.properties = try reader.parseProperties(repaired: &feature.repairedProperties)
                }
            case "geometry":
                sawGeometry = true
                if reader.peek() == UInt8(ascii: "n") {
                    try reader.parseLiteral("null")
                } else {
                    (feature.geometryType, feature.polygons, depth) = try reader.parseGeometry(index: index)
                }
            default: try reader.skipValue()
            }
        }
        feature.endOffset = position
        guard featureType == "Feature" else { throw error("geojson.not_feature", ["index": index]) }
        guard sawGeometry, !feature.geometryType.isEmpty else { throw error("geojson.no_geometry", ["index": index]) }
        switch (feature.geometryType, depth) {
        case ("Polygon", 3), ("MultiPolygon", 4): break
        case ("Polygon", -1), ("MultiPolygon", -1): throw error("geojson.empty_geometry", ["index": index])
        case ("Polygon", _), ("MultiPolygon", _):
            throw error("geojson.coordinates_mismatch", ["index": index, "type": feature.geometryType])
        default:
            throw error("geojson.not_polygon", ["index": index, "type": feature.geometryType])
        }
        return feature
    }

    /// Reads {"type": …, "coordinates": …} in any key order.
    private mutating func parseGeometry(index: Int) throws -> (String, [[[Double]]], Int) {
        guard peek() == UInt8(ascii: "{") else { throw error("geojson.geometry_not_object", ["index": index]) }
        var type = ""
        var polygons: [[[Double]]] = []
        var depth = 0
        try parseObject { reader, key in
            switch key {
            case "type": type = try reader.parseString()
            case "coordinates": (polygons, depth) = try reader.parseCoordinates(index: index)
            default: try reader.skipValue()
            }
        }
        return (type, polygons, depth)
    }

    /// Nesting depth decides the shape: 3 = Polygon, 4 = MultiPolygon (other depths
    /// are other geometry types, rejected by the caller).
    private mutating func parseCoordinates(index: Int) throws -> ([[[Double]]], Int) {
        var depth = 0
        var probe = position
        while probe < bytes.count {
            let c = bytes[probe]
            if c == UInt8(ascii: "[") { depth += 1 } else if !isWhitespace(c) { break }
            probe += 1
        }
        // "[]", "[[]]": no position at all.
        if probe < bytes.count, bytes[probe] == UInt8(ascii: "]") {
            try skipValue()
            return ([], -1)
        }
        switch depth {
        case 3: return ([try parsePolygon(index: index)], 3)
        case 4:
            var polygons: [[[Double]]] = []
            try parseArray { polygons.append(try $0.parsePolygon(index: index)) }
            return (polygons, 4)
        default:
            try skipValue()
            return ([], depth)
        }
    }

    private mutating func parsePolygon(index: Int) throws -> [[Double]] {
        var rings: [[Double]] = []
        try parseArray { reader in
            var ring: [Double] = []
            ring.reserveCapacity(64)
            try reader.parseArray { reader in
                // A position: [lon, lat] or [lon, lat, altitude]; extra values are ignored.
                var n = 0
                try reader.parseArray { reader in
                    let value = try reader.parseNumber()
                    if n < 2 { ring.append(value) }
                    n += 1
                }
                guard n >= 2 else { throw reader.error("geojson.short_position", ["index": index]) }
                let lon = ring[ring.count - 2], lat = ring[ring.count - 1]
                guard lon >= -180, lon <= 180, lat >= -90, lat <= 90 else {
                    throw reader.error("geojson.outside_wgs84", ["index": index, "lon": "\(lon)", "lat": "\(lat)"])
                }
            }
            rings.append(ring)
        }
        return rings
    }

    private mutating func parseProperties(repaired: inout [String]) throws -> [String: PropertyValue] {
        guard peek() == UInt8(ascii: "{") else { throw syntax("geojson.properties_not_object") }
        var properties: [String: PropertyValue] = [:]
        try parseObject { reader, key in
            switch reader.peek() {
            case UInt8(ascii: "\""):
                properties[key] = .string(try reader.parseString())
                if reader.repairedString { repaired.append(key) }
            case UInt8(ascii: "t"): try reader.parseLiteral("true"); properties[key] = .bool(true)
            case UInt8(ascii: "f"): try reader.parseLiteral("false"); properties[key] = .bool(false)
            case UInt8(ascii: "n"): try reader.parseLiteral("null"); properties[key] = .null
            case UInt8(ascii: "{"), UInt8(ascii: "["): try reader.skipValue(); properties[key] = .other
            default: properties[key] = .number(try reader.parseNumber())
            }
        }
        return properties
    }

    // MARK: Lexing

    private func peek() -> UInt8 { position < bytes.count ? bytes[position] : 0 }

    @inline(__always) private func isWhitespace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09
    }

    private mutating func skipWhitespace() {
        while position < bytes.count, isWhitespace(bytes[position]) { position += 1 }
    }

    private mutating func expect(_ character: Unicode.Scalar) throws {
        guard peek() == UInt8(ascii: character) else { throw syntax("geojson.expected_character", ["character": String(character)]) }
        position += 1
    }

    private mutating func parseLiteral(_ literal: StaticString) throws {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count,
              memcmp(bytes.baseAddress! + position, literal.utf8Start, count) == 0 else {
            throw syntax("geojson.invalid_literal")
        }
        position += count
    }

    /// Calls `member` with each key of an object at the current position, positioned on
    /// its value, which `member` must consume.
    private mutating func parseObject(_ member: (inout GeoJSONReader, String) throws -> Void) throws {
        guard peek() == UInt8(ascii: "{") else { throw syntax("geojson.expected_an_object") }
        nesting += 1
        defer { nesting -= 1 }
        guard nesting <= Self.maximumNesting else { throw syntax("geojson.too_deep", ["levels": Self.maximumNesting]) }
        position += 1
        var first = true
        while true {
            skipWhitespace()
            if peek() == UInt8(ascii: "}") { position += 1; return }
            if !first { try expect(","); skipWhitespace() }
            first = false
            let key = try parseString()
            skipWhitespace(); try expect(":"); skipWhitespace()
            try member(&self, key)
        }
    }

    /// Calls `element` for each element of an array at the current position.
    private mutating func parseArray(_ element: (inout GeoJSONReader) throws -> Void) throws {
        guard peek() == UInt8(ascii: "[") else { throw syntax("geojson.expected_array") }
        nesting += 1
        defer { nesting -= 1 }
        guard nesting <= Self.maximumNesting else { throw syntax("geojson.too_deep", ["levels": Self.maximumNesting]) }
        position += 1
        skipWhitespace()
        if peek() == UInt8(ascii: "]") { position += 1; return }
        while true {
            skipWhitespace()
            try element(&self)
            skipWhitespace()
            let c = peek()
            position += 1
            if c == UInt8(ascii: ",") { continue }
            if c == UInt8(ascii: "]") { return }
            position -= 1
            throw syntax("geojson.array_separator")
        }
    }

    private static let powersOfTen: [Double] = (0...22).map { pow(10.0, Double($0)) }

    /// JSON number. Up to 15 significant digits and small exponents, the result is
    /// exact (an exact integer divided or multiplied by an exact power of ten, one
    /// rounding); anything longer goes through strtod.
    mutating func parseNumber() throws -> Double {
        let start = position
        var negative = false
        if peek() == UInt8(ascii: "-") { negative = true; position += 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var sawDigit = false
        // JSON allows no leading zero ("00012", "-01"): such a number is not JSON.
        if peek() == 0x30, position + 1 < bytes.count, bytes[position + 1] >= 0x30, bytes[position + 1] <= 0x39 {
            throw syntax("geojson.leading_zero")
        }
        while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 {
            mantissa = mantissa &* 10 &+ UInt64(bytes[position] - 0x30)
            if mantissa != 0 { digits += 1 }
            position += 1; sawDigit = true
        }
        if peek() == UInt8(ascii: ".") {
            position += 1
            var sawFraction = false
            while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 {
                mantissa = mantissa &* 10 &+ UInt64(bytes[position] - 0x30)
                if mantissa != 0 { digits += 1 }
                fractionDigits += 1
                position += 1; sawFraction = true
            }
            guard sawFraction else { position = start; throw syntax("geojson.invalid_number") }
        }
        guard sawDigit else { position = start; throw syntax("geojson.expected_value") }
        var exponent = 0
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            position += 1
            var negativeExponent = false
            if peek() == UInt8(ascii: "-") { negativeExponent = true; position += 1 } else if peek() == UInt8(ascii: "+") { position += 1 }
            var sawExponent = false
            while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 {
                exponent = min(exponent * 10 + Int(bytes[position] - 0x30), 10_000)
                position += 1; sawExponent = true
            }
            guard sawExponent else { position = start; throw syntax("geojson.invalid_number") }
            if negativeExponent { exponent = -exponent }
        }
        let scale = exponent - fractionDigits
        if digits <= 15, abs(scale) <= 22 {
            var value = Double(mantissa)
            value = scale < 0 ? value / Self.powersOfTen[-scale] : value * Self.powersOfTen[scale]
            return negative ? -value : value
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw syntax("geojson.number_range") }
        return value
    }

    mutating func parseString() throws -> String {
        guard peek() == UInt8(ascii: "\"") else { throw syntax("geojson.expected_string") }
        position += 1
        repairedString = false
        let start = position
        // Fast path: no escapes.
        while position < bytes.count {
            let c = bytes[position]
            if c == UInt8(ascii: "\"") {
                let s = text(UnsafeRawBufferPointer(rebasing: bytes[start..<position]))
                position += 1
                return s
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { throw syntax("geojson.control_character") }
            position += 1
        }
        var utf8 = [UInt8](UnsafeRawBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let c = bytes[position]
            position += 1
            switch c {
            case UInt8(ascii: "\""): return utf8.withUnsafeBytes { text($0) }
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { break }
                let e = bytes[position]
                position += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(e)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try parseHex4()
                    if (0xD800...0xDBFF).contains(scalar), peek() == UInt8(ascii: "\\"), position + 1 < bytes.count,
                       bytes[position + 1] == UInt8(ascii: "u") {
                        let backslash = position
                        position += 1
                        try expect("u")
                        let low = try parseHex4()
                        if (0xDC00...0xDFFF).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            // A lone high surrogate (found by fuzzing: the sum overflowed): U+FFFD,
                            // and the next escape is read on its own.
                            position = backslash
                        }
                    }
                    let character = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                    if Unicode.Scalar(scalar) == nil { repairedString = true }
                    utf8.append(contentsOf: String(character).utf8)
                default: throw syntax("geojson.invalid_escape")
                }
            default:
                if c < 0x20 { throw syntax("geojson.control_character") }
                utf8.append(c)
            }
        }
        throw syntax("geojson.unterminated_string")
    }

    /// The string of UTF-8 bytes; invalid sequences become U+FFFD and are noted.
    private mutating func text(_ raw: UnsafeRawBufferPointer) -> String {
        // Keys, codes and most names are ASCII: no validation to pay for.
        if !raw.contains(where: { $0 >= 0x80 }) { return String(decoding: raw, as: UTF8.self) }
        if let valid = String(validating: raw.bindMemory(to: UInt8.self), as: UTF8.self) { return valid }
        repairedString = true
        return String(decoding: raw, as: UTF8.self)
    }

    private mutating func parseHex4() throws -> UInt32 {
        guard position + 4 <= bytes.count else { throw syntax("geojson.invalid_unicode_escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[position]
            position += 1
            let digit: UInt32
            switch c {
            case 0x30...0x39: digit = UInt32(c - 0x30)
            case 0x41...0x46: digit = UInt32(c - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(c - 0x61 + 10)
            default: throw syntax("geojson.invalid_unicode_escape")
            }
            value = value << 4 | digit
        }
        return value
    }

    /// Skips any JSON value, validating it.
    private mutating func skipValue() throws {
        switch peek() {
        case UInt8(ascii: "{"): try parseObject { reader, _ in try reader.skipValue() }
        case UInt8(ascii: "["): try parseArray { try $0.skipValue() }
        case UInt8(ascii: "\""): _ = try parseString()
        case UInt8(ascii: "t"): try parseLiteral("true")
        case UInt8(ascii: "f"): try parseLiteral("false")
        case UInt8(ascii: "n"): try parseLiteral("null")
        default: _ = try parseNumber()
        }
    }

    // MARK: Errors

    func error(_ key: String, _ arguments: [String: any MessageArgument] = [:]) -> GeoJSONError {
        GeoJSONError("geojson.in_file", ["file": fileName, "cause": Message(key, arguments)])
    }

    /// A syntax error, located by line and column.
    func syntax(_ key: String, _ arguments: [String: any MessageArgument] = [:]) -> GeoJSONError {
        var line = 1, column = 1
        let end = min(position, bytes.count)
        for i in 0..<end {
            if bytes[i] == 0x0A { line += 1; column = 1 } else { column += 1 }
        }
        let what = position >= bytes.count ? Message("geojson.end_of_file") : Message(key, arguments)
        return GeoJSONError("geojson.syntax", ["file": fileName, "line": line, "column": column, "cause": what])
    }
}
