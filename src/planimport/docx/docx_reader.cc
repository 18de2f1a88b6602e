#include "planimport/docx/docx_reader.h"

#include <zip.h>

#include <exception>
#include <memory>
#include <pugixml.hpp>
#include <string>

namespace carbonpeak::planimport {
namespace {

std::string LocalName(const char* name) {
  std::string n(name);
  size_t colon = n.find(':');
  return colon == std::string::npos ? n : n.substr(colon + 1);
}

void RunText(const pugi::xml_node& node, std::string& out) {
  for (pugi::xml_node child : node.children()) {
    std::string n = LocalName(child.name());
    if (n == "t") {
      out += child.text().get();
    } else if (n == "tab") {
      out += " ";
    } else if (n == "br" || n == "cr") {
      out += "\n";
    } else if (n == "del" || n == "delText" || n == "instrText" || n == "rPr" || n == "pPr") {
      continue;
    } else {
      RunText(child, out);
    }
  }
}

void Body(const pugi::xml_node& node, std::string& out);

void Table(const pugi::xml_node& tbl, std::string& out) {
  for (pugi::xml_node tr : tbl.children()) {
    if (LocalName(tr.name()) != "tr") continue;
    out += "\n";
    for (pugi::xml_node tc : tr.children()) {
      if (LocalName(tc.name()) != "tc") continue;
      std::string cell;
      for (pugi::xml_node p : tc.children()) {
        std::string n = LocalName(p.name());
        std::string line;
        if (n == "p") {
          RunText(p, line);
        } else if (n == "tbl") {
          Table(p, line);
        } else {
          continue;
        }
        if (line.empty()) continue;
        if (!cell.empty()) cell += "\n";
        cell += line;
      }
      out += "\t" + cell + "\n";
    }
  }
  out += "\n";
}

void Body(const pugi::xml_node& node, std::string& out) {
  for (pugi::xml_node child : node.children()) {
    std::string n = LocalName(child.name());
    if (n == "p") {
      std::string line;
      RunText(child, line);
      out += line + "\n";
    } else if (n == "tbl") {
      Table(child, out);
    } else if (n == "sdt" || n == "sdtContent" || n == "customXml" || n == "ins" ||
               n == "smartTag") {
      Body(child, out);
    }
  }
}

}  // namespace

Result<std::string> DocxToText(std::string_view bytes, std::string_view file_name) {
  std::string name(file_name);
  if (bytes.substr(0, 4) == std::string_view("\xD0\xCF\x11\xE0", 4)) {
    return Status::InvalidArgument(
        name +
        ": this Word file is password-protected or in the old .doc format; remove the "
        "password (or save as .docx) in Word or WPS and import it again");
  }
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (!src) {
    zip_error_fini(&error);
    return Status::InvalidArgument(name + ": could not read the .docx data");
  }
  zip_t* archive = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (!archive) {
    zip_source_free(src);
    std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    return Status::InvalidArgument(name + ": not a readable .docx file (" + why +
                                   "); it may be truncated or damaged: copy it again from its "
                                   "source, or open it in Word and save it again");
  }
  zip_error_fini(&error);
  std::unique_ptr<zip_t, int (*)(zip_t*)> guard(archive, zip_close);
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(archive, "word/document.xml", 0, &st) != 0) {
    return Status::InvalidArgument(name +
                                   ": the file is a zip archive but not a Word document "
                                   "(no word/document.xml); export the plan as .docx");
  }
  if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
    return Status::InvalidArgument(name +
                                   ": the document is encrypted; remove the password "
                                   "in Word or WPS and import it again");
  }
  if (!(st.valid & ZIP_STAT_SIZE) || st.size > 512u * 1024u * 1024u) {
    return Status::InvalidArgument(name + ": word/document.xml is too large to be a plan");
  }
  zip_file_t* f = zip_fopen(archive, "word/document.xml", 0);
  if (!f) {
    return Status::InvalidArgument(name + ": cannot open word/document.xml (" +
                                   zip_strerror(archive) + "); the file may be damaged");
  }
  std::string xml(static_cast<size_t>(st.size), '\0');
  zip_int64_t got = zip_fread(f, xml.data(), st.size);
  zip_fclose(f);
  if (got < 0 || static_cast<zip_uint64_t>(got) != st.size) {
    return Status::InvalidArgument(name + ": word/document.xml is truncated or damaged");
  }
  pugi::xml_document dom;
  pugi::xml_parse_result parsed = dom.load_buffer(xml.data(), xml.size());
  if (!parsed) {
    return Status::InvalidArgument(name + ": word/document.xml is not valid XML (" +
                                   parsed.description() + " at byte " +
                                   std::to_string(parsed.offset) + "); save the file again");
  }
  pugi::xml_node body;
  for (pugi::xml_node n : dom.children()) {
    if (LocalName(n.name()) == "document") {
      for (pugi::xml_node c : n.children()) {
        if (LocalName(c.name()) == "body") body = c;
      }
    }
  }
  if (!body) {
    return Status::InvalidArgument(name + ": the Word document has no body");
  }
  std::string out;
  try {
    Body(body, out);
  } catch (const std::exception& e) {
    return Status::InvalidArgument(name + ": could not read the document text: " + e.what());
  }
  return out;
}

}  // namespace carbonpeak::planimport
