import Foundation

/// The languages of the interface: French and English.
public enum Language: String, CaseIterable, Sendable {
    case en, fr

    /// The language of the messages, with POSIX precedence: LC_ALL, then LC_MESSAGES,
    /// then LANG; French when the first one set names French, English otherwise.
    public static func fromEnvironment(_ environment: [String: String]) -> Language {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            return value.lowercased().hasPrefix("fr") ? .fr : .en
        }
        return .en
    }

    /// The one of two labels in this language.
    public func pick(fr: String, en: String) -> String { self == .fr ? fr : en }
}

/// Texts and numbers in one language. Every user-facing text is looked up by key in the
/// language's catalogue (Catalogue/en.catalog, Catalogue/fr.catalog).
public struct Localizer: Sendable {
    public let language: Language
    public init(_ language: Language) { self.language = language }

    public static let english = Localizer(.en)

    /// The text for a key, with `{name}` placeholders replaced. A key missing from the
    /// language falls back to English, then to the key itself (the catalogue test
    /// keeps both complete).
    public func callAsFunction(_ key: String, _ arguments: [String: String] = [:]) -> String {
        var text = Catalogue.table(language)[key] ?? Catalogue.table(.en)[key] ?? key
        for (name, value) in arguments { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }

    public func pick(fr: String, en: String) -> String { language.pick(fr: fr, en: en) }

    /// A unit in this language ("ha/yr" → "ha/an"); unknown units unchanged.
    public func unit(_ unit: String) -> String {
        unit.isEmpty ? unit : (Catalogue.table(language)["unit." + unit] ?? unit)
    }

    /// A short unit for narrow columns ("inhabitants" → "inh.").
    public func shortUnit(_ unit: String) -> String {
        Catalogue.table(language)["unit.short." + unit] ?? self.unit(unit)
    }

    // MARK: Numbers

    /// 12%, 4.5% in English; 12 %, 4,5 % in French.
    public func percent(_ value: Double) -> String {
        number(value, decimals: abs(value) >= 10 ? 0 : 1) + (language == .fr ? "\u{00A0}%" : "%")
    }

    /// Thousands separator: a no-break space in French (1 234,5), a comma in English (1,234.5).
    public var groupSeparator: String { language == .fr ? "\u{00A0}" : "," }
    public var decimalSeparator: String { language == .fr ? "," : "." }

    /// Grouped digits with a fixed number of decimals; decimals chosen from the magnitude
    /// when not given (none from 100, one from 1, three below).
    public func number(_ value: Double, decimals: Int? = nil) -> String {
        guard value.isFinite else { return "–" }
        // Beyond 10^15 digits stop meaning anything (and Int64 overflows): scientific form.
        guard abs(value) < 1e15 else { return value.description.replacingOccurrences(of: ".", with: decimalSeparator) }
        let chosen = decimals ?? (abs(value) >= 100 || value == value.rounded() ? 0 : (abs(value) >= 1 ? 1 : 3))
        let places = min(6, max(0, chosen))
        let fixed = Self.fixed(abs(value), places: places)
        let parts = fixed.split(separator: ".", maxSplits: 1)
        let sign = value < 0 && fixed.contains(where: { $0 != "0" && $0 != "." }) ? "-" : ""
        return sign + grouped(String(parts[0])) + (parts.count > 1 ? decimalSeparator + parts[1] : "")
    }

    /// A compact number for maps and narrow panels: 1.2M, 12,345, 12.3, 1.23, 0.123.
    public func short(_ value: Double) -> String {
        guard value.isFinite else { return "–" }
        let magnitude = abs(value)
        if magnitude >= 10_000_000 { return number(value / 1_000_000, decimals: 1) + (language == .fr ? " M" : "M") }
        if magnitude >= 100 { return number(value.rounded(), decimals: 0) }
        if magnitude >= 10 { return number(value, decimals: 1) }
        if magnitude >= 1 { return number(value, decimals: 2) }
        return value == 0 ? "0" : number(value, decimals: 3)
    }

    /// Digits grouped by three.
    func grouped(_ digits: String) -> String {
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += groupSeparator }
            out.append(c)
        }
        return out
    }

    static func fixed(_ value: Double, places: Int) -> String {
        // String(format:) without Foundation: round half away from zero at `places`.
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (value * scale).rounded()
        // number() keeps values below 10^15 and at most 6 decimals here: no overflow.
        guard scaled < 9e18 else { return value.description }
        let whole = Int64(scaled)
        guard places > 0 else { return String(whole) }
        let divisor = Int64(scale)
        let fraction = String(whole % divisor)
        return String(whole / divisor) + "." + String(repeating: "0", count: places - fraction.count) + fraction
    }
}
