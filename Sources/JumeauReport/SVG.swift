import Foundation
import JumeauModel
import JumeauRender
import JumeauSimulation
import JumeauThemes

/// Charts and the choropleth map as inline SVG: the report stays one file, offline.
enum SVG {
    /// The report is printed on white: the colours of the built-in light theme ("for bright
    /// rooms and printed handouts"), whose ramp runs pale to deep blue — the highest class
    /// darkest, as on the explorer's map, and readable in grey print and colour-blind vision.
    static let theme: Theme? = Themes.builtIn["light"].flatMap {
        try? Theme(name: "light", text: String(decoding: $0, as: UTF8.self))
    }

    /// `count` colours of the theme's ramp, low to high.
    static func ramp(_ count: Int) -> [String] {
        let colors = theme?.ramp(count, tier: .truecolor) ?? []
        let hex = colors.compactMap(hex)
        guard hex.count == count else {
            // The light theme's ramp, should the built-in theme ever fail to parse.
            let fallback = ["#e8f1fa", "#b9d4ec", "#84b4dc", "#5591c8", "#2d6aa8", "#163f73"]
            return (0..<count).map { i in fallback[count == 1 ? 0 : i * (fallback.count - 1) / (count - 1)] }
        }
        return hex
    }

    static func hex(_ color: TermColor) -> String? {
        guard case .rgb(let r, let g, let b) = color else { return nil }
        return String(format: "#%02x%02x%02x", Int(r), Int(g), Int(b))
    }

    /// A theme role's colour (reference lines: the envelope in `.bad`, the law in `.warning`).
    static func color(_ role: Theme.Role) -> String {
        theme.flatMap { hex($0.color(role, tier: .truecolor)) } ?? "#444444"
    }

    static func map(_ content: ReportContent, values: [Double], title: String, t: Localizer) -> String {
        var extent = Envelope.empty
        func drawn(_ zone: Int) -> Bool { content.onMap.isEmpty || (zone < content.onMap.count && content.onMap[zone]) }
        for (zone, outline) in content.outlines.enumerated() where drawn(zone) { extent.include(outline.envelope) }
        guard !extent.isEmpty else { return "" }
        let width = 640.0
        let legendWidth = 200.0
        let scale = min((width - legendWidth - 20) / max(extent.width, 1e-9), 480 / max(extent.height, 1e-9))
        let height = max(240, extent.height * scale + 20)
        let classification = Classification(values: values, classes: 5)
        let colors = ramp(max(1, classification.classCount))
        func sx(_ v: Double) -> Double { 10 + (v - extent.minX) * scale }
        func sy(_ v: Double) -> Double { 10 + (extent.maxY - v) * scale }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        func x(_ v: Double) -> String { f(sx(v)) }
        func y(_ v: Double) -> String { f(sy(v)) }
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTMLText.escape(title))\">"
        for (zone, outline) in content.outlines.enumerated()
        where zone < values.count && zone < content.names.count && drawn(zone) {
            var path = ""
            for polygon in outline.polygons {
                for ring in polygon.rings where ring.count > 2 {
                    path += "M" + ring.map { "\(x($0.x)),\(y($0.y))" }.joined(separator: "L") + "Z"
                }
            }
            let fill = classification.classOf(values[zone]).map { colors[min(colors.count - 1, $0)] } ?? "#dddddd"
            let value = values[zone].isFinite ? t.number(values[zone]) : t("value.no_data")
            out +=
                "<path d=\"\(path)\" fill=\"\(fill)\" stroke=\"#ffffff\" stroke-width=\"0.6\" fill-rule=\"evenodd\"><title>\(HTMLText.escape(content.names[zone])): \(value)</title></path>"
        }
        // The largest communes by name, over the fills, never over each other or the legend.
        for label in labels(content, mapWidth: width - legendWidth, height: height, x: sx, y: sy) {
            // A white halo keeps the name readable on the darkest class.
            out +=
                "<text class=\"label\" x=\"\(f(label.x))\" y=\"\(f(label.y + 4))\" "
                + "font-size=\"\(Int(labelFontSize))\" text-anchor=\"middle\" fill=\"#1d1d1d\" "
                + "stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">"
                + "\(HTMLText.escape(label.name))</text>"
        }
        // Legend: one swatch per class, with its bounds.
        let lx = width - legendWidth + 10
        out +=
            "<text x=\"\(lx)\" y=\"24\" font-size=\"13\" font-weight=\"bold\">\(HTMLText.escape(t.unit(content.mapIndicator.definition.unit)))</text>"
        for i in 0..<classification.classCount {
            let (low, high) = classification.bounds(i)
            let top = 36 + Double(i) * 24
            // A thin grey edge: the palest swatch stays visible on white paper.
            out +=
                "<rect class=\"swatch\" x=\"\(lx)\" y=\"\(top)\" width=\"18\" height=\"18\" "
                + "fill=\"\(colors[min(colors.count - 1, i)])\" stroke=\"#999999\" stroke-width=\"0.5\"/>"
            out +=
                "<text x=\"\(lx + 26)\" y=\"\(top + 14)\" font-size=\"12\">\(HTMLText.escape(t.short(low)))–\(HTMLText.escape(t.short(high)))</text>"
        }
        out += "</svg>"
        return out
    }

    static let labelFontSize = 11.0
    /// At most this many names: enough to find one's way, few enough to read the colours.
    static let maximumLabels = 8

    /// A label's box, in the SVG's pixels: an average glyph is about 0.6 em wide.
    static func labelBox(_ name: String, x: Double, y: Double) -> Envelope {
        let half = Double(name.count) * labelFontSize * 0.6 / 2 + 2
        return Envelope(
            minX: x - half, minY: y - labelFontSize / 2 - 2, maxX: x + half, maxY: y + labelFontSize / 2 + 2)
    }

    /// The names to write on the map: the most populous communes first — those participants
    /// know and where most of the housing need lies — or the largest by area when the
    /// population is unknown. Each sits inside its commune; one that would cover another
    /// name or leave the map is moved up or down a line, or left out.
    static func labels(
        _ content: ReportContent, mapWidth: Double, height: Double,
        x: (Double) -> Double, y: (Double) -> Double
    ) -> [(name: String, x: Double, y: Double)] {
        let zones = content.outlines.indices.filter {
            $0 < content.names.count && (content.onMap.isEmpty || ($0 < content.onMap.count && content.onMap[$0]))
        }
        let areas = content.outlines.map(area)
        func weight(_ zone: Int) -> Double {
            zone < content.populations.count && content.populations[zone].isFinite ? content.populations[zone] : -1
        }
        let byPopulation = content.populations.count == content.outlines.count
        let order = zones.sorted { a, b in
            let (wa, wb) = byPopulation ? (weight(a), weight(b)) : (areas[a], areas[b])
            return wa != wb ? wa > wb : areas[a] > areas[b]
        }
        var placed: [(name: String, x: Double, y: Double)] = []
        var boxes: [Envelope] = []
        for zone in order where placed.count < maximumLabels {
            let name = Sanitize.text(content.names[zone])
            guard !name.isEmpty, let anchor = labelPoint(content.outlines[zone]) else { continue }
            let ax = x(anchor.x)
            let ay = y(anchor.y)
            for dy in [0, -labelFontSize - 2, labelFontSize + 2] {
                let box = labelBox(name, x: ax, y: ay + dy)
                guard box.minX >= 2, box.maxX <= mapWidth, box.minY >= 2, box.maxY <= height - 2,
                    !boxes.contains(where: { $0.intersects(box) })
                else { continue }
                placed.append((name, ax, ay + dy))
                boxes.append(box)
                break
            }
        }
        return placed
    }

    /// Planar area of a zone (its coordinates' units squared), holes removed.
    static func area(_ outline: MultiPolygonCoordinates) -> Double {
        outline.polygons.reduce(0) { sum, polygon in
            sum + polygon.rings.enumerated().reduce(0) { $0 + ($1.offset == 0 ? 1 : -1) * abs(ringArea($1.element)) }
        }
    }

    static func ringArea(_ ring: [Point2]) -> Double {
        guard ring.count > 2 else { return 0 }
        var twice = 0.0
        for i in ring.indices {
            let a = ring[i]
            let b = ring[(i + 1) % ring.count]
            twice += a.x * b.y - b.x * a.y
        }
        return twice / 2
    }

    /// A point well inside a zone for its name: on three horizontal lines across its largest
    /// part, the middle of the widest stretch inside it (holes and bays excluded). A
    /// centroid can fall outside a crescent-shaped commune; this cannot.
    static func labelPoint(_ outline: MultiPolygonCoordinates) -> Point2? {
        guard let polygon = outline.polygons.max(by: { abs(ringArea($0.exterior)) < abs(ringArea($1.exterior)) })
        else { return nil }
        var bounds = Envelope.empty
        for p in polygon.exterior { bounds.include(p) }
        guard !bounds.isEmpty else { return nil }
        var best: (point: Point2, width: Double)?
        for f in [0.5, 0.35, 0.65] {
            let line = bounds.minY + bounds.height * f
            var crossings: [Double] = []
            for ring in polygon.rings where ring.count > 2 {
                for i in ring.indices {
                    let a = ring[i]
                    let b = ring[(i + 1) % ring.count]
                    // Half-open in y, so a vertex on the line counts once.
                    if (a.y <= line) != (b.y <= line) {
                        crossings.append(a.x + (line - a.y) / (b.y - a.y) * (b.x - a.x))
                    }
                }
            }
            crossings.sort()
            for i in stride(from: 0, to: crossings.count - 1, by: 2) {
                let width = crossings[i + 1] - crossings[i]
                // The middle line wins unless another is clearly wider.
                if width > (best?.width ?? 0) * (best == nil ? 1 : 1.25) {
                    best = (Point2(x: (crossings[i] + crossings[i + 1]) / 2, y: line), width)
                }
            }
        }
        return best?.point
    }

    /// One indicator, reference year to 2050: Baseline dashed, each scenario a line, the
    /// indicator's reference lines (the ZAN envelope, the law's trajectory) over them, thin.
    static func lineChart(_ content: ReportContent, _ indicator: Indicator, t: Localizer) -> String {
        let width = 640.0
        let height = 260.0
        let left = 64.0
        let right = 150.0
        let top = 28.0
        let bottom = 30.0
        // No red nor orange among the scenarios: those are the reference lines' (the envelope, the law).
        let palette = ["#1f6fb4", "#1b9e77", "#7570b3", "#e7298a"]
        let series: [(String, [Double], String, Bool)] =
            [(t("scenario.baseline"), Array(content.baseline.territory(indicator)), "#666666", true)]
            + content.scenarios.enumerated().map { i, s in
                (s.name, Array(s.result.territory(indicator)), palette[i % palette.count], false)
            }
        let years = content.baseline.years
        guard let firstYear = years.first, let lastYear = years.last else { return "" }
        let references = ZANReferenceLines.lines(for: indicator, years: years, trajectory: content.lawTrajectory, t: t)
        let referenceValues = references.map { $0.values(count: years.count) }
        let all = (series.flatMap { $0.1 } + referenceValues.flatMap { $0 }).filter(\.isFinite)
        guard !all.isEmpty else { return "" }
        let scale = AxisScale(covering: all, maxTicks: 6)
        let low = scale.low
        let high = scale.high
        let first = Double(firstYear)
        let last = Double(lastYear)
        func px(_ year: Double) -> Double { left + (year - first) / max(1, last - first) * (width - left - right) }
        func py(_ v: Double) -> Double { top + (1 - (v - low) / max(1e-300, high - low)) * (height - top - bottom) }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        let label = HTMLText.escape(indicator.definition.label(t))
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" "
            + "role=\"img\" aria-label=\"\(label)\">"
        out +=
            "<text x=\"\(left)\" y=\"16\" font-size=\"13\" font-weight=\"bold\">"
            + "\(label) (\(HTMLText.escape(t.unit(indicator.definition.unit))))</text>"
        for tick in scale.ticks {
            let y = f(py(tick))
            out += "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(y)\" y2=\"\(y)\" stroke=\"#e0e0e0\"/>"
            out +=
                "<text class=\"tick\" x=\"\(left - 6)\" y=\"\(f(py(tick) + 4))\" font-size=\"11\" text-anchor=\"end\">"
                + "\(HTMLText.escape(scale.label(tick, t)))</text>"
        }
        for year in content.years + [firstYear] {
            let x = f(px(Double(year)))
            out += "<text x=\"\(x)\" y=\"\(height - 10)\" font-size=\"11\" text-anchor=\"middle\">\(year)</text>"
            out += "<line x1=\"\(x)\" x2=\"\(x)\" y1=\"\(top)\" y2=\"\(height - bottom)\" stroke=\"#f0f0f0\"/>"
        }
        func polyline(_ values: [Double]) -> String {
            zip(years, values).filter { $0.1.isFinite }
                .map { "\(f(px(Double($0.0)))),\(f(py($0.1)))" }.joined(separator: " ")
        }
        func dasharray(_ dash: String?) -> String { dash.map { " stroke-dasharray=\"\($0)\"" } ?? "" }
        // The series, then the reference lines over them: thin and dotted, they hide nothing,
        // and the law's trajectory stays visible where a scenario follows it exactly.
        for (_, values, color, dashed) in series {
            out +=
                "<polyline points=\"\(polyline(values))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2.2\""
                + dasharray(dashed ? "6 4" : nil) + "/>"
        }
        var legend: [(name: String, color: String, width: Double, dash: String?)] =
            series.map { ($0.0, $0.2, 2.2, $0.3 ? "6 4" : nil) }
        for (reference, values) in zip(references, referenceValues) {
            let color = color(reference.role)
            let dash = reference.stroke == .dashed ? "2 3" : nil
            out +=
                "<polyline class=\"reference\" points=\"\(polyline(values))\" fill=\"none\" stroke=\"\(color)\" "
                + "stroke-width=\"1.6\"" + dasharray(dash) + "/>"
            legend.append((reference.label, color, 1.6, dash))
        }
        for (i, entry) in legend.enumerated() {
            let ly = top + 14 + Double(i) * 18
            let lx = width - right
            out +=
                "<line x1=\"\(lx + 10)\" x2=\"\(lx + 30)\" y1=\"\(ly - 4)\" y2=\"\(ly - 4)\" "
                + "stroke=\"\(entry.color)\" stroke-width=\"\(entry.width)\"" + dasharray(entry.dash) + "/>"
            out +=
                "<text x=\"\(lx + 36)\" y=\"\(ly)\" font-size=\"11\">"
                + "\(HTMLText.escape(String(entry.name.prefix(18))))</text>"
        }
        out += "</svg>"
        return out
    }
}
