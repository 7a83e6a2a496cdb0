import Foundation
import JumeauModel

/// Glyphs for the frame, Unicode or ASCII (when the locale is not UTF-8 or --ascii).
public struct Glyphs: Sendable {
    public var halfBlock: String?
    /// Shade patterns, lightest first, for 1 to 10 classes (`patterns[n - 1]` holds n
    /// distinct glyphs, one a class): where colours cannot tell the classes apart, these do.
    public var patterns: [String]
    public var boundary: String
    public var ellipsis: String
    public var north: String
    public var scaleBar: String
    public var separator: String
    public var rangeDash: String

    /// Those besides ASCII are in code page 437, so the Linux console's fonts have them.
    public static let unicode = Glyphs(
        halfBlock: "▀",
        patterns: [
            "█", "░█", "░▓█", "░▒▓█", "·░▒▓█", "·:░▒▓█", "·:≡░▒▓█", "·:÷≡░▒▓█", "·:÷≡░▒■▓█", "·°:÷≡░▒■▓█",
        ], boundary: "·", ellipsis: "…", north: "N↑", scaleBar: "─", separator: " · ", rangeDash: "–")
    public static let ascii = Glyphs(
        halfBlock: nil,
        patterns: [
            "#", ".#", ".+#", ".:+#", ".:+#@", ".:+#%@", ".:=+#%@", ".:-=+#%@", ".:-=+*#%@", ".:-=+x*#%@",
        ], boundary: ".", ellipsis: "~", north: "N^", scaleBar: "-", separator: " - ", rangeDash: "-")

    /// The pattern of each of `count` classes, pairwise distinct up to the longest set.
    public func patterns(_ count: Int) -> [String] {
        guard count > 0 else { return [] }
        let set = (count <= patterns.count ? patterns[count - 1] : patterns.last ?? "").map(String.init)
        return set.isEmpty ? [] : (0..<count).map { set[min($0, set.count - 1)] }
    }

    /// Whether the locale (LC_ALL, then LC_CTYPE, then LANG) asks for UTF-8.
    public static func localeIsUTF8(_ environment: [String: String]) -> Bool {
        let locale =
            environment["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["LC_CTYPE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["LANG"] ?? ""
        let lower = locale.lowercased()
        return lower.contains("utf-8") || lower.contains("utf8")
    }

    /// Replaces the characters a non-UTF-8 terminal cannot show in data text.
    public func plain(_ text: String) -> String {
        halfBlock == nil ? ASCIIFallback.text(text) : text
    }
}

/// Everything one frame of the map shows, already computed: the view only draws.
public struct MapFrame: Sendable {
    public var title: String
    public var indicatorLabel: String
    public var unit: String
    public var year: Int
    /// Value per zone (NaN = no data), in raster index order.
    public var values: [Double]
    public var names: [String]
    public var classification: Classification
    public var raster: ZoneRaster
    public var theme: Theme
    public var tier: ColorTier
    public var glyphs: Glyphs
    public var attribution: String
    /// The zone under the cursor or selected, if any.
    public var highlighted: Int?
    /// Zone names written on the map where they fit.
    public var labels = true
    /// Where the legend goes (default: the whole side panel); nil height hides it.
    public var legendRect: Rect?
    /// The language of the legend's words and numbers.
    public var localizer: Localizer = .english
    /// How the classes were made, when the method's name does not say it all ("quantiles
    /// of Baseline 2031").
    public var classNote: String?

    public init(
        title: String, indicatorLabel: String, unit: String, year: Int, values: [Double], names: [String],
        classification: Classification, raster: ZoneRaster, theme: Theme, tier: ColorTier, glyphs: Glyphs,
        attribution: String, highlighted: Int? = nil
    ) {
        self.title = title
        self.indicatorLabel = indicatorLabel
        self.unit = unit
        self.year = year
        self.values = values
        self.names = names
        self.classification = classification
        self.raster = raster
        self.theme = theme
        self.tier = tier
        self.glyphs = glyphs
        self.attribution = attribution
        self.highlighted = highlighted
    }

    /// The width of the side panel, and whether it goes below the map (narrow terminals).
    public static func layout(width: Int, height: Int) -> (map: Rect, panel: Rect) {
        // Larger terminals give the panel more room (sliders, sparklines), not only the map.
        let panelWidth = width >= 140 ? 40 : 28
        if width >= 72 {
            return (
                Rect(x: 0, y: 1, width: width - panelWidth - 1, height: height - 2),
                Rect(x: width - panelWidth, y: 1, width: panelWidth, height: height - 2)
            )
        }
        let panelHeight = min(10, max(0, height - 8))
        return (
            Rect(x: 0, y: 1, width: width, height: height - 2 - panelHeight),
            Rect(x: 0, y: height - 1 - panelHeight, width: width, height: panelHeight)
        )
    }

    /// Draws the whole frame: title line, map, legend panel, attribution line.
    public func render(width: Int, height: Int) -> Buffer {
        let background = Style(background: theme.color(.background, tier: tier))
        var buffer = Buffer(width: width, height: height, fill: Cell(" ", style: background))
        let (mapRect, panelRect) = MapFrame.layout(width: width, height: height)
        let header = glyphs.plain("\(title)\(glyphs.separator)\(indicatorLabel)\(glyphs.separator)\(year)")
        buffer.write(
            DisplayWidth.truncate(Sanitize.text(header), to: width, ellipsis: glyphs.ellipsis), x: 0, y: 0,
            style: theme.style(.accent, tier: tier, attributes: .bold))
        drawMap(into: &buffer, mapRect)
        let viewport = raster.viewport
        buffer.mapAnchor = MapAnchor(
            rect: Rect(
                x: mapRect.x, y: mapRect.y, width: min(mapRect.width, raster.columns),
                height: min(mapRect.height, raster.rows)),
            column: viewport.center.x / viewport.metresPerPixel - Double(raster.columns) / 2,
            metresPerColumn: viewport.metresPerPixel)
        if labels { drawLabels(into: &buffer, mapRect) }
        drawInsets(into: &buffer, mapRect)
        drawLegend(into: &buffer, legendRect ?? panelRect)
        buffer.write(
            DisplayWidth.truncate(glyphs.plain(Sanitize.text(attribution)), to: width, ellipsis: glyphs.ellipsis), x: 0,
            y: height - 1,
            style: theme.style(.muted, tier: tier))
        return buffer
    }

    var classColors: [TermColor] { theme.ramp(max(1, classification.classCount), tier: tier) }

    /// How the map tells its classes apart.
    enum ClassLook: Equatable {
        /// No colour (mono tier or theme): a pattern per class.
        case patterns
        /// A pattern per class, drawn in the class's colour: 8 and 16 colours, whose few
        /// entries stand for the ramp only roughly and which terminals let users change,
        /// and any tier whose colours would merge two classes or hide one in the background.
        case colouredPatterns
        /// Colour alone, two pixels a cell with half blocks (one with ASCII): the classes'
        /// colours are distinct and true to the ramp.
        case colours
    }

    func classLook(_ colors: [TermColor]) -> ClassLook {
        guard tier != .mono, !theme.monochrome else { return .patterns }
        guard tier > .ansi16 else { return .colouredPatterns }
        let shown = colors.map { Palette.shown($0, tier: tier) }
        let background = Palette.shown(theme.color(.background, tier: tier), tier: tier)
        return Set(shown).count == shown.count && !shown.contains(background) ? .colours : .colouredPatterns
    }

    /// How class `i` looks in a map cell (also the legend's swatch), but for highlighting.
    func classCell(_ i: Int, look: ClassLook, colors: [TermColor], patterns: [String]) -> Cell {
        let pattern = patterns.isEmpty ? "?" : patterns[min(i, patterns.count - 1)]
        let color = colors.isEmpty ? TermColor.default : colors[min(i, colors.count - 1)]
        let background = theme.color(.background, tier: tier)
        switch look {
        case .patterns: return Cell(pattern)
        case .colouredPatterns:
            // A class the colour of the background is drawn in the text's colour: its pattern still shows.
            let hidden = Palette.shown(color, tier: tier) == Palette.shown(background, tier: tier)
            return Cell(
                pattern,
                style: Style(foreground: hidden ? theme.color(.text, tier: tier) : color, background: background))
        case .colours: return Cell(" ", style: Style(background: color))
        }
    }

    /// The class of each zone (nil for no data).
    var zoneClasses: [Int?] { values.map { classification.classOf($0) } }

    func drawMap(into buffer: inout Buffer, _ rect: Rect) {
        let classes = zoneClasses
        let colors = classColors
        let look = classLook(colors)
        let classCount = max(1, classification.classCount)
        let patterns = glyphs.patterns(classCount)
        let cells = (0..<classCount).map { classCell($0, look: look, colors: colors, patterns: patterns) }
        let colorful = look != .patterns
        let background = theme.color(.background, tier: tier)
        // A border the tier would show as the background (black on black in 8 colours) is
        // drawn in the muted text colour instead.
        let themeBorder = theme.color(.border, tier: tier)
        let border =
            Palette.shown(themeBorder, tier: tier) == Palette.shown(background, tier: tier) && tier != .mono
            ? theme.color(.muted, tier: tier) : themeBorder
        let missing = theme.color(.missing, tier: tier)
        let hatch = theme.color(.muted, tier: tier)
        let highlight = theme.color(.selection, tier: tier)
        let noData = colorful ? Style(foreground: theme.color(.muted, tier: tier), background: background) : Style()
        func id(_ x: Int, _ y: Int) -> Int32 { raster[x, y] }
        // An outline only between two zones of the same class: elsewhere the change of colour
        // shows the limit, and a national map stays colours rather than a mass of outlines.
        func isBoundary(_ x: Int, _ y: Int) -> Bool {
            let here = id(x, y)
            guard here >= 0 else { return false }
            return [id(x + 1, y), id(x, y + 1)].contains { other in
                other >= 0 && other != here && classes[Int(other)] == classes[Int(here)]
            }
        }
        func pixelColor(_ x: Int, _ y: Int) -> TermColor {
            let zone = id(x, y)
            guard zone >= 0 else { return background }
            if isBoundary(x, y) { return border }
            if let highlighted, Int(zone) == highlighted { return highlight }
            // No data: hatched, diagonal lines of the muted colour over the missing one.
            guard let c = classes[Int(zone)] else { return (x + y) % 3 == 0 ? hatch : missing }
            return colors[min(c, colors.count - 1)]
        }
        func cellZone(_ column: Int, _ row: Int) -> Int32 {
            id(column, 2 * row) >= 0 ? id(column, 2 * row) : id(column, 2 * row + 1)
        }
        for row in 0..<min(rect.height, raster.rows) {
            for column in 0..<min(rect.width, raster.columns) {
                let x = rect.x + column
                let y = rect.y + row
                let top = 2 * row
                let bottom = 2 * row + 1
                if look == .colours, let half = glyphs.halfBlock {
                    let upper = pixelColor(column, top)
                    let lower = pixelColor(column, bottom)
                    buffer[x, y] =
                        upper == lower
                        ? Cell(" ", style: Style(background: lower))
                        : Cell(half, style: Style(foreground: upper, background: lower))
                    continue
                }
                // One symbol per cell: the upper pixel's zone, its class's pattern or colour
                // (a pattern cannot share a cell). A boundary mark only where the next cell is
                // another zone of the same class: elsewhere the change of look shows it.
                let zone = cellZone(column, row)
                guard zone >= 0 else { continue }
                let boundary = [cellZone(column + 1, row), cellZone(column, row + 1)].contains { other in
                    other >= 0 && other != zone && classes[Int(other)] == classes[Int(zone)]
                }
                let attributes: TextAttributes = highlighted == Int(zone) ? .reverse : []
                if boundary {
                    buffer[x, y] = Cell(
                        glyphs.boundary,
                        style: Style(
                            foreground: colorful ? border : .default,
                            background: background, attributes: attributes))
                } else if let c = classes[Int(zone)] {
                    var cell = cells[min(c, cells.count - 1)]
                    cell.style.attributes = attributes
                    buffer[x, y] = cell
                } else {
                    var style = noData
                    style.attributes = attributes
                    buffer[x, y] = Cell(Self.hatchGlyph, style: style)
                }
            }
        }
    }

    /// Zone names inside their zones: larger zones first, a name only where every cell it
    /// covers belongs to its zone and no other name is, so labels never overlap or spill.
    func drawLabels(into buffer: inout Buffer, _ rect: Rect) {
        let columns = min(rect.width, raster.columns)
        let rows = min(rect.height, raster.rows)
        guard columns > 0, rows > 0 else { return }
        var cells = [Int](repeating: 0, count: names.count)
        var sumX = [Double](repeating: 0, count: names.count)
        var sumY = [Double](repeating: 0, count: names.count)
        var cellZone = [Int32](repeating: -1, count: columns * rows)
        for row in 0..<rows {
            for column in 0..<columns {
                let upper = raster[column, 2 * row]
                let lower = raster[column, 2 * row + 1]
                // A cell belongs to a zone when both its halves do.
                guard upper >= 0, upper == lower else { continue }
                cellZone[row * columns + column] = upper
                let z = Int(upper)
                cells[z] += 1
                sumX[z] += Double(column)
                sumY[z] += Double(row)
            }
        }
        var taken = [Bool](repeating: false, count: columns * rows)
        for zone in names.indices.sorted(by: { cells[$0] > cells[$1] }) where cells[zone] > 0 {
            let name = glyphs.plain(Sanitize.text(names[zone]))
            let width = DisplayWidth.of(name)
            guard width > 0, cells[zone] >= width * 2 else { continue }
            let row = Int(saturating: (sumY[zone] / Double(cells[zone])).rounded())
            let start = Int(saturating: (sumX[zone] / Double(cells[zone])).rounded()) - width / 2
            guard row >= 0, row < rows, start >= 0, start + width <= columns else { continue }
            // A free cell on each side too, so neighbouring names stay apart.
            let span = max(0, start - 1)..<min(columns, start + width + 1)
            guard (start..<(start + width)).allSatisfy({ cellZone[row * columns + $0] == Int32(zone) }),
                span.allSatisfy({ !taken[row * columns + $0] })
            else { continue }
            for column in span { taken[row * columns + column] = true }
            var x = rect.x + start
            for character in name {
                let background = buffer[x, rect.y + row].style.background
                let style = Style(foreground: contrasting(background), background: background, attributes: .bold)
                buffer.write(String(character), x: x, y: rect.y + row, style: style)
                x += DisplayWidth.of(character)
            }
        }
    }

    /// Each inset's name in its top-left corner, its scale in its bottom-right one, and a
    /// line setting it apart from the main map.
    func drawInsets(into buffer: inout Buffer, _ rect: Rect) {
        let muted = theme.style(.muted, tier: tier)
        let accent = theme.style(.accent, tier: tier)
        let line = glyphs.halfBlock == nil ? "|" : "│"
        for inset in raster.insets {
            let x = rect.x + inset.x
            let y = rect.y + inset.y
            let edge = x + inset.columns
            if edge < rect.maxX {
                for row in y..<min(rect.maxY, y + inset.rows) { buffer.write(line, x: edge, y: row, style: muted) }
            }
            buffer.write(
                DisplayWidth.truncate(
                    glyphs.plain(Sanitize.text(inset.label)), to: inset.columns,
                    ellipsis: glyphs.ellipsis),
                x: x, y: y, style: accent)
            if inset.rows >= 2,
                let (columns, label) = Self.scaleBar(
                    metresPerColumn: inset.viewport.metresPerPixel,
                    maxColumns: max(1, inset.columns - 6),
                    minColumns: 1)
            {
                let bar = String(repeating: glyphs.scaleBar, count: columns) + label
                let text = DisplayWidth.of(bar) <= inset.columns ? bar : label
                buffer.write(
                    text, x: x + max(0, inset.columns - DisplayWidth.of(text)), y: y + inset.rows - 1, style: muted)
            }
        }
    }

    /// Zones without data are hatched: no class pattern uses this glyph.
    static let hatchGlyph = "/"

    /// Black or white, whichever reads better on a background.
    func contrasting(_ background: TermColor) -> TermColor {
        guard tier != .mono, !theme.monochrome, case .rgb(let r, let g, let b) = background else { return .default }
        let luminance = 0.2126 * Double(r) + 0.7152 * Double(g) + 0.0722 * Double(b)
        return luminance > 140 ? .rgb(0, 0, 0) : .rgb(255, 255, 255)
    }

    public static func methodName(_ method: Classification.Method, _ t: Localizer = .english) -> String {
        switch method {
        case .quantiles: return t("legend.quantiles")
        case .equalIntervals: return t("legend.equal_intervals")
        case .manual: return t("legend.manual")
        }
    }

    func drawLegend(into buffer: inout Buffer, _ rect: Rect) {
        guard rect.height > 2, rect.width > 10 else { return }
        let text = theme.style(.text, tier: tier)
        let muted = theme.style(.muted, tier: tier)
        var y = rect.y
        func line(_ s: String, _ style: Style) {
            guard y < rect.maxY else { return }
            buffer.write(
                DisplayWidth.truncate(glyphs.plain(Sanitize.text(s)), to: rect.width, ellipsis: glyphs.ellipsis),
                x: rect.x, y: y, style: style)
            y += 1
        }
        let t = localizer
        let unitText = t.unit(unit)
        let method = classNote ?? Self.methodName(classification.method, t)
        // A short legend (under the workshop panel at 80×24) keeps every class row: the unit
        // goes after the label (which gives way first), the year and the classes' source below.
        if rect.height < classification.classCount + 6 {
            let unitWidth = unitText.isEmpty ? 0 : DisplayWidth.of(unitText) + 2
            let label = DisplayWidth.truncate(
                glyphs.plain(Sanitize.text(indicatorLabel)), to: max(4, rect.width - unitWidth),
                ellipsis: glyphs.ellipsis)
            line(unitText.isEmpty ? label : "\(label), \(unitText)", theme.style(.text, tier: tier, attributes: .bold))
            line("\(year), \(method)", muted)
        } else {
            line(indicatorLabel, theme.style(.text, tier: tier, attributes: .bold))
            line("\(unitText.isEmpty ? "" : unitText + ", ")\(year)", muted)
            line(t("legend.method_zones", ["method": method, "count": t.number(Double(values.count))]), muted)
        }
        let classes = zoneClasses
        let colors = classColors
        let look = classLook(colors)
        let patterns = glyphs.patterns(max(1, classification.classCount))
        for i in 0..<classification.classCount where y < rect.maxY - 2 {
            let count = classes.filter { $0 == i }.count
            let (low, high) = classification.bounds(i)
            // The swatch is two cells as the map draws the class, so the two read alike.
            let swatch = classCell(i, look: look, colors: colors, patterns: patterns)
            buffer[rect.x, y] = swatch
            buffer[rect.x + 1, y] = swatch
            // Manual breaks stay fixed while the data move: open-ended first and last classes.
            let range: String
            if classification.openEnded && i == 0 {
                range = t("legend.up_to", ["value": t.short(high)])
            } else if classification.openEnded && i == classification.classCount - 1 {
                range = t("legend.over", ["value": t.short(low)])
            } else {
                range = "\(t.short(low))\(glyphs.rangeDash)\(t.short(high))"
            }
            buffer.write(" \(range)", x: rect.x + 2, y: y, style: text, limit: rect.width - 7)
            let countText = String(count)
            buffer.write(countText, x: rect.maxX - DisplayWidth.of(countText), y: y, style: muted)
            y += 1
        }
        let noData = classes.filter { $0 == nil }.count
        if noData > 0 { line(Self.hatchGlyph + "  " + t("legend.no_data", ["count": String(noData)]), muted) }
        // Scale bar and north.
        if let (columns, label) = scaleBar(maxColumns: rect.width - 10), y < rect.maxY {
            y = max(y, rect.maxY - 2)
            buffer.write(String(repeating: glyphs.scaleBar, count: columns) + " " + label, x: rect.x, y: y, style: text)
            buffer.write(glyphs.north, x: rect.maxX - DisplayWidth.of(glyphs.north), y: y, style: text)
        }
        if let highlighted, highlighted < names.count, rect.maxY - 1 > y {
            let value = values[highlighted]
            let rank = value.isFinite ? values.filter { $0.isFinite && $0 > value }.count + 1 : 0
            let readout =
                "\(names[highlighted])\(t.language == .fr ? "\u{00A0}:" : ":") \(value.isFinite ? t.short(value) : t("value.no_data"))\(rank > 0 ? " (#\(rank))" : "")"
            buffer.write(
                DisplayWidth.truncate(glyphs.plain(Sanitize.text(readout)), to: rect.width, ellipsis: glyphs.ellipsis),
                x: rect.x, y: rect.maxY - 1, style: theme.style(.accent, tier: tier))
        }
    }

    /// A round distance (1, 2 or 5 × 10ⁿ km or m) that fits the columns given.
    func scaleBar(maxColumns: Int) -> (Int, String)? {
        Self.scaleBar(metresPerColumn: raster.viewport.metresPerPixel, maxColumns: maxColumns)
    }

    static func scaleBar(metresPerColumn: Double, maxColumns: Int, minColumns: Int = 2) -> (Int, String)? {
        guard maxColumns > 2, metresPerColumn > 0 else { return nil }
        var best: (Int, String)?
        var magnitude = 1.0
        while magnitude < 1e7 {
            for step in [1.0, 2.0, 5.0] {
                let metres = step * magnitude
                let columns = Int(saturating: (metres / metresPerColumn).rounded())
                if columns >= minColumns && columns <= maxColumns {
                    best = (columns, metres >= 1_000 ? "\(Int(metres / 1_000)) km" : "\(Int(metres)) m")
                }
            }
            magnitude *= 10
        }
        return best
    }
}
