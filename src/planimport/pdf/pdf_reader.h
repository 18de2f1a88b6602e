// .pdf adapter (poppler-cpp): the text layer of every page in reading order, pages separated by
// a blank line (the layout re-joins sentences cut there), bare page-number lines dropped.
//
//   CPK_ASSIGN_OR_RETURN(std::string text, PdfToText(bytes, "plan.pdf"));
//
// Thread safety: poppler documents are created per call. Failure contract: InvalidArgument
// naming the file when the data is not a PDF, is damaged/truncated, is password-protected or
// has no text layer (a scan); nothing throws.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace carbonpeak::planimport {

Result<std::string> PdfToText(std::string_view bytes, std::string_view file_name);

}  // namespace carbonpeak::planimport
