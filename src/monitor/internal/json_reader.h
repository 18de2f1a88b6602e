// A small pull reader for JSON text (RFC 8259), enough to decode meter batches without a DOM:
// the decoder asks for the value it expects next, so there is no allocation per value and every
// error knows its byte offset (turned into line:column only when reporting).
//
//   JsonReader r(text);
//   if (!r.BeginObject()) return r.error();
//   std::string_view key;
//   bool first = true;
//   while (r.NextKey(first, key)) { ... read the value, or r.SkipValue() ... }
//   if (!r.ok()) return r.error();
//
// Thread safety: one reader per thread. Failure contract: every method returns false on bad
// input and leaves a message in error(); nothing throws; nesting deeper than kMaxDepth is an
// error (no recursion, so no stack exhaustion on hostile input).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace carbonpeak::monitor::internal {

class JsonReader {
 public:
  static constexpr int kMaxDepth = 64;

  explicit JsonReader(std::string_view text) : text_(text) {
    // A UTF-8 byte-order mark is tolerated at the very start.
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  }

  /// Next non-space character without consuming it; '\0' at the end of input.
  char Peek() {
    SkipSpace();
    return pos_ < text_.size() ? text_[pos_] : '\0';
  }
  size_t offset() {
    SkipSpace();
    return pos_;
  }
  /// True when only white space is left.
  bool AtEnd() {
    SkipSpace();
    return pos_ >= text_.size();
  }

  bool BeginObject() { return Expect('{', "an object '{'"); }
  bool BeginArray() { return Expect('[', "an array '['"); }

  /// Inside an object: reads the next key and its ':' and returns true, or consumes the closing
  /// '}' and returns false (check ok() to tell the end from an error). `first` is the caller's
  /// per-container flag, true before the first member.
  bool NextKey(bool& first, std::string_view& key) {
    SkipSpace();
    if (pos_ >= text_.size()) return Fail("the object is not closed with '}'");
    if (text_[pos_] == '}') {
      ++pos_;
      return false;
    }
    if (!first) {
      if (text_[pos_] != ',') return Fail("expected ',' or '}' after an object member");
      ++pos_;
    }
    first = false;
    return ReadKey(key);
  }

  /// Inside an array: true when another element follows (its ',' consumed), false after the
  /// closing ']' (check ok()). `first` as for NextKey.
  bool NextElement(bool& first) {
    SkipSpace();
    if (pos_ >= text_.size()) return Fail("the array is not closed with ']'");
    if (text_[pos_] == ']') {
      ++pos_;
      return false;
    }
    if (!first) {
      if (text_[pos_] != ',') return Fail("expected ',' or ']' after an array element");
      ++pos_;
    }
    first = false;
    return true;
  }

  /// Reads a string value. Without escapes `out` points into the input; with escapes it points
  /// into `scratch`.
  bool ReadString(std::string_view& out, std::string& scratch) {
    SkipSpace();
    if (pos_ >= text_.size() || text_[pos_] != '"') return Fail("expected a string in quotes");
    ++pos_;
    const size_t start = pos_;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '"') {
        out = text_.substr(start, pos_ - start);
        ++pos_;
        return true;
      }
      if (c == '\\') break;
      if (static_cast<unsigned char>(c) < 0x20) return Fail("control character inside a string");
      ++pos_;
    }
    if (pos_ >= text_.size()) return Fail("the string is not closed with '\"'");
    scratch.assign(text_.data() + start, pos_ - start);
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        out = scratch;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) return Fail("control character inside a string");
      if (c != '\\') {
        scratch.push_back(c);
        ++pos_;
        continue;
      }
      if (pos_ + 1 >= text_.size()) break;
      const char e = text_[pos_ + 1];
      pos_ += 2;
      switch (e) {
        case '"':
        case '\\':
        case '/':
          scratch.push_back(e);
          break;
        case 'b':
          scratch.push_back('\b');
          break;
        case 'f':
          scratch.push_back('\f');
          break;
        case 'n':
          scratch.push_back('\n');
          break;
        case 'r':
          scratch.push_back('\r');
          break;
        case 't':
          scratch.push_back('\t');
          break;
        case 'u': {
          uint32_t cp;
          if (!ReadHex4(cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t low;
            if (pos_ + 1 < text_.size() && text_[pos_] == '\\' && text_[pos_ + 1] == 'u') {
              pos_ += 2;
              if (!ReadHex4(low)) return false;
              if (low < 0xDC00 || low > 0xDFFF) return Fail("invalid UTF-16 surrogate pair");
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else {
              return Fail("lone UTF-16 surrogate in \\u escape");
            }
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return Fail("lone UTF-16 surrogate in \\u escape");
          }
          AppendUtf8(cp, scratch);
          break;
        }
        default:
          return Fail("unknown escape sequence in a string");
      }
    }
    return Fail("the string is not closed with '\"'");
  }

  /// Reads a number token (JSON grammar) and returns its text.
  bool ReadNumber(std::string_view& out) {
    SkipSpace();
    const size_t start = pos_;
    if (pos_ < text_.size() && text_[pos_] == '-') ++pos_;
    if (pos_ >= text_.size() || !IsDigit(text_[pos_])) return FailAt(start, "expected a number");
    if (text_[pos_] == '0') {
      ++pos_;
    } else {
      while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
    }
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      if (pos_ >= text_.size() || !IsDigit(text_[pos_])) {
        return FailAt(start, "a number needs digits after '.'");
      }
      while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (pos_ >= text_.size() || !IsDigit(text_[pos_])) {
        return FailAt(start, "a number needs digits in its exponent");
      }
      while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
    }
    out = text_.substr(start, pos_ - start);
    return true;
  }

  /// Reads true, false or null; `word` receives the literal.
  bool ReadLiteral(std::string_view& word) {
    SkipSpace();
    for (std::string_view w :
         {std::string_view("true"), std::string_view("false"), std::string_view("null")}) {
      if (text_.substr(pos_, w.size()) == w) {
        pos_ += w.size();
        word = w;
        return true;
      }
    }
    return Fail("expected a value (string, number, object, array, true, false or null)");
  }

  /// Skips one complete value of any type, iteratively and depth-limited.
  bool SkipValue() {
    char stack[kMaxDepth];
    int depth = 0;
    std::string_view ignored;
    for (;;) {
      const char c = Peek();
      if (c == '{' || c == '[') {
        ++pos_;
        const char close = c == '{' ? '}' : ']';
        if (Peek() == close) {
          ++pos_;
        } else {
          if (depth == kMaxDepth) return Fail("nesting is deeper than 64 levels");
          stack[depth++] = c;
          if (c == '{' && !ReadKey(ignored)) return false;
          continue;
        }
      } else if (c == '"') {
        if (!ReadString(ignored, scratch_)) return false;
      } else if (c == '-' || IsDigit(c)) {
        if (!ReadNumber(ignored)) return false;
      } else if (!ReadLiteral(ignored)) {
        return false;
      }
      // A value is complete: close containers, or step to the next member.
      for (;;) {
        if (depth == 0) return true;
        const char n = Peek();
        const char open = stack[depth - 1];
        if (n == ',') {
          ++pos_;
          if (open == '{' && !ReadKey(ignored)) return false;
          break;
        }
        if (n == (open == '{' ? '}' : ']')) {
          ++pos_;
          --depth;
          continue;
        }
        return Fail(open == '{' ? "expected ',' or '}' after an object member"
                                : "expected ',' or ']' after an array element");
      }
    }
  }

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  size_t error_offset() const { return error_offset_; }

  /// 1-based line and column (in bytes) of a byte offset.
  void LineColumn(size_t offset, int& line, int& column) const {
    line = 1;
    size_t line_start = 0;
    const size_t end = offset < text_.size() ? offset : text_.size();
    for (size_t k = 0; k < end; ++k) {
      if (text_[k] == '\n') {
        ++line;
        line_start = k + 1;
      }
    }
    column = static_cast<int>(end - line_start) + 1;
  }

  bool Fail(std::string message) { return FailAt(pos_, std::move(message)); }
  bool FailAt(size_t offset, std::string message) {
    if (error_.empty()) {
      error_ = std::move(message);
      error_offset_ = offset;
    }
    return false;
  }

 private:
  static bool IsDigit(char c) { return c >= '0' && c <= '9'; }

  bool ReadKey(std::string_view& key) {
    if (!ReadString(key, key_scratch_)) return false;
    SkipSpace();
    if (pos_ >= text_.size() || text_[pos_] != ':') return Fail("expected ':' after the key");
    ++pos_;
    return true;
  }

  bool ReadHex4(uint32_t& cp) {
    if (pos_ + 4 > text_.size()) return Fail("\\u needs four hex digits");
    cp = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = text_[pos_ + static_cast<size_t>(k)];
      uint32_t d;
      if (c >= '0' && c <= '9') {
        d = static_cast<uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        d = static_cast<uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        d = static_cast<uint32_t>(c - 'A' + 10);
      } else {
        return Fail("\\u needs four hex digits");
      }
      cp = cp * 16 + d;
    }
    pos_ += 4;
    return true;
  }

  static void AppendUtf8(uint32_t cp, std::string& out) {
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

  void SkipSpace() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') break;
      ++pos_;
    }
  }

  bool Expect(char c, const char* what) {
    SkipSpace();
    if (pos_ >= text_.size() || text_[pos_] != c) return Fail(std::string("expected ") + what);
    ++pos_;
    return true;
  }

  std::string_view text_;
  size_t pos_ = 0;
  std::string key_scratch_;
  std::string scratch_;
  std::string error_;
  size_t error_offset_ = 0;
};

}  // namespace carbonpeak::monitor::internal
