#include "accounting/internal/catalogue.h"

namespace carbonpeak::accounting::internal {
namespace {

using domain::ActivityFlow;
using domain::Gas;
using domain::InventoryCategory;
using K = FactorUnitKind;

// Sets of emission_factors*.csv rows the catalogue reads (sector, item, parameter as written).
constexpr std::string_view kEnteric = "AFOLU/enteric";
constexpr std::string_view kManure = "AFOLU/manure";
constexpr std::string_view kLandfill = "waste/landfill";
constexpr std::string_view kWastewater = "waste/wastewater";

ItemDef Process(std::string_view code, std::string_view zh, std::string_view en,
                std::string_view ref_sector, std::string_view ref_item) {
  return ItemDef{
      code,
      ActivityFlow::kProcessOutput,
      "t",
      zh,
      en,
      {TermDef{InventoryCategory::kIndustrialProcesses,
               "IPPU",
               Gas::kCo2,
               Method::kProductFactor,
               false,
               {{"IPPU", code, "co2_ef", K::kCo2PerActivity, ref_sector, ref_item, "co2_ef"}}}}};
}

// A livestock class: enteric CH4 (per class), manure CH4 and direct manure N2O (per species).
ItemDef Livestock(std::string_view code, std::string_view zh, std::string_view en,
                  std::string_view enteric_ref, std::string_view species,
                  std::string_view manure_ref, bool enteric_optional = false) {
  ItemDef def{code, ActivityFlow::kLivestock, "头", zh, en, {}};
  def.terms.push_back(TermDef{InventoryCategory::kAgriculture,
                              kEnteric,
                              Gas::kCh4,
                              Method::kHeadFactor,
                              enteric_optional,
                              {{kEnteric, code, "ch4_ef", K::kKgGasPerHeadYear,
                                enteric_ref.empty() ? "" : kEnteric, enteric_ref, "ch4_ef"}}});
  const std::string_view manure_sector = manure_ref.empty() ? "" : kManure;
  def.terms.push_back(TermDef{
      InventoryCategory::kAgriculture,
      kManure,
      Gas::kCh4,
      Method::kHeadFactor,
      false,
      {{kManure, species, "ch4_ef", K::kKgGasPerHeadYear, manure_sector, manure_ref, "ch4_ef"}}});
  def.terms.push_back(TermDef{InventoryCategory::kAgriculture,
                              kManure,
                              Gas::kN2o,
                              Method::kHeadFactor,
                              false,
                              {{kManure, species, "n2o_ef", K::kKgGasPerHeadYear, manure_sector,
                                manure_ref, "n2o_ef_direct"}}});
  return def;
}

ItemDef Rice(std::string_view code, std::string_view zh, std::string_view en) {
  return ItemDef{code,
                 ActivityFlow::kCropArea,
                 "hm²",
                 zh,
                 en,
                 {TermDef{InventoryCategory::kAgriculture,
                          "AFOLU/rice",
                          Gas::kCh4,
                          Method::kRice,
                          false,
                          {{"AFOLU/rice", code, "ch4_ef_daily", K::kKgCh4PerHaDay, "AFOLU/rice",
                            "rice, world default baseline", "ch4_ef_daily"},
                           {"AFOLU/rice", code, "days", K::kDays, "AFOLU/rice",
                            "rice, world default cultivation period", "days"}}}}};
}

ItemDef Fertiliser(std::string_view code, std::string_view zh, std::string_view en,
                   std::string_view ref_item) {
  return ItemDef{code,
                 ActivityFlow::kFertiliserN,
                 "t",
                 zh,
                 en,
                 {TermDef{InventoryCategory::kAgriculture,
                          "AFOLU/soils",
                          Gas::kN2o,
                          Method::kFertiliser,
                          false,
                          {{"AFOLU/soils", code, "n2o_n_ef", K::kN2oNPerN, "AFOLU/soils", ref_item,
                            "n2o_n_ef"}}}}};
}

// A landfill site type. MCF per site; DOC, DOCf and F for the county's MSW; OX per site (the
// shipped 0.1 applies to managed sites only).
ItemDef Landfill(std::string_view code, std::string_view zh, std::string_view en,
                 std::string_view mcf_ref, bool managed) {
  return ItemDef{code,
                 ActivityFlow::kWasteLandfilled,
                 "t",
                 zh,
                 en,
                 {TermDef{InventoryCategory::kWaste,
                          kLandfill,
                          Gas::kCh4,
                          Method::kLandfill,
                          false,
                          {{kLandfill, code, "MCF", K::kFraction, kLandfill, mcf_ref, "MCF"},
                           {kLandfill, "msw", "DOC", K::kCarbonPerWaste, "", "", ""},
                           {kLandfill, "msw", "DOCf", K::kFraction, kLandfill,
                            "DOCf fraction of DOC decomposed", "DOCf"},
                           {kLandfill, "msw", "F", K::kFraction, kLandfill,
                            "fraction of CH4 in landfill gas", "F"},
                           {kLandfill, code, "OX", K::kFraction, managed ? kLandfill : "",
                            managed ? "oxidation factor, well-managed sites" : "", "OX"}}}}};
}

ItemDef Wastewater(std::string_view code, std::string_view zh, std::string_view en,
                   std::string_view stream, std::string_view b0_ref, std::string_view mcf_ref) {
  return ItemDef{
      code,
      ActivityFlow::kWastewaterOrganics,
      "t",
      zh,
      en,
      {TermDef{InventoryCategory::kWaste,
               kWastewater,
               Gas::kCh4,
               Method::kWastewater,
               false,
               {{kWastewater, stream, "B0", K::kCh4PerOrganics, kWastewater, b0_ref, "B0"},
                {kWastewater, code, "MCF", K::kFraction, mcf_ref.empty() ? "" : kWastewater,
                 mcf_ref, "MCF"}}}}};
}

std::vector<ItemDef> Build() {
  constexpr std::string_view kSteel = "IPPU/iron&steel";
  constexpr std::string_view kIndustrialB0 = "industrial wastewater (COD basis)";
  std::vector<ItemDef> items = {
      // Industrial processes (product or carbonate input, t).
      Process("clinker", "水泥熟料", "cement clinker", "IPPU/cement", "clinker calcination"),
      Process("lime", "石灰", "lime", "IPPU/lime", "lime production (limestone calcination)"),
      Process("glass", "平板玻璃", "glass (50 % cullet)", "IPPU/glass",
              "glass production, 50% cullet"),
      Process("sinter", "烧结矿", "sinter", kSteel, "sinter production"),
      Process("limestone_use", "石灰石消耗", "limestone used as flux or sorbent", kSteel,
              "石灰石 limestone (as carbonate input)"),
      Process("dolomite_use", "白云石消耗", "dolomite used as flux", kSteel, "白云石 dolomite"),
      Process("magnesite_use", "碳酸镁消耗", "magnesium carbonate used", "IPPU/carbonate use",
              "碳酸镁 MgCO3"),
      Process("soda_ash_use", "纯碱消耗", "sodium carbonate used", "IPPU/carbonate use",
              "碳酸钠 Na2CO3"),
      Process("ferroalloy", "铁合金", "ferroalloys", "", ""),
      // Livestock (head): enteric by age class (GB/T 32151.22 table C.3 as coded), manure by
      // species for the 中南 region (tables C.7 and C.10).
      Livestock("swine", "猪", "swine", "猪 swine", "swine", "猪 swine"),
      Livestock("dairy_cattle_young", "奶牛(当年生)", "dairy cattle, young",
                "奶牛-当年生 dairy cattle, young", "dairy_cattle", "奶牛 dairy cattle"),
      Livestock("dairy_cattle_adult", "奶牛(其他成年畜)", "dairy cattle, other adult",
                "奶牛-其他成年畜 dairy cattle, other adult", "dairy_cattle", "奶牛 dairy cattle"),
      Livestock("dairy_cattle_breeding", "奶牛(繁殖母畜)", "dairy cattle, breeding female",
                "奶牛-繁殖母畜 dairy cattle, breeding female", "dairy_cattle", "奶牛 dairy cattle"),
      Livestock("beef_cattle_young", "肉牛(当年生)", "beef cattle, young",
                "肉牛-当年生 beef cattle, young", "beef_cattle", "肉牛 beef cattle"),
      Livestock("beef_cattle_adult", "肉牛(其他成年畜)", "beef cattle, other adult",
                "肉牛-其他成年畜 beef cattle, other adult", "beef_cattle", "肉牛 beef cattle"),
      Livestock("beef_cattle_breeding", "肉牛(繁殖母畜)", "beef cattle, breeding female",
                "肉牛-繁殖母畜 beef cattle, breeding female", "beef_cattle", "肉牛 beef cattle"),
      Livestock("buffalo_young", "水牛(当年生)", "buffalo, young", "水牛-当年生 buffalo, young",
                "buffalo", "水牛 buffalo"),
      Livestock("buffalo_adult", "水牛(其他成年畜)", "buffalo, other adult",
                "水牛-其他成年畜 buffalo, other adult", "buffalo", "水牛 buffalo"),
      Livestock("buffalo_breeding", "水牛(繁殖母畜)", "buffalo, breeding female",
                "水牛-繁殖母畜 buffalo, breeding female", "buffalo", "水牛 buffalo"),
      Livestock("sheep_young", "绵羊(当年生)", "sheep, young", "绵羊-当年生 sheep, young", "sheep",
                "绵羊 sheep"),
      Livestock("sheep_breeding", "绵羊(繁殖母畜)", "sheep, breeding female",
                "绵羊-繁殖母畜 sheep, breeding female", "sheep", "绵羊 sheep"),
      Livestock("goat_young", "山羊(当年生)", "goat, young", "山羊-当年生 goat, young", "goat",
                "山羊 goat"),
      Livestock("goat_breeding", "山羊(繁殖母畜)", "goat, breeding female",
                "山羊-繁殖母畜 goat, breeding female", "goat", "山羊 goat"),
      // No poultry enteric factor ships: the term is skipped with a note unless one is supplied.
      Livestock("poultry", "家禽", "poultry", "", "poultry", "家禽 poultry",
                /*enteric_optional=*/true),
      // Enteric from the IPCC default row; no manure factor ships for horses.
      Livestock("horse", "马", "horse", "horse", "horse", ""),
      // Rice (sown area, hm²): the IPCC 2019 Refinement world default, not a Chinese regional
      // factor (the row's note says so; it travels with the result).
      Rice("rice_early", "早稻", "early rice"),
      Rice("rice_late", "晚稻", "late rice"),
      Rice("rice_single", "中稻和一季晚稻", "single-crop rice"),
      // Nitrogen applied (t N).
      Fertiliser("nitrogen_upland", "氮肥(旱地)", "nitrogen applied to upland soils",
                 "EF1 direct N2O from N inputs (crop residue / fertiliser)"),
      Fertiliser("nitrogen_flooded_rice", "氮肥(稻田)", "nitrogen applied to flooded rice",
                 "EF1FR flooded rice direct N2O"),
      // Landfilled municipal solid waste (t) by site type.
      Landfill("landfill_managed_anaerobic", "卫生填埋(厌氧)", "managed anaerobic landfill",
               "managed anaerobic", true),
      Landfill("landfill_semi_aerobic", "卫生填埋(准好氧)", "managed semi-aerobic landfill",
               "managed well, semi-aerobic", true),
      Landfill("landfill_active_aeration", "管理不善(主动曝气)", "poorly managed, active aeration",
               "managed poorly, active aeration (2019R category)", false),
      Landfill("landfill_unmanaged_deep", "非管理深填埋(≥5 m)", "unmanaged deep site (≥5 m)",
               "unmanaged deep (≥5 m)", false),
      Landfill("landfill_unmanaged_shallow", "非管理浅填埋(<5 m)", "unmanaged shallow site (<5 m)",
               "unmanaged shallow (<5 m)", false),
      Landfill("landfill_uncategorised", "未分类填埋场", "uncategorised site", "uncategorised SWDS",
               false),
      // Organics in wastewater (t BOD for domestic, t COD for industrial).
      Wastewater("ww_domestic", "生活污水(BOD)", "domestic wastewater, BOD", "domestic",
                 "domestic wastewater (BOD basis)", ""),
      Wastewater("ww_industrial_discharge", "工业废水直排(COD)",
                 "industrial wastewater discharged to rivers, lakes or sea", "industrial",
                 kIndustrialB0, "discharge to sea/river/lake"),
      Wastewater("ww_industrial_aerobic_well_managed", "工业废水好氧处理(管理良好)",
                 "industrial wastewater, well-managed aerobic treatment", "industrial",
                 kIndustrialB0, "aerobic treatment, well managed"),
      Wastewater("ww_industrial_aerobic_poor", "工业废水好氧处理(超负荷或管理不善)",
                 "industrial wastewater, overloaded or poorly managed aerobic treatment",
                 "industrial", kIndustrialB0, "aerobic treatment, overloaded/poorly managed"),
      Wastewater("ww_industrial_anaerobic_digester", "工业废水厌氧污泥消化(无回收)",
                 "industrial wastewater, anaerobic sludge digester without recovery", "industrial",
                 kIndustrialB0, "anaerobic sludge digester (no CH4 recovery)"),
      Wastewater("ww_industrial_anaerobic_reactor", "工业废水厌氧反应器(无回收)",
                 "industrial wastewater, anaerobic reactor without recovery", "industrial",
                 kIndustrialB0, "anaerobic reactor (no CH4 recovery)"),
      Wastewater("ww_industrial_lagoon_shallow", "工业废水浅厌氧塘(<2 m)",
                 "industrial wastewater, shallow anaerobic lagoon", "industrial", kIndustrialB0,
                 "anaerobic shallow lagoon (<2 m)"),
      Wastewater("ww_industrial_lagoon_deep", "工业废水深厌氧塘(>2 m)",
                 "industrial wastewater, deep anaerobic lagoon", "industrial", kIndustrialB0,
                 "anaerobic deep lagoon (>2 m)"),
  };
  return items;
}

}  // namespace

const std::vector<ItemDef>& Catalogue() {
  static const std::vector<ItemDef>* const kItems = new std::vector<ItemDef>(Build());
  return *kItems;
}

const std::vector<ForestParameter>& ForestParameters() {
  static const std::vector<ForestParameter>* const kParams = new std::vector<ForestParameter>{
      {"wood_density", FactorUnitKind::kTonnesPerCubicMetre,
       "basic wood density, t dry matter per m³ of stem volume"},
      {"bef", FactorUnitKind::kDimensionless,
       "biomass expansion factor, whole above-ground biomass per stem biomass"},
      {"root_shoot_ratio", FactorUnitKind::kDimensionless,
       "root-to-shoot ratio, below- per above-ground biomass"},
      {"carbon_fraction", FactorUnitKind::kCarbonPerDryMatter,
       "carbon fraction of dry matter, t C per t dry matter"},
  };
  return *kParams;
}

}  // namespace carbonpeak::accounting::internal
