#include "planimport/document.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <exception>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "base/file.h"
#include "base/text.h"
#include "planimport/docx/docx_reader.h"
#include "planimport/extract/indicator_matcher.h"
#include "planimport/extract/items.h"
#include "planimport/extract/targets.h"
#include "planimport/extract/units.h"
#include "planimport/pdf/pdf_reader.h"
#include "planimport/text/chars.h"
#include "planimport/text/decode.h"
#include "planimport/text/layout.h"
#include "planimport/text/simplify.h"

namespace carbonpeak::planimport {
namespace {

using domain::Target;
using domain::TargetKind;

std::string Utf8(std::u32string_view s) { return text::EncodeUtf8(s); }

bool TitleHas(const Para& p, std::u32string_view word) { return Contains(p.title, word); }

bool IsExcludedTitle(const Para& p) {
  for (std::u32string_view w :
       {std::u32string_view(U"指导思想"), std::u32string_view(U"基本原则"),
        std::u32string_view(U"工作原则"), std::u32string_view(U"发展基础"),
        std::u32string_view(U"现状"), std::u32string_view(U"形势"), std::u32string_view(U"机遇"),
        std::u32string_view(U"挑战"), std::u32string_view(U"背景"),
        std::u32string_view(U"重要意义"), std::u32string_view(U"基础条件")}) {
    if (TitleHas(p, w)) return true;
  }
  return false;
}

struct Roles {
  std::vector<char> excluded;  // per paragraph
  std::vector<char> main;      // per paragraph: inside 主要目标
};

Roles ClassifySections(const Layout& layout) {
  Roles roles;
  size_t n = layout.paras.size();
  roles.excluded.assign(n, 0);
  roles.main.assign(n, 0);
  for (size_t i = 0; i < n; ++i) {
    const Para& p = layout.paras[i];
    std::vector<int> chain = p.path;
    if (p.heading_level > 0) chain.push_back(static_cast<int>(i));
    // The nearest heading decides: a 目标 heading wins over an excluded outer one.
    for (size_t k = chain.size(); k-- > 0;) {
      const Para& h = layout.paras[static_cast<size_t>(chain[k])];
      if (TitleHas(h, U"目标") && !TitleHas(h, U"指导思想")) {
        roles.main[i] = 1;
        break;
      }
      if (IsExcludedTitle(h)) {
        roles.excluded[i] = 1;
        break;
      }
    }
  }
  return roles;
}

struct TaskSpan {
  size_t heading = 0;
  size_t end = 0;  // exclusive paragraph index
};

// Paragraph range of the section opened by heading `h`.
size_t SectionEnd(const Layout& layout, size_t h) {
  int level = layout.paras[h].heading_level;
  for (size_t k = h + 1; k < layout.paras.size(); ++k) {
    const Para& p = layout.paras[k];
    if (p.heading_level > 0 && p.heading_level <= level) return k;
  }
  return layout.paras.size();
}

std::vector<size_t> ChildHeadings(const Layout& layout, size_t h) {
  std::vector<size_t> out;
  size_t end = SectionEnd(layout, h);
  int level = layout.paras[h].heading_level;
  for (size_t k = h + 1; k < end; ++k) {
    if (layout.paras[k].heading_level == level + 1) out.push_back(k);
  }
  return out;
}

// The headings that are the plan's actions (the ten actions).
std::vector<size_t> FindActions(const Layout& layout) {
  std::vector<size_t> top;
  size_t ending_in_action = 0;
  for (size_t i = 0; i < layout.paras.size(); ++i) {
    if (layout.paras[i].heading_level == 1) {
      top.push_back(i);
      if (EndsWithU(layout.paras[i].title, U"行动")) ++ending_in_action;
    }
  }
  if (ending_in_action >= 4) {
    std::vector<size_t> out;
    for (size_t i : top) {
      if (Contains(layout.paras[i].title, U"行动")) out.push_back(i);
    }
    return out;
  }
  size_t best = 0;
  int best_score = 0;
  for (size_t i : top) {
    const Para& p = layout.paras[i];
    int score = 0;
    if (TitleHas(p, U"重点任务") || TitleHas(p, U"主要任务") || TitleHas(p, U"重点行动") ||
        TitleHas(p, U"十大行动")) {
      score += 10;
    }
    std::vector<size_t> kids = ChildHeadings(layout, i);
    for (size_t k : kids) {
      if (Contains(layout.paras[k].title, U"行动")) score += 2;
    }
    if (kids.size() < 2) score = 0;
    if (score > best_score) {
      best_score = score;
      best = i;
    }
  }
  if (best_score == 0) return {};
  return ChildHeadings(layout, best);
}

std::vector<size_t> FindPolicySections(const Layout& layout) {
  std::vector<size_t> out;
  for (size_t i = 0; i < layout.paras.size(); ++i) {
    const Para& p = layout.paras[i];
    if (p.heading_level != 1) continue;
    if (TitleHas(p, U"保障") || TitleHas(p, U"组织实施") || TitleHas(p, U"政策") ||
        TitleHas(p, U"实施保障")) {
      std::vector<size_t> kids = ChildHeadings(layout, i);
      out.insert(out.end(), kids.begin(), kids.end());
    }
  }
  return out;
}

void AddTargetDiagnostics(const std::vector<FoundTarget>& found, std::vector<Diagnostic>& diags) {
  for (const FoundTarget& f : found) {
    if (f.confidence < 1) {
      diags.push_back(Diagnostic{
          Severity::kWarning, "guessed_indicator",
          "line " + std::to_string(f.target.provenance.line) + ": \"" + f.phrase +
              "\" is not a catalogue name; read as indicator " + f.target.indicator +
              " (confidence " + std::to_string(static_cast<int>(std::lround(f.confidence * 100))) +
              "%); check it, and add the phrase as an alias if right",
          f.target.provenance.line, f.phrase});
    }
  }
}

std::vector<Target> Targets(std::vector<FoundTarget> found) {
  std::vector<Target> out;
  for (FoundTarget& f : found) out.push_back(std::move(f.target));
  return out;
}

Result<DocumentImport> ImportUtf8(std::string utf8, const refdata::RefData& ref,
                                  const DocumentImportOptions& options, std::string format,
                                  std::string encoding) {
  DocumentImport doc;
  doc.format = std::move(format);
  doc.encoding = std::move(encoding);
  if (options.convert_traditional) {
    Status s = ToSimplifiedIfTraditional(utf8, &doc.converted_traditional);
    if (!s.ok()) {
      doc.diagnostics.push_back(
          Diagnostic{Severity::kWarning, "traditional_not_converted", s.message(), 0, ""});
    }
  }
  const std::string& name = options.document_name;
  Layout layout = BuildLayout(utf8);
  for (const std::string& note : layout.notes) {
    doc.diagnostics.push_back(Diagnostic{Severity::kInfo, "envelope", note, 0, ""});
  }
  PlanMetadata meta = ExtractMetadata(layout, ref.regions);
  domain::Plan& plan = doc.plan;
  plan.region_code = meta.region_code;
  plan.title = meta.title;
  plan.doc_number = meta.doc_number;
  plan.issue_date = meta.issue_date;
  plan.status = meta.draft ? domain::PlanStatus::kDraft : domain::PlanStatus::kFinal;
  plan.base_year = meta.base_year;
  plan.source_document = name;
  doc.region_name = meta.region_name;
  doc.parent_city = meta.parent_city;
  if (plan.region_code.empty()) {
    doc.diagnostics.push_back(Diagnostic{
        Severity::kError, "unknown_region",
        meta.region_name.empty()
            ? "no county of the region table is named in the document; set the region before "
              "storing the plan"
            : "the document is about " + meta.region_name +
                  ", which is not in the region table; add the region first",
        0, meta.region_name});
  }
  if (plan.title.empty() && !meta.region_name.empty()) {
    plan.title = meta.region_name + "碳达峰实施方案";
    doc.diagnostics.push_back(Diagnostic{Severity::kInfo, "title_inferred",
                                         "the document has no title line; the title \"" +
                                             plan.title + "\" was made from the region name",
                                         0, ""});
  }

  IndicatorMatcher matcher(ref.indicators);
  TargetExtractor extractor(matcher, meta.base_year, name);
  Roles roles = ClassifySections(layout);
  std::vector<std::vector<FoundTarget>> per_para(layout.paras.size());
  for (size_t i = 0; i < layout.paras.size(); ++i) {
    if (roles.excluded[i]) continue;
    per_para[i] = extractor.FromParagraph(layout.paras[i], &doc.diagnostics);
    for (FoundTarget& f : per_para[i]) f.target.main_target = roles.main[i] != 0;
    AddTargetDiagnostics(per_para[i], doc.diagnostics);
  }
  std::vector<char> used(layout.paras.size(), 0);

  // Responsible units: first collect all raw names to canonicalise them across the plan.
  UnitCanonicalizer canon;
  std::vector<size_t> action_heads = FindActions(layout);
  std::vector<size_t> policy_heads = FindPolicySections(layout);
  auto task_units = [&](size_t begin, size_t end) -> std::optional<Responsibility> {
    for (size_t k = end; k-- > begin;) {
      if (auto r = FindResponsibility(layout.paras[k].text)) return r;
    }
    return std::nullopt;
  };
  struct RawTask {
    size_t heading;
    size_t begin, end;
    std::optional<Responsibility> resp;
    int action;  // index into actions, -1 for policy
  };
  std::vector<RawTask> raw_tasks;
  for (size_t a = 0; a < action_heads.size(); ++a) {
    size_t h = action_heads[a];
    std::vector<size_t> kids = ChildHeadings(layout, h);
    size_t section_end = SectionEnd(layout, h);
    if (kids.empty()) {
      raw_tasks.push_back({h, h, section_end, task_units(h, section_end), static_cast<int>(a)});
      continue;
    }
    for (size_t k = 0; k < kids.size(); ++k) {
      size_t end = k + 1 < kids.size() ? kids[k + 1] : section_end;
      raw_tasks.push_back({kids[k], kids[k], end, task_units(kids[k], end), static_cast<int>(a)});
    }
  }
  for (size_t h : policy_heads) {
    size_t end = SectionEnd(layout, h);
    raw_tasks.push_back({h, h, end, task_units(h, end), -1});
  }
  for (const RawTask& t : raw_tasks) {
    if (!t.resp) continue;
    for (const std::string& u : t.resp->lead) canon.Add(u);
    for (const std::string& u : t.resp->cooperating) canon.Add(u);
  }
  canon.Build();
  plan.units = canon.Units();

  for (size_t a = 0; a < action_heads.size(); ++a) {
    const Para& h = layout.paras[action_heads[a]];
    domain::Action action;
    action.number = static_cast<int>(a) + 1;
    action.title = Utf8(h.title);
    action.provenance.document = name;
    action.provenance.line = h.first_line;
    plan.actions.push_back(std::move(action));
  }
  for (const RawTask& rt : raw_tasks) {
    const Para& h = layout.paras[rt.heading];
    domain::Task task;
    task.number = std::to_string(h.number);
    task.title = Utf8(h.title);
    task.provenance.document = name;
    task.provenance.line = h.first_line;
    if (rt.resp) {
      for (const std::string& u : rt.resp->lead) task.lead_units.push_back(canon.Canonical(u));
      for (const std::string& u : rt.resp->cooperating) {
        task.cooperating_units.push_back(canon.Canonical(u));
      }
    } else if (rt.action >= 0) {
      doc.diagnostics.push_back(
          Diagnostic{Severity::kWarning, "no_responsible_units",
                     "line " + std::to_string(h.first_line) + ": task \"" + task.title +
                         "\" names no responsible unit that could be read; add them in review",
                     h.first_line, task.title});
    }
    for (size_t k = rt.begin; k < rt.end; ++k) {
      if (used[k]) continue;
      used[k] = 1;
      for (FoundTarget& f : per_para[k]) {
        f.target.action = rt.action >= 0 ? rt.action + 1 : 0;
        task.commitments.push_back(std::move(f.target));
      }
    }
    if (rt.action >= 0) {
      plan.actions[static_cast<size_t>(rt.action)].tasks.push_back(std::move(task));
    } else {
      doc.policy_measures.push_back(std::move(task));
    }
  }
  // Words that mark a responsible-unit list the rules could not read.
  for (size_t i = 0; i < layout.paras.size(); ++i) {
    const std::u32string& t = layout.paras[i].text;
    bool marked = Contains(t, U"责任单位") || Contains(t, U"牵头单位") || Contains(t, U"职责分工");
    if (marked && !FindResponsibility(t)) {
      size_t at = t.find(U"责任单位");
      if (at == std::u32string::npos) at = t.find(U"牵头单位");
      if (at == std::u32string::npos) at = t.find(U"职责分工");
      doc.diagnostics.push_back(Diagnostic{
          Severity::kWarning, "unread_units",
          "line " + std::to_string(layout.paras[i].LineAt(at)) +
              ": this looks like a responsible-unit list but could not be read; enter the units "
              "of the task in review",
          layout.paras[i].LineAt(at),
          Utf8(std::u32string_view(t).substr(at >= 10 ? at - 10 : 0, 50))});
    }
  }
  // Paragraphs with a responsibility group that sits in no task: note it.
  for (size_t i = 0; i < layout.paras.size(); ++i) {
    if (used[i]) continue;
    if (auto r = FindResponsibility(layout.paras[i].text); r && !roles.excluded[i]) {
      doc.diagnostics.push_back(Diagnostic{
          Severity::kInfo, "units_outside_task",
          "line " + std::to_string(layout.paras[i].LineAt(r->begin)) +
              ": a responsible-unit list outside the actions' tasks was not attached to a task",
          layout.paras[i].LineAt(r->begin), r->raw});
    }
    for (FoundTarget& f : per_para[i]) plan.targets.push_back(std::move(f.target));
  }
  // Tables.
  for (const Table& table : layout.tables) {
    if (!TargetExtractor::IsIndicatorTable(table)) {
      // Project and measure tables: read the longer cells as text.
      for (size_t r = 1; r < table.rows.size(); ++r) {
        for (const Para& cell : table.rows[r].cells) {
          if (cell.text.size() < 16) continue;
          std::vector<FoundTarget> found = extractor.FromParagraph(cell, &doc.diagnostics);
          AddTargetDiagnostics(found, doc.diagnostics);
          for (Target& t : Targets(std::move(found))) plan.targets.push_back(std::move(t));
        }
      }
      continue;
    }
    std::vector<FoundTarget> found = extractor.FromTable(table, &doc.diagnostics);
    AddTargetDiagnostics(found, doc.diagnostics);
    for (Target& t : Targets(std::move(found))) {
      if (t.year != 0 && t.year <= plan.base_year) {
        doc.baselines.push_back(std::move(t));
      } else {
        plan.targets.push_back(std::move(t));
      }
    }
  }
  // One carbon-peak year per plan: the first statement of it.
  {
    bool seen = false;
    auto drop = [&](std::vector<Target>& v) {
      v.erase(std::remove_if(v.begin(), v.end(),
                             [&](const Target& t) {
                               if (t.indicator != "carbon_peak_year") return false;
                               if (!seen) {
                                 seen = true;
                                 return false;
                               }
                               return true;
                             }),
              v.end());
    };
    drop(plan.targets);
    for (auto& a : plan.actions) {
      for (auto& t : a.tasks) drop(t.commitments);
    }
  }
  // A scope threshold has no year: the same threshold stated again (a 专栏 box repeating the
  // text) is the same fact, kept once.
  {
    std::set<std::pair<std::string, double>> thresholds;
    auto drop = [&](std::vector<Target>& v) {
      v.erase(
          std::remove_if(v.begin(), v.end(),
                         [&](const Target& t) {
                           if (t.year != 0 || !t.value || t.note.rfind("scope threshold", 0) != 0) {
                             return false;
                           }
                           return !thresholds.insert({t.indicator, *t.value}).second;
                         }),
          v.end());
    };
    for (auto& a : plan.actions) {
      for (auto& t : a.tasks) drop(t.commitments);
    }
    drop(plan.targets);
  }
  plan.projects = ExtractProjects(layout, name);
  doc.requirements = ExtractRequirements(layout, name);

  // Conflicts: the same indicator and year with different numbers (same qualifier).
  std::map<std::pair<std::string, int>, std::vector<const Target*>> by_key;
  for (const Target* t : doc.AllTargets()) {
    if (!t->value || t->year == 0 || t->kind == TargetKind::kRange) continue;
    by_key[{t->indicator, t->year}].push_back(t);
  }
  for (const auto& [key, list] : by_key) {
    std::map<std::string, std::set<double>> by_qualifier;
    for (const Target* t : list) by_qualifier[t->qualifier].insert(*t->value);
    for (const auto& [q, values] : by_qualifier) {
      if (values.size() < 2) continue;
      Conflict c;
      c.indicator = key.first;
      c.year = key.second;
      std::string text;
      for (const Target* t : list) {
        if (t->qualifier != q) continue;
        c.values.push_back(*t->value);
        c.lines.push_back(t->provenance.line);
      }
      for (size_t k = 0; k < c.values.size(); ++k) {
        if (k) text += ", ";
        char buf[64];
        std::snprintf(buf, sizeof buf, "%g (line %d)", c.values[k], c.lines[k]);
        text += buf;
      }
      doc.diagnostics.push_back(Diagnostic{
          Severity::kWarning, "conflict",
          "indicator " + c.indicator + " has different values for " + std::to_string(c.year) +
              ": " + text + "; both are kept, decide which one holds",
          c.lines.front(), ""});
      doc.conflicts.push_back(std::move(c));
    }
  }
  size_t numbered = 0;
  for (const Target* t : doc.AllTargets()) {
    if (t->value) ++numbered;
  }
  if (numbered < 3 || plan.actions.empty()) {
    doc.diagnostics.push_back(Diagnostic{
        Severity::kError, "little_found",
        "little was found: " + std::to_string(numbered) + " targets with a number and " +
            std::to_string(plan.actions.size()) +
            " actions; this may not be a carbon-peak implementation plan, or its layout was not "
            "recognised; review the document before storing anything",
        0, ""});
  }
  return doc;
}

// The importer's own code must not throw; if it does (a bug), the caller still gets a Status.
Result<DocumentImport> Guarded(std::string utf8, const refdata::RefData& ref,
                               const DocumentImportOptions& options, std::string format,
                               std::string encoding) {
  if (utf8.size() > options.max_text_bytes) {
    return Status::InvalidArgument(
        options.document_name + ": the document holds " + std::to_string(utf8.size() >> 20) +
        " MB of text, more than the " + std::to_string(options.max_text_bytes >> 20) +
        " MB accepted; a county plan's text is well under 1 MB, so this is not a single plan "
        "(check the file, or import the plan on its own)");
  }
  try {
    return ImportUtf8(std::move(utf8), ref, options, std::move(format), std::move(encoding));
  } catch (const std::exception& e) {
    return Status::Internal(options.document_name + ": the importer failed on this document (" +
                            e.what() + "); this is a bug, please report it together with the file");
  }
}

}  // namespace

std::string_view SeverityName(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "info";
}

std::vector<const domain::Target*> DocumentImport::AllTargets() const {
  std::vector<const domain::Target*> out;
  for (const auto& t : plan.targets) out.push_back(&t);
  for (const auto& a : plan.actions) {
    for (const auto& task : a.tasks) {
      for (const auto& t : task.commitments) out.push_back(&t);
    }
  }
  for (const auto& task : policy_measures) {
    for (const auto& t : task.commitments) out.push_back(&t);
  }
  for (const auto& t : baselines) out.push_back(&t);
  return out;
}

std::string UnitKey(std::string_view name) { return UnitKeyOf(name); }

Result<DocumentImport> ImportPlanText(std::string_view bytes, const refdata::RefData& ref,
                                      const DocumentImportOptions& options) {
  std::string name = options.document_name.empty() ? "document" : options.document_name;
  if (bytes.size() > options.max_bytes) {
    return Status::InvalidArgument(name + ": the file is " + std::to_string(bytes.size() >> 20) +
                                   " MB, more than the " + std::to_string(options.max_bytes >> 20) +
                                   " MB a plan can be; is it the right file?");
  }
  CPK_ASSIGN_OR_RETURN(DecodedText decoded, DecodeText(bytes, name));
  DocumentImportOptions opts = options;
  opts.document_name = name;
  return Guarded(std::move(decoded.utf8), ref, opts, "txt", decoded.encoding);
}

Result<DocumentImport> ImportPlanDocument(std::string_view bytes, std::string_view file_name,
                                          const refdata::RefData& ref,
                                          const DocumentImportOptions& options) {
  DocumentImportOptions opts = options;
  if (opts.document_name.empty()) {
    std::string_view base = file_name;
    size_t slash = base.find_last_of('/');
    if (slash != std::string_view::npos) base = base.substr(slash + 1);
    opts.document_name = std::string(base);
  }
  const std::string& name = opts.document_name;
  if (bytes.size() > opts.max_bytes) {
    return Status::InvalidArgument(name + ": the file is " + std::to_string(bytes.size() >> 20) +
                                   " MB, more than the " + std::to_string(opts.max_bytes >> 20) +
                                   " MB a plan can be; is it the right file?");
  }
  auto ends = [&](std::string_view ext) {
    if (file_name.size() < ext.size()) return false;
    std::string tail(file_name.substr(file_name.size() - ext.size()));
    for (char& c : tail) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return tail == ext;
  };
  bool zip = bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4);
  bool pdf = bytes.substr(0, 5) == "%PDF-";
  if (zip || ends(".docx")) {
    CPK_ASSIGN_OR_RETURN(std::string text, DocxToText(bytes, name));
    return Guarded(std::move(text), ref, opts, "docx", "utf-8");
  }
  if (pdf || ends(".pdf")) {
    CPK_ASSIGN_OR_RETURN(std::string text, PdfToText(bytes, name));
    return Guarded(std::move(text), ref, opts, "pdf", "utf-8");
  }
  if (ends(".doc") && bytes.substr(0, 4) == std::string_view("\xD0\xCF\x11\xE0", 4)) {
    return Status::InvalidArgument(name +
                                   ": this is an old Word .doc file; open it in Word or "
                                   "WPS and save it as .docx, then import that");
  }
  return ImportPlanText(bytes, ref, opts);
}

Result<DocumentImport> ImportPlanDocumentFile(const std::string& path, const refdata::RefData& ref,
                                              const DocumentImportOptions& options) {
  CPK_ASSIGN_OR_RETURN(std::string bytes, ReadFile(path));
  return ImportPlanDocument(bytes, path, ref, options);
}

}  // namespace carbonpeak::planimport
