import ArgumentParser
import Foundation
import JumeauModel
import JumeauRender

/// `--epci SIREN`, `--dep CODE`, `--reg CODE` or `--codes A,B,C`: the part of the twin a
/// command works on. The zones are chosen before anything is computed, so that `run`
/// simulates the selection alone and `info` describes it alone. At most one of the four.
struct SelectionOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(t("help.selectionoption.epci"), valueName: "siren"))
    var epci: String?

    @Option(name: .long, help: ArgumentHelp(t("help.selectionoption.dep"), valueName: "code"))
    var dep: String?

    @Option(name: .long, help: ArgumentHelp(t("help.selectionoption.reg"), valueName: "code"))
    var reg: String?

    @Option(name: .long, help: ArgumentHelp(t("help.selectionoption.codes"), valueName: "codes"))
    var codes: String?

    /// The options given, in the order help lists them.
    private var given: [(option: String, value: String)] {
        [("--epci", epci), ("--dep", dep), ("--reg", reg), ("--codes", codes)].compactMap { option, value in
            value.map { (option, $0) }
        }
    }

    func validate() throws {
        let given = self.given
        guard given.count <= 1 else {
            throw ValidationError(t("cli.select.one", ["options": given.map(\.option).joined(separator: ", ")]))
        }
        if let first = given.first, selection?.codes.isEmpty ?? true {
            throw ValidationError(t("cli.select.empty", ["option": first.option]))
        }
    }

    /// The option given (the first, before validation), nil without one.
    var selection: TerritorySelection? {
        guard let first = given.first else { return nil }
        let value = first.value
        switch first.option {
        case "--epci": return TerritorySelection(level: .epci, code: value)
        case "--dep": return TerritorySelection(level: .department, code: value)
        case "--reg": return TerritorySelection(level: .region, code: value)
        default:
            var seen = Set<String>()
            let list = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && seen.insert($0).inserted }
            return TerritorySelection(level: .commune, codes: list)
        }
    }

    /// The option as typed, for messages that name it ("--epci").
    var optionName: String? { given.first?.option }
}

/// A part of a twin: one région, département or EPCI, or a list of communes.
struct TerritorySelection: Equatable, Sendable {
    var level: TerritoryLevel
    /// One code for a région, a département or an EPCI; the communes' codes otherwise.
    var codes: [String]

    init(level: TerritoryLevel, codes: [String]) {
        self.level = level
        self.codes = codes
    }

    /// Spaces dropped; a département's single digit given its leading zero ("1" → "01")
    /// and Corsica's letter upper-cased ("2a" → "2A"), as the importer writes them.
    init(level: TerritoryLevel, code: String) {
        var code = code.trimmingCharacters(in: .whitespaces)
        if level == .department {
            code = code.uppercased()
            if code.count == 1, code.allSatisfy(\.isNumber) { code = "0" + code }
        }
        self.init(level: level, codes: code.isEmpty ? [] : [code])
    }

    /// Finds the selection's zones in a twin's table.
    /// - Parameters:
    ///   - units: the twin's named régions, départements and EPCIs (`TwinStore.levelUnits`).
    ///   - path: the twin file, named in messages.
    ///   - twin: the TWIN argument as typed, for the command the messages suggest.
    /// - Throws: `CommandFailure`, status 2 for a code no zone has, 1 for a twin that does
    ///   not record the level asked for.
    func resolve(in table: ZoneTable, units: [LevelUnit], path: String, twin: String?) throws -> ResolvedSelection {
        let zoneCodes = table.codes(of: level)
        if level != .commune && !zoneCodes.contains(where: { !$0.isEmpty }) {
            throw CommandFailure(message: t("cli.select.no_levels." + level.rawValue, ["path": Sanitize.text(path)]))
        }
        let wanted = Set(codes)
        let indices = zoneCodes.indices.filter { wanted.contains(zoneCodes[$0]) }
        let found = Set(indices.map { zoneCodes[$0] })
        let missing = codes.filter { !found.contains($0) }
        if !missing.isEmpty {
            throw CommandFailure(message: unknown(missing, table: table, units: units, path: path, twin: twin),
                                 status: 2)
        }
        let names = Dictionary(units.filter { $0.level == level }.map { ($0.code, $0.name) }) { first, _ in first }
        if level == .commune {
            let title: String
            if let index = indices.first, indices.count == 1 {
                title = t("cli.select.named", ["name": table.names[index], "unit": Self.unit(.commune, codes[0])])
            } else {
                let shown = indices.prefix(3).map { table.names[$0] }.joined(separator: ", ")
                title = t("cli.select.communes", ["count": t.number(Double(indices.count), decimals: 0),
                                                   "names": shown + (indices.count > 3 ? ", …" : "")])
            }
            let name = indices.count == 1 ? indices.first.map { table.names[$0] } : nil
            return ResolvedSelection(selection: self, indices: indices, name: name, title: Sanitize.text(title))
        }
        let code = codes.first ?? ""
        let name = names[code].flatMap { Self.isPlaceholder($0, level: level, code: code) ? nil : $0 }
        let unit = Self.unit(level, code)
        let title = name.map { t("cli.select.named", ["name": $0, "unit": unit]) } ?? unit
        return ResolvedSelection(selection: self, indices: indices, name: name, title: Sanitize.text(title))
    }

    /// "EPCI 243300316", "département 33", "région 75", "commune 33063".
    static func unit(_ level: TerritoryLevel, _ code: String) -> String {
        t("level.one." + level.rawValue) + " " + code
    }

    /// The importer names a unit no table names "EPCI 243300316": no name to show twice.
    static func isPlaceholder(_ name: String, level: TerritoryLevel, code: String) -> Bool {
        let words: [TerritoryLevel: String] = [.region: "Région", .department: "Département", .epci: "EPCI"]
        return name.isEmpty || name == code || words[level].map { name == "\($0) \(code)" } ?? false
    }

    /// The one-line refusal of codes no zone has: the closest codes, and how to list them all.
    private func unknown(_ missing: [String], table: ZoneTable, units: [LevelUnit], path: String,
                         twin: String?) -> String {
        let listing = "jumeau info " + (twin.map { Self.shellWord(Sanitize.text($0)) + " " } ?? "")
            + "--list " + level.rawValue
        let candidates = Self.candidates(level, table: table, units: units)
        let hint: String
        let closest = missing.count == 1 ? Self.closest(to: missing[0], among: candidates) : []
        if closest.isEmpty && candidates.count <= 8 && !candidates.isEmpty {
            let items = candidates.map { $0.name.isEmpty ? $0.code : "\($0.code) \($0.name)" }
            hint = t("cli.select.hint_all", ["items": items.joined(separator: ", ")])
        } else if closest.isEmpty {
            hint = t("cli.select.hint_list", ["command": listing, "levels": t("level." + level.rawValue)])
        } else {
            let items = closest.map { $0.name.isEmpty ? $0.code : "\($0.code) \($0.name)" }
            hint = t("cli.select.hint_closest", ["items": items.joined(separator: ", "), "command": listing])
        }
        let shown = missing.prefix(5).map { Sanitize.text($0) }.joined(separator: ", ")
            + (missing.count > 5 ? ", …" : "")
        if level == .commune {
            if missing.count == 1 {
                return t("cli.select.unknown_code", ["path": path, "code": shown, "hint": hint])
            }
            return t("cli.select.unknown_codes",
                     ["path": path, "count": String(missing.count), "codes": shown, "hint": hint])
        }
        return t("cli.select.unknown." + level.rawValue, ["path": path, "code": shown, "hint": hint])
    }

    /// The level's codes among the twin's zones, with their names.
    static func candidates(_ level: TerritoryLevel, table: ZoneTable, units: [LevelUnit])
        -> [(code: String, name: String)]
    {
        if level == .commune { return Array(zip(table.codes, table.names)) }
        let names = Dictionary(units.filter { $0.level == level }.map { ($0.code, $0.name) }) { first, _ in first }
        return Set(table.codes(of: level)).filter { !$0.isEmpty }.sorted().map { code in
            let name = names[code] ?? ""
            return (code, isPlaceholder(name, level: level, code: code) ? "" : name)
        }
    }

    /// Up to five candidates close to what was typed: a name holding it (accents and case
    /// aside: `--epci bordeaux`), then codes one or two edits away (a digit mistyped,
    /// dropped or doubled).
    static func closest(to typed: String, among candidates: [(code: String, name: String)])
        -> [(code: String, name: String)]
    {
        let query = fold(typed)
        guard !query.isEmpty else { return [] }
        let named = candidates.filter { !$0.name.isEmpty && fold($0.name).contains(query) }
        if !named.isEmpty {
            return Array(named.sorted { ($0.name.count, $0.code) < ($1.name.count, $1.code) }.prefix(5))
        }
        let allowed = max(1, min(2, typed.count / 4))
        let near = candidates.compactMap { candidate -> (Int, (code: String, name: String))? in
            guard abs(candidate.code.count - typed.count) <= allowed else { return nil }
            let distance = editDistance(Array(candidate.code.uppercased()), Array(typed.uppercased()))
            return distance <= allowed ? (distance, candidate) : nil
        }
        if !near.isEmpty {
            return near.sorted { ($0.0, $0.1.code) < ($1.0, $1.1.code) }.prefix(5).map(\.1)
        }
        return []
    }

    /// Lower case without accents or punctuation: "Bordeaux Métropole" → "bordeaux metropole".
    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .map { $0.isLetter || $0.isNumber ? $0 : " " }.reduce(into: "") { $0.append($1) }
            .split(separator: " ").joined(separator: " ")
    }

    /// Levenshtein distance (codes are short: nine characters at most).
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }

    /// A TWIN argument as a shell would take it back: quoted when it holds anything but
    /// letters, digits and `-_./+`.
    static func shellWord(_ word: String) -> String {
        let plain = word.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0)
            || "-_./+".unicodeScalars.contains($0)) }
        return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// A selection found in a twin.
struct ResolvedSelection {
    var selection: TerritorySelection
    /// The selected zones' indices in the twin's table, in code order.
    var indices: [Int]
    /// The unit's name in the twin ("Bordeaux Métropole"); nil for communes and unnamed units.
    var name: String?
    /// How titles name it: "Bordeaux Métropole (EPCI 243300316)", "3 communes: …".
    var title: String

    /// The documented JSON form (`selection` in `info`, `run` and `compare`): words from
    /// the twin only, none from the command line's language.
    struct JSON: Encodable {
        var level: String
        var codes: [String]
        @JSONNullable var name: String?
        var zones: Int
    }

    var json: JSON {
        JSON(level: selection.level.rawValue, codes: selection.codes, name: name, zones: indices.count)
    }
}
