/// A user-facing message kept as a catalogue key with its arguments, so that it is
/// written in the language of whoever reads it (the command line's, the explorer's),
/// not in the language of the module that raised it.
public struct Message: Sendable, Equatable, CustomStringConvertible {
    public var key: String
    public var arguments: [String: Argument]

    /// What fills a `{name}` placeholder, written at the last moment in the reader's language.
    public indirect enum Argument: Sendable, Equatable, MessageArgument {
        /// Text from the data or the system, shown as it is (years and codes too).
        case text(String)
        /// A number in the language's format, with these decimals (from its magnitude when nil).
        case number(Double, decimals: Int?)
        /// A unit from the catalogue ("dwellings/ha").
        case unit(String)
        /// Another message (the cause of this one).
        case message(Message)

        public var messageArgument: Argument { self }

        func text(_ localizer: Localizer) -> String {
            switch self {
            case .text(let text): return text
            case .number(let value, let decimals): return localizer.number(value, decimals: decimals)
            case .unit(let unit): return localizer.unit(unit)
            case .message(let message): return message.text(localizer)
            }
        }
    }

    public init(_ key: String, _ arguments: [String: any MessageArgument] = [:]) {
        self.key = key
        self.arguments = arguments.mapValues(\.messageArgument)
    }

    /// Text that has no translation (a system or library message), shown as it is.
    public static func verbatim(_ text: String) -> Message { Message("", ["text": text]) }

    /// The message of any error: its own when it carries one, its description otherwise.
    public static func of(_ error: any Error) -> Message {
        (error as? any MessageError)?.message ?? .verbatim("\(error)")
    }

    public func text(_ localizer: Localizer) -> String {
        guard !key.isEmpty else { return arguments["text"].map { $0.text(localizer) } ?? "" }
        return localizer(key, arguments.mapValues { $0.text(localizer) })
    }

    /// English: what logs and tests read.
    public var description: String { text(.english) }
}

/// A value that can fill a message's placeholder.
public protocol MessageArgument: Sendable {
    var messageArgument: Message.Argument { get }
}

extension String: MessageArgument { public var messageArgument: Message.Argument { .text(self) } }
extension Substring: MessageArgument { public var messageArgument: Message.Argument { .text(String(self)) } }
/// Integers are years, lines, codes and counts: written plainly.
extension Int: MessageArgument { public var messageArgument: Message.Argument { .text(String(self)) } }
extension Double: MessageArgument { public var messageArgument: Message.Argument { .number(self, decimals: nil) } }
extension Message: MessageArgument { public var messageArgument: Message.Argument { .message(self) } }

/// An error whose message is written in the reader's language.
public protocol MessageError: Error, CustomStringConvertible {
    var message: Message { get }
}

extension MessageError {
    public var description: String { message.description }
}
