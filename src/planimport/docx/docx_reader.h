// .docx adapter (libzip + pugixml): the document's paragraphs and tables as plain text in the
// importer's flattened layout: one paragraph per line; a table as rows separated by a blank
// line, each cell starting on a line led by a tab (further paragraphs of a cell follow on their
// own lines). Deleted revisions are dropped, inserted ones kept; fields and bookmarks vanish.
//
//   CPK_ASSIGN_OR_RETURN(std::string text, DocxToText(bytes, "plan.docx"));
//
// Thread safety: pure. Failure contract: InvalidArgument naming the file when it is not a zip,
// is truncated, encrypted (password-protected Word files are not zips at all) or has no
// word/document.xml; nothing throws.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace carbonpeak::planimport {

Result<std::string> DocxToText(std::string_view bytes, std::string_view file_name);

}  // namespace carbonpeak::planimport
