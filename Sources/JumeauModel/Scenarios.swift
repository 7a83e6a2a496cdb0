import Foundation

/// A named scenario as the twin keeps it. The lever setting is stored as JSON
/// written and read by the simulation module (the store does not interpret it).
public struct SavedScenario: Sendable, Equatable {
    public var name: String
    public var leversJSON: String
    public var notes: String
    public var author: String
    public var createdAt: Date
    public var updatedAt: Date

    public init(name: String, leversJSON: String, notes: String = "", author: String = "",
                createdAt: Date = Date(), updatedAt: Date = Date()) {
        self.name = name; self.leversJSON = leversJSON; self.notes = notes; self.author = author
        self.createdAt = createdAt; self.updatedAt = updatedAt
    }
}

/// The results of one run of a scenario, with what identifies its inputs.
public struct SavedRun: Sendable, Equatable {
    public var modelVersion: String
    /// Hash of the model version, parameters, levers and base state: equal hashes,
    /// equal results.
    public var inputsHash: String
    public var years: [Int]
    /// Territory values by indicator id, one per year.
    public var territory: [String: [Double]]
    /// Zone values by indicator id and year, in zone code order (key years only).
    public var zones: [String: [Int: [Double]]]
    public var createdAt: Date

    public init(modelVersion: String, inputsHash: String, years: [Int], territory: [String: [Double]],
                zones: [String: [Int: [Double]]], createdAt: Date = Date()) {
        self.modelVersion = modelVersion; self.inputsHash = inputsHash; self.years = years
        self.territory = territory; self.zones = zones; self.createdAt = createdAt
    }
}

/// One line of the explorer's session journal.
public struct JournalEntry: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// Levers changed (by a slider, a reset, an undo or a redo: `detail` says which).
        case levers
        case save, load, resume, quit
    }
    public var session: String
    public var at: Date
    public var kind: Kind
    /// The whole lever setting after this entry, as canonical JSON.
    public var leversJSON: String
    public var detail: String

    public init(session: String, at: Date, kind: Kind, leversJSON: String, detail: String = "") {
        self.session = session; self.at = at; self.kind = kind; self.leversJSON = leversJSON; self.detail = detail
    }
}

/// What a facilitator's explorer shows, shared through the twin for followers
/// (`jumeau explore --follow`): one row, rewritten at each change.
public struct LiveView: Sendable, Equatable {
    /// The facilitator's explorer session.
    public var session: String
    /// Counts the changes: a follower applies a view once.
    public var sequence: Int
    public var leversJSON: String
    public var scenario: String?
    public var year: Int
    /// The id of the indicator or attribute on the map.
    public var variable: String
    /// The map's centre (Lambert-93 metres) and scale (metres per map pixel).
    public var centerX: Double
    public var centerY: Double
    public var metresPerPixel: Double
    /// False once the facilitator has quit.
    public var active: Bool
    public var updatedAt: Date

    public init(session: String, sequence: Int, leversJSON: String, scenario: String?, year: Int, variable: String,
                centerX: Double, centerY: Double, metresPerPixel: Double, active: Bool, updatedAt: Date) {
        self.session = session; self.sequence = sequence; self.leversJSON = leversJSON; self.scenario = scenario
        self.year = year; self.variable = variable; self.centerX = centerX; self.centerY = centerY
        self.metresPerPixel = metresPerPixel; self.active = active; self.updatedAt = updatedAt
    }
}

/// Scenario names as the twin keeps them.
public enum ScenarioName {
    /// Longer names are refused: a name is read on a projector and in a menu.
    public static let maximumLength = 200

    /// One spelling per name: "é" typed precomposed or as "e" and an accent is one name
    /// (Unicode's NFC), so two scenarios never look the same.
    public static func canonical(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespaces).precomposedStringWithCanonicalMapping
    }
}
