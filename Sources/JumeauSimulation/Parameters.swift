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

    // Climate (docs/model.md, "Climate"): mainland France's warming relative to pre-industrial, °C.
    /// TRACC (PNACC-3, 2025): +2 °C in 2030, +2.7 °C in 2050, +4 °C in 2100, from +1.7 °C
    /// observed around 2020 (Météo-France); before 2020 the 2020–2030 pace is carried back.
    public var traccPoints: [[Double]] = [[2020, 1.7], [2030, 2.0], [2050, 2.7], [2100, 4.0]]
    /// Renewable resource per hectare, m³/yr: the 175 billion m³ of rain that does not return to
    /// the air (SDES) over mainland France's 54.9 Mha; river inflows from abroad left out.
    public var renewableWaterPerHectareM3 = 3_190.0
    /// Loss of renewable resource per °C of warming beyond the reference year's: Explore 2070's
    /// −10 % to −40 % of mean annual flows for +1.4 to +3 °C (centres: −25 % for +2.2 °C).
    public var waterResourceLossPerDegree = 0.11
    /// Drinking water consumed (not returned) per inhabitant, m³/yr: 148 L a day distributed
    /// (SISPEA/OFB 2021), of which 28 % consumed — drinking water's 26 % of the 4 billion m³
    /// consumed in France (Plan eau 2023) over 148 L × 365 days × 68 M inhabitants.
    public var drinkingWaterConsumedPerPersonM3 = 0.148 * 365 * 0.28
    /// Irrigation consumed per hectare of farmland, m³/yr: agriculture's 58 % of the 4 billion
    /// m³ consumed over France's 26.7 Mha of farmland (Agreste, 2020 census).
    public var irrigationPerAgriculturalHectareM3 = 0.58 * 4e9 / 26.7e6
    /// Industry consumed per job, m³/yr: industry's 4 % of the 4 billion m³ over ≈ 28 M jobs.
    public var industryWaterPerJobM3 = 0.04 * 4e9 / 28e6
    /// Water stress (consumed over renewable resource) from which a year counts as in deficit,
    /// %: the EEA's threshold of severe scarcity for its exploitation index WEI+.
    public var waterDeficitStressPct = 40.0
    /// Share of the forest in drought-sensitive stands at the start (beech, spruce, silver fir,
    /// Scots pine at low altitude): ≈ 20 % of the forest area in IGN's inventory; an estimate.
    public var droughtSensitiveForestShare = 0.2
    /// Warming at which sensitive stands start to die back, °C: set so that the area at risk
    /// doubles (×2.05) between the inventory periods 2005–2013 and 2014–2022, as tree mortality
    /// did (7.4 → 15.2 Mm³/yr, IGN 2024).
    public var diebackOnsetWarming = 1.114
    /// Warming at which every sensitive stand is at high risk, °C: TRACC's 2100 level (assumption).
    public var diebackFullWarming = 4.0
    /// Net carbon sink of a hectare of forest not dying back, tCO₂/yr, and what a hectare at high
    /// risk loses, tCO₂/yr: with 1.4 tCO₂ per m³ of inventory volume (expansion ≈ 1.5, 0.5 t/m³,
    /// 50 % carbon), IGN's 15.2 Mm³ of yearly mortality over the area at risk in 2014–2022 gives
    /// 33.4 t/ha, and the sink of 39 MtCO₂/yr on 17.5 Mha then leaves 3.45 t/ha.
    public var forestSinkPerHectareTCO2 = 3.45
    public var diebackLossPerHectareTCO2 = 33.4
    /// Heatwave days a year (Météo-France's national thermal indicator ≥ 25.3 °C for 3 days or
    /// more, 8–9 days a wave): 24 waves in 2010–2024 make 13.6 a year at +1.7 °C, 15 in 1981–2010
    /// make 4.25 at +0.95 °C, so 12.5 more per °C (Jumeau's line through them; an estimate).
    public var heatwaveDaysAt1_7C = 13.6
    public var heatwaveDaysPerDegree = 12.5
    /// How much stronger the heat island is on a heatwave day than on average: Paris's reaches
    /// +10 °C at night in heatwaves against +2–3 °C as a yearly mean (Météo-France, APUR); Jumeau
    /// takes 3.5 times the mean, so a heatwave day adds 2.5 times it (an estimate).
    public var heatwaveHeatIslandBoost = 2.5

    public init() {}
}
