// Decoding of plan text files: detects UTF-8 (with or without BOM), UTF-16 with a BOM and
// GB18030 (the superset of GBK/GB2312 that Chinese Word exports use), and refuses binary data.
//
//   CPK_ASSIGN_OR_RETURN(DecodedText decoded, DecodeText(bytes, "plan.txt"));
//   // decoded.utf8 is valid UTF-8; decoded.encoding is "utf-8", "gb18030", ...
//
// Thread safety: pure functions. Failure contract: InvalidArgument naming the file when the
// bytes are empty, binary or in no supported encoding; never throws.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace carbonpeak::planimport {

struct DecodedText {
  std::string utf8;
  std::string encoding;  ///< "utf-8", "utf-8-bom", "utf-16le", "utf-16be" or "gb18030".
};

/// True when the bytes look like binary data (NUL bytes or many control characters).
bool LooksBinary(std::string_view bytes);

/// Decodes `bytes` to UTF-8. `file_name` is only used in messages.
Result<DecodedText> DecodeText(std::string_view bytes, std::string_view file_name);

}  // namespace carbonpeak::planimport
