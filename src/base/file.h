// Whole-file reading and atomic whole-file writing, with errors a user can act on.
//
//   CPK_ASSIGN_OR_RETURN(std::string csv, ReadFile("data/indicators.csv"));
//   CPK_RETURN_IF_ERROR(WriteFileAtomic("out/report.json", json_text));
//
// WriteFileAtomic writes a temporary file in the target's folder, flushes it to disk (fsync),
// then renames it over the target and flushes the folder, so readers see the old content or
// the new content, never a half-written file. An existing target keeps its permission bits; a
// new one gets the usual permissions for new files (0666 minus the umask).
//
// Thread safety: safe to call concurrently; two concurrent writers of one path leave one of the
// two contents. Failure contract: errors are returned, never thrown. NotFound (missing file or
// folder), PermissionDenied, InvalidArgument (a folder where a file is expected) and
// Unavailable (other operating-system errors) each name the path and say what to do.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace carbonpeak {

/// Reads the whole file as bytes (no decoding, no newline translation).
Result<std::string> ReadFile(const std::string& path);

/// Replaces the file at `path` with `content` atomically; the folder must exist.
Status WriteFileAtomic(const std::string& path, std::string_view content);

}  // namespace carbonpeak
