#include "base/xlsx/xlsx.h"

#include <zip.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <deque>
#include <map>
#include <memory>
#include <pugixml.hpp>
#include <set>
#include <tuple>

namespace carbonpeak::xlsx {
namespace {

constexpr int kMaxRows = 1'048'576;
constexpr int kMaxColumns = 16'384;

std::string Quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

// Element and attribute names without their namespace prefix ("x:row" → "row").
std::string_view LocalName(const char* name) {
  std::string_view n(name);
  size_t colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

pugi::xml_node Child(pugi::xml_node node, std::string_view local) {
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_element && LocalName(c.name()) == local) return c;
  }
  return {};
}

pugi::xml_attribute Attr(pugi::xml_node node, std::string_view local) {
  for (pugi::xml_attribute a : node.attributes()) {
    if (LocalName(a.name()) == local) return a;
  }
  return {};
}

// The r:id attribute (the only "id" attribute with a prefix).
std::string_view RelId(pugi::xml_node node) {
  for (pugi::xml_attribute a : node.attributes()) {
    std::string_view n(a.name());
    if (n.size() > 3 && n.substr(n.size() - 3) == ":id") return a.value();
  }
  return {};
}

pugi::xml_node Root(const pugi::xml_document& doc) {
  for (pugi::xml_node c : doc.children()) {
    if (c.type() == pugi::node_element) return c;
  }
  return {};
}

// Decodes the _xHHHH_ escapes OOXML uses for characters XML cannot carry.
std::string DecodeEscapes(std::string s) {
  if (s.find("_x") == std::string::npos) return s;
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_' && i + 6 < s.size() + 0 && s[i + 1] == 'x' && s[i + 6] == '_') {
      unsigned code = 0;
      auto [ptr, ec] = std::from_chars(s.data() + i + 2, s.data() + i + 6, code, 16);
      if (ec == std::errc() && ptr == s.data() + i + 6) {
        if (code < 0x80) {
          out += static_cast<char>(code);
        } else if (code < 0x800) {
          out += static_cast<char>(0xC0 | (code >> 6));
          out += static_cast<char>(0x80 | (code & 0x3F));
        } else {
          out += static_cast<char>(0xE0 | (code >> 12));
          out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
          out += static_cast<char>(0x80 | (code & 0x3F));
        }
        i += 6;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

// Text of a shared string item or inline string: <t> directly, or the <t> of its runs <r>;
// phonetic runs (<rPh>) are left out.
std::string StringItemText(pugi::xml_node si) {
  std::string out;
  for (pugi::xml_node c : si.children()) {
    if (c.type() != pugi::node_element) continue;
    std::string_view n = LocalName(c.name());
    if (n == "t") {
      out += c.text().get();
    } else if (n == "r") {
      if (pugi::xml_node t = Child(c, "t")) out += t.text().get();
    }
  }
  return DecodeEscapes(std::move(out));
}

std::string NormalisePartPath(std::string_view base_dir, std::string_view target) {
  std::string path = target.starts_with('/') ? std::string(target.substr(1))
                                             : std::string(base_dir) + std::string(target);
  // Resolve "." and "..".
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    std::string part = path.substr(start, slash - start);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = slash + 1;
  }
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

class ZipReader {
 public:
  ZipReader(std::string file, const ReadOptions& options)
      : file_(std::move(file)), options_(options) {}
  ~ZipReader() {
    if (archive_ != nullptr) zip_discard(archive_);
  }
  ZipReader(const ZipReader&) = delete;
  ZipReader& operator=(const ZipReader&) = delete;

  Status Open(std::string_view bytes) {
    if (bytes.substr(0, 4) == std::string_view("\xD0\xCF\x11\xE0", 4)) {
      return Status::InvalidArgument(
          file_ +
          ": this is a password-protected workbook or an old .xls file; remove the password "
          "(or save it as .xlsx) in Excel or WPS and try again");
    }
    if (bytes.substr(0, 2) != "PK") {
      return Status::InvalidArgument(file_ +
                                     ": not an .xlsx workbook (it is not a zip archive); save "
                                     "it as Excel Workbook (.xlsx) and try again");
    }
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (src == nullptr) {
      zip_error_fini(&error);
      return Status::InvalidArgument(file_ + ": could not read the workbook data");
    }
    archive_ = zip_open_from_source(src, ZIP_RDONLY, &error);
    if (archive_ == nullptr) {
      zip_source_free(src);
      std::string why = zip_error_strerror(&error);
      zip_error_fini(&error);
      return Status::InvalidArgument(file_ + ": not a readable .xlsx workbook (" + why +
                                     "); it may be truncated or damaged: copy it again, or open "
                                     "it in Excel or WPS and save it again");
    }
    zip_error_fini(&error);
    return Status::Ok();
  }

  bool Has(const std::string& name) const {
    return zip_name_locate(archive_, name.c_str(), ZIP_FL_NOCASE) >= 0;
  }

  /// The uncompressed part; `what` names it in messages ("sheet 'energy'").
  Result<std::string> Read(const std::string& name, const std::string& what) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(archive_, name.c_str(), ZIP_FL_NOCASE, &st) != 0) {
      return Status::InvalidArgument(file_ + ": " + what + " is missing (no " + name +
                                     " in the archive); the workbook is damaged or not an .xlsx "
                                     "file: save it again in a spreadsheet program");
    }
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
      return Status::InvalidArgument(file_ + ": " + what +
                                     " is encrypted; remove the password and try again");
    }
    if (!(st.valid & ZIP_STAT_SIZE) || st.size > options_.max_part_bytes) {
      return Status::InvalidArgument(file_ + ": " + what + " (" + name + ") unpacks to " +
                                     std::to_string(st.size) + " bytes, more than the " +
                                     std::to_string(options_.max_part_bytes) +
                                     " allowed; split the workbook into smaller files");
    }
    if ((st.valid & ZIP_STAT_COMP_SIZE) && st.size > (1u << 20) &&
        st.size / std::max<uint64_t>(st.comp_size, 1) > options_.max_compression_ratio) {
      return Status::InvalidArgument(file_ + ": " + what + " (" + name +
                                     ") is compressed more than " +
                                     std::to_string(options_.max_compression_ratio) +
                                     " to 1, which no real workbook is; the file is refused as "
                                     "a possible zip bomb");
    }
    total_ += st.size;
    if (total_ > options_.max_total_bytes) {
      return Status::InvalidArgument(file_ + ": the workbook unpacks to more than " +
                                     std::to_string(options_.max_total_bytes) +
                                     " bytes; split it into smaller files");
    }
    zip_file_t* f = zip_fopen(archive_, name.c_str(), ZIP_FL_NOCASE);
    if (f == nullptr) {
      return Status::InvalidArgument(file_ + ": cannot open " + what + " (" +
                                     zip_strerror(archive_) + "); the file may be damaged");
    }
    std::string data(static_cast<size_t>(st.size), '\0');
    zip_int64_t got = data.empty() ? 0 : zip_fread(f, data.data(), st.size);
    char extra = 0;
    zip_int64_t more = got >= 0 ? zip_fread(f, &extra, 1) : 0;
    zip_fclose(f);
    if (got < 0 || static_cast<zip_uint64_t>(got) != st.size || more != 0) {
      return Status::InvalidArgument(file_ + ": " + what + " (" + name +
                                     ") is truncated or damaged (its size or checksum does not "
                                     "match); copy the file again or save it again");
    }
    return data;
  }

 private:
  std::string file_;
  const ReadOptions& options_;
  zip_t* archive_ = nullptr;
  uint64_t total_ = 0;
};

// Parses `xml`; on failure names the part, the byte and (for worksheets) the nearest cell.
Status ParseXml(pugi::xml_document& doc, const std::string& xml, const std::string& where,
                const std::string& part) {
  pugi::xml_parse_result parsed =
      doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
  if (parsed) return Status::Ok();
  std::string near;
  size_t offset = static_cast<size_t>(std::max<ptrdiff_t>(parsed.offset, 0));
  size_t c = xml.rfind("<c ", std::min(offset, xml.size()));
  if (c == std::string::npos) c = xml.rfind(":c ", std::min(offset, xml.size()));
  if (c != std::string::npos) {
    size_t r = xml.find(" r=\"", c);
    size_t end = r == std::string::npos ? r : xml.find('"', r + 4);
    if (end != std::string::npos && end - r < 16)
      near = ", near cell " + xml.substr(r + 4, end - r - 4);
  }
  return Status::InvalidArgument(where + " (" + part +
                                 ") is not valid XML: " + parsed.description() + " at byte " +
                                 std::to_string(offset) + near +
                                 "; open the file in a spreadsheet program and save it "
                                 "again");
}

std::string FormatNumber(double v) {
  char buf[64];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v);
  if (ec != std::errc()) return "";
  return std::string(buf, ptr);
}

std::optional<Range> ParseRange(std::string_view ref) {
  size_t colon = ref.find(':');
  auto a = ParseCellName(ref.substr(0, colon));
  auto b = colon == std::string_view::npos ? a : ParseCellName(ref.substr(colon + 1));
  if (!a || !b) return std::nullopt;
  return Range{std::min(a->first, b->first), std::min(a->second, b->second),
               std::max(a->first, b->first), std::max(a->second, b->second)};
}

struct SheetEntry {
  std::string name;
  std::string part;
};

class WorkbookReader {
 public:
  WorkbookReader(std::string file, const ReadOptions& options)
      : file_(std::move(file)), options_(options), zip_(file_, options) {}

  Result<Workbook> Read(std::string_view bytes) {
    CPK_RETURN_IF_ERROR(zip_.Open(bytes));
    if (!zip_.Has("xl/workbook.xml")) {
      return Status::InvalidArgument(file_ +
                                     ": the zip archive is not an Excel workbook (no "
                                     "xl/workbook.xml); save the sheet as .xlsx and try again");
    }
    CPK_ASSIGN_OR_RETURN(std::vector<SheetEntry> entries, SheetEntries());
    CPK_RETURN_IF_ERROR(LoadSharedStrings());
    Workbook book;
    for (const SheetEntry& e : entries) {
      CPK_ASSIGN_OR_RETURN(Sheet sheet, ReadSheet(e));
      book.sheets.push_back(std::move(sheet));
    }
    return book;
  }

 private:
  Result<std::vector<SheetEntry>> SheetEntries() {
    std::map<std::string, std::string> targets;  // relationship id → part
    if (zip_.Has("xl/_rels/workbook.xml.rels")) {
      CPK_ASSIGN_OR_RETURN(std::string rels_xml,
                           zip_.Read("xl/_rels/workbook.xml.rels", "the workbook relationships"));
      pugi::xml_document rels;
      CPK_RETURN_IF_ERROR(ParseXml(rels, rels_xml, file_ + ": the workbook relationships",
                                   "xl/_rels/workbook.xml.rels"));
      for (pugi::xml_node r : Root(rels).children()) {
        if (LocalName(r.name()) != "Relationship") continue;
        std::string type = r.attribute("Type").value();
        std::string target = NormalisePartPath("xl/", r.attribute("Target").value());
        if (type.ends_with("/sharedStrings")) shared_strings_part_ = target;
        targets[r.attribute("Id").value()] = target;
        if (type.ends_with("/chartsheet")) chartsheets_.insert(target);
      }
    }
    CPK_ASSIGN_OR_RETURN(std::string xml, zip_.Read("xl/workbook.xml", "the workbook index"));
    pugi::xml_document doc;
    CPK_RETURN_IF_ERROR(ParseXml(doc, xml, file_ + ": the workbook index", "xl/workbook.xml"));
    std::vector<SheetEntry> out;
    int position = 0;
    for (pugi::xml_node s : Child(Root(doc), "sheets").children()) {
      if (LocalName(s.name()) != "sheet") continue;
      ++position;
      SheetEntry e;
      e.name = Attr(s, "name").value();
      auto it = targets.find(std::string(RelId(s)));
      e.part = it != targets.end() ? it->second
                                   : "xl/worksheets/sheet" + std::to_string(position) + ".xml";
      if (chartsheets_.count(e.part)) continue;
      out.push_back(std::move(e));
      if (static_cast<int>(out.size()) > options_.max_sheets) {
        return Status::InvalidArgument(file_ + ": the workbook has more than " +
                                       std::to_string(options_.max_sheets) +
                                       " sheets; split it into smaller files");
      }
    }
    if (out.empty()) {
      return Status::InvalidArgument(file_ + ": the workbook has no worksheet");
    }
    return out;
  }

  Status LoadSharedStrings() {
    std::string part = shared_strings_part_.empty() ? "xl/sharedStrings.xml" : shared_strings_part_;
    if (!zip_.Has(part)) return Status::Ok();
    CPK_ASSIGN_OR_RETURN(std::string xml, zip_.Read(part, "the shared strings"));
    pugi::xml_document doc;
    CPK_RETURN_IF_ERROR(ParseXml(doc, xml, file_ + ": the shared strings", part));
    for (pugi::xml_node si : Root(doc).children()) {
      if (LocalName(si.name()) != "si") continue;
      if (shared_.size() >= options_.max_cells) {
        return Status::InvalidArgument(file_ + ": the workbook has more than " +
                                       std::to_string(options_.max_cells) +
                                       " strings; split it into smaller files");
      }
      shared_.push_back(StringItemText(si));
    }
    return Status::Ok();
  }

  Result<Sheet> ReadSheet(const SheetEntry& e) {
    const std::string where = file_ + "#" + e.name;
    CPK_ASSIGN_OR_RETURN(std::string xml, zip_.Read(e.part, "sheet " + Quoted(e.name)));
    pugi::xml_document doc;
    CPK_RETURN_IF_ERROR(ParseXml(doc, xml, file_ + ": sheet " + Quoted(e.name), e.part));
    xml.clear();
    xml.shrink_to_fit();
    pugi::xml_node root = Root(doc);
    Sheet sheet;
    sheet.name = e.name;
    if (LocalName(root.name()) != "worksheet") {
      return Status::InvalidArgument(file_ + ": sheet " + Quoted(e.name) + " (" + e.part +
                                     ") is not a worksheet; save the workbook again");
    }
    if (pugi::xml_node view = Child(Child(root, "sheetViews"), "sheetView")) {
      pugi::xml_node pane = Child(view, "pane");
      std::string_view state = Attr(pane, "state").value();
      if (pane && (state == "frozen" || state == "frozenSplit")) {
        sheet.frozen_rows = Attr(pane, "ySplit").as_int();
      }
    }
    int last_row = 0;
    for (pugi::xml_node row : Child(root, "sheetData").children()) {
      if (LocalName(row.name()) != "row") continue;
      int r = last_row + 1;
      if (pugi::xml_attribute ra = Attr(row, "r")) {
        r = ra.as_int();
        if (r < 1 || r > options_.max_rows || r > kMaxRows) {
          return Status::InvalidArgument(where + ": row number " + Quoted(ra.value()) +
                                         " is outside 1.." + std::to_string(options_.max_rows) +
                                         "; the sheet is damaged or too large");
        }
      } else if (r > options_.max_rows) {
        return Status::InvalidArgument(where + ": more than " + std::to_string(options_.max_rows) +
                                       " rows");
      }
      last_row = r;
      int last_column = 0;
      for (pugi::xml_node c : row.children()) {
        if (LocalName(c.name()) != "c") continue;
        int column = last_column + 1;
        int cell_row = r;
        if (pugi::xml_attribute ca = Attr(c, "r")) {
          auto rc = ParseCellName(ca.value());
          if (!rc) {
            return Status::InvalidArgument(where + ": " + Quoted(ca.value()) + " (in row " +
                                           std::to_string(r) +
                                           ") is not a cell reference; the sheet is damaged: "
                                           "save it again in a spreadsheet program");
          }
          std::tie(cell_row, column) = *rc;
          if (cell_row != r) {
            return Status::InvalidArgument(where + "!" + std::string(ca.value()) +
                                           ": the cell is filed under row " + std::to_string(r) +
                                           "; the sheet is damaged: save it again");
          }
        }
        if (column > options_.max_columns || column > kMaxColumns) {
          return Status::InvalidArgument(where + "!" + CellName(r, column) + ": more than " +
                                         std::to_string(options_.max_columns) + " columns");
        }
        last_column = column;
        CPK_ASSIGN_OR_RETURN(Cell cell, ReadCell(c, where + "!" + CellName(r, column)));
        if (cell.empty()) continue;
        if (++cells_ > options_.max_cells) {
          return Status::InvalidArgument(file_ + ": the workbook has more than " +
                                         std::to_string(options_.max_cells) +
                                         " filled cells; split it into smaller files");
        }
        Put(sheet, r, column, std::move(cell));
      }
    }
    for (pugi::xml_node m : Child(root, "mergeCells").children()) {
      if (LocalName(m.name()) != "mergeCell") continue;
      std::string_view ref = Attr(m, "ref").value();
      auto range = ParseRange(ref);
      if (!range) {
        return Status::InvalidArgument(where + ": the merged range " + Quoted(ref) +
                                       " is not a cell range; the sheet is damaged");
      }
      sheet.merged.push_back(*range);
      if (!options_.fill_merged) continue;
      const Cell* top_left = sheet.At(range->first_row, range->first_column);
      if (top_left == nullptr) continue;
      uint64_t area = static_cast<uint64_t>(range->last_row - range->first_row + 1) *
                      static_cast<uint64_t>(range->last_column - range->first_column + 1);
      cells_ += area;
      if (cells_ > options_.max_cells) {
        return Status::InvalidArgument(where + ": the merged range " + std::string(ref) +
                                       " is too large to fill");
      }
      Cell value = *top_left;
      for (int rr = range->first_row; rr <= range->last_row; ++rr) {
        for (int cc = range->first_column; cc <= range->last_column; ++cc)
          Put(sheet, rr, cc, value);
      }
    }
    return sheet;
  }

  static void Put(Sheet& sheet, int row, int column, Cell cell) {
    if (static_cast<int>(sheet.rows.size()) < row) sheet.rows.resize(static_cast<size_t>(row));
    std::vector<Cell>& cells = sheet.rows[static_cast<size_t>(row - 1)];
    if (static_cast<int>(cells.size()) < column) cells.resize(static_cast<size_t>(column));
    cells[static_cast<size_t>(column - 1)] = std::move(cell);
  }

  Result<Cell> ReadCell(pugi::xml_node c, const std::string& where) {
    std::string_view type = Attr(c, "t").value();
    pugi::xml_node v = Child(c, "v");
    if (type == "inlineStr") {
      pugi::xml_node is = Child(c, "is");
      if (!is) return Cell::Empty();
      return Cell::Text(StringItemText(is));
    }
    if (!v) return Cell::Empty();
    std::string_view text = v.text().get();
    if (type == "s") {
      size_t index = 0;
      auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), index);
      if (ec != std::errc() || ptr != text.data() + text.size() || index >= shared_.size()) {
        return Status::InvalidArgument(where + ": the cell points to shared string " +
                                       Quoted(text) + " but the workbook has " +
                                       std::to_string(shared_.size()) +
                                       "; the file is damaged: save it again in a spreadsheet "
                                       "program");
      }
      return Cell::Text(shared_[index]);
    }
    if (type == "str" || type == "d") return Cell::Text(DecodeEscapes(std::string(text)));
    if (type == "e") return Cell{CellType::kError, std::string(text), 0};
    if (type == "b") {
      if (text == "1" || text == "true") return Cell::Bool(true);
      if (text == "0" || text == "false") return Cell::Bool(false);
      return Status::InvalidArgument(where + ": " + Quoted(text) +
                                     " is not a boolean (1 or 0); the sheet is damaged");
    }
    if (!type.empty() && type != "n") {
      return Status::InvalidArgument(where + ": unknown cell type " + Quoted(type) +
                                     "; save the workbook again in a spreadsheet program");
    }
    std::string_view trimmed = text;
    while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\n')) {
      trimmed.remove_prefix(1);
    }
    while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\n')) {
      trimmed.remove_suffix(1);
    }
    if (trimmed.empty()) return Cell::Empty();
    double number = 0;
    const char* begin = trimmed.data();
    if (*begin == '+') ++begin;
    auto [ptr, ec] = std::from_chars(begin, trimmed.data() + trimmed.size(), number);
    if (ec != std::errc() || ptr != trimmed.data() + trimmed.size() || !std::isfinite(number)) {
      return Status::InvalidArgument(where + ": " + Quoted(text) +
                                     " is stored as a number but is not one; the sheet is "
                                     "damaged: retype the cell and save again");
    }
    return Cell::Number(number);
  }

  std::string file_;
  const ReadOptions& options_;
  ZipReader zip_;
  std::string shared_strings_part_;
  std::set<std::string> chartsheets_;
  std::vector<std::string> shared_;
  uint64_t cells_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Writing

void AppendEscaped(std::string& out, std::string_view s, bool attribute) {
  for (char ch : s) {
    auto u = static_cast<unsigned char>(ch);
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += attribute ? "&quot;" : "\"";
        break;
      case '\n':
        out += attribute ? "&#10;" : "\n";
        break;
      case '\t':
        out += attribute ? "&#9;" : "\t";
        break;
      default:
        if (u >= 0x20) out += ch;  // other control characters cannot be carried by XML 1.0
    }
  }
}

std::string Escaped(std::string_view s, bool attribute = false) {
  std::string out;
  AppendEscaped(out, s, attribute);
  return out;
}

bool NeedsPreserve(std::string_view s) {
  return !s.empty() && (s.front() == ' ' || s.back() == ' ' || s.front() == '\t' ||
                        s.back() == '\t' || s.front() == '\n' || s.back() == '\n');
}

void AppendText(std::string& out, std::string_view s) {
  out += NeedsPreserve(s) ? "<t xml:space=\"preserve\">" : "<t>";
  AppendEscaped(out, s, false);
  out += "</t>";
}

Status CheckSheetName(const std::string& name, std::set<std::string>& seen) {
  size_t code_points = 0;
  for (unsigned char c : name) code_points += (c & 0xC0) != 0x80;
  if (code_points == 0 || code_points > 31) {
    return Status::InvalidArgument("the sheet name " + Quoted(name) +
                                   " must have 1 to 31 characters");
  }
  if (name.find_first_of(":\\/?*[]") != std::string::npos || name.front() == '\'' ||
      name.back() == '\'') {
    return Status::InvalidArgument("the sheet name " + Quoted(name) +
                                   " may not contain : \\ / ? * [ ] nor begin or end with '");
  }
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (!seen.insert(lower).second) {
    return Status::InvalidArgument("the sheet name " + Quoted(name) + " is used twice");
  }
  return Status::Ok();
}

constexpr std::string_view kXmlHead =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
constexpr std::string_view kMainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr std::string_view kRelNs =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

class SharedStrings {
 public:
  size_t Index(const std::string& s) {
    auto [it, inserted] = index_.emplace(s, strings_.size());
    if (inserted) strings_.push_back(&it->first);
    ++count_;
    return it->second;
  }
  std::string Xml() const {
    std::string out(kXmlHead);
    out += "<sst xmlns=\"" + std::string(kMainNs) + "\" count=\"" + std::to_string(count_) +
           "\" uniqueCount=\"" + std::to_string(strings_.size()) + "\">";
    for (const std::string* s : strings_) {
      out += "<si>";
      AppendText(out, *s);
      out += "</si>";
    }
    return out + "</sst>";
  }

 private:
  std::map<std::string, size_t> index_;
  std::vector<const std::string*> strings_;
  size_t count_ = 0;
};

Result<std::string> SheetXml(const SheetData& s, bool first, SharedStrings* shared) {
  if (s.rows.size() > static_cast<size_t>(kMaxRows)) {
    return Status::InvalidArgument("sheet " + Quoted(s.name) + " has " +
                                   std::to_string(s.rows.size()) +
                                   " rows; a spreadsheet holds at most 1048576");
  }
  std::string out(kXmlHead);
  out +=
      "<worksheet xmlns=\"" + std::string(kMainNs) + "\" xmlns:r=\"" + std::string(kRelNs) + "\">";
  out += "<sheetViews><sheetView workbookViewId=\"0\"";
  if (first) out += " tabSelected=\"1\"";
  if (s.header && !s.rows.empty()) {
    out +=
        "><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
        "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView>";
  } else {
    out += "/>";
  }
  out += "</sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>";
  bool any_width =
      std::any_of(s.column_widths.begin(), s.column_widths.end(), [](double w) { return w > 0; });
  if (any_width) {
    out += "<cols>";
    for (size_t i = 0; i < s.column_widths.size() && i < static_cast<size_t>(kMaxColumns); ++i) {
      if (s.column_widths[i] <= 0) continue;
      std::string n = std::to_string(i + 1);
      out += "<col min=\"" + n + "\" max=\"" + n + "\" width=\"" +
             FormatNumber(std::min(s.column_widths[i], 255.0)) + "\" customWidth=\"1\"/>";
    }
    out += "</cols>";
  }
  out += "<sheetData>";
  for (size_t r = 0; r < s.rows.size(); ++r) {
    const std::vector<Cell>& row = s.rows[r];
    if (row.size() > static_cast<size_t>(kMaxColumns)) {
      return Status::InvalidArgument("sheet " + Quoted(s.name) + " row " + std::to_string(r + 1) +
                                     " has more than 16384 columns");
    }
    const int rn = static_cast<int>(r + 1);
    out += "<row r=\"" + std::to_string(rn) + "\">";
    const char* style = s.header && r == 0 ? " s=\"1\"" : "";
    for (size_t c = 0; c < row.size(); ++c) {
      const Cell& cell = row[c];
      std::string ref = CellName(rn, static_cast<int>(c + 1));
      switch (cell.type) {
        case CellType::kEmpty:
          break;
        case CellType::kNumber:
          if (!std::isfinite(cell.number)) {
            return Status::InvalidArgument("sheet " + Quoted(s.name) + "!" + ref +
                                           ": a spreadsheet cannot hold an infinite or "
                                           "undefined number; leave the cell empty instead");
          }
          out += "<c r=\"" + ref + "\"" + style + "><v>" + FormatNumber(cell.number) + "</v></c>";
          break;
        case CellType::kBool:
          out += "<c r=\"" + ref + "\"" + style + " t=\"b\"><v>" + (cell.number != 0 ? "1" : "0") +
                 "</v></c>";
          break;
        case CellType::kError:
          out += "<c r=\"" + ref + "\"" + style + " t=\"e\"><v>" + Escaped(cell.text) + "</v></c>";
          break;
        case CellType::kText:
          if (shared != nullptr) {
            out += "<c r=\"" + ref + "\"" + style + " t=\"s\"><v>" +
                   std::to_string(shared->Index(cell.text)) + "</v></c>";
          } else {
            out += "<c r=\"" + ref + "\"" + style + " t=\"inlineStr\"><is>";
            AppendText(out, cell.text);
            out += "</is></c>";
          }
          break;
      }
    }
    out += "</row>";
  }
  out += "</sheetData>";
  if (!s.merged.empty()) {
    out += "<mergeCells count=\"" + std::to_string(s.merged.size()) + "\">";
    for (const Range& m : s.merged) {
      out += "<mergeCell ref=\"" + CellName(m.first_row, m.first_column) + ":" +
             CellName(m.last_row, m.last_column) + "\"/>";
    }
    out += "</mergeCells>";
  }
  out +=
      "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" "
      "footer=\"0.3\"/></worksheet>";
  return out;
}

constexpr std::string_view kStyles =
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
    "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>"
    "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
    "<fill><patternFill patternType=\"gray125\"/></fill></fills>"
    "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/>"
    "</cellStyleXfs>"
    "<cellXfs count=\"2\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
    "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
    "</cellXfs>"
    "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
    "</styleSheet>";

class ZipWriter {
 public:
  ZipWriter() {
    zip_error_t error;
    zip_error_init(&error);
    src_ = zip_source_buffer_create(nullptr, 0, 0, &error);
    if (src_ != nullptr) {
      archive_ = zip_open_from_source(src_, ZIP_TRUNCATE, &error);
      if (archive_ == nullptr) {
        zip_source_free(src_);
        src_ = nullptr;
      } else {
        zip_source_keep(src_);
      }
    }
    zip_error_fini(&error);
  }
  ~ZipWriter() {
    if (archive_ != nullptr) zip_discard(archive_);
    if (src_ != nullptr) zip_source_free(src_);
  }
  ZipWriter(const ZipWriter&) = delete;
  ZipWriter& operator=(const ZipWriter&) = delete;

  Status Add(const std::string& name, std::string data) {
    if (archive_ == nullptr) return Status::Internal("could not start a zip archive in memory");
    parts_.push_back(std::move(data));
    const std::string& d = parts_.back();
    zip_source_t* s = zip_source_buffer(archive_, d.data(), d.size(), 0);
    if (s == nullptr) return Failure("add " + name);
    zip_int64_t index = zip_file_add(archive_, name.c_str(), s, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      zip_source_free(s);
      return Failure("add " + name);
    }
    // A fixed time stamp (2020-01-01 00:00) keeps the output the same for the same content.
    constexpr zip_uint16_t kDosDate = ((2020 - 1980) << 9) | (1 << 5) | 1;
    if (zip_file_set_dostime(archive_, static_cast<zip_uint64_t>(index), 0, kDosDate, 0) != 0) {
      return Failure("date " + name);
    }
    return Status::Ok();
  }

  Result<std::string> Finish() {
    if (archive_ == nullptr) return Status::Internal("could not start a zip archive in memory");
    if (zip_close(archive_) != 0) return Failure("write the archive");
    archive_ = nullptr;
    if (zip_source_open(src_) != 0) return Status::Internal("could not read back the archive");
    std::unique_ptr<zip_source_t, int (*)(zip_source_t*)> close(src_, zip_source_close);
    if (zip_source_seek(src_, 0, SEEK_END) != 0) {
      return Status::Internal("could not read back the archive");
    }
    zip_int64_t size = zip_source_tell(src_);
    if (size < 0 || zip_source_seek(src_, 0, SEEK_SET) != 0) {
      return Status::Internal("could not read back the archive");
    }
    std::string out(static_cast<size_t>(size), '\0');
    if (zip_source_read(src_, out.data(), static_cast<zip_uint64_t>(size)) != size) {
      return Status::Internal("could not read back the archive");
    }
    return out;
  }

 private:
  Status Failure(const std::string& what) {
    return Status::Internal("could not " + what +
                            " in the .xlsx archive: " + zip_strerror(archive_));
  }

  zip_source_t* src_ = nullptr;
  zip_t* archive_ = nullptr;
  std::deque<std::string> parts_;  // libzip reads them at zip_close; a deque never moves them
};

}  // namespace

std::string Cell::ToText() const {
  switch (type) {
    case CellType::kEmpty:
      return "";
    case CellType::kText:
    case CellType::kError:
      return text;
    case CellType::kNumber:
      return FormatNumber(number);
    case CellType::kBool:
      return number != 0 ? "TRUE" : "FALSE";
  }
  return "";
}

const Cell* Sheet::At(int row, int column) const {
  if (row < 1 || column < 1 || row > static_cast<int>(rows.size())) return nullptr;
  const std::vector<Cell>& r = rows[static_cast<size_t>(row - 1)];
  if (column > static_cast<int>(r.size())) return nullptr;
  const Cell& c = r[static_cast<size_t>(column - 1)];
  return c.empty() ? nullptr : &c;
}

int Sheet::ColumnCount() const {
  size_t n = 0;
  for (const std::vector<Cell>& r : rows) n = std::max(n, r.size());
  return static_cast<int>(n);
}

const Sheet* Workbook::Find(std::string_view name) const {
  for (const Sheet& s : sheets) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

std::string ColumnName(int column) {
  if (column < 1 || column > kMaxColumns) return "";
  std::string out;
  while (column > 0) {
    int rem = (column - 1) % 26;
    out.insert(out.begin(), static_cast<char>('A' + rem));
    column = (column - 1) / 26;
  }
  return out;
}

std::string CellName(int row, int column) { return ColumnName(column) + std::to_string(row); }

std::optional<std::pair<int, int>> ParseCellName(std::string_view name) {
  size_t i = 0;
  if (i < name.size() && name[i] == '$') ++i;
  int column = 0;
  size_t letters = 0;
  while (i < name.size() && std::isalpha(static_cast<unsigned char>(name[i]))) {
    column = column * 26 + (std::toupper(static_cast<unsigned char>(name[i])) - 'A' + 1);
    if (++letters > 3) return std::nullopt;
    ++i;
  }
  if (letters == 0 || column > kMaxColumns) return std::nullopt;
  if (i < name.size() && name[i] == '$') ++i;
  int row = 0;
  auto [ptr, ec] = std::from_chars(name.data() + i, name.data() + name.size(), row);
  if (ec != std::errc() || ptr != name.data() + name.size() || row < 1 || row > kMaxRows) {
    return std::nullopt;
  }
  return std::make_pair(row, column);
}

Result<Workbook> ReadWorkbook(std::string_view bytes, std::string_view file_name,
                              const ReadOptions& options) {
  WorkbookReader reader(std::string(file_name), options);
  return reader.Read(bytes);
}

Result<std::string> WriteWorkbook(const std::vector<SheetData>& sheets,
                                  const WriteOptions& options) {
  if (sheets.empty()) return Status::InvalidArgument("a workbook needs at least one sheet");
  std::set<std::string> seen;
  for (const SheetData& s : sheets) CPK_RETURN_IF_ERROR(CheckSheetName(s.name, seen));

  SharedStrings shared;
  std::vector<std::string> sheet_xml;
  for (size_t i = 0; i < sheets.size(); ++i) {
    CPK_ASSIGN_OR_RETURN(std::string xml,
                         SheetXml(sheets[i], i == 0, options.shared_strings ? &shared : nullptr));
    sheet_xml.push_back(std::move(xml));
  }

  std::string types(kXmlHead);
  types +=
      "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      "<Default Extension=\"rels\" "
      "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
      "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
      "<Override PartName=\"/xl/workbook.xml\" "
      "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
      "<Override PartName=\"/xl/styles.xml\" "
      "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>";
  if (options.shared_strings) {
    types +=
        "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/"
        "vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>";
  }
  for (size_t i = 0; i < sheets.size(); ++i) {
    types += "<Override PartName=\"/xl/worksheets/sheet" + std::to_string(i + 1) +
             ".xml\" ContentType=\"application/"
             "vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>";
  }
  types += "</Types>";

  std::string root_rels(kXmlHead);
  root_rels +=
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
      "relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";

  std::string workbook(kXmlHead);
  workbook += "<workbook xmlns=\"" + std::string(kMainNs) + "\" xmlns:r=\"" + std::string(kRelNs) +
              "\"><bookViews><workbookView/></bookViews><sheets>";
  std::string rels(kXmlHead);
  rels += "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
  for (size_t i = 0; i < sheets.size(); ++i) {
    std::string n = std::to_string(i + 1);
    workbook += "<sheet name=\"" + Escaped(sheets[i].name, true) + "\" sheetId=\"" + n +
                "\" r:id=\"rId" + n + "\"/>";
    rels += "<Relationship Id=\"rId" + n + "\" Type=\"" + std::string(kRelNs) +
            "/worksheet\" Target=\"worksheets/sheet" + n + ".xml\"/>";
  }
  workbook += "</sheets></workbook>";
  const std::string styles_id = std::to_string(sheets.size() + 1);
  const std::string strings_id = std::to_string(sheets.size() + 2);
  rels += "<Relationship Id=\"rId" + styles_id + "\" Type=\"" + std::string(kRelNs) +
          "/styles\" Target=\"styles.xml\"/>";
  if (options.shared_strings) {
    rels += "<Relationship Id=\"rId" + strings_id + "\" Type=\"" + std::string(kRelNs) +
            "/sharedStrings\" Target=\"sharedStrings.xml\"/>";
  }
  rels += "</Relationships>";

  ZipWriter zip;
  CPK_RETURN_IF_ERROR(zip.Add("[Content_Types].xml", std::move(types)));
  CPK_RETURN_IF_ERROR(zip.Add("_rels/.rels", std::move(root_rels)));
  CPK_RETURN_IF_ERROR(zip.Add("xl/workbook.xml", std::move(workbook)));
  CPK_RETURN_IF_ERROR(zip.Add("xl/_rels/workbook.xml.rels", std::move(rels)));
  CPK_RETURN_IF_ERROR(zip.Add("xl/styles.xml", std::string(kXmlHead) + std::string(kStyles)));
  if (options.shared_strings) {
    CPK_RETURN_IF_ERROR(zip.Add("xl/sharedStrings.xml", shared.Xml()));
  }
  for (size_t i = 0; i < sheet_xml.size(); ++i) {
    CPK_RETURN_IF_ERROR(
        zip.Add("xl/worksheets/sheet" + std::to_string(i + 1) + ".xml", std::move(sheet_xml[i])));
  }
  return zip.Finish();
}

}  // namespace carbonpeak::xlsx
