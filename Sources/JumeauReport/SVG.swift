import Foundation
import JumeauModel
import JumeauRender
import JumeauSimulation

/// Charts and the choropleth map as inline SVG: the report stays one file, offline.
enum SVG {
    /// Cividis-like: readable in colour-blind vision and in grey print.
    static let ramp = ["#00204d", "#31446b", "#666970", "#958f78", "#cbba69", "#ffea46"]

    static func map(_ content: ReportContent, values: [Double], title: String, t: Localizer) -> String {
        var extent = Envelope.empty
        for outline in content.outlines { extent.include(outline.envelope) }
        guard !extent.isEmpty else { return "" }
        let width = 640.0, legendWidth = 200.0
        let scale = min((width - legendWidth - 20) / extent.width, 480 / extent.height)
        let height = max(240, extent.height * scale + 20)
        let classification = Classification(values: values, classes: 5)
        func x(_ v: Double) -> String { String(format: "%.1f", 10 + (v - extent.minX) * scale) }
        func y(_ v: Double) -> String { String(format: "%.1f", 10 + (extent.maxY - v) * scale) }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTMLText.escape(title))\">"
        for (zone, outline) in content.outlines.enumerated() {
            var path = ""
            for polygon in outline.polygons {
                for ring in polygon.rings where ring.count > 2 {
                    path += "M" + ring.map { "\(x($0.x)),\(y($0.y))" }.joined(separator: "L") + "Z"
                }
            }
            let fill = classification.classOf(values[zone]).map { ramp[min(ramp.count - 1, $0)] } ?? "#dddddd"
            let value = values[zone].isFinite ? t.number(values[zone]) : t("value.no_data")
            out += "<path d=\"\(path)\" fill=\"\(fill)\" stroke=\"#ffffff\" stroke-width=\"0.6\" fill-rule=\"evenodd\"><title>\(HTMLText.escape(content.names[zone])): \(value)</title></path>"
        }
        // Legend: one swatch per class, with its bounds.
        let lx = width - legendWidth + 10
        out += "<text x=\"\(lx)\" y=\"24\" font-size=\"13\" font-weight=\"bold\">\(HTMLText.escape(t.unit(content.mapIndicator.definition.unit)))</text>"
        for i in 0..<classification.classCount {
            let (low, high) = classification.bounds(i)
            let top = 36 + Double(i) * 24
            out += "<rect x=\"\(lx)\" y=\"\(top)\" width=\"18\" height=\"18\" fill=\"\(ramp[min(ramp.count - 1, i)])\"/>"
            out += "<text x=\"\(lx + 26)\" y=\"\(top + 14)\" font-size=\"12\">\(HTMLText.escape(t.short(low)))–\(HTMLText.escape(t.short(high)))</text>"
        }
        out += "</svg>"
        return out
    }

    /// One indicator, reference year to 2050: Baseline dashed, each scenario a line.
    static func lineChart(_ content: ReportContent, _ indicator: Indicator, t: Localizer) -> String {
        let width = 640.0, height = 260.0, left = 64.0, right = 150.0, top = 28.0, bottom = 30.0
        let series: [(String, [Double], String, Bool)] = [(t("scenario.baseline"), Array(content.baseline.territory(indicator)), "#666666", true)]
            + content.scenarios.enumerated().map { i, s in (s.name, Array(s.result.territory(indicator)), ["#1f6fb4", "#d95f02", "#1b9e77", "#7570b3"][i % 4], false) }
        let all = series.flatMap { $0.1 }.filter(\.isFinite)
        guard let low0 = all.min(), let high0 = all.max() else { return "" }
        let low = min(0, low0), high = high0 > low ? high0 * 1.05 : low + 1
        let years = content.baseline.years
        let first = Double(years.first!), last = Double(years.last!)
        func px(_ year: Double) -> Double { left + (year - first) / max(1, last - first) * (width - left - right) }
        func py(_ v: Double) -> Double { top + (1 - (v - low) / (high - low)) * (height - top - bottom) }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTMLText.escape(indicator.definition.label(t)))\">"
        out += "<text x=\"\(left)\" y=\"16\" font-size=\"13\" font-weight=\"bold\">\(HTMLText.escape(indicator.definition.label(t))) (\(HTMLText.escape(t.unit(indicator.definition.unit))))</text>"
        for i in 0...4 {
            let v = low + (high - low) * Double(i) / 4
            out += "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(py(v))\" y2=\"\(py(v))\" stroke=\"#e0e0e0\"/>"
            out += "<text x=\"\(left - 6)\" y=\"\(py(v) + 4)\" font-size=\"11\" text-anchor=\"end\">\(HTMLText.escape(t.short(v)))</text>"
        }
        for year in content.years + [Int(first)] {
            out += "<text x=\"\(px(Double(year)))\" y=\"\(height - 10)\" font-size=\"11\" text-anchor=\"middle\">\(year)</text>"
            out += "<line x1=\"\(px(Double(year)))\" x2=\"\(px(Double(year)))\" y1=\"\(top)\" y2=\"\(height - bottom)\" stroke=\"#f0f0f0\"/>"
        }
        for (i, (name, values, color, dashed)) in series.enumerated() {
            let points = zip(years, values).filter { $0.1.isFinite }.map { String(format: "%.1f,%.1f", px(Double($0.0)), py($0.1)) }.joined(separator: " ")
            out += "<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2.2\"\(dashed ? " stroke-dasharray=\"6 4\"" : "")/>"
            let ly = top + 14 + Double(i) * 18
            out += "<line x1=\"\(width - right + 10)\" x2=\"\(width - right + 30)\" y1=\"\(ly - 4)\" y2=\"\(ly - 4)\" stroke=\"\(color)\" stroke-width=\"2.2\"\(dashed ? " stroke-dasharray=\"6 4\"" : "")/>"
            out += "<text x=\"\(width - right + 36)\" y=\"\(ly)\" font-size=\"11\">\(HTMLText.escape(String(name.prefix(18))))</text>"
        }
        out += "</svg>"
        return out
    }
}
