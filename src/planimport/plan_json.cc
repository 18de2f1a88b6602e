#include "planimport/plan_json.h"

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <span>
#include <utility>
#include <vector>

#include "planimport/internal/suggest.h"

namespace carbonpeak::planimport {
namespace {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;
using domain::Action;
using domain::Plan;
using domain::Project;
using domain::Provenance;
using domain::ResponsibleUnit;
using domain::Target;
using domain::TargetKind;
using domain::Task;

constexpr std::string_view kPlanFields[] = {
    "format",     "version",    "id",     "region_code", "title",
    "doc_number", "issue_date", "status", "base_year",   "source_document",
    "targets",    "actions",    "units",  "projects"};
constexpr std::string_view kTargetFields[] = {
    "id",        "indicator", "year", "kind",        "value",  "value_high", "unit",
    "qualifier", "base_year", "note", "main_target", "action", "provenance"};
constexpr std::string_view kProvenanceFields[] = {"document", "line", "span"};
constexpr std::string_view kActionFields[] = {"number", "title", "tasks", "provenance"};
constexpr std::string_view kTaskFields[] = {
    "id", "number", "title", "lead_units", "cooperating_units", "commitments", "provenance"};
constexpr std::string_view kUnitFields[] = {"canonical_name", "aliases", "type"};
constexpr std::string_view kProjectFields[] = {"id",       "name",       "sector",
                                               "capacity", "investment", "start_year",
                                               "end_year", "status",     "provenance"};

constexpr TargetKind kAllKinds[] = {
    TargetKind::kPoint, TargetKind::kAtLeast,     TargetKind::kAtMost,   TargetKind::kAbout,
    TargetKind::kRange, TargetKind::kQualitative, TargetKind::kDelegated};

// ---------------------------------------------------------------------------------------------
// Reading

enum class Presence { kRequired, kOptional };

std::string Quote(std::string_view text) { return "\"" + std::string(text) + "\""; }

// Replaces bytes that are not well-formed UTF-8 with '?', so messages stay valid text (the
// parser quotes raw input in some of its messages).
std::string SanitizeUtf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  size_t pos = 0;
  while (pos < bytes.size()) {
    auto lead = static_cast<unsigned char>(bytes[pos]);
    size_t len = lead < 0x80           ? 1
                 : (lead >> 5) == 0x6  ? 2
                 : (lead >> 4) == 0xE  ? 3
                 : (lead >> 3) == 0x1E ? 4
                                       : 0;
    bool ok = len > 0 && pos + len <= bytes.size();
    for (size_t k = 1; ok && k < len; ++k) {
      ok = (static_cast<unsigned char>(bytes[pos + k]) & 0xC0) == 0x80;
    }
    if (ok) {
      out.append(bytes.substr(pos, len));
      pos += len;
    } else {
      out.push_back('?');
      ++pos;
    }
  }
  return out;
}

// The first `max_chars` UTF-8 characters of `text`, with "…" when something was cut.
std::string Shorten(const std::string& text, size_t max_chars) {
  size_t chars = 0;
  for (size_t pos = 0; pos < text.size(); ++pos) {
    if ((static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) continue;
    if (chars == max_chars) return text.substr(0, pos) + "…";
    ++chars;
  }
  return text;
}

// A short description of a JSON value for "expected X, found Y" messages.
std::string Describe(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return value.get<bool>() ? "true" : "false";
    case Json::value_t::string: {
      return "the text " + Quote(Shorten(value.get<std::string>(), 40));
    }
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return "the number " + value.dump(-1, ' ', false, Json::error_handler_t::replace);
    case Json::value_t::object:
      return "an object {…}";
    case Json::value_t::array:
      return "a list […]";
    default:
      return "an unsupported value";
  }
}

std::string JoinPath(const std::string& base, std::string_view field) {
  if (base.empty()) return std::string(field);
  return base + "." + std::string(field);
}

std::string IndexPath(const std::string& base, size_t index) {
  return base + "[" + std::to_string(index) + "]";
}

class ObjectReader {
 public:
  // `object` must be a JSON object; `path` is its JSON path ("" for the file's root).
  ObjectReader(const Json& object, std::string path, std::string_view label)
      : object_(object), path_(std::move(path)), label_(label) {}

  Status Fail(std::string_view field, std::string_view message) const {
    std::string where = field.empty() ? path_ : JoinPath(path_, field);
    std::string text(label_);
    if (!where.empty()) text += ": " + where;
    text += ": ";
    text += message;
    return Status::InvalidArgument(std::move(text));
  }

  const std::string& path() const { return path_; }
  std::string_view label() const { return label_; }

  // Reports the first member not in `allowed`, with the closest allowed name.
  Status CheckFields(std::span<const std::string_view> allowed) const {
    std::vector<std::string> names(allowed.begin(), allowed.end());
    for (const auto& item : object_.items()) {
      bool known = false;
      for (std::string_view name : allowed) known = known || item.key() == name;
      if (known) continue;
      std::string message = "unknown field " + Quote(item.key());
      std::vector<std::string> close = internal::ClosestMatches(item.key(), names, 1);
      if (!close.empty()) message += "; did you mean " + Quote(close.front()) + "?";
      message += " Fields allowed here: ";
      for (size_t idx = 0; idx < names.size(); ++idx) {
        if (idx > 0) message += ", ";
        message += names[idx];
      }
      return Fail(item.key(), message);
    }
    return Status::Ok();
  }

  // The member, or nullptr when absent. An explicit null counts as absent for optional fields.
  const Json* Find(std::string_view key) const {
    auto it = object_.find(key);
    if (it == object_.end()) return nullptr;
    return &*it;
  }

  // Returns nullptr (and OK) when an optional member is absent or null.
  Result<const Json*> Member(std::string_view key, Presence presence) const {
    const Json* value = Find(key);
    if (value == nullptr || value->is_null()) {
      if (presence == Presence::kRequired) {
        return Fail(key, "this field is required but missing; add it");
      }
      return static_cast<const Json*>(nullptr);
    }
    return value;
  }

  Status String(std::string_view key, std::string* out, Presence presence) const {
    CPK_ASSIGN_OR_RETURN(const Json* value, Member(key, presence));
    if (value == nullptr) return Status::Ok();
    if (!value->is_string()) {
      return Fail(key, "expected text in double quotes, found " + Describe(*value));
    }
    *out = value->get<std::string>();
    return Status::Ok();
  }

  template <typename Int>
  Status Integer(std::string_view key, Int* out, Presence presence) const {
    CPK_ASSIGN_OR_RETURN(const Json* value, Member(key, presence));
    if (value == nullptr) return Status::Ok();
    return ConvertInteger(*value, key, out);
  }

  template <typename Int>
  Status OptionalInteger(std::string_view key, std::optional<Int>* out) const {
    CPK_ASSIGN_OR_RETURN(const Json* value, Member(key, Presence::kOptional));
    if (value == nullptr) return Status::Ok();
    Int parsed{};
    CPK_RETURN_IF_ERROR(ConvertInteger(*value, key, &parsed));
    *out = parsed;
    return Status::Ok();
  }

  Status OptionalNumber(std::string_view key, std::optional<double>* out) const {
    CPK_ASSIGN_OR_RETURN(const Json* value, Member(key, Presence::kOptional));
    if (value == nullptr) return Status::Ok();
    if (!value->is_number()) {
      return Fail(key, "expected a number such as 23 or 14.5 (no quotes, no unit), found " +
                           Describe(*value));
    }
    *out = value->get<double>();
    return Status::Ok();
  }

  Status Bool(std::string_view key, bool* out) const {
    CPK_ASSIGN_OR_RETURN(const Json* value, Member(key, Presence::kOptional));
    if (value == nullptr) return Status::Ok();
    if (!value->is_boolean()) {
      return Fail(key, "expected true or false (no quotes), found " + Describe(*value));
    }
    *out = value->get<bool>();
    return Status::Ok();
  }

  Status StringList(std::string_view key, std::vector<std::string>* out) const {
    return Array(key, [&](const Json& item, const std::string& item_path) -> Status {
      if (!item.is_string()) {
        return Status::InvalidArgument(std::string(label_) + ": " + item_path +
                                       ": expected text in double quotes, found " + Describe(item));
      }
      out->push_back(item.get<std::string>());
      return Status::Ok();
    });
  }

  // Calls `read` for each element of an optional list member.
  Status Array(std::string_view key,
               const std::function<Status(const Json&, const std::string&)>& read) const {
    CPK_ASSIGN_OR_RETURN(const Json* value, Member(key, Presence::kOptional));
    if (value == nullptr) return Status::Ok();
    if (!value->is_array()) {
      return Fail(key, "expected a list in square brackets […], found " + Describe(*value));
    }
    std::string base = JoinPath(path_, key);
    for (size_t idx = 0; idx < value->size(); ++idx) {
      CPK_RETURN_IF_ERROR(read((*value)[idx], IndexPath(base, idx)));
    }
    return Status::Ok();
  }

 private:
  template <typename Int>
  Status ConvertInteger(const Json& value, std::string_view key, Int* out) const {
    constexpr auto kMin = std::numeric_limits<Int>::min();
    constexpr auto kMax = std::numeric_limits<Int>::max();
    std::string expected = "expected a whole number such as 2025 (no quotes), found ";
    if (value.is_number_unsigned()) {
      auto raw = value.get<uint64_t>();
      if (raw > static_cast<uint64_t>(kMax)) return Fail(key, "the number is too large");
      *out = static_cast<Int>(raw);
      return Status::Ok();
    }
    if (value.is_number_integer()) {
      auto raw = value.get<int64_t>();
      if (raw < static_cast<int64_t>(kMin) || raw > static_cast<int64_t>(kMax)) {
        return Fail(key, "the number is out of range");
      }
      *out = static_cast<Int>(raw);
      return Status::Ok();
    }
    if (value.is_number_float()) {
      double raw = value.get<double>();
      if (!std::isfinite(raw) || std::trunc(raw) != raw)
        return Fail(key, expected + Describe(value));
      if (raw < static_cast<double>(kMin) || raw > static_cast<double>(kMax)) {
        return Fail(key, "the number is out of range");
      }
      *out = static_cast<Int>(raw);
      return Status::Ok();
    }
    return Fail(key, expected + Describe(value));
  }

  const Json& object_;
  std::string path_;
  std::string_view label_;
};

// Checks that `value` is an object, then hands a reader for it to `read`.
Status WithObject(const Json& value, const std::string& path, std::string_view label,
                  std::string_view what, const std::function<Status(const ObjectReader&)>& read) {
  if (!value.is_object()) {
    std::string where = path.empty() ? "" : ": " + path;
    return Status::InvalidArgument(std::string(label) + where + ": expected " + std::string(what) +
                                   " as an object {…}, found " + Describe(value));
  }
  return read(ObjectReader(value, path, label));
}

Status ReadProvenance(const ObjectReader& parent, Provenance* out) {
  CPK_ASSIGN_OR_RETURN(const Json* value, parent.Member("provenance", Presence::kOptional));
  if (value == nullptr) return Status::Ok();
  return WithObject(
      *value, JoinPath(parent.path(), "provenance"), parent.label(), "the provenance",
      [&](const ObjectReader& r) -> Status {
        CPK_RETURN_IF_ERROR(r.CheckFields(kProvenanceFields));
        CPK_RETURN_IF_ERROR(r.String("document", &out->document, Presence::kOptional));
        CPK_RETURN_IF_ERROR(r.Integer("line", &out->line, Presence::kOptional));
        CPK_ASSIGN_OR_RETURN(const Json* span, r.Member("span", Presence::kOptional));
        if (span == nullptr) return Status::Ok();
        if (!span->is_array() || span->size() != 2 || !(*span)[0].is_number_integer() ||
            !(*span)[1].is_number_integer()) {
          return r.Fail("span",
                        "expected two whole numbers [begin, end], found " + Describe(*span));
        }
        int64_t begin = (*span)[0].get<int64_t>();
        int64_t end = (*span)[1].get<int64_t>();
        constexpr int64_t kIntMax = std::numeric_limits<int>::max();
        if (begin < -1 || end < -1 || begin > kIntMax || end > kIntMax) {
          return r.Fail("span", "offsets must be -1 (whole line) or between 0 and the line length");
        }
        out->span_begin = static_cast<int>(begin);
        out->span_end = static_cast<int>(end);
        return Status::Ok();
      });
}

Status ReadTargetFields(const ObjectReader& r, Target* out) {
  CPK_RETURN_IF_ERROR(r.CheckFields(kTargetFields));
  CPK_RETURN_IF_ERROR(r.Integer("id", &out->id, Presence::kOptional));
  CPK_RETURN_IF_ERROR(r.String("indicator", &out->indicator, Presence::kRequired));
  CPK_RETURN_IF_ERROR(r.Integer("year", &out->year, Presence::kOptional));
  std::string kind;
  CPK_RETURN_IF_ERROR(r.String("kind", &kind, Presence::kRequired));
  std::optional<TargetKind> parsed_kind = domain::ParseTargetKind(kind);
  if (!parsed_kind) {
    std::vector<std::string> names;
    for (TargetKind k : kAllKinds) names.emplace_back(domain::TargetKindName(k));
    std::string message = Quote(kind) + " is not a target kind; use one of ";
    for (size_t idx = 0; idx < names.size(); ++idx) {
      message += (idx > 0 ? ", " : "") + names[idx];
    }
    std::vector<std::string> close = internal::ClosestMatches(kind, names, 1);
    if (!close.empty()) message += " (did you mean " + close.front() + "?)";
    return r.Fail("kind", message);
  }
  out->kind = *parsed_kind;
  CPK_RETURN_IF_ERROR(r.OptionalNumber("value", &out->value));
  CPK_RETURN_IF_ERROR(r.OptionalNumber("value_high", &out->value_high));
  CPK_RETURN_IF_ERROR(r.String("unit", &out->unit, Presence::kOptional));
  CPK_RETURN_IF_ERROR(r.String("qualifier", &out->qualifier, Presence::kOptional));
  CPK_RETURN_IF_ERROR(r.OptionalInteger("base_year", &out->base_year));
  CPK_RETURN_IF_ERROR(r.String("note", &out->note, Presence::kOptional));
  CPK_RETURN_IF_ERROR(r.Bool("main_target", &out->main_target));
  CPK_RETURN_IF_ERROR(r.Integer("action", &out->action, Presence::kOptional));
  return ReadProvenance(r, &out->provenance);
}

Status ReadTarget(const Json& value, const std::string& path, std::string_view label, Target* out) {
  return WithObject(value, path, label, "a target",
                    [&](const ObjectReader& r) { return ReadTargetFields(r, out); });
}

Status ReadTask(const Json& value, const std::string& path, std::string_view label, Task* out) {
  return WithObject(value, path, label, "a task", [&](const ObjectReader& r) -> Status {
    CPK_RETURN_IF_ERROR(r.CheckFields(kTaskFields));
    CPK_RETURN_IF_ERROR(r.Integer("id", &out->id, Presence::kOptional));
    CPK_RETURN_IF_ERROR(r.String("number", &out->number, Presence::kOptional));
    CPK_RETURN_IF_ERROR(r.String("title", &out->title, Presence::kRequired));
    CPK_RETURN_IF_ERROR(r.StringList("lead_units", &out->lead_units));
    CPK_RETURN_IF_ERROR(r.StringList("cooperating_units", &out->cooperating_units));
    CPK_RETURN_IF_ERROR(r.Array("commitments", [&](const Json& item, const std::string& item_path) {
      out->commitments.emplace_back();
      return ReadTarget(item, item_path, label, &out->commitments.back());
    }));
    return ReadProvenance(r, &out->provenance);
  });
}

Status ReadAction(const Json& value, const std::string& path, std::string_view label, Action* out) {
  return WithObject(value, path, label, "an action", [&](const ObjectReader& r) -> Status {
    CPK_RETURN_IF_ERROR(r.CheckFields(kActionFields));
    CPK_RETURN_IF_ERROR(r.Integer("number", &out->number, Presence::kRequired));
    CPK_RETURN_IF_ERROR(r.String("title", &out->title, Presence::kRequired));
    CPK_RETURN_IF_ERROR(r.Array("tasks", [&](const Json& item, const std::string& item_path) {
      out->tasks.emplace_back();
      return ReadTask(item, item_path, label, &out->tasks.back());
    }));
    return ReadProvenance(r, &out->provenance);
  });
}

Status ReadUnit(const Json& value, const std::string& path, std::string_view label,
                ResponsibleUnit* out) {
  return WithObject(value, path, label, "a responsible unit", [&](const ObjectReader& r) -> Status {
    CPK_RETURN_IF_ERROR(r.CheckFields(kUnitFields));
    CPK_RETURN_IF_ERROR(r.String("canonical_name", &out->canonical_name, Presence::kRequired));
    CPK_RETURN_IF_ERROR(r.StringList("aliases", &out->aliases));
    return r.String("type", &out->type, Presence::kOptional);
  });
}

Status ReadProject(const Json& value, const std::string& path, std::string_view label,
                   Project* out) {
  return WithObject(value, path, label, "a project", [&](const ObjectReader& r) -> Status {
    CPK_RETURN_IF_ERROR(r.CheckFields(kProjectFields));
    CPK_RETURN_IF_ERROR(r.Integer("id", &out->id, Presence::kOptional));
    CPK_RETURN_IF_ERROR(r.String("name", &out->name, Presence::kRequired));
    CPK_RETURN_IF_ERROR(r.String("sector", &out->sector, Presence::kOptional));
    CPK_RETURN_IF_ERROR(r.String("capacity", &out->capacity, Presence::kOptional));
    CPK_RETURN_IF_ERROR(r.OptionalNumber("investment", &out->investment));
    CPK_RETURN_IF_ERROR(r.OptionalInteger("start_year", &out->start_year));
    CPK_RETURN_IF_ERROR(r.OptionalInteger("end_year", &out->end_year));
    CPK_RETURN_IF_ERROR(r.String("status", &out->status, Presence::kOptional));
    return ReadProvenance(r, &out->provenance);
  });
}

Status ReadPlanFields(const ObjectReader& r, Plan* out) {
  // Format and version first: a file of another kind should say so, not list odd fields.
  std::string format;
  CPK_ASSIGN_OR_RETURN(const Json* format_value, r.Member("format", Presence::kOptional));
  if (format_value == nullptr) {
    return r.Fail("format",
                  "missing; a plan file starts with \"format\": \"carbonpeak.plan\", "
                  "\"version\": 1");
  }
  CPK_RETURN_IF_ERROR(r.String("format", &format, Presence::kRequired));
  if (format != kPlanFormatName) {
    return r.Fail("format", Quote(format) + " is not a plan file; expected \"format\": " +
                                Quote(kPlanFormatName));
  }
  int version = 0;
  CPK_RETURN_IF_ERROR(r.Integer("version", &version, Presence::kRequired));
  if (version > kPlanFormatVersion) {
    return r.Fail("version", "version " + std::to_string(version) +
                                 " is newer than this program understands (up to " +
                                 std::to_string(kPlanFormatVersion) +
                                 "); update carbonpeak or export the plan as version 1");
  }
  if (version < 1) {
    return r.Fail("version", "version " + std::to_string(version) + " does not exist; use " +
                                 std::to_string(kPlanFormatVersion));
  }
  CPK_RETURN_IF_ERROR(r.CheckFields(kPlanFields));
  CPK_RETURN_IF_ERROR(r.Integer("id", &out->id, Presence::kOptional));
  CPK_RETURN_IF_ERROR(r.String("region_code", &out->region_code, Presence::kRequired));
  CPK_RETURN_IF_ERROR(r.String("title", &out->title, Presence::kOptional));
  CPK_RETURN_IF_ERROR(r.String("doc_number", &out->doc_number, Presence::kOptional));
  CPK_RETURN_IF_ERROR(r.String("issue_date", &out->issue_date, Presence::kOptional));
  std::string status;
  CPK_RETURN_IF_ERROR(r.String("status", &status, Presence::kOptional));
  if (!status.empty()) {
    std::optional<domain::PlanStatus> parsed = domain::ParsePlanStatus(status);
    if (!parsed) {
      return r.Fail("status", Quote(status) +
                                  " is not a plan status; use final (正式) or "
                                  "draft (征求意见稿)");
    }
    out->status = *parsed;
  }
  CPK_RETURN_IF_ERROR(r.Integer("base_year", &out->base_year, Presence::kOptional));
  CPK_RETURN_IF_ERROR(r.String("source_document", &out->source_document, Presence::kOptional));
  std::string_view label = r.label();
  CPK_RETURN_IF_ERROR(r.Array("targets", [&](const Json& item, const std::string& path) {
    out->targets.emplace_back();
    return ReadTarget(item, path, label, &out->targets.back());
  }));
  CPK_RETURN_IF_ERROR(r.Array("actions", [&](const Json& item, const std::string& path) {
    out->actions.emplace_back();
    return ReadAction(item, path, label, &out->actions.back());
  }));
  CPK_RETURN_IF_ERROR(r.Array("units", [&](const Json& item, const std::string& path) {
    out->units.emplace_back();
    return ReadUnit(item, path, label, &out->units.back());
  }));
  return r.Array("projects", [&](const Json& item, const std::string& path) {
    out->projects.emplace_back();
    return ReadProject(item, path, label, &out->projects.back());
  });
}

// 1-based line and column (in UTF-8 characters) of byte `offset` in `text`.
std::pair<size_t, size_t> LineColumn(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  size_t line = 1;
  size_t line_start = 0;
  for (size_t pos = 0; pos < offset; ++pos) {
    if (text[pos] == '\n') {
      ++line;
      line_start = pos + 1;
    }
  }
  size_t column = 1;
  for (size_t pos = line_start; pos < offset; ++pos) {
    auto byte = static_cast<unsigned char>(text[pos]);
    if ((byte & 0xC0) != 0x80) ++column;  // count lead bytes only
  }
  return {line, column};
}

// The parser reports the last character of the token it did not expect. Walk back to the
// token's first character: the opening quote of a string, the first character of a literal.
size_t TokenStart(std::string_view text, size_t offset) {
  if (offset >= text.size()) return offset;
  auto is_literal_char = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '+' ||
           c == '-' || c == '.';
  };
  if (text[offset] == '"') {
    for (size_t pos = offset; pos > 0; --pos) {
      size_t quote = pos - 1;
      if (text[quote] == '\n') return offset;  // strings never span lines
      if (text[quote] != '"') continue;
      size_t backslashes = 0;
      while (quote >= backslashes + 1 && text[quote - backslashes - 1] == '\\') ++backslashes;
      if (backslashes % 2 == 0) return quote;
    }
    return offset;
  }
  while (offset > 0 && is_literal_char(text[offset]) && is_literal_char(text[offset - 1])) {
    --offset;
  }
  return offset;
}

// nlohmann's what() reads "[json.exception.parse_error.101] parse error at line 1, column 5:
// syntax error …"; keep the part after the position, which names what the parser expected.
std::string ParseErrorDetail(const std::string& what) {
  size_t column = what.find("column ");
  size_t colon = what.find(": ", column == std::string::npos ? 0 : column);
  if (colon == std::string::npos) return what;
  return what.substr(colon + 2);
}

// Tracks the JSON path while parsing, to report a key that appears twice in one object
// (nlohmann would silently keep the last one).
class DuplicateKeyFinder {
 public:
  bool OnEvent(Json::parse_event_t event, const Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start:
        frames_.push_back({true, {}, "", 0});
        break;
      case Json::parse_event_t::array_start:
        frames_.push_back({false, {}, "", 0});
        break;
      case Json::parse_event_t::key: {
        if (frames_.empty() || !frames_.back().is_object) break;
        Frame& top = frames_.back();
        std::string key = parsed.is_string() ? parsed.get<std::string>() : std::string();
        if (!top.keys.insert(key).second && !found_) {
          top.current_key = key;
          found_ = true;
          duplicate_path_ = CurrentPath();
          duplicate_key_ = key;
        }
        top.current_key = key;
        break;
      }
      case Json::parse_event_t::object_end:
      case Json::parse_event_t::array_end:
        if (!frames_.empty()) frames_.pop_back();
        ElementDone();
        break;
      case Json::parse_event_t::value:
        ElementDone();
        break;
    }
    return true;
  }

  bool found() const { return found_; }
  const std::string& path() const { return duplicate_path_; }
  const std::string& key() const { return duplicate_key_; }

 private:
  struct Frame {
    bool is_object;
    std::set<std::string> keys;
    std::string current_key;
    size_t count;  // completed elements, for arrays
  };

  void ElementDone() {
    if (!frames_.empty() && !frames_.back().is_object) ++frames_.back().count;
  }

  std::string CurrentPath() const {
    std::string path;
    for (const Frame& frame : frames_) {
      if (frame.is_object) {
        path = JoinPath(path, frame.current_key);
      } else {
        path = IndexPath(path, frame.count);
      }
    }
    return path;
  }

  std::vector<Frame> frames_;
  bool found_ = false;
  std::string duplicate_path_;
  std::string duplicate_key_;
};

// Parses JSON text; syntax errors become "label:line:column: …".
Result<Json> ParseJson(std::string_view text, std::string_view label) {
  DuplicateKeyFinder duplicates;
  Json::parser_callback_t callback = [&duplicates](int /*depth*/, Json::parse_event_t event,
                                                   Json& parsed) {
    return duplicates.OnEvent(event, parsed);
  };
  Json root;
  try {
    root = Json::parse(text.begin(), text.end(), callback, /*allow_exceptions=*/true,
                       /*ignore_comments=*/false);
  } catch (const Json::parse_error& e) {
    // e.byte counts the characters read, the offending one included.
    size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    std::string detail = SanitizeUtf8(ParseErrorDetail(e.what()));
    std::string hint =
        "look for a missing or extra comma, quote or bracket at or just before "
        "this place";
    if (detail.find("UTF-8") != std::string::npos) {
      hint = "save the file as UTF-8 text";
    } else if (detail.find("end of input") != std::string::npos) {
      hint = "the file ends too early; a closing } or ] may be missing";
    } else if (detail.find("unexpected") != std::string::npos) {
      offset = TokenStart(text, offset);  // point at the unexpected token, not its end
    }
    auto [line, column] = LineColumn(text, offset);
    return Status::InvalidArgument(std::string(label) + ":" + std::to_string(line) + ":" +
                                   std::to_string(column) + ": the file is not valid JSON (" +
                                   detail + "); " + hint);
  } catch (const Json::exception& e) {
    return Status::InvalidArgument(std::string(label) + ": the file could not be read as JSON (" +
                                   SanitizeUtf8(e.what()) + ")");
  }
  if (duplicates.found()) {
    return Status::InvalidArgument(std::string(label) + ": " + duplicates.path() + ": the field " +
                                   Quote(duplicates.key()) +
                                   " appears twice in the same object; keep only one");
  }
  return root;
}

// ---------------------------------------------------------------------------------------------
// Writing

OrderedJson NumberJson(double value) {
  if (!std::isfinite(value)) return nullptr;
  // Whole numbers print without ".0" ("23", not "23.0"); 2^53 keeps the conversion exact.
  constexpr double kExactIntegerLimit = 9007199254740992.0;
  if (std::trunc(value) == value && std::fabs(value) < kExactIntegerLimit) {
    return static_cast<int64_t>(value);
  }
  return value;
}

bool IsDefault(const Provenance& p) {
  return p.document.empty() && p.line == 0 && p.span_begin == -1 && p.span_end == -1;
}

void PutProvenance(const Provenance& p, OrderedJson* out) {
  if (IsDefault(p)) return;
  OrderedJson j = OrderedJson::object();
  if (!p.document.empty()) j["document"] = p.document;
  if (p.line != 0) j["line"] = p.line;
  if (p.span_begin != -1 || p.span_end != -1) j["span"] = {p.span_begin, p.span_end};
  (*out)["provenance"] = std::move(j);
}

void PutString(const char* key, const std::string& value, OrderedJson* out) {
  if (!value.empty()) (*out)[key] = value;
}

void PutList(const char* key, const std::vector<std::string>& values, OrderedJson* out) {
  if (!values.empty()) (*out)[key] = values;
}

OrderedJson TargetObject(const Target& t) {
  OrderedJson j = OrderedJson::object();
  if (t.id != 0) j["id"] = t.id;
  j["indicator"] = t.indicator;
  if (t.year != 0) j["year"] = t.year;
  j["kind"] = std::string(domain::TargetKindName(t.kind));
  if (t.value) j["value"] = NumberJson(*t.value);
  if (t.value_high) j["value_high"] = NumberJson(*t.value_high);
  PutString("unit", t.unit, &j);
  PutString("qualifier", t.qualifier, &j);
  if (t.base_year) j["base_year"] = *t.base_year;
  PutString("note", t.note, &j);
  if (t.main_target) j["main_target"] = true;
  if (t.action != 0) j["action"] = t.action;
  PutProvenance(t.provenance, &j);
  return j;
}

OrderedJson TaskObject(const Task& t) {
  OrderedJson j = OrderedJson::object();
  if (t.id != 0) j["id"] = t.id;
  PutString("number", t.number, &j);
  j["title"] = t.title;
  PutList("lead_units", t.lead_units, &j);
  PutList("cooperating_units", t.cooperating_units, &j);
  if (!t.commitments.empty()) {
    OrderedJson list = OrderedJson::array();
    for (const Target& c : t.commitments) list.push_back(TargetObject(c));
    j["commitments"] = std::move(list);
  }
  PutProvenance(t.provenance, &j);
  return j;
}

OrderedJson ActionObject(const Action& a) {
  OrderedJson j = OrderedJson::object();
  j["number"] = a.number;
  j["title"] = a.title;
  if (!a.tasks.empty()) {
    OrderedJson list = OrderedJson::array();
    for (const Task& t : a.tasks) list.push_back(TaskObject(t));
    j["tasks"] = std::move(list);
  }
  PutProvenance(a.provenance, &j);
  return j;
}

OrderedJson UnitObject(const ResponsibleUnit& u) {
  OrderedJson j = OrderedJson::object();
  j["canonical_name"] = u.canonical_name;
  PutList("aliases", u.aliases, &j);
  PutString("type", u.type, &j);
  return j;
}

OrderedJson ProjectObject(const Project& p) {
  OrderedJson j = OrderedJson::object();
  if (p.id != 0) j["id"] = p.id;
  j["name"] = p.name;
  PutString("sector", p.sector, &j);
  PutString("capacity", p.capacity, &j);
  if (p.investment) j["investment"] = NumberJson(*p.investment);
  if (p.start_year) j["start_year"] = *p.start_year;
  if (p.end_year) j["end_year"] = *p.end_year;
  PutString("status", p.status, &j);
  PutProvenance(p.provenance, &j);
  return j;
}

std::string Dump(const OrderedJson& j) {
  // `replace` turns invalid UTF-8 into U+FFFD instead of throwing.
  return j.dump(2, ' ', /*ensure_ascii=*/false, OrderedJson::error_handler_t::replace) + "\n";
}

}  // namespace

Result<Plan> PlanFromJson(std::string_view text, std::string_view file_name) {
  std::string label = file_name.empty() ? std::string("plan") : std::string(file_name);
  try {
    CPK_ASSIGN_OR_RETURN(Json root, ParseJson(text, label));
    Plan plan;
    CPK_RETURN_IF_ERROR(WithObject(root, "", label, "the plan", [&](const ObjectReader& r) {
      return ReadPlanFields(r, &plan);
    }));
    return plan;
  } catch (const std::exception& e) {
    // The reader checks types before every access; this is a last line of defence.
    return Status::InvalidArgument(label + ": the plan could not be read (" + e.what() + ")");
  }
}

std::string PlanToJson(const Plan& plan) {
  OrderedJson j = OrderedJson::object();
  j["format"] = std::string(kPlanFormatName);
  j["version"] = kPlanFormatVersion;
  if (plan.id != 0) j["id"] = plan.id;
  j["region_code"] = plan.region_code;
  j["title"] = plan.title;
  j["doc_number"] = plan.doc_number;
  j["issue_date"] = plan.issue_date;
  j["status"] = std::string(domain::PlanStatusName(plan.status));
  j["base_year"] = plan.base_year;
  j["source_document"] = plan.source_document;
  OrderedJson targets = OrderedJson::array();
  for (const Target& t : plan.targets) targets.push_back(TargetObject(t));
  j["targets"] = std::move(targets);
  OrderedJson actions = OrderedJson::array();
  for (const Action& a : plan.actions) actions.push_back(ActionObject(a));
  j["actions"] = std::move(actions);
  OrderedJson units = OrderedJson::array();
  for (const ResponsibleUnit& u : plan.units) units.push_back(UnitObject(u));
  j["units"] = std::move(units);
  OrderedJson projects = OrderedJson::array();
  for (const Project& p : plan.projects) projects.push_back(ProjectObject(p));
  j["projects"] = std::move(projects);
  return Dump(j);
}

std::string TargetToJson(const Target& target) { return Dump(TargetObject(target)); }

Result<Target> TargetFromJson(std::string_view text, std::string_view context) {
  std::string label = context.empty() ? std::string("target") : std::string(context);
  try {
    CPK_ASSIGN_OR_RETURN(Json root, ParseJson(text, label));
    Target target;
    CPK_RETURN_IF_ERROR(WithObject(root, "", label, "a target", [&](const ObjectReader& r) {
      return ReadTargetFields(r, &target);
    }));
    return target;
  } catch (const std::exception& e) {
    return Status::InvalidArgument(label + ": the target could not be read (" + e.what() + ")");
  }
}

}  // namespace carbonpeak::planimport
