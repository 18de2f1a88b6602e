// UTF-8 helpers for Chinese statistical text: decoding and encoding code points, full-width and
// half-width forms, trimming (including U+3000, NBSP and the BOM), list splitting on Chinese and
// ASCII separators, and code-point-based substrings.
//
//   std::string s = text::ToHalfWidth("１２．５％");        // "12.5%"
//   std::string_view t = text::Trim("\u3000万千瓦 ");         // "万千瓦"
//   std::vector<std::string> units = text::SplitList("区发改局、区工信局；区住建局");
//   size_t n = text::CodepointCount("碳达峰");                // 3
//   std::string_view head = text::Utf8Substr("碳达峰行动", 0, 3);  // "碳达峰"
//
// Thread safety: all functions are pure; call them from any thread.
// Failure contract: nothing here fails or crashes on bad input. Invalid UTF-8 (stray continuation
// bytes, overlong forms, surrogates, truncated sequences, code points above U+10FFFF) decodes to
// one U+FFFD per maximal invalid subpart (the Unicode "substitution of maximal subparts"
// practice), and functions that rewrite text emit U+FFFD in its place. Use IsValidUtf8 when
// invalid input must be reported instead of repaired.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace carbonpeak::text {

/// U+FFFD REPLACEMENT CHARACTER, used for every invalid sequence.
inline constexpr char32_t kReplacementChar = U'\uFFFD';

/// True when `bytes` is well-formed UTF-8 (no overlongs, surrogates or values above U+10FFFF).
bool IsValidUtf8(std::string_view bytes);

/// Decodes UTF-8 to code points; each maximal invalid subpart becomes one U+FFFD.
std::u32string DecodeUtf8(std::string_view utf8);

/// Encodes code points as UTF-8. Surrogates and values above U+10FFFF become U+FFFD.
std::string EncodeUtf8(std::u32string_view code_points);

/// Appends one code point to `out` (U+FFFD for surrogates and values above U+10FFFF).
void AppendUtf8(char32_t code_point, std::string& out);

/// Number of code points, counting each invalid subpart as one (as DecodeUtf8 would).
size_t CodepointCount(std::string_view utf8);

/// The bytes of code points [cp_begin, cp_begin + cp_len) as a view into `utf8`; clamps at the
/// end (a begin past the end yields ""). The view lives as long as the text it points into.
std::string_view Utf8Substr(std::string_view utf8, size_t cp_begin,
                            size_t cp_len = std::string_view::npos);

/// Full-width ASCII forms U+FF01..U+FF5E become ASCII, U+3000 IDEOGRAPHIC SPACE becomes ' '.
/// Other characters (CJK, 、。 and the like) are kept. ＡＢ１２％（） -> AB12%().
std::string ToHalfWidth(std::string_view utf8);

/// ASCII punctuation becomes its full-width form (, -> ，  ( -> （  : -> ：  % -> ％). Letters,
/// digits and spaces are kept, and so is punctuation between two ASCII digits, so that numbers
/// such as "1,000.5" and "12:30" survive.
std::string ToFullWidth(std::string_view utf8);

/// True for white space a document may contain: ASCII white space, U+00A0 NBSP, U+3000
/// IDEOGRAPHIC SPACE, U+FEFF BOM / zero-width no-break space and the U+2000..U+200B spaces.
bool IsSpace(char32_t code_point);

/// Strips leading and trailing white space as IsSpace defines it (ASCII, U+3000, NBSP, BOM, ...).
/// Returns a view into `utf8`.
std::string_view Trim(std::string_view utf8);

/// Every run of white space (IsSpace) becomes one ASCII space; leading and trailing runs go.
std::string CollapseSpaces(std::string_view utf8);

/// Splits on the list separators 、 ， , ； ; and trims each item; empty items are dropped.
/// "区发改局、区工信局，；区住建局" -> {"区发改局", "区工信局", "区住建局"}.
std::vector<std::string> SplitList(std::string_view utf8);

/// Replaces every non-overlapping occurrence of `from`, scanning left to right. An empty `from`
/// returns the text unchanged.
std::string ReplaceAll(std::string_view text, std::string_view from, std::string_view to);

/// Byte-wise prefix and suffix tests.
bool StartsWith(std::string_view text, std::string_view prefix);
bool EndsWith(std::string_view text, std::string_view suffix);

/// True for CJK unified and compatibility ideographs (basic block, extensions A to H,
/// compatibility blocks). Punctuation such as 、。 and full-width forms are not ideographs.
bool IsCjk(char32_t code_point);

}  // namespace carbonpeak::text
