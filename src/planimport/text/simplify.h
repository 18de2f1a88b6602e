// Traditional → simplified Chinese (OpenCC "t2s"), line by line so that line numbers of the
// converted text still point at the original.
//
//   std::string text = ...;
//   bool converted = false;
//   Status s = ToSimplifiedIfTraditional(text, &converted);
//
// Thread safety: the converter is created once (thread-safe static) and only read afterwards.
// Failure contract: Unavailable when OpenCC or its t2s dictionary cannot be loaded; the text is
// then left unchanged. Never throws.
#pragma once

#include <string>

#include "base/status.h"

namespace carbonpeak::planimport {

/// Number of characters in `utf8` that exist only in traditional script (a common subset).
size_t CountTraditionalOnly(const std::string& utf8);

/// Converts `utf8` in place when it is written in traditional characters.
Status ToSimplifiedIfTraditional(std::string& utf8, bool* converted);

}  // namespace carbonpeak::planimport
