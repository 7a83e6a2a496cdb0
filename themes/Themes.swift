import Foundation
import JumeauModel
import JumeauRender

/// The built-in themes and the lookup of user ones.
public enum Themes {
    public static let builtIn: [String: [UInt8]] = [
        "default": PackageResources.default_theme, "light": PackageResources.light_theme,
        "projector": PackageResources.projector_theme, "colorblind": PackageResources.colorblind_theme,
        "mono": PackageResources.mono_theme,
    ]

    public static var names: [String] { builtIn.keys.sorted() }

    /// A theme by name (user themes first, then built-in) or by file path.
    public static func load(_ nameOrPath: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Theme {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".theme") {
            guard let data = FileManager.default.contents(atPath: nameOrPath) else {
                throw Theme.ParseError("theme.unreadable", ["file": nameOrPath])
            }
            return try Theme(name: (nameOrPath as NSString).lastPathComponent, text: String(decoding: data, as: UTF8.self))
        }
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.config")
        let user = config + "/jumeau/themes/\(nameOrPath).theme"
        if let data = FileManager.default.contents(atPath: user) {
            return try Theme(name: nameOrPath, text: String(decoding: data, as: UTF8.self))
        }
        guard let bytes = builtIn[nameOrPath] else {
            throw Theme.ParseError("theme.unknown", ["name": Sanitize.text(nameOrPath), "themes": names.joined(separator: ", ")])
        }
        return try Theme(name: nameOrPath, text: String(decoding: bytes, as: UTF8.self))
    }
}
