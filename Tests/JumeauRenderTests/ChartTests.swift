import Foundation
import JumeauModel
import JumeauThemes
import XCTest

@testable import JumeauRender

/// Round axis ticks and reference lines in the line chart (issue 13).
final class AxisScaleTests: XCTestCase {
    func testTicksAreRoundNumbersCoveringTheData() {
        // The example: 45.9–78.1 is read on 40, 50, …, 80.
        XCTAssertEqual(AxisScale(covering: [61.2, 45.9, 78.1]).ticks, [40, 50, 60, 70, 80])
        // A share of the ZAN envelope, 12–38 %: zero comes in (the data is nearer to it than its spread).
        XCTAssertEqual(AxisScale(covering: [12, 14.5, 38]).ticks, [0, 10, 20, 30, 40])
        XCTAssertEqual(AxisScale(covering: [0.3, 2.7]).ticks, [0, 1, 2, 3])
        // Far from zero, the axis stays around the data.
        XCTAssertEqual(AxisScale(covering: [850_000, 910_000]).ticks, [840_000, 860_000, 880_000, 900_000, 920_000])
        XCTAssertEqual(AxisScale(covering: [-3, -1]).ticks, [-3, -2, -1, 0])
        XCTAssertEqual(AxisScale(covering: [0.05, 0.42]).ticks, [0, 0.2, 0.4, 0.6])
        XCTAssertEqual(AxisScale(covering: [5, 5, 5]).ticks, [4.5, 5, 5.5], "a flat series still gets an axis")
        XCTAssertEqual(AxisScale(covering: [0, 0]).ticks, [0, 0.5, 1])
        XCTAssertEqual(AxisScale(covering: [3, 7], maxTicks: 3).ticks, [0, 5, 10])
        XCTAssertEqual(
            AxisScale(covering: [.nan, 12, .infinity, 18]).ticks, [12, 14, 16, 18], "non-finite values are ignored")

        // Whatever the data: every tick a whole number of steps of 1, 2 or 5 × 10ⁿ, the data inside.
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let magnitude = pow(10, Double.random(in: -3...7, using: &rng))
            let values = (0..<5).map { _ in Double.random(in: -0.5...1, using: &rng) * magnitude }
            let scale = AxisScale(covering: values, maxTicks: Int.random(in: 3...6, using: &rng))
            let mantissa = scale.step / pow(10, log10(scale.step).rounded(.down))
            XCTAssertTrue([1, 2, 5, 10].contains { abs(mantissa - $0) < 1e-6 }, "\(scale.step) for \(values)")
            XCTAssertLessThanOrEqual(scale.low, values.min() ?? 0)
            XCTAssertGreaterThanOrEqual(scale.high, values.max() ?? 0)
            for tick in scale.ticks {
                XCTAssertEqual((tick / scale.step).rounded(), tick / scale.step, accuracy: 1e-6, "\(tick) on the grid")
            }
        }
    }

    func testLabelsInTheChartsLanguage() {
        let french = Localizer(.fr)
        let population = AxisScale(covering: [850_000, 910_000])
        XCTAssertEqual(population.label(880_000, .english), "880,000")
        XCTAssertEqual(population.label(880_000, french), "880\u{00A0}000")
        let small = AxisScale(covering: [0.05, 0.42])
        XCTAssertEqual(small.ticks.map { small.label($0, french) }, ["0", "0,2", "0,4", "0,6"])
        let millions = AxisScale(covering: [1_200_000, 2_600_000])
        XCTAssertEqual(millions.ticks.map { millions.label($0, .english) }, ["0", "1M", "2M", "3M"])
        XCTAssertEqual(millions.label(2_000_000, french), "2\u{00A0}M")
    }
}

final class LineChartTests: XCTestCase {
    let years = Array(2024...2050)

    func chart(
        _ values: [Double], references: [LineChart.ReferenceLine] = [], glyphs: Glyphs = .unicode
    ) throws -> LineChart {
        var chart = LineChart(
            title: "ZAN", unit: "%", years: years,
            series: [LineChart.Series(label: "Scenario", values: values, color: .rgb(0, 0, 255), glyph: "*")],
            cursorYear: nil, milestones: [2031], theme: try Themes.load("default", environment: [:]),
            tier: .truecolor, glyphs: glyphs)
        chart.references = references
        return chart
    }

    /// The numbers written left of the axis, top to bottom.
    func axisLabels(_ buffer: Buffer, _ plot: Rect) -> [String] {
        (plot.y..<plot.maxY).compactMap { y in
            let text = (0..<(plot.x - 1)).map { buffer[$0, y].text }.joined().trimmingCharacters(in: .whitespaces)
            return text.isEmpty ? nil : text
        }
    }

    func testTheAxisIsLabelledAtRoundValues() throws {
        let values = years.indices.map { 45.9 + 32.2 * Double($0) / Double(years.count - 1) }
        let chart = try chart(values)
        var buffer = Buffer(width: 70, height: 16)
        chart.draw(into: &buffer, buffer.area)
        let labels = axisLabels(buffer, chart.plotRect(buffer.area))
        XCTAssertEqual(labels, ["80", "70", "60", "50", "40"], buffer.lines.joined(separator: "\n"))
    }

    func testReferenceLinesAreDrawnUnderTheSeriesWithTheirLegend() throws {
        let theme = try Themes.load("default", environment: [:])
        let rising = years.indices.map { 10 + 30 * Double($0) / Double(years.count - 1) }
        let envelope = LineChart.ReferenceLine(label: "ZAN envelope", values: .level(100), role: .bad, stroke: .solid)
        let law = LineChart.ReferenceLine(
            label: "Law", values: .series(years.map { Double($0 - 2024) * 3 }), role: .warning)
        let plain = try chart(rising)
        let chart = try chart(rising, references: [envelope, law])
        var buffer = Buffer(width: 70, height: 16)
        chart.draw(into: &buffer, buffer.area)
        let plot = chart.plotRect(buffer.area)
        let text = buffer.lines.joined(separator: "\n")
        XCTAssertTrue(text.contains("╌╌ Law") && text.contains("── ZAN envelope"), text)
        // The axis reaches the envelope though the data stays at 40: its row is labelled 100,
        // and it is drawn across the plot in the theme's "bad" colour.
        let top = plot.y
        XCTAssertEqual(axisLabels(buffer, plot).first, "100", text)
        let envelopeCells = (plot.x..<plot.maxX).filter {
            buffer[$0, top].style.foreground == theme.color(.bad, tier: .truecolor) && buffer[$0, top].text != " "
        }
        XCTAssertGreaterThan(envelopeCells.count, plot.width * 9 / 10, "a solid line: \(text)")
        // The law's trajectory, dashed: its cells have gaps, and it rises from the bottom left.
        let lawCells = (plot.y..<plot.maxY).flatMap { y in (plot.x..<plot.maxX).map { (x: $0, y: y) } }
            .filter { buffer[$0.x, $0.y].style.foreground == theme.color(.warning, tier: .truecolor) }
        XCTAssertGreaterThan(lawCells.count, 10, text)
        // Where the law crosses the scenario the scenario wins the cell.
        let scenarioCells = (plot.y..<plot.maxY).flatMap { y in (plot.x..<plot.maxX).map { (x: $0, y: y) } }
            .filter { buffer[$0.x, $0.y].style.foreground == .rgb(0, 0, 255) }
        XCTAssertGreaterThan(scenarioCells.count, plot.width / 2, "the series is whole")
        // No reference lines: the chart is drawn as before (no legend row, no extra colour).
        var before = Buffer(width: 70, height: 16)
        plain.draw(into: &before, before.area)
        XCTAssertEqual(plain.plotRect(before.area).y, 2, "one legend row for one series")
        XCTAssertFalse(before.lines.joined().contains("ZAN envelope"))
        XCTAssertFalse(
            (0..<16).contains { y in
                (0..<70).contains { before[$0, y].style.foreground == theme.color(.bad, tier: .truecolor) }
            })
    }

    func testReferenceLinesInASCII() throws {
        let chart = try chart(
            years.indices.map { Double($0) },
            references: [
                LineChart.ReferenceLine(label: "Envelope", values: .level(100), role: .bad, stroke: .dashed, glyph: "=")
            ], glyphs: .ascii)
        var buffer = Buffer(width: 70, height: 16)
        chart.draw(into: &buffer, buffer.area)
        let plot = chart.plotRect(buffer.area)
        let row = (plot.x..<plot.maxX).map { buffer[$0, plot.y].text }.joined()
        XCTAssertTrue(row.hasPrefix("= = = ="), row)
        XCTAssertTrue(buffer.lines.joined(separator: "\n").contains("== Envelope"))
    }
}
