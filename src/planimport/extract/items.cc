#include "planimport/extract/items.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <optional>
#include <string>

#include "base/text.h"
#include "planimport/extract/targets.h"
#include "planimport/text/chars.h"

namespace carbonpeak::planimport {
namespace {

std::string Utf8(std::u32string_view s) { return text::EncodeUtf8(s); }

size_t CountOf(std::u32string_view hay, std::u32string_view needle) {
  if (needle.empty()) return 0;
  size_t n = 0;
  size_t pos = 0;
  while ((pos = hay.find(needle, pos)) != std::u32string_view::npos) {
    ++n;
    pos += needle.size();
  }
  return n;
}

// 鹤政函〔2024〕1号 inside a line.
std::optional<std::u32string> FindDocNumber(std::u32string_view t) {
  size_t open = t.find(U'〔');
  if (open == std::u32string_view::npos) return std::nullopt;
  size_t close = t.find(U'〕', open);
  if (close == std::u32string_view::npos || close - open != 5) return std::nullopt;
  size_t hao = t.find(U'号', close);
  if (hao == std::u32string_view::npos || hao - close > 5) return std::nullopt;
  size_t start = open;
  while (start > 0 && open - start < 8 && text::IsCjk(t[start - 1])) --start;
  if (start == open) return std::nullopt;
  return std::u32string(t.substr(start, hao + 1 - start));
}

std::string IsoDate(std::u32string_view t) {
  int y = 0, m = 0, d = 0;
  std::string s = Utf8(t);
  if (std::sscanf(s.c_str(), "%d年%d月%d日", &y, &m, &d) != 3) return "";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

struct Category {
  std::string_view name;
  std::array<std::u32string_view, 4> keywords;
};

constexpr std::array kCategories = {
    Category{"platform", {U"管理平台", U"信息平台", U"综合平台", U"服务平台"}},
    Category{"online_energy_monitoring", {U"能耗在线监测", U"在线监测系统", U"", U""}},
    Category{"ghg_inventory", {U"温室气体排放清单", U"温室气体清单", U"排放清单", U""}},
    Category{"energy_balance", {U"能源平衡表", U"", U"", U""}},
    Category{"coal_database", {U"煤炭消费数据库", U"煤炭数据库", U"", U""}},
    Category{"project_library", {U"项目库", U"项目储备库", U"", U""}},
    Category{"carbon_budget", {U"碳预算", U"", U"", U""}},
    Category{"energy_budget", {U"用能预算", U"能耗预算", U"", U""}},
    Category{"project_review", {U"节能审查", U"碳排放影响评价", U"碳评", U"能评"}},
    Category{"assessment", {U"考核评价", U"评价考核", U"目标责任", U"考核制度"}},
    Category{"carbon_inclusive", {U"碳普惠", U"碳积分", U"碳信用", U""}},
    Category{"statistics_accounting", {U"统计核算", U"核算体系", U"统计报表制度", U"计量体系"}},
    Category{"early_warning", {U"预警", U"", U"", U""}},
    Category{"monitoring_system", {U"监测体系", U"监测系统", U"监测平台", U""}},
    Category{"carbon_market", {U"碳市场", U"碳排放权交易", U"碳排放权", U""}},
    Category{"information_disclosure", {U"信息披露", U"发布制度", U"", U""}},
};

bool IsCapacityUnit(std::u32string_view u) {
  return u == U"万千瓦" || u == U"千瓦" || u == U"MW" || u == U"兆瓦" || u == U"MWh" ||
         u == U"GW" || u == U"kW" || u == U"万kW";
}

}  // namespace

PlanMetadata ExtractMetadata(const Layout& layout, const std::vector<domain::Region>& regions) {
  PlanMetadata meta;
  std::u32string all;
  for (const Para& p : layout.envelope) all += p.text + U"\n";
  for (const Para& p : layout.paras) all += p.text + U"\n";
  // Region: the county named most often (full name), then the short name as a fallback.
  size_t best = 0;
  const domain::Region* region = nullptr;
  for (const domain::Region& r : regions) {
    if (r.level != domain::RegionLevel::kCounty) continue;
    std::u32string name = text::DecodeUtf8(r.name);
    size_t n = CountOf(all, name) * 3;
    if (name.size() >= 3) n += CountOf(all, name.substr(0, name.size() - 1));
    if (n > best) {
      best = n;
      region = &r;
    }
  }
  if (region && best >= 3) {
    meta.region_name = region->name;
    meta.region_code = region->code;
    for (const domain::Region& r : regions) {
      if (r.code == region->parent_code) meta.parent_city = r.name;
    }
  } else {
    // Not in the table: the most frequent "XX区/XX县" followed by 碳达峰 or in the title.
    std::map<std::u32string, int> counts;
    for (size_t i = 0; i + 2 < all.size(); ++i) {
      for (size_t len = 2; len <= 3; ++len) {
        if (i + len >= all.size()) break;
        char32_t end = all[i + len];
        if ((end == U'县' || end == U'区') && text::IsCjk(all[i]) &&
            StartsWithU(std::u32string_view(all).substr(i + len + 1), U"碳达峰")) {
          ++counts[all.substr(i, len + 1)];
        }
      }
    }
    int top = 0;
    for (const auto& [name, n] : counts) {
      if (n > top) {
        top = n;
        meta.region_name = Utf8(name);
      }
    }
  }
  // Title: a line naming the plan at the start of the body.
  for (size_t i = 0; i < layout.paras.size() && i < 3; ++i) {
    const Para& p = layout.paras[i];
    if (p.text.size() <= 60 && Contains(p.text, U"方案") && !Contains(p.text, U"。") &&
        p.heading_level == 0) {
      meta.title = Utf8(p.text);
      meta.title_line = p.first_line;
      break;
    }
  }
  // Document number and date: in the envelope right before the body.
  for (const Para& p : layout.envelope) {
    if (p.first_line > layout.body_first_line) break;
    if (auto dn = FindDocNumber(p.text); dn && p.text.size() <= 30) meta.doc_number = Utf8(*dn);
    if (LooksLikeDate(p.text)) meta.issue_date = IsoDate(p.text);
  }
  // Status: a draft says so near the top.
  for (size_t i = 0; i < layout.paras.size() && i < 5; ++i) {
    if (Contains(layout.paras[i].text, U"征求意见稿") ||
        Contains(layout.paras[i].text, U"送审稿") || Contains(layout.paras[i].text, U"草案")) {
      meta.draft = true;
    }
  }
  for (const Para& p : layout.envelope) {
    if (p.first_line <= layout.body_first_line && Contains(p.text, U"征求意见稿"))
      meta.draft = true;
  }
  // Base year: 较2020年 / 比2020年 in the text, else the earliest table year column.
  std::map<int, int> base_counts;
  for (const Para& p : layout.paras) {
    std::u32string_view t = p.text;
    for (std::u32string_view kw : {std::u32string_view(U"较"), std::u32string_view(U"比")}) {
      size_t pos = 0;
      while ((pos = t.find(kw, pos)) != std::u32string_view::npos) {
        pos += kw.size();
        if (pos + 5 <= t.size() && IsDigit(t[pos]) && IsDigit(t[pos + 3]) && t[pos + 4] == U'年') {
          int y = std::stoi(Utf8(t.substr(pos, 4)));
          if (y >= 2000 && y <= 2024) ++base_counts[y];
        }
      }
    }
  }
  if (!base_counts.empty()) {
    meta.base_year =
        std::max_element(base_counts.begin(), base_counts.end(), [](const auto& a, const auto& b) {
          return a.second < b.second;
        })->first;
  }
  return meta;
}

std::string ProjectNameKey(std::string_view name_utf8) {
  std::u32string in = text::DecodeUtf8(name_utf8);
  std::u32string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char32_t c = in[i];
    if (c == U' ' || c == U'\t' || c == U'“' || c == U'”' || c == U'"' || c == U'‘' || c == U'’' ||
        c == U'（' || c == U'）' || c == U'(' || c == U')' || c == U'《' || c == U'》') {
      continue;
    }
    // A size written into the name: 200MW, 100MW/200MWh, 500千伏, 1.2万千瓦.
    if (IsDigit(c) && (i == 0 || !IsDigit(in[i - 1]))) {
      size_t j = i;
      while (j < in.size() &&
             (IsDigit(in[j]) || in[j] == U'.' || in[j] == U'/' || in[j] == U' ' ||
              (in[j] >= U'A' && in[j] <= U'Z') || (in[j] >= U'a' && in[j] <= U'z'))) {
        ++j;
      }
      bool unit = j > i && !IsDigit(in[j - 1]);
      for (std::u32string_view u : {std::u32string_view(U"万千瓦"), std::u32string_view(U"千瓦"),
                                    std::u32string_view(U"兆瓦"), std::u32string_view(U"千伏")}) {
        if (std::u32string_view(in).substr(j, u.size()) == u) {
          j += u.size();
          unit = true;
          break;
        }
      }
      if (unit) {
        i = j - 1;
        continue;
      }
    }
    out.push_back(c);
  }
  bool changed = true;
  while (changed) {
    changed = false;
    for (std::u32string_view lead :
         {std::u32string_view(U"已备案的"), std::u32string_view(U"湖南省"),
          std::u32string_view(U"湖南"), std::u32string_view(U"包括")}) {
      if (StartsWithU(out, lead) && out.size() > lead.size() + 3) {
        out.erase(0, lead.size());
        changed = true;
      }
    }
    // 常德市 / 鼎城区 / 安化县: two or three characters and the level of administration.
    for (size_t len = 2; len <= 3 && !changed; ++len) {
      if (out.size() > len + 4 && (out[len] == U'市' || out[len] == U'区' || out[len] == U'县')) {
        out.erase(0, len + 1);
        changed = true;
      }
    }
  }
  for (std::u32string_view tail : {std::u32string_view(U"建设项目"), std::u32string_view(U"项目"),
                                   std::u32string_view(U"工程"), std::u32string_view(U"建设")}) {
    if (out.size() > tail.size() + 3 && EndsWithU(out, tail)) {
      out.erase(out.size() - tail.size());
      break;
    }
  }
  return text::EncodeUtf8(out);
}

std::vector<domain::Project> ExtractProjects(const Layout& layout, const std::string& document) {
  std::vector<domain::Project> out;
  auto prov = [&](const Para& p, size_t pos) {
    domain::Provenance pr;
    pr.document = document;
    pr.line = p.LineAt(pos);
    return pr;
  };
  // Projects named in the text: "…项目" / "…工程" / "…电站" after a verb of building.
  auto scan = [&](const Para& para, std::vector<domain::Project>& sink) {
    if (para.heading_level > 0 && para.title_only) return;
    std::u32string_view t = para.text;
    for (std::u32string_view end_word :
         {std::u32string_view(U"项目"), std::u32string_view(U"电站"),
          std::u32string_view(U"风电场"), std::u32string_view(U"发电厂"),
          std::u32string_view(U"生产线"), std::u32string_view(U"基地"),
          std::u32string_view(U"污水处理厂"), std::u32string_view(U"污水处理站"),
          std::u32string_view(U"转运中心"), std::u32string_view(U"工程")}) {
      // Names ending in these words are projects only when something is built or finished.
      bool needs_verb = end_word != U"项目" && end_word != U"电站" && end_word != U"风电场";
      size_t pos = 0;
      while ((pos = t.find(end_word, pos)) != std::u32string_view::npos) {
        size_t end = pos + end_word.size();
        pos = end;
        if (end < t.size() &&
            (t[end] == U'库' || t[end] == U'建' || t[end] == U'管' || t[end] == U'实' ||
             t[end] == U'审' || t[end] == U'碳' || t[end] == U'用' || t[end] == U'能' ||
             t[end] == U'前' || t[end] == U'开' || t[end] == U'落' || t[end] == U'的')) {
          continue;
        }
        size_t start = end - end_word.size();
        int depth = 0;
        while (start > 0) {
          char32_t c = t[start - 1];
          if (c == U'）') ++depth;
          if (c == U'（') {
            if (depth == 0) break;
            --depth;
            --start;
            continue;
          }
          if (c == U'、' && depth == 0) {
            // 甲镇、乙镇风力发电项目: short place names listed before one project name
            // belong to it.
            size_t s2 = start - 1;
            while (s2 > 0 && t[s2 - 1] != U'，' && t[s2 - 1] != U'。' && t[s2 - 1] != U'；' &&
                   t[s2 - 1] != U'：' && t[s2 - 1] != U'、' && t[s2 - 1] != U'\n' &&
                   start - 1 - s2 <= 8) {
              --s2;
            }
            std::u32string_view seg = t.substr(s2, start - 1 - s2);
            bool place = seg.size() >= 2 && seg.size() <= 5 &&
                         std::none_of(seg.begin(), seg.end(),
                                      [](char32_t ch) {
                                        return IsDigit(ch) || ch == U'（' || ch == U'“';
                                      }) &&
                         (EndsWithU(seg, U"镇") || EndsWithU(seg, U"乡") || EndsWithU(seg, U"村") ||
                          EndsWithU(seg, U"街道"));
            if (place) {
              start = s2;
              continue;
            }
            break;
          }
          if (c == U'，' || c == U'。' || c == U'；' || c == U'：' || c == U'“' || c == U'”' ||
              c == U'\n') {
            break;
          }
          --start;
        }
        std::u32string name(t.substr(start, end - start));
        // The name starts after the last verb of doing in front of it.
        for (std::u32string_view verb :
             {std::u32string_view(U"重点推进"), std::u32string_view(U"重点推动"),
              std::u32string_view(U"加快推进"), std::u32string_view(U"积极推进"),
              std::u32string_view(U"积极跟进"), std::u32string_view(U"稳步推进"),
              std::u32string_view(U"推进"),     std::u32string_view(U"推动"),
              std::u32string_view(U"建设"),     std::u32string_view(U"实施"),
              std::u32string_view(U"完成"),     std::u32string_view(U"新建"),
              std::u32string_view(U"续建"),     std::u32string_view(U"重点"),
              std::u32string_view(U"加快"),     std::u32string_view(U"开展"),
              std::u32string_view(U"打造"),     std::u32string_view(U"引进"),
              std::u32string_view(U"引入"),     std::u32string_view(U"落地"),
              std::u32string_view(U"建成"),     std::u32string_view(U"投用"),
              std::u32string_view(U"启动"),     std::u32string_view(U"支持"),
              std::u32string_view(U"解决"),     std::u32string_view(U"强化"),
              std::u32string_view(U"加强"),     std::u32string_view(U"落实"),
              std::u32string_view(U"完善"),     std::u32string_view(U"规范"),
              std::u32string_view(U"助力"),     std::u32string_view(U"遏制"),
              std::u32string_view(U"排查"),     std::u32string_view(U"深挖"),
              std::u32string_view(U"严把"),     std::u32string_view(U"限制"),
              std::u32string_view(U"竣工投产"), std::u32string_view(U"投产"),
              std::u32string_view(U"包括"),     std::u32string_view(U"督导"),
              std::u32string_view(U"引导"),     std::u32string_view(U"开发"),
              std::u32string_view(U"编制"),     std::u32string_view(U"形成"),
              std::u32string_view(U"加大"),     std::u32string_view(U"挖掘"),
              std::u32string_view(U"充分利用"), std::u32string_view(U"指导")}) {
          size_t at = name.rfind(verb);
          if (at != std::u32string::npos && at + verb.size() < name.size() - end_word.size()) {
            name = name.substr(at + verb.size());
          }
        }
        size_t hl = 0;
        int hn = 0;
        if (DetectHeading(name, &hl, &hn) != HeadingStyle::kNone) name = name.substr(hl);
        static constexpr std::array<std::u32string_view, 12> kGeneric = {
            U"两高",         U"高耗能",   U"增量", U"存量",     U"在建",     U"拟建",
            U"固定资产投资", U"燃煤项目", U"PPP",  U"科技计划", U"重大专项", U"一批"};
        bool generic = std::any_of(kGeneric.begin(), kGeneric.end(), [&](std::u32string_view g) {
          return Contains(name, g) && name.size() < 14;
        });
        if (generic) continue;
        if (name.size() < 6 || name.size() > 40) continue;
        if (needs_verb) {
          std::u32string_view clause =
              t.substr(start > 12 ? start - 12 : 0, end - (start > 12 ? start - 12 : 0));
          bool building = false;
          for (std::u32string_view v :
               {std::u32string_view(U"建设"), std::u32string_view(U"推进"),
                std::u32string_view(U"推动"), std::u32string_view(U"竣工"),
                std::u32string_view(U"投产"), std::u32string_view(U"新建"),
                std::u32string_view(U"扩建"), std::u32string_view(U"建成"),
                std::u32string_view(U"实施"), std::u32string_view(U"开工")}) {
            if (Contains(clause, v)) building = true;
          }
          if (!building || Contains(name, U"一批") || StartsWithU(name, U"重点")) continue;
        }
        // 专栏3 … 项目 is the title of a box of projects, not a project.
        if (StartsWithU(name, U"专栏") || StartsWithU(name, U"附表") || StartsWithU(name, U"及") ||
            StartsWithU(name, U"和") || StartsWithU(name, U"并") || StartsWithU(name, U"对") ||
            StartsWithU(name, U"以") || StartsWithU(name, U"根据") || StartsWithU(name, U"通过") ||
            StartsWithU(name, U"为")) {
          continue;
        }
        if (StartsWithU(name, U"等") || Contains(name, U"一批") || Contains(name, U"各类") ||
            Contains(name, U"重大项目") || Contains(name, U"相关项目") ||
            StartsWithU(name, U"的") || Contains(name, U"两高") ||
            (Contains(name, U"示范项目") && name.size() < 8)) {
          continue;
        }
        domain::Project p;
        p.name = Utf8(name);
        p.provenance = prov(para, start);
        // capacity written inside the name: 200MW风电场项目
        for (size_t i = 0; i < name.size(); ++i) {
          if (!IsDigit(name[i]) || (i > 0 && IsDigit(name[i - 1]))) continue;
          size_t j = i;
          while (j < name.size() && (IsDigit(name[j]) || name[j] == U'.' || name[j] == U'/')) ++j;
          for (size_t k = j; k <= name.size() && k <= j + 3; ++k) {
            if (IsCapacityUnit(std::u32string_view(name).substr(j, k - j))) {
              p.capacity = Utf8(name.substr(i, k - i));
            }
          }
          if (!p.capacity.empty()) break;
        }
        std::string key = ProjectNameKey(p.name);
        bool dup = std::any_of(sink.begin(), sink.end(), [&](const domain::Project& o) {
          return o.name == p.name || ProjectNameKey(o.name) == key;
        });
        if (!dup) sink.push_back(std::move(p));
      }
    }
  };
  // Project tables: a column named …项目 / 工程, a sector column, a content column.
  for (const Table& table : layout.tables) {
    if (TargetExtractor::IsIndicatorTable(table) || table.rows.empty()) continue;
    int name_col = -1;
    int sector_col = -1;
    int content_col = -1;
    int invest_col = -1;
    const auto& header = table.rows[0].cells;
    for (size_t c = 0; c < header.size(); ++c) {
      std::u32string_view h = header[c].text;
      if (name_col < 0 && (Contains(h, U"项目") || Contains(h, U"工程")) && !Contains(h, U"内容")) {
        name_col = static_cast<int>(c);
      } else if (Contains(h, U"领域") || Contains(h, U"类别") || Contains(h, U"行业")) {
        sector_col = static_cast<int>(c);
      } else if (Contains(h, U"内容") || Contains(h, U"规模")) {
        content_col = static_cast<int>(c);
      } else if (Contains(h, U"投资")) {
        invest_col = static_cast<int>(c);
      }
    }
    if (name_col < 0) continue;
    std::string sector;
    for (size_t r = 1; r < table.rows.size(); ++r) {
      const auto& cells = table.rows[r].cells;
      auto cell = [&](int c) -> const Para* {
        return c >= 0 && static_cast<size_t>(c) < cells.size() ? &cells[static_cast<size_t>(c)]
                                                               : nullptr;
      };
      if (const Para* s = cell(sector_col); s && !s->text.empty()) sector = Utf8(s->text);
      const Para* n = cell(name_col);
      if (!n || n->text.size() < 2) continue;
      // A row whose content names the projects (重点推进甲风力发电项目、乙风力发电项目) has a
      // group label in the name column: the named projects are the rows' projects.
      if (const Para* c = cell(content_col)) {
        std::vector<domain::Project> inner;
        scan(*c, inner);
        if (!inner.empty()) {
          for (domain::Project& q : inner) {
            q.sector = sector;
            std::string key = ProjectNameKey(q.name);
            bool dup = std::any_of(out.begin(), out.end(), [&](const domain::Project& o) {
              return ProjectNameKey(o.name) == key;
            });
            if (!dup) out.push_back(std::move(q));
          }
          continue;
        }
      }
      domain::Project p;
      p.name = Utf8(n->text);
      p.sector = sector;
      p.provenance = prov(*n, 0);
      if (const Para* c = cell(content_col)) {
        std::u32string_view t = c->text;
        for (size_t i = 0; i < t.size(); ++i) {
          if (!IsDigit(t[i]) || (i > 0 && IsDigit(t[i - 1]))) continue;
          size_t j = i;
          while (j < t.size() && (IsDigit(t[j]) || t[j] == U'.' || t[j] == U'/')) ++j;
          for (std::u32string_view u :
               {std::u32string_view(U"万千瓦"), std::u32string_view(U"MW"),
                std::u32string_view(U"千瓦"), std::u32string_view(U"兆瓦")}) {
            if (t.substr(j, u.size()) == u) {
              p.capacity = Utf8(t.substr(i, j - i + u.size()));
              break;
            }
          }
          if (!p.capacity.empty()) break;
        }
        size_t inv = t.find(U"总投资");
        if (inv != std::u32string_view::npos) {
          size_t k = inv + 3;
          while (k < t.size() && !IsDigit(t[k]) && k < inv + 6) ++k;
          double v = 0;
          size_t e = k;
          while (e < t.size() && (IsDigit(t[e]) || t[e] == U'.')) ++e;
          if (e > k && ParsePlainNumber(t.substr(k, e - k), &v)) {
            if (t.substr(e, 2) == U"亿元") p.investment = v;
            if (t.substr(e, 2) == U"万元") p.investment = v / 1e4;
          }
        }
      }
      if (const Para* c = cell(invest_col)) {
        double v = 0;
        if (ParsePlainNumber(c->text, &v)) p.investment = v;
      }
      out.push_back(std::move(p));
    }
  }
  for (const Para& para : layout.paras) scan(para, out);
  return out;
}

std::vector<Requirement> ExtractRequirements(const Layout& layout, const std::string& document) {
  std::vector<Requirement> out;
  for (const Para& para : layout.paras) {
    std::u32string_view t = para.text;
    for (const Category& cat : kCategories) {
      for (std::u32string_view kw : cat.keywords) {
        if (kw.empty()) continue;
        size_t pos = t.find(kw);
        if (pos == std::u32string_view::npos) continue;
        size_t start = pos;
        while (start > 0 && t[start - 1] != U'。' && t[start - 1] != U'；' &&
               t[start - 1] != U'，') {
          --start;
        }
        size_t end = pos + kw.size();
        while (end < t.size() && t[end] != U'。' && t[end] != U'；' && t[end] != U'，') ++end;
        Requirement r;
        r.category = std::string(cat.name);
        r.text = Utf8(t.substr(start, end - start));
        r.provenance.document = document;
        r.provenance.line = para.LineAt(pos);
        bool dup = std::any_of(out.begin(), out.end(), [&](const Requirement& o) {
          return o.category == r.category && o.provenance.line == r.provenance.line;
        });
        if (!dup) out.push_back(std::move(r));
        break;
      }
    }
  }
  return out;
}

}  // namespace carbonpeak::planimport
