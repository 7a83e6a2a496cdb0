import JumeauModel

/// A zone's renewables in 2050 at the recent installation pace, technology by technology:
/// the Baseline of the `renewables` lever (docs/model.md, "Energy").
///
/// France connected 2.74, 2.65 and 3.14 GW of PV in 2021–2023 on a park of 19.0 GW at the
/// end of 2023, and 1.7, 1.3 and 1.2 GW of onshore wind on 21.8 GW (Panorama de
/// l'électricité renouvelable 2023: SER, RTE, Enedis, Agence ORE): each zone keeps adding
/// the same share of what it has (14.9 % of its PV a year, 6.5 % of its wind), so a
/// commune without turbines builds none at Baseline. The PV goes on roofs first, then on
/// artificialised ground, then on natural and farm land, each within its potential.
struct RenewableTrend: Sendable {
    /// One technology: capacity now, the trend's addition by 2050, and what is left above the
    /// trend up to the potential (MW or MWp). The 2050 target under `renewables` is
    /// `start + below × rise + above × rest`.
    struct Technology: Sendable {
        var start = 0.0, rise = 0.0, rest = 0.0
        var trend: Double { start + rise }
        var full: Double { start + rise + rest }
    }

    var roof = Technology(), groundArt = Technology(), groundEnaf = Technology(), wind = Technology()

    init(_ base: BaseState, _ z: Int, parameters: ModelParameters) {
        let years = Double(max(0, parameters.endYear - base.referenceYear))
        let pv = base.installedPV[z]
        var added = pv * parameters.pvYearlyAdditionsShare * years
        func technology(start: Double, potential: Double) -> Technology {
            let full = max(start, potential)
            let rise = min(added, full - start)
            added -= rise
            return Technology(start: start, rise: rise, rest: full - start - rise)
        }
        let onRoofs = min(pv, base.rooftopPotential[z])
        roof = technology(start: onRoofs, potential: base.rooftopPotential[z])
        groundArt = technology(start: 0, potential: base.groundArtificialPotential[z])
        groundEnaf = technology(start: pv - onRoofs, potential: base.groundPotential[z])
        // What finds no potential left is not built: the trend stops at the potentials.
        added = base.installedWind[z] * parameters.windYearlyAdditionsShare * years
        wind = technology(start: base.installedWind[z], potential: base.windPotential[z])
    }

    var technologies: [Technology] { [roof, groundArt, groundEnaf, wind] }

    /// The share of the zones' whole potential (or installed capacity, when larger) their
    /// trend reaches by 2050, %: the `renewables` lever's Baseline.
    static func sharePercent(_ trends: [RenewableTrend], in zones: some Sequence<Int>) -> Double {
        var trend = 0.0
        var full = 0.0
        for z in zones {
            for technology in trends[z].technologies {
                trend += technology.trend
                full += technology.full
            }
        }
        return full > 0 ? trend / full * 100 : 0
    }
}
