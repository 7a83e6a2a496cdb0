import JumeauModel

/// What part of the territory the map shows: a centre in Lambert-93 and a scale.
/// A map pixel is half a cell: terminal cells are about twice as tall as wide, so
/// pixels are square on screen.
public struct Viewport: Hashable, Sendable {
    public var center: Point2
    /// Metres per map pixel (per column, and per half row).
    public var metresPerPixel: Double
    /// Which map the centre is on: 0 for the mainland (Lambert-93), else an overseas
    /// territory's, in its own projection (see `ZoneRaster`'s frames).
    public var frame: Int
    public init(center: Point2, metresPerPixel: Double, frame: Int = 0) {
        self.center = center; self.metresPerPixel = metresPerPixel; self.frame = frame
    }

    /// The viewport that shows `extent` whole in a map of `columns` × `rows` cells.
    public static func fitting(_ extent: Envelope, columns: Int, rows: Int, margin: Double = 1.05,
                               frame: Int = 0) -> Viewport {
        let pixelsWide = Double(max(1, columns)), pixelsHigh = Double(max(1, rows * 2))
        let scale = max(extent.width / pixelsWide, extent.height / pixelsHigh, 1) * margin
        return Viewport(center: extent.center, metresPerPixel: scale, frame: frame)
    }

    /// Pixel coordinates (x right, y down) of a Lambert-93 point in a map of the given size.
    public func pixel(_ p: Point2, columns: Int, rows: Int) -> (x: Double, y: Double) {
        (Double(columns) / 2 + (p.x - center.x) / metresPerPixel, Double(rows * 2) / 2 - (p.y - center.y) / metresPerPixel)
    }

    /// The Lambert-93 point at the centre of pixel (x, y).
    public func point(pixelX x: Int, pixelY y: Int, columns: Int, rows: Int) -> Point2 {
        Point2(x: center.x + (Double(x) + 0.5 - Double(columns) / 2) * metresPerPixel,
               y: center.y - (Double(y) + 0.5 - Double(rows * 2) / 2) * metresPerPixel)
    }

    public func zoomed(by factor: Double) -> Viewport {
        Viewport(center: center, metresPerPixel: min(max(metresPerPixel / factor, 2), 20_000), frame: frame)
    }

    public func panned(columns dx: Double, rows dy: Double) -> Viewport {
        Viewport(center: Point2(x: center.x + dx * metresPerPixel, y: center.y - dy * 2 * metresPerPixel),
                 metresPerPixel: metresPerPixel, frame: frame)
    }
}

/// A small map beside the main one, as French national maps show the overseas
/// départements: its own frame, scale and place (in cells of the raster).
public struct RasterInset: Hashable, Sendable {
    public var label: String
    public var viewport: Viewport
    public var x: Int
    public var y: Int
    public var columns: Int
    public var rows: Int
    public init(label: String, viewport: Viewport, x: Int, y: Int, columns: Int, rows: Int) {
        self.label = label; self.viewport = viewport; self.x = x; self.y = y; self.columns = columns; self.rows = rows
    }
}

/// Zone ids per map pixel (−1 = no zone): drawn once per viewport, recoloured freely.
public struct ZoneRaster: Equatable, Sendable {
    public let columns: Int
    public let rows: Int
    public let viewport: Viewport
    /// pixelRows × columns, pixelRows = rows × 2.
    public private(set) var ids: [Int32]
    /// The small maps drawn over the main one (empty but at a national view).
    public private(set) var insets: [RasterInset] = []

    public var pixelRows: Int { rows * 2 }

    public subscript(x: Int, y: Int) -> Int32 {
        guard x >= 0, y >= 0, x < columns, y < pixelRows else { return -1 }
        return ids[y * columns + x]
    }

    /// Scanline fill of every zone's rings (even-odd, so holes stay empty), sampling
    /// pixel centres; a zone smaller than a pixel still marks the pixel under the centre
    /// of its box, so no commune vanishes at a national zoom.
    /// - Parameters:
    ///   - frames: the frame of each zone (nil: every zone is on the viewport's); a map
    ///     draws the zones of its frame only.
    ///   - insets: small maps drawn over this one, each of its own frame.
    public init(zones: ZoneRings, envelopes: [Envelope], viewport: Viewport, columns: Int, rows: Int,
                frames: [Int]? = nil, insets: [RasterInset] = []) {
        // The zones of each frame, listed once: each map then walks its own frame's only.
        var byFrame: [[Int]] = []
        if let frames {
            byFrame = Array(repeating: [], count: (frames.max() ?? 0) + 1)
            for (zone, frame) in frames.enumerated() where frame >= 0 { byFrame[frame].append(zone) }
        }
        func candidates(_ frame: Int) -> [Int] {
            frames == nil ? Array(0..<zones.count) : frame >= 0 && frame < byFrame.count ? byFrame[frame] : []
        }
        self.init(zones: zones, envelopes: envelopes, viewport: viewport, columns: columns, rows: rows,
                  candidates: candidates(viewport.frame))
        for inset in insets where inset.columns > 0 && inset.rows > 0 {
            let small = ZoneRaster(zones: zones, envelopes: envelopes, viewport: inset.viewport, columns: inset.columns,
                                   rows: inset.rows, candidates: candidates(inset.viewport.frame))
            for y in 0..<small.pixelRows where inset.y * 2 + y < pixelRows {
                for x in 0..<small.columns where inset.x + x < self.columns && inset.x + x >= 0 {
                    ids[(inset.y * 2 + y) * self.columns + inset.x + x] = small.ids[y * small.columns + x]
                }
            }
            self.insets.append(inset)
        }
    }

    /// A map of a few outlines (tests, small drawings), packed first.
    public init(zones: [MultiPolygonCoordinates], envelopes: [Envelope], viewport: Viewport, columns: Int, rows: Int) {
        self.init(zones: ZoneRings(zones), envelopes: envelopes, viewport: viewport, columns: columns, rows: rows)
    }

    /// The same raster with each zone replaced by its group (a département, a région):
    /// the map then draws groups as it draws zones.
    public func regrouped(_ groupOfZone: [Int32]) -> ZoneRaster {
        var copy = self
        copy.ids = ids.map { $0 >= 0 && Int($0) < groupOfZone.count ? groupOfZone[Int($0)] : -1 }
        return copy
    }

    private init(zones: ZoneRings, envelopes: [Envelope], viewport: Viewport, columns: Int, rows: Int,
                 candidates: [Int]) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        self.viewport = viewport
        let height = self.rows * 2
        var ids = [Int32](repeating: -1, count: self.columns * height)
        let visible = Envelope(minX: viewport.center.x - Double(self.columns) / 2 * viewport.metresPerPixel,
                               minY: viewport.center.y - Double(height) / 2 * viewport.metresPerPixel,
                               maxX: viewport.center.x + Double(self.columns) / 2 * viewport.metresPerPixel,
                               maxY: viewport.center.y + Double(height) / 2 * viewport.metresPerPixel)
        var crossings: [Double] = []
        var edges: [(x0: Double, y0: Double, x1: Double, y1: Double)] = []
        // `Viewport.pixel` as x · scale + offsetX, offsetY − y · scale.
        let scale = 1 / viewport.metresPerPixel
        let offsetX = Double(self.columns) / 2 - viewport.center.x * scale
        let offsetY = Double(height) / 2 + viewport.center.y * scale
        for index in candidates where envelopes[index].intersects(visible) {
            // A zone whose box holds no pixel centre cannot be filled: it only marks the pixel
            // under its box's centre (below), without walking its rings — most communes at
            // a national zoom.
            let box = envelopes[index]
            let low = viewport.pixel(Point2(x: box.minX, y: box.maxY), columns: self.columns, rows: self.rows)
            let high = viewport.pixel(Point2(x: box.maxX, y: box.minY), columns: self.columns, rows: self.rows)
            let holdsCentre = (low.x - 0.5).rounded(.up) <= (high.x - 0.5).rounded(.down)
                && (low.y - 0.5).rounded(.up) <= (high.y - 0.5).rounded(.down)
            edges.removeAll(keepingCapacity: true)
            var minY = Double.infinity, maxY = -Double.infinity
            if holdsCentre {
                // The packed rings through unsafe buffers, the projection to pixels as two
                // multiply-adds: this loop is a national pan's frame.
                zones.points.withUnsafeBufferPointer { points in
                    zones.ringStarts.withUnsafeBufferPointer { starts in
                        for ring in zones.rings(of: index) where starts[ring + 1] - starts[ring] > 1 {
                            let first = starts[ring]
                            var px = points[first].x * scale + offsetX, py = offsetY - points[first].y * scale
                            for k in (first + 1)..<starts[ring + 1] {
                                let cx = points[k].x * scale + offsetX, cy = offsetY - points[k].y * scale
                                if py != cy { edges.append((px, py, cx, cy)) }
                                minY = min(minY, cy)
                                maxY = max(maxY, cy)
                                px = cx
                                py = cy
                            }
                        }
                    }
                }
            }
            var filled = false
            let firstRow = max(0, Int(saturating: (minY - 0.5).rounded(.up)))
            let lastRow = min(height - 1, Int(saturating: (maxY - 0.5).rounded(.down)))
            if firstRow <= lastRow {
                for row in firstRow...lastRow {
                    let y = Double(row) + 0.5
                    crossings.removeAll(keepingCapacity: true)
                    for e in edges where (e.y0 <= y) != (e.y1 <= y) {
                        crossings.append(e.x0 + (y - e.y0) / (e.y1 - e.y0) * (e.x1 - e.x0))
                    }
                    crossings.sort()
                    var i = 0
                    while i + 1 < crossings.count {
                        let from = max(0, Int(saturating: (crossings[i] - 0.5).rounded(.up)))
                        let to = min(self.columns - 1, Int(saturating: (crossings[i + 1] - 0.5).rounded(.down)))
                        if from <= to {
                            for x in from...to { ids[row * self.columns + x] = Int32(index) }
                            filled = true
                        }
                        i += 2
                    }
                }
            }
            // The centre of its box, already in memory: reaching the zone's first vertex
            // through its arrays of rings was a third of a national frame (cache misses).
            if !filled, !box.isEmpty {
                let p = viewport.pixel(box.center, columns: self.columns, rows: self.rows)
                let x = Int(saturating: p.x), y = Int(saturating: p.y)
                if x >= 0, y >= 0, x < self.columns, y < height, ids[y * self.columns + x] < 0 {
                    ids[y * self.columns + x] = Int32(index)
                }
            }
        }
        self.ids = ids
    }
}
