import Foundation
import JumeauModel
import JumeauRender
import JumeauSimulation

/// The terminal the explorer draws on and how it draws: size, theme, colours, glyphs,
/// language. Every part reads it; only a resize changes it.
public struct Screen: Sendable {
    public var width: Int
    public var height: Int
    public var theme: Theme
    public var tier: ColorTier
    public var glyphs: Glyphs
    /// The language of every text on screen.
    public var localizer: Localizer = .english

    public static let minimumWidth = 60
    public static let minimumHeight = 20

    public var tooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }
    /// The map's area: the frame layout minus the footer line.
    public var mapRect: Rect { MapFrame.layout(width: width, height: height - 1).map }
    /// The side panel (or, on narrow terminals, the band under the map).
    public var panelRect: Rect { MapFrame.layout(width: width, height: height - 1).panel }
    /// Box drawing, arrows and shades are there to use (a UTF-8 locale).
    public var unicode: Bool { glyphs.halfBlock != nil }

    func style(_ role: Theme.Role, _ attributes: TextAttributes = []) -> Style {
        theme.style(role, tier: tier, attributes: attributes)
    }

    var background: Style { Style(background: theme.color(.background, tier: tier)) }

    /// A key label as this terminal can show it (arrows spelt out without UTF-8).
    func keys(_ text: String) -> String {
        unicode
            ? text
            : text.replacingOccurrences(of: "←→", with: "Left/Right").replacingOccurrences(of: "↑↓", with: "Up/Down")
                .replacingOccurrences(of: "←", with: "Left").replacingOccurrences(of: "→", with: "Right")
                .replacingOccurrences(of: "↑", with: "Up").replacingOccurrences(of: "↓", with: "Down")
    }
}

/// The whole state of the explorer: a value, made of parts with one job each. `update`
/// is pure; the effects it returns are derived from what changed.
public struct ExplorerState: Sendable {
    public var screen: Screen
    /// The map: view, variable, year, classes, selection.
    public var map: MapView
    /// The levers, scenarios and runs of workshop mode.
    public var workshop: Workshop
    /// The timeline chart and the year animation.
    public var timeline = Timeline()
    /// The layer table, when it is shown (over the map).
    public var table: LayerTable?
    /// Following another explorer, or sharing this one's view.
    public var follow = Follow()
    public var connection = ConnectionStatus()
    /// What sits over everything and takes the keys first: help, a prompt, a picker, a list,
    /// a question.
    public var overlay: Overlay?
    /// One line in the footer, until the next key.
    public var message: String?
    public var quitting = false

    public init(screen: Screen, year: Int) {
        self.screen = screen
        map = MapView(year: year)
        workshop = Workshop()
    }

    public var localizer: Localizer { screen.localizer }
}

/// How the explorer starts.
public struct ExplorerOptions: Sendable {
    /// The variable on the map; nil: the view the last session left, else ENAF land take.
    public var variable: String?
    /// The year shown; nil: the last session's, else the first ZAN milestone.
    public var year: Int?
    /// Where the last session's map was (the shared view of the previous facilitator).
    public var viewport: Viewport?
    public var breaks: ClassBreaks = .quantiles
    public var classes = 5
    public var levers = LeverSettings()
    /// The saved scenario the levers come from, if any (they are then not "unsaved").
    public var scenarioName: String?
    /// A resume offer from an earlier session that ended without quitting.
    public var resume: (LeverSettings, Date)?
    public var language: Language = .en
    /// Follow another explorer's view (read-only), or share this one's.
    public var follow = false
    public var share = false
    public init(
        variable: String? = nil, breaks: ClassBreaks = .quantiles, classes: Int = 5,
        levers: LeverSettings = LeverSettings(),
        resume: (LeverSettings, Date)? = nil
    ) {
        self.variable = variable
        self.breaks = breaks
        self.classes = classes
        self.levers = levers
        self.resume = resume
    }
}
