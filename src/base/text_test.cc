#include "base/text.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace carbonpeak::text {
namespace {

const std::string kFffd = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

TEST(Utf8Test, ValidAndInvalid) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("abc"));
  EXPECT_TRUE(IsValidUtf8("碳达峰"));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));   // U+1F600
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));   // U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\x80"));              // lone continuation byte
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate U+D800
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE7\xA2"));          // truncated 碳
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  EXPECT_FALSE(IsValidUtf8(std::string_view("a\0\xFE", 3)));
}

TEST(Utf8Test, DecodeEncodeRoundTrip) {
  const std::string s = "A碳\xF0\x9F\x98\x80é";
  const std::u32string cps = DecodeUtf8(s);
  ASSERT_EQ(cps.size(), 4u);
  EXPECT_EQ(cps[0], U'A');
  EXPECT_EQ(cps[1], U'碳');
  EXPECT_EQ(cps[2], char32_t{0x1F600});
  EXPECT_EQ(cps[3], U'é');
  EXPECT_EQ(EncodeUtf8(cps), s);
}

TEST(Utf8Test, InvalidBecomesReplacementPerMaximalSubpart) {
  // Truncated 3-byte sequence followed by ASCII: one U+FFFD, then the ASCII survives.
  EXPECT_EQ(DecodeUtf8("\xE7\xA2x"), (std::u32string{kReplacementChar, U'x'}));
  // Each lone continuation byte is its own subpart.
  EXPECT_EQ(DecodeUtf8("\x80\x80"), (std::u32string{kReplacementChar, kReplacementChar}));
  // Surrogate: ED is valid as a lead but A0 is not allowed after it.
  EXPECT_EQ(DecodeUtf8("\xED\xA0\x80").size(), 3u);
  EXPECT_EQ(CodepointCount("\xE7\xA2x"), 2u);
  EXPECT_EQ(EncodeUtf8(std::u32string{0xD800, 0x110000, U'a'}), kFffd + kFffd + "a");
}

TEST(Utf8Test, CodepointCountAndSubstr) {
  EXPECT_EQ(CodepointCount(""), 0u);
  EXPECT_EQ(CodepointCount("碳达峰"), 3u);
  EXPECT_EQ(CodepointCount("2030年前碳达峰"), 9u);
  EXPECT_EQ(Utf8Substr("碳达峰行动", 0, 3), "碳达峰");
  EXPECT_EQ(Utf8Substr("碳达峰行动", 3), "行动");
  EXPECT_EQ(Utf8Substr("碳达峰行动", 2, 100), "峰行动");
  EXPECT_EQ(Utf8Substr("碳达峰行动", 9, 1), "");
  EXPECT_EQ(Utf8Substr("", 0, 1), "");
  EXPECT_EQ(Utf8Substr("a\xE7\xA2z", 1, 1), "\xE7\xA2");  // invalid subpart counts as one
}

TEST(WidthTest, ToHalfWidth) {
  EXPECT_EQ(ToHalfWidth("ＡＢ１２％（）"), "AB12%()");
  EXPECT_EQ(ToHalfWidth("１２．５％"), "12.5%");
  EXPECT_EQ(ToHalfWidth("万\u3000千瓦"), "万 千瓦");
  EXPECT_EQ(ToHalfWidth("区发改局、区工信局。"), "区发改局、区工信局。");
  EXPECT_EQ(ToHalfWidth(""), "");
  EXPECT_EQ(ToHalfWidth("a\xFFz"), "a" + kFffd + "z");
}

TEST(WidthTest, ToFullWidthPunctuation) {
  EXPECT_EQ(ToFullWidth("(a,b);c:d?"), "（a，b）；c：d？");
  EXPECT_EQ(ToFullWidth("50%"), "50％");
  EXPECT_EQ(ToFullWidth("1,000.5 and 12:30"), "1,000.5 and 12:30");  // inside numbers: kept
  EXPECT_EQ(ToFullWidth("AZaz09 "), "AZaz09 ");
  EXPECT_EQ(ToHalfWidth(ToFullWidth("(!\"#$&'*+-/<=>@[\\]^_`{|}~)")),
            "(!\"#$&'*+-/<=>@[\\]^_`{|}~)");
}

TEST(SpaceTest, Trim) {
  EXPECT_EQ(Trim("  abc \t\n"), "abc");
  EXPECT_EQ(Trim("\u3000万千瓦\u3000"), "万千瓦");
  EXPECT_EQ(Trim("\xEF\xBB\xBFindicator"), "indicator");  // BOM
  EXPECT_EQ(Trim("\xC2\xA0"
                 "5\xC2\xA0"),
            "5");  // NBSP
  EXPECT_EQ(Trim("a b"), "a b");
  EXPECT_EQ(Trim(""), "");
  EXPECT_EQ(Trim(" \u3000 "), "");
  EXPECT_EQ(Trim(" \xFF "), "\xFF");  // invalid bytes are content, not space
}

TEST(SpaceTest, CollapseSpaces) {
  EXPECT_EQ(CollapseSpaces("  a \t\u3000 b\n\nc  "), "a b c");
  EXPECT_EQ(CollapseSpaces(""), "");
  EXPECT_EQ(CollapseSpaces("\u3000\u3000"), "");
  EXPECT_EQ(CollapseSpaces("碳达峰"), "碳达峰");
}

TEST(SplitListTest, ChineseAndAsciiSeparators) {
  EXPECT_EQ(SplitList("区发改局、区工信局，区住建局;区交通局；区农业农村局,区林业局"),
            (std::vector<std::string>{"区发改局", "区工信局", "区住建局", "区交通局",
                                      "区农业农村局", "区林业局"}));
  EXPECT_EQ(SplitList(" 甲 、、\u3000乙\u3000，"), (std::vector<std::string>{"甲", "乙"}));
  EXPECT_TRUE(SplitList("").empty());
  EXPECT_TRUE(SplitList("、，;").empty());
  EXPECT_EQ(SplitList("only"), (std::vector<std::string>{"only"}));
  EXPECT_EQ(SplitList("a\xFF、b"), (std::vector<std::string>{"a" + kFffd, "b"}));
}

TEST(StringTest, ReplaceStartsEnds) {
  EXPECT_EQ(ReplaceAll("aXbXc", "X", "--"), "a--b--c");
  EXPECT_EQ(ReplaceAll("aaa", "aa", "b"), "ba");
  EXPECT_EQ(ReplaceAll("abc", "", "z"), "abc");
  EXPECT_EQ(ReplaceAll("万立方米", "立方米", "m³"), "万m³");
  EXPECT_TRUE(StartsWith("碳达峰", "碳"));
  EXPECT_FALSE(StartsWith("碳", "碳达峰"));
  EXPECT_TRUE(EndsWith("万千瓦", "千瓦"));
  EXPECT_FALSE(EndsWith("千瓦", "万千瓦"));
  EXPECT_TRUE(StartsWith("x", ""));
}

TEST(CjkTest, Ideographs) {
  EXPECT_TRUE(IsCjk(U'碳'));
  EXPECT_TRUE(IsCjk(U'\u3400'));
  EXPECT_TRUE(IsCjk(char32_t{0x20000}));
  EXPECT_FALSE(IsCjk(U'、'));
  EXPECT_FALSE(IsCjk(U'，'));
  EXPECT_FALSE(IsCjk(U'a'));
  EXPECT_FALSE(IsCjk(U'\u3000'));
}

// Random bytes (fixed seed, so deterministic): nothing crashes and the invariants hold.
TEST(Utf8Test, RandomBytesKeepInvariants) {
  std::mt19937 rng(20240327);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<size_t> length(0, 24);
  for (int round = 0; round < 2000; ++round) {
    std::string bytes(length(rng), '\0');
    for (char& c : bytes) c = static_cast<char>(byte(rng));
    const std::u32string cps = DecodeUtf8(bytes);
    ASSERT_EQ(CodepointCount(bytes), cps.size());
    const std::string repaired = EncodeUtf8(cps);
    ASSERT_TRUE(IsValidUtf8(repaired));
    ASSERT_EQ(IsValidUtf8(bytes), repaired == bytes);
    ASSERT_TRUE(IsValidUtf8(ToHalfWidth(bytes)));
    ASSERT_TRUE(IsValidUtf8(CollapseSpaces(bytes)));
    std::string rebuilt;
    for (size_t idx = 0; idx < cps.size(); ++idx) rebuilt += Utf8Substr(bytes, idx, 1);
    ASSERT_EQ(rebuilt, bytes);
    for (const std::string& item : SplitList(bytes)) ASSERT_TRUE(IsValidUtf8(item));
  }
}

}  // namespace
}  // namespace carbonpeak::text
