#include "planimport/text/simplify.h"

#include <opencc/opencc.h>

#include <exception>
#include <memory>
#include <string>
#include <string_view>

#include "base/text.h"

namespace carbonpeak::planimport {
namespace {

// Frequent characters of plan language that only traditional script uses.
constexpr std::u32string_view kTraditionalOnly =
    U"們這個來發會為與產業國區縣電經濟標準實現態環達減設備資術應規劃範圍總權擴導節約綠層項"
    U"體鄉鎮廣場農車輛運輸氣點協調單機關務責";

const opencc::SimpleConverter* Converter(std::string* error) {
  static std::string load_error;
  static std::unique_ptr<opencc::SimpleConverter> converter = [] {
    std::unique_ptr<opencc::SimpleConverter> c;
    try {
      c = std::make_unique<opencc::SimpleConverter>("t2s.json");
    } catch (const std::exception& e) {
      load_error = e.what();
    } catch (...) {
      load_error = "unknown error";
    }
    return c;
  }();
  if (!converter && error) *error = load_error;
  return converter.get();
}

}  // namespace

size_t CountTraditionalOnly(const std::string& utf8) {
  size_t n = 0;
  for (char32_t c : text::DecodeUtf8(utf8)) {
    if (c >= 0x4E00 && kTraditionalOnly.find(c) != std::u32string_view::npos) ++n;
  }
  return n;
}

Status ToSimplifiedIfTraditional(std::string& utf8, bool* converted) {
  if (converted) *converted = false;
  size_t traditional = CountTraditionalOnly(utf8);
  size_t chars = text::CodepointCount(utf8);
  if (traditional < 5 || traditional * 200 < chars) return Status::Ok();
  std::string error;
  const opencc::SimpleConverter* conv = Converter(&error);
  if (!conv) {
    return Status::Unavailable(
        "the text is in traditional characters but the OpenCC t2s "
        "dictionary could not be loaded (" +
        error + "); install opencc-data or convert the file to simplified first");
  }
  std::string out;
  out.reserve(utf8.size());
  size_t start = 0;
  try {
    while (start <= utf8.size()) {
      size_t end = utf8.find('\n', start);
      if (end == std::string::npos) end = utf8.size();
      out += conv->Convert(utf8.data() + start, end - start);
      if (end == utf8.size()) break;
      out.push_back('\n');
      start = end + 1;
    }
  } catch (const std::exception& e) {
    return Status::Internal(std::string("traditional to simplified conversion failed: ") +
                            e.what());
  }
  utf8 = std::move(out);
  if (converted) *converted = true;
  return Status::Ok();
}

}  // namespace carbonpeak::planimport
