import Foundation

// JSON has no NaN or infinity, and JSONEncoder refuses them with a Swift error: numbers in
// the command line's JSON that come from the data (a sum that overflowed, a damaged value)
// are written `null` instead.

/// A number written `null` when it is not finite.
@propertyWrapper
struct JSONNumber: Encodable {
    var wrappedValue: Double

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        if wrappedValue.isFinite { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}

/// An optional number written `null` when absent or not finite.
@propertyWrapper
struct OptionalJSONNumber: Encodable {
    var wrappedValue: Double?

    init(wrappedValue: Double?) { self.wrappedValue = wrappedValue }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value = wrappedValue, value.isFinite { try container.encode(value) } else { try container.encodeNil() }
    }
}

/// Numbers, each written `null` when it is not finite.
@propertyWrapper
struct JSONNumbers: Encodable {
    var wrappedValue: [Double]

    func encode(to encoder: Encoder) throws {
        var container = encoder.unkeyedContainer()
        for value in wrappedValue {
            if value.isFinite { try container.encode(value) } else { try container.encodeNil() }
        }
    }
}

/// A value written `null` when absent: a synthesized encoding would leave the key out,
/// and scripts reading a documented key should find it (a scenario code that cannot be
/// written, for instance).
@propertyWrapper
struct JSONNullable<Value: Encodable>: Encodable {
    var wrappedValue: Value?

    init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value = wrappedValue { try container.encode(value) } else { try container.encodeNil() }
    }
}
