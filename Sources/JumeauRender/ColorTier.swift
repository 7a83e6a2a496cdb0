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
        (0..<count).min { distance(standard[$0], rgb) < distance(standard[$1], rgb) }!
    }

    /// Index 16–255 of the nearest colour of the 6×6×6 cube or the grey ramp.
    public static func nearest256(_ rgb: (UInt8, UInt8, UInt8)) -> Int {
        func level(_ v: UInt8) -> Int { v < 48 ? 0 : v < 115 ? 1 : (Int(v) - 35) / 40 }
        let r = level(rgb.0), g = level(rgb.1), b = level(rgb.2)
        let steps = [0, 95, 135, 175, 215, 255]
        let cube = (UInt8(steps[r]), UInt8(steps[g]), UInt8(steps[b]))
        let grey = max(0, min(23, (Int(rgb.0) + Int(rgb.1) + Int(rgb.2)) / 3 - 3) / 10)
        let greyValue = UInt8(8 + grey * 10)
        let greyRGB = (greyValue, greyValue, greyValue)
        return distance(cube, rgb) <= distance(greyRGB, rgb) ? 16 + 36 * r + 6 * g + b : 232 + grey
    }
}
