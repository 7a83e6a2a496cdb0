import Foundation
import JumeauGeometry
import JumeauImport
import JumeauModel

/// A deterministic synthetic territory over metropolitan France: a jittered grid of
/// zones with wiggly edges, where neighbours share exactly the same boundary points.
/// The national-scale benchmark fixture (35,000 zones ≈ the number of communes).
public struct SyntheticTerritory {
    public var zoneCount: Int
    public var seed: UInt64
    /// Intermediate points on each cell edge (12 gives ≈ 1.3 kB of GeoJSON per zone:
    /// 35,000 zones ≈ 45 MB, like a national commune file).
    public var pointsPerEdge = 12

    /// Metropolitan France's box in Lambert-93, metres.
    static let extent = Envelope(minX: 120_000, minY: 6_100_000, maxX: 1_080_000, maxY: 7_080_000)

    public init(zoneCount: Int, seed: UInt64 = 1) {
        self.zoneCount = zoneCount
        self.seed = seed
    }

    public var grid: (columns: Int, rows: Int) {
        let aspect = Self.extent.width / Self.extent.height
        let columns = max(1, Int((Double(zoneCount) * aspect).squareRoot().rounded(.up)))
        return (columns, (zoneCount + columns - 1) / columns)
    }

    /// SplitMix64: a stateless hash, so any vertex can be computed on its own and
    /// neighbours agree on it.
    func hash(_ a: Int, _ b: Int, _ c: Int) -> UInt64 {
        var z =
            seed &+ UInt64(bitPattern: Int64(a)) &* 0x9E37_79B9_7F4A_7C15
            &+ UInt64(bitPattern: Int64(b)) &* 0xBF58_476D_1CE4_E5B9 &+ UInt64(bitPattern: Int64(c))
            &* 0x94D0_49BB_1331_11EB
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [-1, 1).
    func unit(_ a: Int, _ b: Int, _ c: Int) -> Double {
        Double(hash(a, b, c) >> 11) / Double(1 << 52) - 1
    }

    var cellSize: (width: Double, height: Double) {
        let (columns, rows) = grid
        return (Self.extent.width / Double(columns), Self.extent.height / Double(rows))
    }

    /// Grid corner (i, j), jittered by up to 20 % of a cell.
    func corner(_ i: Int, _ j: Int) -> Point2 {
        let (w, h) = cellSize
        let (columns, rows) = grid
        let interior = i > 0 && j > 0 && i < columns && j < rows
        let dx = interior ? unit(i, j, 1) * 0.2 * w : 0
        let dy = interior ? unit(i, j, 2) * 0.2 * h : 0
        return Point2(x: Self.extent.minX + Double(i) * w + dx, y: Self.extent.minY + Double(j) * h + dy)
    }

    /// Points of the edge from corner a to corner b (excluding b). Computed from the
    /// edge's canonical direction so both neighbours get identical points.
    func edge(from a: (Int, Int), to b: (Int, Int)) -> [Point2] {
        let forward = a < b
        let (p, q) = forward ? (a, b) : (b, a)
        let start = corner(p.0, p.1)
        let end = corner(q.0, q.1)
        let horizontal = p.1 == q.1
        let (w, h) = cellSize
        let amplitude = 0.06 * (horizontal ? h : w)
        var points = [start]
        let n = pointsPerEdge
        for k in 1...n {
            let t = Double(k) / Double(n + 1)
            // Tapered displacement across the edge: zero at the corners.
            let offset = unit(p.0 * 2 + (horizontal ? 0 : 1), p.1, 100 + k) * amplitude * sin(t * .pi)
            let x = start.x + (end.x - start.x) * t + (horizontal ? 0 : offset)
            let y = start.y + (end.y - start.y) * t + (horizontal ? offset : 0)
            points.append(Point2(x: x, y: y))
        }
        if forward { return points }
        return [end] + points.dropFirst().reversed()
    }

    /// The closed ring of cell (column, row), counter-clockwise, in Lambert-93.
    public func ring(column i: Int, row j: Int) -> [Point2] {
        var ring: [Point2] = []
        ring += edge(from: (i, j), to: (i + 1, j))
        ring += edge(from: (i + 1, j), to: (i + 1, j + 1))
        ring += edge(from: (i + 1, j + 1), to: (i, j + 1))
        ring += edge(from: (i, j + 1), to: (i, j))
        ring.append(ring[0])
        return ring
    }

    public func code(_ index: Int) -> String { String(format: "S%05d", index + 1) }

    /// A skewed population: most zones are villages, a few are towns and cities
    /// (median ≈ 400, mean ≈ 2,000, like French communes).
    public func population(_ index: Int) -> Int {
        let u = (unit(index, 7, 3) + 1) / 2
        let v = (unit(index, 7, 4) + 1) / 2
        let base = 60 * exp(3.2 * u)
        let city = v > 0.995 ? 20 * pow(10, 3 + 2 * u) / 20 : 0
        return Int((base + city + 40 * pow(u, 8) * 1_000).rounded())
    }

    static let syllables = [
        "Bel", "mont", "Roche", "ville", "Val", "court", "Saint", "Mar", "lac", "Font",
        "aine", "Bois", "champ", "Pré", "Vign", "eaux", "Ros", "ière", "Mou", "lin",
    ]

    public func name(_ index: Int) -> String {
        let h = hash(index, 11, 5)
        let a = Self.syllables[Int(h % 20)]
        let b = Self.syllables[Int((h >> 8) % 20)].lowercased()
        let c = Self.syllables[Int((h >> 16) % 20)]
        let stem = (a.prefix(1).uppercased() + a.dropFirst()) + b
        return h >> 40 & 3 == 0 ? "\(stem)-sur-\(c)" : "\(stem) \(index + 1)"
    }

    /// Writes the territory as an RFC 7946 GeoJSON FeatureCollection (WGS84, 6 decimals).
    public func geoJSON() throws -> Data {
        let projector = try Projector(from: CRS.wgs84, to: CRS.lambert93)
        var out = [UInt8]()
        out.reserveCapacity(zoneCount * 1_400)
        out += Array(#"{"type":"FeatureCollection","features":["#.utf8)
        let (columns, _) = grid
        var buffer = [Double]()
        for index in 0..<zoneCount {
            let ring = self.ring(column: index % columns, row: index / columns)
            buffer.removeAll(keepingCapacity: true)
            for p in ring {
                buffer.append(p.x)
                buffer.append(p.y)
            }
            try projector.transform(interleaved: &buffer, inverse: true)
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out += Array(
                #"{"type":"Feature","properties":{"code":"\#(code(index))","nom":"\#(name(index))","population":\#(population(index))},"geometry":{"type":"Polygon","coordinates":[["#
                    .utf8)
            for k in stride(from: 0, to: buffer.count, by: 2) {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "["))
                Self.append(buffer[k], to: &out)
                out.append(UInt8(ascii: ","))
                Self.append(buffer[k + 1], to: &out)
                out.append(UInt8(ascii: "]"))
            }
            out += Array("]]}}".utf8)
        }
        out += Array("]}\n".utf8)
        return Data(out)
    }

    /// Fixed 6 decimals (≈ 0.1 m), trailing zeros dropped: shared vertices print alike.
    static func append(_ value: Double, to out: inout [UInt8]) {
        var micro = Int64((value * 1_000_000).rounded())
        if micro < 0 {
            out.append(UInt8(ascii: "-"))
            micro = -micro
        }
        let whole = micro / 1_000_000
        var fraction = micro % 1_000_000
        out += Array(String(whole).utf8)
        guard fraction > 0 else { return }
        var digits = 6
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let text = String(fraction)
        out.append(UInt8(ascii: "."))
        for _ in 0..<(digits - text.utf8.count) { out.append(UInt8(ascii: "0")) }
        out += Array(text.utf8)
    }

    /// Builds the territory straight into a twin, through the ordinary importer.
    public func writeTwin(to path: String, force: Bool) throws -> ImportReport {
        var options = ImportOptions(
            sources: [ImportSource(name: "generated (seed \(seed))", bytes: try geoJSON())], destination: path)
        options.codeField = "code"
        options.nameField = "nom"
        options.territoryName = "Synthetic territory (\(zoneCount) zones, seed \(seed))"
        options.attribution = StandardProvenance.synthetic.text([
            "version": JumeauVersion.current, "seed": String(seed),
        ])
        options.provenance["population"] = ColumnProvenance(
            source: StandardProvenance.generator.text(),
            licence: "public domain", year: nil,
            status: .estimated, method: "deterministic skewed distribution from the seed")
        options.force = force
        return try TerritoryImporter(options: options).run()
    }
}
