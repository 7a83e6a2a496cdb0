import Foundation

/// What a terminal can show, from most to least.
public enum ColorTier: String, CaseIterable, Sendable, Comparable {
    case mono, ansi8 = "8", ansi16 = "16", ansi256 = "256", truecolor

    public static func < (a: ColorTier, b: ColorTier) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// The tier to use, from an explicit choice, NO_COLOR, COLORTERM and TERM (the
    /// backend may lower it further from curses' own count of colours).
    public static func detect(environment: [String: String], requested: ColorTier? = nil) -> ColorTier {
        if let requested { return requested }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .mono }
        let term = environment["TERM"] ?? ""
        if term.isEmpty || term == "dumb" || term.hasPrefix("vt") { return .mono }
        let colorterm = (environment["COLORTERM"] ?? "").lowercased()
        if colorterm == "truecolor" || colorterm == "24bit" { return .truecolor }
        if term.contains("256color") { return .ansi256 }
        if term == "linux" || term.hasPrefix("screen") || term.hasPrefix("xterm") || term.hasPrefix("tmux") { return .ansi16 }
        return .ansi8
    }
}

/// Nearest colours in the terminal palettes.
public enum Palette {
    /// The 16 standard colours as xterm shows them; the first 8 are the 8-colour tier.
    static let standard: [(UInt8, UInt8, UInt8)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    static func distance(_ a: (UInt8, UInt8, UInt8), _ b: (UInt8, UInt8, UInt8)) -> Int {
        let dr = Int(a.0) - Int(b.0), dg = Int(a.1) - Int(b.1), db = Int(a.2) - Int(b.2)
        return 2 * dr * dr + 4 * dg * dg + 3 * db * db
    }

    /// Index 0–7 or 0–15 of the nearest standard colour.
    public static func nearestStandard(_ rgb: (UInt8, UInt8, UInt8), count: Int) -> Int {
        (0..<min(count, standard.count)).min { distance(standard[$0], rgb) < distance(standard[$1], rgb) } ?? 0
    }

    /// The colour a terminal at `tier` really shows for `color`: the palette entry it is
    /// quantised to (as its exact RGB), the colour itself in truecolor, none in mono.
    public static func shown(_ color: TermColor, tier: ColorTier) -> TermColor {
        guard case let .rgb(r, g, b) = color else { return .default }
        switch tier {
        case .mono: return .default
        case .truecolor: return color
        case .ansi8, .ansi16: return entry(nearestStandard((r, g, b), count: tier == .ansi8 ? 8 : 16))
        case .ansi256: return entry(nearest256((r, g, b)))
        }
    }

    /// The RGB of a palette index (0–15 as xterm shows them, 16–255 the cube and greys).
    /// Quantising it gives the index back.
    public static func entry(_ index: Int) -> TermColor {
        switch index {
        case 0..<16: let c = standard[index]; return .rgb(c.0, c.1, c.2)
        case 16..<232:
            let steps: [UInt8] = [0, 95, 135, 175, 215, 255]
            let i = index - 16
            return .rgb(steps[i / 36], steps[i / 6 % 6], steps[i % 6])
        default:
            let grey = UInt8(8 + 10 * min(23, max(0, index - 232)))
            return .rgb(grey, grey, grey)
        }
    }

    /// Palette colours for `targets` (the classes of a ramp), as near to them as can be
    /// while no two are the same entry and none is `avoiding` (the background): the
    /// pairing of least total distance. Quantising each target on its own would give
    /// adjacent classes the same entry (a yellow-to-red ramp of five becomes white,
    /// yellow, yellow, red, red in eight colours). When there are more targets than
    /// entries, each entry serves as few targets as possible. 256 colours pick among the
    /// cube and the greys: terminals let users change the first 16.
    public static func distinct(_ targets: [TermColor], tier: ColorTier,
                                avoiding: TermColor = .default) -> [TermColor] {
        let range: Range<Int>
        switch tier {
        case .mono, .truecolor: return targets
        case .ansi8: range = 0..<8
        case .ansi16: range = 0..<16
        case .ansi256: range = 16..<256
        }
        let avoided = shown(avoiding, tier: tier)
        let candidates = range.map(entry).filter { $0 != avoided }
        let wanted = targets.compactMap(components), offered = candidates.compactMap(components)
        // The terminal's default colour has no RGB to be near to: leave such a ramp as it is.
        guard !offered.isEmpty, !wanted.isEmpty, wanted.count == targets.count else { return targets }
        // Each entry offered as many times as needed for every target to have one.
        let copies = (wanted.count + offered.count - 1) / offered.count
        let columns = (0..<copies * offered.count).map { $0 % offered.count }
        let cost = wanted.map { target in columns.map { distance(target, offered[$0]) } }
        return Assignment.cheapest(cost).map { candidates[columns[$0]] }
    }

    static func components(_ color: TermColor) -> (UInt8, UInt8, UInt8)? {
        guard case let .rgb(r, g, b) = color else { return nil }
        return (r, g, b)
    }

    /// Index 16–255 of the nearest colour of the 6×6×6 cube or the grey ramp.
    public static func nearest256(_ rgb: (UInt8, UInt8, UInt8)) -> Int {
        func level(_ v: UInt8) -> Int { v < 48 ? 0 : v < 115 ? 1 : (Int(v) - 35) / 40 }
        let r = level(rgb.0), g = level(rgb.1), b = level(rgb.2)
        let steps = [0, 95, 135, 175, 215, 255]
        let cube = (UInt8(steps[r]), UInt8(steps[g]), UInt8(steps[b]))
        // The step of the grey ramp (8, 18, …, 238) nearest the mean, clamped to its 24 steps.
        let grey = max(0, min(23, ((Int(rgb.0) + Int(rgb.1) + Int(rgb.2)) / 3 - 3) / 10))
        let greyValue = UInt8(8 + grey * 10)
        let greyRGB = (greyValue, greyValue, greyValue)
        return distance(cube, rgb) <= distance(greyRGB, rgb) ? 16 + 36 * r + 6 * g + b : 232 + grey
    }
}

/// The least-cost assignment of rows to distinct columns (Hungarian method with
/// potentials, O(rows² × columns)); rows ≤ columns.
enum Assignment {
    static func cheapest(_ cost: [[Int]]) -> [Int] {
        let n = cost.count, m = cost.first?.count ?? 0
        guard n > 0, m >= n else { return (0..<n).map { min($0, max(0, m - 1)) } }
        let infinity = Int.max / 4
        var u = [Int](repeating: 0, count: n + 1), v = [Int](repeating: 0, count: m + 1)
        // p[j]: the row (1-based) given column j; way: the path to augment along.
        var p = [Int](repeating: 0, count: m + 1), way = [Int](repeating: 0, count: m + 1)
        for i in 1...n {
            p[0] = i
            var j0 = 0
            var minimum = [Int](repeating: infinity, count: m + 1)
            var used = [Bool](repeating: false, count: m + 1)
            repeat {
                used[j0] = true
                let i0 = p[j0]
                var delta = infinity, j1 = 0
                for j in 1...m where !used[j] {
                    let reduced = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if reduced < minimum[j] { minimum[j] = reduced; way[j] = j0 }
                    if minimum[j] < delta { delta = minimum[j]; j1 = j }
                }
                for j in 0...m {
                    if used[j] { u[p[j]] += delta; v[j] -= delta } else { minimum[j] -= delta }
                }
                j0 = j1
            } while p[j0] != 0
            repeat {
                let j1 = way[j0]
                p[j0] = p[j1]
                j0 = j1
            } while j0 != 0
        }
        var result = [Int](repeating: 0, count: n)
        for j in 1...m where p[j] != 0 { result[p[j] - 1] = j - 1 }
        return result
    }
}
