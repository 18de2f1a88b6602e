#include "planimport/pdf/pdf_reader.h"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include <exception>
#include <memory>
#include <string>
#include <vector>

namespace carbonpeak::planimport {
namespace {

void Quiet(const std::string&, void*) {}

bool PageNumberLine(const std::string& line) {
  bool digit = false;
  for (unsigned char c : line) {
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c != ' ' && c != '-' && c != '\t' && c != '\r' && c < 0x80) {
      return false;
    } else if (c >= 0x80) {
      // allow "—" (E2 80 94) and full-width spaces around page numbers, nothing else
      if (c != 0xE2 && c != 0x80 && c != 0x94 && c != 0xE3 && c != 0x80) return false;
    }
  }
  return digit;
}

}  // namespace

Result<std::string> PdfToText(std::string_view bytes, std::string_view file_name) {
  std::string name(file_name);
  if (bytes.substr(0, 5) != "%PDF-") {
    return Status::InvalidArgument(name +
                                   ": this is not a PDF file (it does not start with "
                                   "%PDF-); check the file and its extension");
  }
  poppler::set_debug_error_function(Quiet, nullptr);
  std::string out;
  try {
    std::vector<char> data(bytes.begin(), bytes.end());
    std::unique_ptr<poppler::document> doc(
        poppler::document::load_from_raw_data(data.data(), static_cast<int>(data.size())));
    if (!doc) {
      return Status::InvalidArgument(name +
                                     ": the PDF is damaged or truncated and cannot be "
                                     "opened; copy it again from its source");
    }
    if (doc->is_locked() || doc->is_encrypted()) {
      if (doc->is_locked()) {
        return Status::InvalidArgument(name +
                                       ": the PDF is password-protected; open it, "
                                       "remove the password and import it again");
      }
    }
    int pages = doc->pages();
    size_t chars = 0;
    for (int i = 0; i < pages; ++i) {
      std::unique_ptr<poppler::page> page(doc->create_page(i));
      if (!page) continue;
      poppler::byte_array utf8 =
          page->text(poppler::rectf(), poppler::page::non_raw_non_physical_layout).to_utf8();
      std::string text(utf8.begin(), utf8.end());
      size_t start = 0;
      while (start <= text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!PageNumberLine(line)) {
          out += line;
          out += "\n";
          for (char c : line) {
            if (c != ' ' && c != '\t' && c != '\f') ++chars;
          }
        }
        if (end == text.size()) break;
        start = end + 1;
      }
      out += "\n";
    }
    if (chars == 0) {
      return Status::InvalidArgument(
          name +
          ": the PDF has no text layer (it is probably a scan); import the Word file or "
          "a text export instead, or run text recognition (OCR) on it first");
    }
  } catch (const std::exception& e) {
    return Status::InvalidArgument(name + ": the PDF could not be read: " + e.what());
  }
  return out;
}

}  // namespace carbonpeak::planimport
