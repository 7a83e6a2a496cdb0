import Foundation
import JumeauModel

/// A row filter typed by a person: `population > 5000 and name ~ "sur-Mer"`.
///
/// Grammar (keywords in French or English):
///
///     expression := conjunction (("or" | "ou") conjunction)*
///     conjunction := negation (("and" | "et") negation)*
///     negation   := ("not" | "non") negation | comparison
///     comparison := operand (operator operand)?
///     operator   := = | == | != | <> | < | <= | > | >= | ~ (contains) | !~ (does not contain)
///     operand    := number | "text" | 'text' | column | "(" expression ")"
///                   (after an operator, a word that names no column is text)
///
/// The program parses and evaluates it itself: it never reaches SQL. Text compares
/// ignoring case and accents; a missing number (no data) fails every comparison.
public indirect enum Filter: Equatable, Sendable {
    case or(Filter, Filter)
    case and(Filter, Filter)
    case not(Filter)
    case compare(Operand, Operator, Operand)
    /// A bare column or value: true when a number is non-zero or a text not empty.
    case truthy(Operand)

    public enum Operand: Equatable, Sendable {
        case number(Double)
        case text(String)
        case column(String)
    }

    public enum Operator: String, Sendable {
        case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case contains = "~", notContains = "!~"
    }

    /// A value of a row's column.
    public enum Value: Sendable {
        case number(Double)
        case text(String)
    }

    /// Parses a filter, checking every column name against those given.
    public init(parsing text: String, columns: [String]) throws {
        var parser = FilterParser(tokens: try FilterLexer.tokens(text), columns: columns, source: text)
        self = try parser.parseAll()
    }

    /// Every column the filter reads.
    public var columns: Set<String> {
        switch self {
        case .or(let a, let b), .and(let a, let b): return a.columns.union(b.columns)
        case .not(let a): return a.columns
        case .compare(let a, _, let b): return Set([a, b].compactMap { if case .column(let c) = $0 { return c } else { return nil } })
        case .truthy(let a): if case .column(let c) = a { return [c] } else { return [] }
        }
    }

    /// Whether a row passes, reading its columns with `value`.
    public func matches(_ value: (String) -> Value) -> Bool {
        switch self {
        case .or(let a, let b): return a.matches(value) || b.matches(value)
        case .and(let a, let b): return a.matches(value) && b.matches(value)
        case .not(let a): return !a.matches(value)
        case .truthy(let operand):
            switch resolve(operand, value) {
            case .number(let n): return n.isFinite && n != 0
            case .text(let t): return !t.isEmpty
            }
        case .compare(let left, let op, let right):
            return Self.compare(resolve(left, value), op, resolve(right, value))
        }
    }

    private func resolve(_ operand: Operand, _ value: (String) -> Value) -> Value {
        switch operand {
        case .number(let n): return .number(n)
        case .text(let t): return .text(t)
        case .column(let c): return value(c)
        }
    }

    static func compare(_ a: Value, _ op: Operator, _ b: Value) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)):
            guard x.isFinite && y.isFinite else { return op == .notEqual || op == .notContains }
            switch op {
            case .equal, .contains: return x == y
            case .notEqual, .notContains: return x != y
            case .less: return x < y
            case .lessOrEqual: return x <= y
            case .greater: return x > y
            case .greaterOrEqual: return x >= y
            }
        default:
            let x = fold(text(a)), y = fold(text(b))
            switch op {
            case .equal: return x == y
            case .notEqual: return x != y
            case .contains: return contains(x, y)
            case .notContains: return !contains(x, y)
            case .less: return x < y
            case .lessOrEqual: return x <= y
            case .greater: return x > y
            case .greaterOrEqual: return x >= y
            }
        }
    }

    static func text(_ value: Value) -> String {
        switch value {
        case .text(let t): return t
        case .number(let n): return n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
        }
    }

    /// Whether `part` occurs in `text`, byte for byte: Foundation's `contains` stops at a
    /// NUL as C strings do, and trapped past the end on such text (a fuzzer's find,
    /// Fuzz/regressions/filter).
    static func contains(_ text: String, _ part: String) -> Bool {
        let haystack = Array(text.utf8), needle = Array(part.utf8)
        guard !needle.isEmpty else { return true }
        guard needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count)
        where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }

    public static func fold(_ text: String) -> String {
        // ASCII (every code, most names) folds to lower case without Foundation: 35,000
        // communes are folded when a national twin opens.
        let utf8 = text.utf8
        if utf8.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
        }
        return text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }
}

/// Why a filter could not be read (a catalogue key and its values), with where
/// (1-based character position).
public struct FilterError: Error, Equatable, CustomStringConvertible, Sendable {
    public var key: String
    public var arguments: [String: String]
    public var position: Int
    init(_ key: String, _ arguments: [String: String] = [:], position: Int) {
        self.key = key; self.arguments = arguments; self.position = position
    }
    public func message(_ t: Localizer) -> String {
        var values = arguments
        // Token descriptions are catalogue keys too.
        for (name, value) in values where value.hasPrefix("filter.") { values[name] = t(value) }
        return t("filter.at", ["message": t(key, values), "position": String(position)])
    }
    public var description: String { message(.english) }
}

enum Token: Equatable {
    case number(Double), text(String), word(String), op(Filter.Operator), open, close, end
}

enum FilterLexer {
    static func tokens(_ source: String) throws -> [(Token, Int)] {
        var out: [(Token, Int)] = []
        let chars = Array(source)
        var i = 0
        while i < chars.count {
            let c = chars[i], at = i + 1
            if c.isWhitespace { i += 1; continue }
            if c == "(" { out.append((.open, at)); i += 1; continue }
            if c == ")" { out.append((.close, at)); i += 1; continue }
            if c == "\"" || c == "'" || c == "«" {
                let closing: Character = c == "«" ? "»" : c
                var j = i + 1, text = ""
                while j < chars.count && chars[j] != closing { text.append(chars[j]); j += 1 }
                guard j < chars.count else { throw FilterError("filter.unclosed_text", ["closing": String(closing)], position: at) }
                out.append((.text(text.trimmingCharacters(in: .whitespaces)), at)); i = j + 1; continue
            }
            let two = i + 1 < chars.count ? String(chars[i...i + 1]) : String(c)
            switch two {
            case "<=", ">=", "!=", "<>", "==", "!~":
                let op: Filter.Operator = two == "<=" ? .lessOrEqual : two == ">=" ? .greaterOrEqual : two == "==" ? .equal : two == "!~" ? .notContains : .notEqual
                out.append((.op(op), at)); i += 2; continue
            default: break
            }
            if let op = Filter.Operator(rawValue: String(c)) { out.append((.op(op), at)); i += 1; continue }
            if c.isNumber || ((c == "-" || c == ".") && i + 1 < chars.count && chars[i + 1].isNumber) {
                var j = i + 1
                // Digits, one decimal point or comma, and _ as a thousands separator.
                while j < chars.count && (chars[j].isNumber || chars[j] == "_" || ((chars[j] == "." || chars[j] == ",") && j + 1 < chars.count && chars[j + 1].isNumber)) { j += 1 }
                let literal = String(chars[i..<j]).replacingOccurrences(of: "_", with: "").replacingOccurrences(of: ",", with: ".")
                guard let value = Double(literal) else { throw FilterError("filter.not_a_number", ["text": String(chars[i..<j])], position: at) }
                out.append((.number(value), at)); i = j; continue
            }
            if c.isLetter || c == "_" {
                var j = i + 1
                while j < chars.count && (chars[j].isLetter || chars[j].isNumber || chars[j] == "_") { j += 1 }
                out.append((.word(String(chars[i..<j])), at)); i = j; continue
            }
            throw FilterError("filter.unexpected_character", ["character": String(c)], position: at)
        }
        out.append((.end, chars.count + 1))
        return out
    }
}

struct FilterParser {
    var tokens: [(Token, Int)]
    var columns: [String]
    var source: String
    var index = 0

    init(tokens: [(Token, Int)], columns: [String], source: String) {
        self.tokens = tokens; self.columns = columns; self.source = source
    }

    var current: Token { tokens[index].0 }
    var position: Int { tokens[index].1 }

    static let orWords: Set<String> = ["or", "ou"], andWords: Set<String> = ["and", "et"], notWords: Set<String> = ["not", "non"]

    mutating func parseAll() throws -> Filter {
        guard current != .end else { throw FilterError("filter.empty", position: 1) }
        let filter = try parseOr()
        guard current == .end else { throw FilterError("filter.unexpected", ["token": describe(current)], position: position) }
        return filter
    }

    func isWord(_ words: Set<String>) -> Bool {
        if case .word(let w) = current { return words.contains(w.lowercased()) }
        return false
    }

    mutating func parseOr() throws -> Filter {
        var left = try parseAnd()
        while isWord(Self.orWords) { index += 1; left = .or(left, try parseAnd()) }
        return left
    }

    mutating func parseAnd() throws -> Filter {
        var left = try parseNot()
        while isWord(Self.andWords) { index += 1; left = .and(left, try parseNot()) }
        return left
    }

    mutating func parseNot() throws -> Filter {
        if isWord(Self.notWords) { index += 1; return .not(try parseNot()) }
        return try parseComparison()
    }

    mutating func parseComparison() throws -> Filter {
        if current == .open {
            index += 1
            let inner = try parseOr()
            guard current == .close else { throw FilterError("filter.unclosed_bracket", position: position) }
            index += 1
            return inner
        }
        let left = try parseOperand()
        guard case .op(let op) = current else { return .truthy(left) }
        index += 1
        let right = try parseOperand(after: op)
        return .compare(left, op, right)
    }

    mutating func parseOperand(after op: Filter.Operator? = nil) throws -> Filter.Operand {
        let at = position
        switch current {
        case .number(let n): index += 1; return .number(n)
        case .text(let t): index += 1; return .text(t)
        case .word(let w):
            let lower = w.lowercased()
            guard !Self.orWords.union(Self.andWords).union(Self.notWords).contains(lower) else {
                throw FilterError("filter.expected_before", ["word": w], position: at)
            }
            index += 1
            if let column = columns.first(where: { $0.lowercased() == lower }) { return .column(column) }
            // After an operator, a word that is no column is the text compared to: name ~ plage.
            if op != nil { return .text(w) }
            let close = columns.filter { $0.lowercased().hasPrefix(String(lower.prefix(3))) }.prefix(4)
            let list = close.isEmpty ? columns.prefix(6).joined(separator: ", ") + "…" : close.joined(separator: ", ")
            throw FilterError(close.isEmpty ? "filter.unknown_column" : "filter.unknown_column_near", ["name": w, "list": list], position: at)
        default:
            if let op { throw FilterError("filter.expected_after", ["operator": op.rawValue, "token": describe(current)], position: at) }
            throw FilterError("filter.expected_here", ["token": describe(current)], position: at)
        }
    }

    func describe(_ token: Token) -> String {
        switch token {
        case .end: return "filter.the_end"
        case .open: return "'('"
        case .close: return "')'"
        case .op(let op): return "'\(op.rawValue)'"
        case .word(let w): return "'\(w)'"
        case .number(let n): return "'\(Filter.text(.number(n)))'"
        case .text(let t): return "\"\(t)\""
        }
    }
}
