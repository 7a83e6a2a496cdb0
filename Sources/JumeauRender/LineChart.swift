import Foundation
import JumeauModel

/// Line chart of yearly series: braille dots (2×4 per cell) where Unicode is available,
/// one glyph per series otherwise; a legend, a y axis with its unit, the years below,
/// milestone marks and a year cursor.
public struct LineChart: Sendable {
    public struct Series: Sendable {
        public var label: String
        /// One value per year of `years`.
        public var values: [Double]
        public var color: TermColor
        /// Drawn in ASCII mode and in the legend, so series differ without colour.
        public var glyph: Character
        public init(label: String, values: [Double], color: TermColor, glyph: Character) {
            self.label = label
            self.values = values
            self.color = color
            self.glyph = glyph
        }
    }

    /// A line to read the series against — a limit (the ZAN envelope at 100 %) or a path
    /// (the law's trajectory) — drawn under the series, thin, with its legend entry.
    public struct ReferenceLine: Sendable {
        public enum Values: Sendable {
            /// The same value every year.
            case level(Double)
            /// One value per year of the chart's `years`; NaN where the line has no value.
            case series([Double])
        }
        public enum Stroke: Sendable { case solid, dashed }
        public var label: String
        public var values: Values
        /// Its colour, from the theme: a limit reads as `.bad`, a target as `.warning`.
        public var role: Theme.Role
        public var stroke: Stroke
        /// Drawn in ASCII mode and in its legend entry there.
        public var glyph: Character
        public init(
            label: String, values: Values, role: Theme.Role = .warning, stroke: Stroke = .dashed,
            glyph: Character = "="
        ) {
            self.label = label
            self.values = values
            self.role = role
            self.stroke = stroke
            self.glyph = glyph
        }

        /// The line's value for each of `count` years.
        public func values(count: Int) -> [Double] {
            switch values {
            case .level(let value): return Array(repeating: value, count: count)
            case .series(let values): return (0..<count).map { $0 < values.count ? values[$0] : .nan }
            }
        }
    }

    public var title: String
    public var unit: String
    public var years: [Int]
    /// The first series is drawn last (on top).
    public var series: [Series]
    public var cursorYear: Int?
    public var milestones: [Int]
    public var theme: Theme
    public var tier: ColorTier
    public var glyphs: Glyphs
    /// The language of the axis numbers.
    public var localizer: Localizer = .english
    /// Reference lines under the series (none by default); the axis always reaches them.
    public var references: [ReferenceLine] = []

    public init(
        title: String, unit: String, years: [Int], series: [Series], cursorYear: Int?, milestones: [Int],
        theme: Theme, tier: ColorTier, glyphs: Glyphs
    ) {
        self.title = title
        self.unit = unit
        self.years = years
        self.series = series
        self.cursorYear = cursorYear
        self.milestones = milestones
        self.theme = theme
        self.tier = tier
        self.glyphs = glyphs
    }

    /// The plot area inside `rect` (what is left after the legend, axis labels and years).
    public func plotRect(_ rect: Rect) -> Rect {
        let legendRows = min(2, series.count + references.count)
        return Rect(
            x: rect.x + 8, y: rect.y + 1 + legendRows, width: max(0, rect.width - 9),
            height: max(0, rect.height - legendRows - 3))
    }

    /// The year under a column of the plot, if any.
    public func year(atColumn x: Int, in rect: Rect) -> Int? {
        let plot = plotRect(rect)
        guard plot.width > 1, !years.isEmpty, x >= plot.x, x < plot.maxX else { return nil }
        let f = Double(x - plot.x) / Double(plot.width - 1)
        return years[0] + Int((f * Double(years.count - 1)).rounded())
    }

    public func draw(into buffer: inout Buffer, _ rect: Rect) {
        let muted = theme.style(.muted, tier: tier)
        let background = Style(background: theme.color(.background, tier: tier))
        buffer.fill(rect, with: Cell(" ", style: background))
        buffer.write(
            DisplayWidth.truncate(Sanitize.text(title), to: rect.width, ellipsis: glyphs.ellipsis), x: rect.x,
            y: rect.y,
            style: theme.style(.text, tier: tier, attributes: .bold))
        // Legend: glyph and label per series, on up to two rows.
        var lx = rect.x
        var ly = rect.y + 1
        for s in series {
            let entry = "\(s.glyph) \(Sanitize.text(s.label))  "
            if lx + DisplayWidth.of(entry) > rect.maxX && ly < rect.y + 2 {
                lx = rect.x
                ly += 1
            }
            buffer.write(
                entry, x: lx, y: ly,
                style: Style(foreground: s.color, background: theme.color(.background, tier: tier), attributes: .bold),
                limit: rect.maxX - lx)
            lx += DisplayWidth.of(entry)
        }
        let unicode = glyphs.halfBlock != nil
        for r in references {
            let mark = unicode ? (r.stroke == .dashed ? "╌╌" : "──") : String(repeating: r.glyph, count: 2)
            let entry = "\(mark) \(Sanitize.text(r.label))  "
            if lx + DisplayWidth.of(entry) > rect.maxX && ly < rect.y + 2 {
                lx = rect.x
                ly += 1
            }
            buffer.write(entry, x: lx, y: ly, style: theme.style(r.role, tier: tier), limit: rect.maxX - lx)
            lx += DisplayWidth.of(entry)
        }
        let plot = plotRect(rect)
        guard plot.width > 3, plot.height > 2, years.count > 1 else { return }
        let referenceValues = references.map { $0.values(count: years.count) }
        let all = (series.flatMap(\.values) + referenceValues.flatMap { $0 }).filter(\.isFinite)
        guard !all.isEmpty else { return }
        // Y axis: round values (1, 2, 5 × 10ⁿ), about one every two rows at most, with the unit.
        let scale = AxisScale(covering: all, maxTicks: min(6, max(2, plot.height / 2 + 1)))
        let low = scale.low
        let high = scale.high
        for tick in scale.ticks {
            let row =
                plot.y + Int(saturating: ((high - tick) / (high - low) * Double(plot.height * 4 - 1)).rounded()) / 4
            let label = scale.label(tick, localizer)
            buffer.write(
                label, x: max(rect.x, plot.x - 1 - DisplayWidth.of(label)),
                y: min(plot.maxY - 1, max(plot.y, row)), style: muted)
        }
        buffer.write(
            DisplayWidth.truncate(unit, to: 7, ellipsis: glyphs.ellipsis), x: rect.x, y: plot.maxY, style: muted)
        for y in plot.y..<plot.maxY { buffer.write(unicode ? "│" : "|", x: plot.x - 1, y: y, style: muted) }

        func column(_ year: Int) -> Int {
            plot.x + Int((Double(year - years[0]) / Double(years.count - 1) * Double(plot.width - 1)).rounded())
        }
        // Years below: the first, the milestones and the last, with their marks.
        let axisY = plot.maxY
        for x in plot.x..<plot.maxX { buffer.write(unicode ? "─" : "-", x: x, y: axisY, style: muted) }
        for year in Set([years[0], years[years.count - 1]] + milestones).sorted()
        where year >= years[0] && year <= years[years.count - 1] {
            let x = column(year)
            buffer.write(
                unicode ? "┴" : "+", x: x, y: axisY,
                style: milestones.contains(year) ? theme.style(.warning, tier: tier) : muted)
            let label = String(year)
            let lx = min(plot.maxX - DisplayWidth.of(label), max(plot.x, x - 2))
            buffer.write(
                label, x: lx, y: axisY + 1, style: milestones.contains(year) ? theme.style(.warning, tier: tier) : muted
            )
        }
        // Milestones as dotted vertical lines, then the cursor.
        for year in milestones where year >= years[0] && year <= years[years.count - 1] {
            for y in plot.y..<plot.maxY where y % 2 == 0 {
                buffer.write(unicode ? "┊" : ":", x: column(year), y: y, style: muted)
            }
        }
        if let cursorYear, cursorYear >= years[0], cursorYear <= years[years.count - 1] {
            let x = column(cursorYear)
            for y in plot.y..<plot.maxY {
                buffer.write(unicode ? "│" : "|", x: x, y: y, style: theme.style(.selection, tier: tier))
            }
            let label = String(cursorYear)
            buffer.write(
                label, x: min(plot.maxX - DisplayWidth.of(label), max(plot.x, x - 2)), y: axisY + 1,
                style: theme.style(.selection, tier: tier, attributes: [.bold, .reverse]))
        }

        if unicode {
            drawBraille(&buffer, plot, low: low, high: high, references: referenceValues)
        } else {
            drawGlyphs(&buffer, plot, low: low, high: high, references: referenceValues)
        }
    }

    /// Dots per series, 2×4 per cell; where series share a cell the earlier one wins, and
    /// any series wins over a reference line (drawn first, dashed as two dots on, two off).
    private func drawBraille(_ buffer: inout Buffer, _ plot: Rect, low: Double, high: Double, references: [[Double]]) {
        let width = plot.width * 2
        let height = plot.height * 4
        let bits: [[UInt32]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]
        var owner = [Int](repeating: -1, count: plot.width * plot.height)
        var dots = [UInt32](repeating: 0, count: plot.width * plot.height)
        // Owners: series by index, then the reference lines after them.
        let lines =
            references.enumerated().reversed().map { (series.count + $0.offset, $0.element) }
            + series.enumerated().reversed().map { ($0.offset, $0.element.values) }
        for (index, values) in lines {
            let dashed = index >= series.count && self.references[index - series.count].stroke == .dashed
            var previous: (Int, Int)?
            var drawn = 0
            for (i, value) in values.enumerated() where value.isFinite && i < years.count {
                let px = Int((Double(i) / Double(years.count - 1) * Double(width - 1)).rounded())
                let py = Int(saturating: ((high - value) / (high - low) * Double(height - 1)).rounded())
                let point = (px, min(height - 1, max(0, py)))
                // Each segment without its first point, the last one's end: dashes stay regular.
                for (x, y) in line(from: previous ?? point, to: point).dropFirst(previous == nil ? 0 : 1) {
                    defer { drawn += 1 }
                    if dashed && (drawn / 4) % 2 == 1 { continue }
                    let cell = (y / 4) * plot.width + x / 2
                    if owner[cell] != index { dots[cell] = 0 }
                    owner[cell] = index
                    dots[cell] |= bits[y % 4][x % 2]
                }
                previous = point
            }
        }
        for cell in 0..<dots.count where owner[cell] >= 0 {
            let x = plot.x + cell % plot.width
            let y = plot.y + cell / plot.width
            let index = owner[cell]
            let color =
                index < series.count
                ? series[index].color : theme.color(self.references[index - series.count].role, tier: tier)
            buffer.write(
                String(Character(Unicode.Scalar(0x2800 + dots[cell]) ?? " ")), x: x, y: y,
                style: Style(
                    foreground: color, background: theme.color(.background, tier: tier),
                    attributes: index == 0 ? .bold : []))
        }
    }

    private func drawGlyphs(_ buffer: inout Buffer, _ plot: Rect, low: Double, high: Double, references: [[Double]]) {
        // Reference lines first, every other column when dashed: the series are drawn over them.
        for (reference, values) in zip(self.references, references).reversed() {
            var previous: (Int, Int)?
            for (i, value) in values.enumerated() where value.isFinite && i < years.count {
                let x = Int((Double(i) / Double(years.count - 1) * Double(plot.width - 1)).rounded())
                let row = Int(saturating: ((high - value) / (high - low) * Double(plot.height - 1)).rounded())
                let y = min(plot.height - 1, max(0, row))
                let style = theme.style(reference.role, tier: tier)
                for (px, py) in line(from: previous ?? (x, y), to: (x, y))
                where reference.stroke == .solid || px % 2 == 0 {
                    buffer.write(String(reference.glyph), x: plot.x + px, y: plot.y + py, style: style)
                }
                previous = (x, y)
            }
        }
        for s in series.reversed() {
            var previous: (Int, Int)?
            for (i, value) in s.values.enumerated() where value.isFinite && i < years.count {
                let x = Int((Double(i) / Double(years.count - 1) * Double(plot.width - 1)).rounded())
                let y = min(
                    plot.height - 1,
                    max(0, Int(saturating: ((high - value) / (high - low) * Double(plot.height - 1)).rounded())))
                for (px, py) in line(from: previous ?? (x, y), to: (x, y)) {
                    buffer.write(
                        String(s.glyph), x: plot.x + px, y: plot.y + py,
                        style: Style(
                            foreground: s.color, background: theme.color(.background, tier: tier), attributes: .bold))
                }
                previous = (x, y)
            }
        }
    }

    /// The points of a segment (Bresenham).
    private func line(from a: (Int, Int), to b: (Int, Int)) -> [(Int, Int)] {
        var points: [(Int, Int)] = []
        var (x, y) = a
        let dx = abs(b.0 - x)
        let dy = -abs(b.1 - y)
        let sx = x < b.0 ? 1 : -1
        let sy = y < b.1 ? 1 : -1
        var error = dx + dy
        while true {
            points.append((x, y))
            if x == b.0 && y == b.1 { break }
            let e2 = 2 * error
            if e2 >= dy {
                error += dy
                x += sx
            }
            if e2 <= dx {
                error += dx
                y += sy
            }
        }
        return points
    }
}
