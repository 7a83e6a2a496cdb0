/// Model constants, each with its public source (docs/model.md gives the reasoning).
/// Part of every run's hash: changing one invalidates saved results.
public struct ModelParameters: Sendable, Equatable, Codable {
    /// Last simulated year: the ZAN law's net-zero horizon.
    public var endYear = 2050
    /// First year of the ZAN accounting period (loi Climat et Résilience, art. 194).
    public var zanStartYear = 2021
    /// Guaranteed allowance per commune for the first period, ha (loi du 20 juillet 2023).
    public var communeGuaranteeHa = 1.0
    /// Share of non-housing ENAF consumption going to economic activity; the rest is
    /// roads and rail (Cerema's destinations; Jumeau's rounding of the national split).
    public var activityShareOfNonHousing = 0.7
    /// Ground-mounted PV land, ha per MWp (ADEME: 1–2).
    public var groundPVHectaresPerMWp = 1.5
    /// Onshore wind full-load hours (RTE 2023: 25.1 % capacity factor ≈ 2,200 h).
    public var windFullLoadHours = 2_200.0
    /// Electricity per household, MWh/yr (Agence ORE, ADEME: ≈ 4,300 kWh).
    public var electricityPerHouseholdMWh = 4.3
    /// Electricity per job, MWh/yr: non-residential consumption (≈ 290 TWh, RTE) over
    /// ≈ 28 M jobs (INSEE).
    public var electricityPerJobMWh = 10.0
    /// Sea level rise observed 2006–2018, m/yr (IPCC AR6 WG1: 3.7 mm/yr): already part
    /// of the observed erosion rates, so only the acceleration adds retreat.
    public var observedSeaLevelRate = 0.0037
    /// Start of the IPCC AR6 sea-level baseline (1995–2014, centred on 2005).
    public var seaLevelBaselineYear = 2005
    /// Bruun rule: extra shoreline retreat per metre of sea-level rise on sandy coasts (50–100).
    public var bruunFactor = 75.0
    /// Beach and dune front eroded before built land is reached, m (Jumeau assumption).
    public var shoreBufferMetres = 30.0
    /// Sealed share of artificialised land: about two thirds is built or paved, the rest
    /// gardens and verges (Agreste, Teruti-Lucas).
    public var sealedShareOfArtificialised = 0.65
    /// Urban heat island at full imperviousness, °C: ≈ +2–3 °C mean in Paris
    /// (Météo-France, APUR), where about 70–80 % of the ground is sealed;
    /// imperviousness explains ≈ 72 % of land-surface temperature (Imhoff et al. 2010).
    public var heatIslandAtFullSealingC = 3.5
    /// Mean heat-island intensity at which half a zone's population counts as exposed, °C
    /// (Jumeau's threshold: a third of Paris's mean heat island).
    public var heatExposureThresholdC = 1.0
    /// Width of the band over which the exposed share rises from 0 to 100 %, centred on the
    /// threshold, °C: a heat island is not uniform over a commune (its denser parts pass
    /// the threshold first), so a small change never moves a whole town at once.
    public var heatExposureBandC = 1.0
    /// Recent yearly PV additions as a share of the installed park: 2.84 GW a year over
    /// 2021–2023 on 19.0 GW at the end of 2023 (Panorama de l'électricité renouvelable 2023).
    public var pvYearlyAdditionsShare = (2.740 + 2.652 + 3.137) / 3 / 19.047
    /// Recent yearly onshore wind additions as a share of the park: 1.41 GW a year over
    /// 2021–2023 on 21.8 GW (same source).
    public var windYearlyAdditionsShare = (1.7 + 1.3 + 1.221) / 3 / 21.815
    /// Lowest persons per household the trend may reach.
    public var minimumHouseholdSize = 1.5

    public init() {}
}
