import Foundation
import JumeauModel

/// Semantic colours of the interface, resolved per colour tier.
public struct Theme: Sendable {
    public enum Role: String, CaseIterable, Sendable {
        case background, text, muted, accent, selection, border, warning, good, bad, missing
    }

    public var name: String
    /// True for the mono theme: attributes and patterns only.
    public var monochrome: Bool
    var colors: [Role: TermColor]
    /// Per-tier overrides, e.g. "text.8 = white".
    var overrides: [ColorTier: [Role: TermColor]]
    public var sequential: [TermColor]
    public var diverging: [TermColor]

    public struct ParseError: MessageError {
        public var message: Message
        public init(_ key: String, _ arguments: [String: any MessageArgument]) { message = Message(key, arguments) }
    }

    /// Parses a theme file: `role = #rrggbb`, `role.8 = white` (a per-tier override),
    /// `sequential = #.., #.., …`, `diverging = …`, `monochrome = true`; lines starting
    /// with `#` are comments. Text from the file is never shown raw.
    public init(name: String, text: String) throws {
        self.name = Sanitize.text(name)
        monochrome = false
        colors = [:]
        overrides = [:]
        sequential = []
        diverging = []
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { throw ParseError("theme.expected_pair", ["file": self.name, "line": number + 1]) }
            let key = parts[0].lowercased(), value = parts[1]
            func color(_ text: String) throws -> TermColor {
                if let c = TermColor(hex: text) ?? Theme.named[text.lowercased()] { return c }
                throw ParseError("theme.not_a_colour", ["file": self.name, "line": number + 1, "value": Sanitize.text(String(text.prefix(20)))])
            }
            switch key {
            case "monochrome": monochrome = value.lowercased() == "true"
            case "sequential": sequential = try value.split(separator: ",").map { try color(String($0).trimmingCharacters(in: .whitespaces)) }
            case "diverging": diverging = try value.split(separator: ",").map { try color(String($0).trimmingCharacters(in: .whitespaces)) }
            default:
                let roleAndTier = key.split(separator: ".", maxSplits: 1).map(String.init)
                guard let role = Role(rawValue: roleAndTier[0]) else {
                    throw ParseError("theme.unknown_key", ["file": self.name, "line": number + 1, "key": Sanitize.text(String(key.prefix(30)))])
                }
                if roleAndTier.count == 2 {
                    guard let tier = ColorTier(rawValue: roleAndTier[1]) else {
                        throw ParseError("theme.unknown_tier", ["file": self.name, "line": number + 1, "tier": Sanitize.text(roleAndTier[1])])
                    }
                    overrides[tier, default: [:]][role] = try color(value)
                } else {
                    colors[role] = try color(value)
                }
            }
        }
        if !monochrome && sequential.count < 2 {
            throw ParseError("theme.no_ramp", ["file": self.name])
        }
    }

    /// Colour names for the 8/16-colour tiers.
    static let named: [String: TermColor] = [
        "black": .rgb(0, 0, 0), "red": .rgb(205, 0, 0), "green": .rgb(0, 205, 0), "yellow": .rgb(205, 205, 0),
        "blue": .rgb(0, 0, 238), "magenta": .rgb(205, 0, 205), "cyan": .rgb(0, 205, 205), "white": .rgb(229, 229, 229),
        "bright-black": .rgb(127, 127, 127), "bright-red": .rgb(255, 0, 0), "bright-green": .rgb(0, 255, 0),
        "bright-yellow": .rgb(255, 255, 0), "bright-blue": .rgb(92, 92, 255), "bright-magenta": .rgb(255, 0, 255),
        "bright-cyan": .rgb(0, 255, 255), "bright-white": .rgb(255, 255, 255), "default": .default,
    ]

    public func color(_ role: Role, tier: ColorTier) -> TermColor {
        if monochrome || tier == .mono { return .default }
        return overrides[tier]?[role] ?? colors[role] ?? .default
    }

    public func style(_ role: Role, tier: ColorTier, attributes: TextAttributes = []) -> Style {
        Style(foreground: color(role, tier: tier), background: color(.background, tier: tier), attributes: attributes)
    }

    /// `count` colours spread over the sequential ramp, for the classes of a map. In 8
    /// and 16 colours they are distinct palette entries, none the background's (see
    /// `Palette.distinct`); in 256 too when quantising the ramp would merge two classes.
    public func ramp(_ count: Int, tier: ColorTier) -> [TermColor] {
        guard !monochrome, tier != .mono, count > 0 else { return Array(repeating: .default, count: max(0, count)) }
        let mixed: [TermColor] = (0..<count).map { i in
            let position = count == 1 ? 0 : Double(i) / Double(count - 1) * Double(sequential.count - 1)
            let low = Int(position.rounded(.down)), high = min(sequential.count - 1, low + 1)
            let t = position - Double(low)
            guard case let .rgb(r1, g1, b1) = sequential[low], case let .rgb(r2, g2, b2) = sequential[high] else { return sequential[low] }
            func mix(_ a: UInt8, _ b: UInt8) -> UInt8 { UInt8((Double(a) * (1 - t) + Double(b) * t).rounded()) }
            return .rgb(mix(r1, r2), mix(g1, g2), mix(b1, b2))
        }
        let background = color(.background, tier: tier)
        switch tier {
        case .mono, .truecolor:
            return mixed
        case .ansi256:
            // The nearest entries are truest to the ramp: kept when they are already apart.
            let shown = mixed.map { Palette.shown($0, tier: tier) }
            let apart = Set(shown).count == shown.count && !shown.contains(Palette.shown(background, tier: tier))
            return apart ? mixed : Palette.distinct(mixed, tier: tier, avoiding: background)
        case .ansi8, .ansi16:
            return Palette.distinct(mixed, tier: tier, avoiding: background)
        }
    }
}
