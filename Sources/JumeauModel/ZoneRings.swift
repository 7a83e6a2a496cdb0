/// Every zone's outline packed into one buffer of points, in zone order.
///
/// A national twin has 35,000 zones, about 100,000 rings and a million vertices. As arrays
/// of arrays (`MultiPolygonCoordinates`) they cost 100,000 allocations to read and
/// scattered memory to walk; packed, a read fills a few growing buffers and the map walks
/// memory in order. The polygon structure is kept, so each zone's outline can be rebuilt.
public struct ZoneRings: Equatable, Sendable {
    /// Every vertex: zone after zone, polygon after polygon, ring after ring.
    public private(set) var points: [Point2] = []
    /// Ring `r` is `points[ringStarts[r]..<ringStarts[r + 1]]`.
    public private(set) var ringStarts: [Int] = [0]
    /// Polygon `p` is rings `polygonStarts[p]..<polygonStarts[p + 1]`, its exterior first.
    public private(set) var polygonStarts: [Int] = [0]
    /// Zone `z` is polygons `zoneStarts[z]..<zoneStarts[z + 1]`.
    public private(set) var zoneStarts: [Int] = [0]

    public init() {}

    public init(_ outlines: [MultiPolygonCoordinates]) {
        for outline in outlines { append(outline) }
    }

    /// Room for this many vertices, so a large read does not regrow the buffer.
    public mutating func reserve(points count: Int) { points.reserveCapacity(count) }

    public var count: Int { zoneStarts.count - 1 }
    public var isEmpty: Bool { count == 0 }

    /// The rings of zone `zone`, every polygon's, as indices into `ringStarts`.
    public func rings(of zone: Int) -> Range<Int> {
        polygonStarts[zoneStarts[zone]]..<polygonStarts[zoneStarts[zone + 1]]
    }

    public mutating func append(_ outline: MultiPolygonCoordinates) {
        for polygon in outline.polygons {
            for ring in polygon.rings { appendRing(ring) }
            endPolygon()
        }
        endZone()
    }

    /// Appends a zone read from polygonal WKB (see `WKBCoordinates`). A malformed blob
    /// throws and leaves the rings as they were.
    public mutating func appendWKB(_ wkb: UnsafeRawBufferPointer) throws {
        let marks = (points.count, ringStarts.count, polygonStarts.count)
        do {
            try WKBCoordinates.read(wkb, into: &self)
            endZone()
        } catch {
            points.removeSubrange(marks.0...)
            ringStarts.removeSubrange(marks.1...)
            polygonStarts.removeSubrange(marks.2...)
            throw error
        }
    }

    /// Another set's zones after these: its points in one copy, its offsets shifted.
    public mutating func append(contentsOf other: ZoneRings) {
        let pointShift = points.count
        let ringShift = ringStarts.count - 1
        let polygonShift = polygonStarts.count - 1
        points += other.points
        ringStarts += other.ringStarts.dropFirst().map { $0 + pointShift }
        polygonStarts += other.polygonStarts.dropFirst().map { $0 + ringShift }
        zoneStarts += other.zoneStarts.dropFirst().map { $0 + polygonShift }
    }

    /// A zone without geometry.
    public mutating func appendEmpty() { endZone() }

    mutating func appendRing(_ ring: some Collection<Point2>) {
        points.append(contentsOf: ring)
        ringStarts.append(points.count)
    }

    /// Appends `count` points read by `body` into uninitialised room at the end.
    mutating func appendRing(count: Int, _ body: (UnsafeMutableBufferPointer<Point2>) -> Void) {
        points.append(contentsOf: repeatElement(Point2(x: 0, y: 0), count: count))
        points.withUnsafeMutableBufferPointer { all in
            body(UnsafeMutableBufferPointer(rebasing: all[(all.count - count)...]))
        }
        ringStarts.append(points.count)
    }

    mutating func endPolygon() { polygonStarts.append(ringStarts.count - 1) }
    private mutating func endZone() { zoneStarts.append(polygonStarts.count - 1) }

    /// The box of a zone's exteriors.
    public func envelope(of zone: Int) -> Envelope {
        var box = Envelope.empty
        for polygon in zoneStarts[zone]..<zoneStarts[zone + 1] {
            let exterior = polygonStarts[polygon]
            guard exterior < polygonStarts[polygon + 1] else { continue }
            for point in points[ringStarts[exterior]..<ringStarts[exterior + 1]] { box.include(point) }
        }
        return box
    }

    /// Zone `zone`'s outline as polygons of rings.
    public func outline(_ zone: Int) -> MultiPolygonCoordinates {
        MultiPolygonCoordinates(
            polygons: (zoneStarts[zone]..<zoneStarts[zone + 1]).map { polygon in
                PolygonRings(
                    rings: (polygonStarts[polygon]..<polygonStarts[polygon + 1]).map { ring in
                        Array(points[ringStarts[ring]..<ringStarts[ring + 1]])
                    })
            })
    }

    /// Every zone's outline, for the tools that draw polygons one by one (report, export).
    public var outlines: [MultiPolygonCoordinates] { (0..<count).map(outline) }

    /// The zones at the given indices, in that order.
    public func subset(_ zones: [Int]) -> ZoneRings {
        var picked = ZoneRings()
        for zone in zones { picked.appendZone(zone, of: self) }
        return picked
    }

    /// Appends another set's zone: its points in one copy, its offsets shifted.
    private mutating func appendZone(_ zone: Int, of other: ZoneRings) {
        let firstPolygon = other.zoneStarts[zone]
        let endPolygon = other.zoneStarts[zone + 1]
        let firstRing = other.polygonStarts[firstPolygon]
        let endRing = other.polygonStarts[endPolygon]
        let firstPoint = other.ringStarts[firstRing]
        let endPoint = other.ringStarts[endRing]
        let pointShift = points.count - firstPoint
        let ringShift = ringStarts.count - 1 - firstRing
        points.append(contentsOf: other.points[firstPoint..<endPoint])
        for ring in (firstRing + 1)..<(endRing + 1) { ringStarts.append(other.ringStarts[ring] + pointShift) }
        for polygon in (firstPolygon + 1)..<(endPolygon + 1) {
            polygonStarts.append(other.polygonStarts[polygon] + ringShift)
        }
        endZone()
    }
}
