import Foundation
import JumeauModel

/// The GeoPackage file as a `TwinStorage`.
extension TwinStore: TwinStorage {
    public var location: String { path }

    public func storageFormat() throws -> String { "GeoPackage 1.3" }

    public func schemaVersion() throws -> String { try schemaMigrations().last ?? "none" }

    public func facilitatorPresent() -> Bool? {
        TwinLocks.holders(of: path, uses: [.explorer]).map { !$0.isEmpty }
    }

    /// A file sends no notifications: followers read the view at their own pace.
    public func watchLiveView(_ changed: @escaping @Sendable () -> Void) {}
}
