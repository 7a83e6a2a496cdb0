import JumeauModel
/// A short code for a lever setting, like the UK 2050 Calculator's pathway code: what a
/// workshop writes on the board and types back (`--levers CODE`) to get the same run.
///
/// Form: "J", then for each lever not at its Baseline, in catalogue order, its letter
/// (A = first lever) and its value as a step index on the lever's grid in two base-36
/// digits; then for each dated change "~", the letter, the year − 2000 and the step
/// index, two base-36 digits each. Baseline is "J". Then, for each territory that sets
/// levers of its own (`LeverSettings.territories`, larger levels first): "*", its level
/// (R région, D département, E EPCI), the length of its code in one base-36 digit, the
/// code, and its levers as above (each written, even at its Baseline). Read
/// case-insensitively; dashes and spaces are ignored so codes can be grouped.
public enum ScenarioCode {
    static let digits = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")

    public struct Unrepresentable: MessageError, Sendable {
        public var message: Message
        init(_ key: String, _ arguments: [String: any MessageArgument] = [:]) { message = Message(key, arguments) }
    }

    /// The code of a setting; throws when a value lies off its lever's step grid.
    public static func encode(_ settings: LeverSettings, catalog: LeverCatalog) throws -> String {
        var code = "J" + (try levers(settings.schedules, catalog: catalog))
        for territory in settings.territories.keys.sorted() {
            guard let level = levelLetters.first(where: { $0.value == territory.level })?.key,
                territory.code.count < 36
            else { throw Unrepresentable("code.territory", ["territory": territory.description]) }
            code += "*" + String(level) + String(digits[territory.code.count]) + territory.code
                + (try levers(settings.territories[territory] ?? [:], catalog: catalog))
        }
        return code
    }

    static let levelLetters: [Character: TerritoryLevel] = ["R": .region, "D": .department, "E": .epci]

    /// Each lever's letter and step, then its dated changes.
    static func levers(_ schedules: [String: LeverSchedule], catalog: LeverCatalog) throws -> String {
        var code = ""
        var changes = ""
        for (index, lever) in catalog.levers.enumerated() {
            guard let schedule = schedules[lever.id] else { continue }
            let letter = String(digits[10 + index])
            code += letter + (try pair(stepIndex(schedule.value, lever)))
            for change in schedule.changes {
                guard (2000..<(2000 + 36 * 36)).contains(change.year) else {
                    throw Unrepresentable("code.year_range", ["id": lever.id, "year": change.year])
                }
                changes += "~" + letter + (try pair(change.year - 2000)) + (try pair(stepIndex(change.value, lever)))
            }
        }
        return code + changes
    }

    /// The setting a code stands for, checked against the catalogue.
    public static func decode(_ text: String, catalog: LeverCatalog) throws -> LeverSettings {
        let cleaned = text.uppercased().filter { $0 != "-" && $0 != " " }
        guard cleaned.first == "J" else { throw LeverError("code.not_a_code", ["code": text]) }
        let parts = cleaned.dropFirst().split(separator: "*", omittingEmptySubsequences: false)
        var settings = LeverSettings()
        for (id, schedule) in try levers(Array(parts[0]), text, catalog: catalog) {
            try settings.set(id, schedule, catalog: catalog)
        }
        for part in parts.dropFirst() {
            let characters = Array(part)
            guard characters.count >= 2, let level = levelLetters[characters[0]],
                let length = digits.firstIndex(of: characters[1]), length > 0, characters.count >= 2 + length
            else { throw LeverError("code.bad_territory", ["code": text]) }
            let territory = TerritoryRef(level, String(characters[2..<(2 + length)]))
            for (id, schedule) in try levers(Array(characters[(2 + length)...]), text, catalog: catalog) {
                try settings.set(id, schedule, for: territory, catalog: catalog)
            }
        }
        return settings
    }

    /// The levers of one part of a code (the scenario's, or a territory's).
    static func levers(
        _ characters: [Character], _ text: String, catalog: LeverCatalog
    ) throws -> [(String, LeverSchedule)] {
        var rest = characters
        var values: [String: Double] = [:]
        var changes: [String: [LeverSchedule.YearValue]] = [:]
        func lever(_ letter: Character) throws -> LeverDefinition {
            guard let index = digits.firstIndex(of: letter), index >= 10, index - 10 < catalog.levers.count else {
                throw LeverError("code.no_lever", ["code": text, "letter": String(letter)])
            }
            return catalog.levers[index - 10]
        }
        func number(_ characters: ArraySlice<Character>) throws -> Int {
            guard characters.count == 2, let high = digits.firstIndex(of: characters.first!),
                  let low = digits.firstIndex(of: characters.last!) else {
                throw LeverError("code.bad_character", ["code": text])
            }
            return high * 36 + low
        }
        func value(_ index: Int, _ lever: LeverDefinition) throws -> Double {
            let value = (lever.minimum + Double(index) * lever.step) * 1e9
            let rounded = value.rounded() / 1e9
            guard lever.contains(rounded) else { throw LeverError("code.step_out_of_range", ["code": text, "id": lever.id, "step": index]) }
            return rounded
        }
        while let first = rest.first {
            if first == "~" {
                guard rest.count >= 6 else { throw LeverError("code.cut_short", ["code": text]) }
                let l = try lever(rest[1])
                let year = 2000 + (try number(rest[2..<4]))
                changes[l.id, default: []].append(.init(year: year, value: try value(try number(rest[4..<6]), l)))
                rest.removeFirst(6)
            } else {
                guard rest.count >= 3 else { throw LeverError("code.cut_short", ["code": text]) }
                let l = try lever(first)
                guard values[l.id] == nil else { throw LeverError("code.twice", ["code": text, "id": l.id]) }
                values[l.id] = try value(try number(rest[1..<3]), l)
                rest.removeFirst(3)
            }
        }
        return catalog.levers.filter { values[$0.id] != nil || changes[$0.id] != nil }.map { lever in
            (lever.id, LeverSchedule(values[lever.id] ?? lever.baseline, changes: changes[lever.id] ?? []))
        }
    }

    /// The value's index on the lever's grid (minimum + index × step).
    static func stepIndex(_ value: Double, _ lever: LeverDefinition) throws -> Int {
        let position = (value - lever.minimum) / lever.step
        let index = position.rounded()
        guard abs(position - index) < 1e-6, index >= 0 else {
            throw Unrepresentable("code.off_step", ["id": lever.id, "value": Message.Argument.number(value, decimals: LeverDefinition.decimals(of: value)), "step": Message.Argument.number(lever.step, decimals: lever.decimals), "unit": Message.Argument.unit(lever.unit)])
        }
        return Int(index)
    }

    static func pair(_ number: Int) throws -> String {
        guard number >= 0 && number < 36 * 36 else { throw Unrepresentable("code.too_large", ["number": number]) }
        return String(digits[number / 36]) + String(digits[number % 36])
    }
}

extension LeverDefinition {
    /// The nearest value on the lever's grid, within its range (what a slider can show).
    public func snapped(_ value: Double) -> Double {
        if let choices { return choices.min { abs($0 - value) < abs($1 - value) } ?? baseline }
        let clamped = min(maximum, max(minimum, value))
        let steps = ((clamped - minimum) / step).rounded()
        return ((minimum + steps * step) * 1e9).rounded() / 1e9
    }
}
