import JumeauModel

/// The twin's connection as the explorer shows it: a banner while a server cannot be reached,
/// and a probe every second until it can (the store reconnects with its own backoff).
public struct ConnectionStatus: Equatable, Sendable {
    /// Why the twin cannot be reached; nil when it can.
    public var lost: Message?
    var lastProbe = Int.min / 2

    static let probeMilliseconds = 1_000

    mutating func probe(at milliseconds: Int) -> [Effect] {
        guard lost != nil, milliseconds - lastProbe >= Self.probeMilliseconds else { return [] }
        lastProbe = milliseconds
        return [.store(.probe)]
    }

    func banner(_ t: Localizer) -> String? {
        lost.map { _ in t("connection.lost") }
    }
}
