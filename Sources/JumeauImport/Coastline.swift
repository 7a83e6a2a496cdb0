import Foundation
import HeapModule
import JumeauModel

/// Each commune's coastline, from the commune boundaries of a whole country (docs/data.md).
///
/// IGN's boundaries are topologically consistent: an edge two communes share is the same
/// pair of vertices in both. An edge no other commune shares is therefore on the outline of
/// the country: coast, or a national land border. The land borders are the arcs of that
/// outline between the points where they meet the sea (`LandBorder`): the shorter arc from
/// Bray-Dunes to Menton (Belgium to Italy), from Hendaye to Cerbère (Spain and Andorra),
/// around Monaco; in Guyane, everything but the shorter arc from the Maroni to the Oyapock.
///
/// Where two neighbours' boundaries were simplified differently (communes merged since),
/// their unshared edges enclose thin gaps between them: a closed set of unshared edges
/// counts as coast only when it encloses about as much land as the communes it bounds
/// (an island, the mainland), never a sliver of nothing.
public struct CoastlineFinder {
    /// An edge, its ends in 10⁻⁷ degrees (about a centimetre), the lower end first.
    struct Edge: Comparable {
        var x0: Int32, y0: Int32, x1: Int32, y1: Int32
        var zone: Int32
        /// The polygon of the zone it bounds (`partAreas`).
        var part: Int32
        /// The zone's ring runs from (x0, y0) to (x1, y1), not back.
        var forward: Bool
        /// Each end as one number, for a cheap order.
        var low: UInt64 { UInt64(UInt32(bitPattern: x0)) << 32 | UInt64(UInt32(bitPattern: y0)) }
        var high: UInt64 { UInt64(UInt32(bitPattern: x1)) << 32 | UInt64(UInt32(bitPattern: y1)) }
        static func < (a: Edge, b: Edge) -> Bool { a.low != b.low ? a.low < b.low : a.high < b.high }
    }

    /// The edges seen once so far, by their ends: a second sight (the neighbour's) removes
    /// one, so a national import holds only the frontier of what it has read, not a million.
    private var unmatched: [EdgeEnds: (part: Int32, forward: Bool)] = [:]
    /// Each polygon's area, km² (sinusoidal projection: equal-area), and its zone.
    private var partAreas: [Double] = []
    private var partZones: [Int32] = []

    struct EdgeEnds: Hashable {
        var low: UInt64
        var high: UInt64
    }

    public init() {}

    /// Adds the edges of one zone's polygons (rings of interleaved longitude, latitude).
    public mutating func add(zone: Int, polygons: [[[Double]]]) {
        for polygon in polygons {
            let part = Int32(partAreas.count)
            var area = 0.0
            for (index, ring) in polygon.enumerated() where ring.count >= 4 {
                var twice = 0.0
                for k in stride(from: 0, to: ring.count - 3, by: 2) {
                    let p = Self.sinusoidal(ring[k], ring[k + 1]), q = Self.sinusoidal(ring[k + 2], ring[k + 3])
                    twice += p.0 * q.1 - q.0 * p.1
                }
                area += (index == 0 ? 1 : -1) * abs(twice) / 2
            }
            partAreas.append(max(0, area))
            partZones.append(Int32(zone))
            for ring in polygon where ring.count >= 4 {
                var previous = Self.quantised(ring[0], ring[1])
                for k in stride(from: 2, to: ring.count - 1, by: 2) {
                    let point = Self.quantised(ring[k], ring[k + 1])
                    if point != previous {
                        let forward = previous < point
                        let (low, high) = forward ? (previous, point) : (point, previous)
                        let ends = EdgeEnds(
                            low: UInt64(UInt32(bitPattern: low.0)) << 32 | UInt64(UInt32(bitPattern: low.1)),
                            high: UInt64(UInt32(bitPattern: high.0)) << 32 | UInt64(UInt32(bitPattern: high.1)))
                        if unmatched.removeValue(forKey: ends) == nil { unmatched[ends] = (part, forward) }
                    }
                    previous = point
                }
            }
        }
    }

    /// Kilometres east and north in the sinusoidal projection, which keeps areas.
    static func sinusoidal(_ lon: Double, _ lat: Double) -> (Double, Double) {
        (lon * cos(lat * .pi / 180) * 111.32, lat * 110.57)
    }

    static func quantised(_ lon: Double, _ lat: Double) -> (Int32, Int32) {
        (Int32(clamping: Int64((lon * 1e7).rounded())), Int32(clamping: Int64((lat * 1e7).rounded())))
    }

    /// A land border's two ends on the coast (longitude, latitude), and which arc between
    /// them is land: the shorter one, or (Guyane, whose coast is the shorter) the longer.
    public struct LandBorder: Sendable {
        public var from: Point2
        public var to: Point2
        public var landIsShorterArc: Bool
    }

    public static let franceLandBorders: [LandBorder] = [
        // The North Sea at Bray-Dunes to the Mediterranean at Menton: Belgium, Luxembourg,
        // Germany, Switzerland and Italy.
        LandBorder(from: Point2(x: 2.5460, y: 51.0890), to: Point2(x: 7.5295, y: 43.7840), landIsShorterArc: true),
        // The Bidassoa at Hendaye to Cerbère: Spain and Andorra.
        LandBorder(from: Point2(x: -1.7870, y: 43.3730), to: Point2(x: 3.1740, y: 42.4350), landIsShorterArc: true),
        // Monaco, between Cap-d'Ail and Beausoleil.
        LandBorder(from: Point2(x: 7.4093, y: 43.7247), to: Point2(x: 7.4390, y: 43.7517), landIsShorterArc: true),
        // Guyane: the coast runs from the Maroni's mouth to the Oyapock's; the rest borders
        // Suriname and Brazil.
        LandBorder(from: Point2(x: -53.9800, y: 5.7500), to: Point2(x: -51.6300, y: 4.2500), landIsShorterArc: false),
    ]

    /// Kilometres of coast of each zone: its unshared edges, land borders left out. A
    /// border whose ends are not within `snapKm` of the outline (not in this import) is
    /// not looked for.
    public mutating func coastlineKm(
        zoneCount: Int, landBorders: [LandBorder] = franceLandBorders, snapKm: Double = 10
    ) -> [Double] {
        // In the order of their ends, whatever the dictionary's: the sums are the same every time.
        var outline = unmatched.map { ends, seen in
            Edge(
                x0: Int32(bitPattern: UInt32(truncatingIfNeeded: ends.low >> 32)),
                y0: Int32(bitPattern: UInt32(truncatingIfNeeded: ends.low)),
                x1: Int32(bitPattern: UInt32(truncatingIfNeeded: ends.high >> 32)),
                y1: Int32(bitPattern: UInt32(truncatingIfNeeded: ends.high)),
                zone: partZones[Int(seen.part)], part: seen.part, forward: seen.forward)
        }
        outline.sort()
        outline = Self.enclosingLand(outline, partAreas: partAreas)
        let land = Self.landEdges(outline, borders: landBorders, snapKm: snapKm)
        var kilometres = [Double](repeating: 0, count: zoneCount)
        for (index, edge) in outline.enumerated() where !land.contains(index) && Int(edge.zone) < zoneCount {
            kilometres[Int(edge.zone)] += Self.kilometres(edge)
        }
        return kilometres
    }

    /// The length of an edge on the WGS84 ellipsoid (its radii of curvature at the mid-latitude).
    static func kilometres(_ edge: Edge) -> Double {
        let a = 6_378.137, e2 = 0.006_694_379_990_14
        let phi = (Double(edge.y0) + Double(edge.y1)) / 2e7 * .pi / 180
        let w = 1 - e2 * sin(phi) * sin(phi)
        let meridian = a * (1 - e2) / (w * w.squareRoot()), normal = a / w.squareRoot()
        let dx = Double(edge.x1 - edge.x0) / 1e7 * .pi / 180 * normal * cos(phi)
        let dy = Double(edge.y1 - edge.y0) / 1e7 * .pi / 180 * meridian
        return (dx * dx + dy * dy).squareRoot()
    }

    /// The unshared edges whose closed set encloses at least half the area of the polygons
    /// it bounds: islands and mainlands, not the slivers between two neighbours.
    static func enclosingLand(_ outline: [Edge], partAreas: [Double]) -> [Edge] {
        // Connected sets of edges, by their ends (union-find).
        var nodeIndex: [Int64: Int] = [:]
        var parent: [Int] = []
        func index(_ x: Int32, _ y: Int32) -> Int {
            let key = Int64(x) << 32 | Int64(UInt32(bitPattern: y))
            if let known = nodeIndex[key] { return known }
            parent.append(parent.count)
            nodeIndex[key] = parent.count - 1
            return parent.count - 1
        }
        func root(_ node: Int) -> Int {
            var node = node
            while parent[node] != node {
                parent[node] = parent[parent[node]]
                node = parent[node]
            }
            return node
        }
        let ends = outline.map { (index($0.x0, $0.y0), index($0.x1, $0.y1)) }
        for (a, b) in ends { parent[root(a)] = root(b) }
        // Each set's enclosed area (shoelace in the sinusoidal projection, equal-area, km²)
        // and the zones it bounds.
        var area: [Int: Double] = [:]
        var parts: [Int: Set<Int32>] = [:]
        for (edge, (a, _)) in zip(outline, ends) {
            let p = sinusoidal(Double(edge.x0) / 1e7, Double(edge.y0) / 1e7)
            let q = sinusoidal(Double(edge.x1) / 1e7, Double(edge.y1) / 1e7)
            let twice = p.0 * q.1 - q.0 * p.1
            area[root(a), default: 0] += (edge.forward ? twice : -twice) / 2
            parts[root(a), default: []].insert(edge.part)
        }
        let land = Set(area.keys.filter { set in
            let bounded = parts[set, default: []].reduce(0.0) { sum, part in
                sum + (Int(part) < partAreas.count ? partAreas[Int(part)] : 0)
            }
            return abs(area[set] ?? 0) >= 0.5 * bounded
        })
        return zip(outline, ends).filter { land.contains(root($1.0)) }.map(\.0)
    }

    /// A node reached at a distance along the outline, for Dijkstra's queue.
    struct Reached: Comparable {
        var distance: Double
        var node: Int64
        static func < (a: Reached, b: Reached) -> Bool { a.distance < b.distance }
    }

    /// The outline edges on land borders: each border's arc is found as the shortest path
    /// along the outline between its two ends (Dijkstra), or its complement in that part of
    /// the outline when the land is the longer arc.
    static func landEdges(_ outline: [Edge], borders: [LandBorder], snapKm: Double) -> Set<Int> {
        typealias Node = Int64
        func node(_ x: Int32, _ y: Int32) -> Node { Int64(x) << 32 | Int64(UInt32(bitPattern: y)) }
        var adjacent: [Node: [(edge: Int, to: Node)]] = [:]
        for (index, edge) in outline.enumerated() {
            let a = node(edge.x0, edge.y0), b = node(edge.x1, edge.y1)
            adjacent[a, default: []].append((index, b))
            adjacent[b, default: []].append((index, a))
        }
        func position(_ node: Node) -> Point2 {
            Point2(
                x: Double(Int32(truncatingIfNeeded: node >> 32)) / 1e7,
                y: Double(Int32(truncatingIfNeeded: node)) / 1e7)
        }
        func distanceKm(_ p: Point2, _ q: Point2) -> Double {
            let edge = Edge(
                x0: quantised(p.x, p.y).0, y0: quantised(p.x, p.y).1, x1: quantised(q.x, q.y).0,
                y1: quantised(q.x, q.y).1, zone: 0, part: 0, forward: true)
            return kilometres(edge)
        }
        func nearest(_ point: Point2) -> Node? {
            var best: (Node, Double)?
            for candidate in adjacent.keys {
                let d = distanceKm(position(candidate), point)
                if d < (best?.1 ?? snapKm) { best = (candidate, d) }
            }
            return best?.0
        }
        var land = Set<Int>()
        for border in borders {
            guard let start = nearest(border.from), let end = nearest(border.to), start != end else { continue }
            // Dijkstra from the start; the component reached is that part of the outline.
            var distance: [Node: Double] = [start: 0]
            var via: [Node: (edge: Int, from: Node)] = [:]
            var queue = Heap<Reached>()
            queue.insert(Reached(distance: 0, node: start))
            var done = Set<Node>()
            while let next = queue.popMin() {
                guard done.insert(next.node).inserted else { continue }
                for (edge, to) in adjacent[next.node] ?? [] where !done.contains(to) {
                    let through = next.distance + kilometres(outline[edge])
                    if through < distance[to] ?? .infinity {
                        distance[to] = through
                        via[to] = (edge, next.node)
                        queue.insert(Reached(distance: through, node: to))
                    }
                }
            }
            guard distance[end] != nil else { continue }
            var arc = Set<Int>()
            var here = end
            while let step = via[here] {
                arc.insert(step.edge)
                here = step.from
            }
            if border.landIsShorterArc {
                land.formUnion(arc)
            } else {
                // Every edge of this part of the outline but the coast's arc.
                for node in done {
                    for (edge, _) in adjacent[node] ?? [] where !arc.contains(edge) { land.insert(edge) }
                }
            }
        }
        return land
    }
}
