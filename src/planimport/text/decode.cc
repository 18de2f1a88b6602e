#include "planimport/text/decode.h"

#include <iconv.h>

#include <cerrno>
#include <cstddef>
#include <string>

#include "base/text.h"

namespace carbonpeak::planimport {
namespace {

// Converts with iconv; nullopt-like empty result with ok=false on any invalid sequence.
bool Iconv(std::string_view in, const char* from, std::string& out) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  out.clear();
  out.resize(in.size() * 2 + 16);
  std::string input(in);
  char* in_ptr = input.data();
  size_t in_left = input.size();
  size_t written = 0;
  bool ok = true;
  while (in_left > 0) {
    char* out_ptr = out.data() + written;
    size_t out_left = out.size() - written;
    size_t rc = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
    written = out.size() - out_left;
    if (rc == static_cast<size_t>(-1)) {
      if (errno == E2BIG) {
        out.resize(out.size() * 2);
        continue;
      }
      ok = false;  // EILSEQ or EINVAL (truncated sequence at the end)
      break;
    }
  }
  iconv_close(cd);
  out.resize(written);
  return ok;
}

}  // namespace

bool LooksBinary(std::string_view bytes) {
  size_t sample = bytes.size() < 65536 ? bytes.size() : 65536;
  size_t control = 0;
  for (size_t i = 0; i < sample; ++i) {
    auto c = static_cast<unsigned char>(bytes[i]);
    if (c == 0) return true;
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v') ++control;
  }
  return sample > 0 && control * 20 > sample;  // more than 5 % control characters
}

Result<DecodedText> DecodeText(std::string_view bytes, std::string_view file_name) {
  std::string where(file_name);
  if (bytes.empty()) {
    return Status::InvalidArgument(where +
                                   ": the file is empty; export the plan from Word or "
                                   "PDF as text again, or import the .docx/.pdf itself");
  }
  DecodedText out;
  auto starts = [&](std::string_view p) { return bytes.substr(0, p.size()) == p; };
  if (starts("\xEF\xBB\xBF")) {
    std::string_view rest = bytes.substr(3);
    if (text::IsValidUtf8(rest) && !LooksBinary(rest)) {
      out.utf8 = std::string(rest);
      out.encoding = "utf-8-bom";
      return out;
    }
  }
  if (starts("\xFF\xFE") || starts("\xFE\xFF")) {
    const char* enc = starts("\xFF\xFE") ? "UTF-16LE" : "UTF-16BE";
    if (Iconv(bytes.substr(2), enc, out.utf8) && !LooksBinary(out.utf8)) {
      out.encoding = starts("\xFF\xFE") ? "utf-16le" : "utf-16be";
      return out;
    }
  }
  if (LooksBinary(bytes)) {
    return Status::InvalidArgument(
        where +
        ": this is not a text file (it contains binary data); if it is a Word or PDF "
        "file, give it its .docx or .pdf extension, otherwise export the plan as text");
  }
  if (text::IsValidUtf8(bytes)) {
    out.utf8 = std::string(bytes);
    out.encoding = "utf-8";
    return out;
  }
  if (Iconv(bytes, "GB18030", out.utf8) && text::IsValidUtf8(out.utf8)) {
    out.encoding = "gb18030";
    return out;
  }
  return Status::InvalidArgument(where +
                                 ": the text is neither UTF-8 nor GB18030 (GBK); save it "
                                 "again as UTF-8 text (Notepad: Save as, Encoding UTF-8)");
}

}  // namespace carbonpeak::planimport
