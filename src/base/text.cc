#include "base/text.h"

#include <cstdint>

namespace carbonpeak::text {
namespace {

struct Decoded {
  char32_t code_point;  // kReplacementChar when !valid
  size_t length;        // bytes consumed, >= 1 unless at the end
  bool valid;
};

// Decodes one code point at `pos` (pos < s.size()). Follows the well-formed byte sequences of
// Unicode Table 3-7; an invalid sequence consumes its maximal subpart (at least one byte).
Decoded DecodeAt(std::string_view s, size_t pos) {
  const auto byte = [&](size_t idx) { return static_cast<uint8_t>(s[idx]); };
  const uint8_t lead = byte(pos);
  if (lead < 0x80) return {lead, 1, true};
  size_t need = 0;
  uint8_t lo = 0x80;
  uint8_t hi = 0xBF;
  char32_t cp = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    need = 1;
    cp = lead & 0x1Fu;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    need = 2;
    cp = lead & 0x0Fu;
    if (lead == 0xE0) lo = 0xA0;  // no overlongs
    if (lead == 0xED) hi = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    need = 3;
    cp = lead & 0x07u;
    if (lead == 0xF0) lo = 0x90;  // no overlongs
    if (lead == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    return {kReplacementChar, 1, false};  // continuation byte or impossible lead
  }
  size_t length = 1;
  for (size_t idx = 0; idx < need; ++idx) {
    if (pos + length >= s.size()) return {kReplacementChar, length, false};
    const uint8_t next = byte(pos + length);
    const uint8_t min = idx == 0 ? lo : uint8_t{0x80};
    const uint8_t max = idx == 0 ? hi : uint8_t{0xBF};
    if (next < min || next > max) return {kReplacementChar, length, false};
    cp = (cp << 6) | (next & 0x3Fu);
    ++length;
  }
  return {cp, length, true};
}

bool IsListSeparator(char32_t cp) {
  return cp == U'、' || cp == U'，' || cp == U',' || cp == U'；' || cp == U';';
}

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool IsValidUtf8(std::string_view bytes) {
  for (size_t pos = 0; pos < bytes.size();) {
    const Decoded d = DecodeAt(bytes, pos);
    if (!d.valid) return false;
    pos += d.length;
  }
  return true;
}

std::u32string DecodeUtf8(std::string_view utf8) {
  std::u32string out;
  out.reserve(utf8.size());
  for (size_t pos = 0; pos < utf8.size();) {
    const Decoded d = DecodeAt(utf8, pos);
    out.push_back(d.code_point);
    pos += d.length;
  }
  return out;
}

void AppendUtf8(char32_t cp, std::string& out) {
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = kReplacementChar;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string EncodeUtf8(std::u32string_view code_points) {
  std::string out;
  out.reserve(code_points.size() * 3);
  for (char32_t cp : code_points) AppendUtf8(cp, out);
  return out;
}

size_t CodepointCount(std::string_view utf8) {
  size_t count = 0;
  for (size_t pos = 0; pos < utf8.size(); ++count) pos += DecodeAt(utf8, pos).length;
  return count;
}

std::string_view Utf8Substr(std::string_view utf8, size_t cp_begin, size_t cp_len) {
  size_t pos = 0;
  for (size_t skipped = 0; skipped < cp_begin && pos < utf8.size(); ++skipped) {
    pos += DecodeAt(utf8, pos).length;
  }
  const size_t begin = pos;
  for (size_t taken = 0; taken < cp_len && pos < utf8.size(); ++taken) {
    pos += DecodeAt(utf8, pos).length;
  }
  return utf8.substr(begin, pos - begin);
}

std::string ToHalfWidth(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (size_t pos = 0; pos < utf8.size();) {
    const Decoded d = DecodeAt(utf8, pos);
    pos += d.length;
    if (d.code_point >= 0xFF01 && d.code_point <= 0xFF5E) {
      out.push_back(static_cast<char>(d.code_point - 0xFF01 + 0x21));
    } else if (d.code_point == 0x3000) {
      out.push_back(' ');
    } else {
      AppendUtf8(d.code_point, out);
    }
  }
  return out;
}

std::string ToFullWidth(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size() * 3);
  for (size_t pos = 0; pos < utf8.size();) {
    const Decoded d = DecodeAt(utf8, pos);
    const char32_t cp = d.code_point;
    const bool punctuation = cp >= 0x21 && cp <= 0x7E && !(cp >= '0' && cp <= '9') &&
                             !(cp >= 'A' && cp <= 'Z') && !(cp >= 'a' && cp <= 'z');
    // d.length == 1 for ASCII, so pos - 1 and pos + 1 are the neighbouring bytes.
    const bool inside_number = punctuation && pos > 0 && pos + 1 < utf8.size() &&
                               IsAsciiDigit(utf8[pos - 1]) && IsAsciiDigit(utf8[pos + 1]);
    if (punctuation && !inside_number) {
      AppendUtf8(cp - 0x21 + 0xFF01, out);
    } else {
      AppendUtf8(cp, out);
    }
    pos += d.length;
  }
  return out;
}

bool IsSpace(char32_t cp) {
  return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x00A0 || cp == 0x3000 || cp == 0xFEFF ||
         (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F;
}

std::string_view Trim(std::string_view utf8) {
  size_t begin = 0;
  while (begin < utf8.size()) {
    const Decoded d = DecodeAt(utf8, begin);
    if (!d.valid || !IsSpace(d.code_point)) break;
    begin += d.length;
  }
  // Scan forward and remember where the last non-space code point ends: walking backwards
  // through UTF-8 with invalid bytes is error-prone, and these strings are short.
  size_t end = begin;
  for (size_t pos = begin; pos < utf8.size();) {
    const Decoded d = DecodeAt(utf8, pos);
    pos += d.length;
    if (!d.valid || !IsSpace(d.code_point)) end = pos;
  }
  return utf8.substr(begin, end - begin);
}

std::string CollapseSpaces(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  bool pending_space = false;
  for (size_t pos = 0; pos < utf8.size();) {
    const Decoded d = DecodeAt(utf8, pos);
    pos += d.length;
    if (d.valid && IsSpace(d.code_point)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    AppendUtf8(d.code_point, out);
  }
  return out;
}

std::vector<std::string> SplitList(std::string_view utf8) {
  std::vector<std::string> items;
  size_t item_begin = 0;
  auto flush = [&](size_t item_end) {
    const std::string_view item = Trim(utf8.substr(item_begin, item_end - item_begin));
    if (!item.empty()) items.push_back(EncodeUtf8(DecodeUtf8(item)));  // repairs invalid bytes
  };
  for (size_t pos = 0; pos < utf8.size();) {
    const Decoded d = DecodeAt(utf8, pos);
    if (d.valid && IsListSeparator(d.code_point)) {
      flush(pos);
      item_begin = pos + d.length;
    }
    pos += d.length;
  }
  flush(utf8.size());
  return items;
}

std::string ReplaceAll(std::string_view text, std::string_view from, std::string_view to) {
  if (from.empty()) return std::string(text);
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (true) {
    const size_t hit = text.find(from, pos);
    if (hit == std::string_view::npos) break;
    out.append(text.substr(pos, hit - pos));
    out.append(to);
    pos = hit + from.size();
  }
  out.append(text.substr(pos));
  return out;
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool IsCjk(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) ||    // CJK Unified Ideographs
         (cp >= 0x3400 && cp <= 0x4DBF) ||    // Extension A
         (cp >= 0xF900 && cp <= 0xFAFF) ||    // Compatibility Ideographs
         (cp >= 0x20000 && cp <= 0x2EBEF) ||  // Extensions B to F (and I)
         (cp >= 0x2F800 && cp <= 0x2FA1F) ||  // Compatibility Ideographs Supplement
         (cp >= 0x30000 && cp <= 0x323AF);    // Extensions G and H
}

}  // namespace carbonpeak::text
