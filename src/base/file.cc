#include "base/file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <optional>
#include <system_error>

namespace carbonpeak {
namespace {

std::string ErrnoText(int error) { return std::generic_category().message(error); }

// Closes a descriptor on scope exit unless released.
class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;
  ~FdCloser() {
    if (fd_ >= 0) ::close(fd_);
  }
  int Release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
};

Status ReadError(const std::string& path, int error) {
  switch (error) {
    case ENOENT:
    case ENOTDIR:
      return Status::NotFound(fmt::format(
          "cannot read \"{}\": the file does not exist; check the folder and the file name", path));
    case EACCES:
    case EPERM:
      return Status::PermissionDenied(fmt::format(
          "cannot read \"{}\": permission denied; ask the administrator for read access, or copy "
          "the file to a folder you can read",
          path));
    case EISDIR:
      return Status::InvalidArgument(fmt::format(
          "cannot read \"{}\": it is a folder, not a file; give the path of a file inside it",
          path));
    default:
      return Status::Unavailable(fmt::format("cannot read \"{}\": {}; check the file and try again",
                                             path, ErrnoText(error)));
  }
}

Status WriteError(const std::string& path, const std::string& dir, int error) {
  switch (error) {
    case ENOENT:
    case ENOTDIR:
      return Status::NotFound(
          fmt::format("cannot write \"{}\": the folder \"{}\" does not exist; create it first or "
                      "choose another folder",
                      path, dir));
    case EACCES:
    case EPERM:
    case EROFS:
      return Status::PermissionDenied(
          fmt::format("cannot write \"{}\": no permission to write in the folder \"{}\"; choose "
                      "a folder you can write to or ask the administrator for access",
                      path, dir));
    case EISDIR:
      return Status::InvalidArgument(fmt::format(
          "cannot write \"{}\": it is a folder, not a file; give a file name inside it", path));
    case ENOSPC:
    case EDQUOT:
      return Status::Unavailable(fmt::format(
          "cannot write \"{}\": the disk is full; free some space and try again", path));
    default:
      return Status::Unavailable(fmt::format(
          "cannot write \"{}\": {}; check the folder and try again", path, ErrnoText(error)));
  }
}

}  // namespace

Result<std::string> ReadFile(const std::string& path) {
  if (path.empty()) {
    return Status::InvalidArgument("no file name given; give the path of the file to read");
  }
  int fd = -1;
  do {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return ReadError(path, errno);
  FdCloser closer(fd);

  struct stat st {};
  if (::fstat(fd, &st) != 0) return ReadError(path, errno);
  if (S_ISDIR(st.st_mode)) return ReadError(path, EISDIR);

  std::string content;
  if (S_ISREG(st.st_mode) && st.st_size > 0) content.reserve(static_cast<size_t>(st.st_size));
  char buffer[1 << 16];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ReadError(path, errno);
    }
    if (n == 0) break;
    content.append(buffer, static_cast<size_t>(n));
  }
  return content;
}

Status WriteFileAtomic(const std::string& path, std::string_view content) {
  if (path.empty() || path.back() == '/') {
    return Status::InvalidArgument(
        fmt::format("cannot write \"{}\": no file name given; give the path of a file", path));
  }
  const size_t slash = path.rfind('/');
  const std::string dir =
      slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);

  std::optional<mode_t> keep_mode;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return WriteError(path, dir, EISDIR);
    if (S_ISREG(st.st_mode)) keep_mode = st.st_mode & 07777;
  }

  // A hidden, unique name in the same folder, so that rename() stays within one file system.
  static std::atomic<unsigned> counter{0};
  std::string temp;
  int fd = -1;
  for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
    temp = fmt::format("{}/.{}.tmp-{}-{}", dir, base, static_cast<long>(::getpid()),
                       counter.fetch_add(1));
    do {
      fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0 && errno != EEXIST) return WriteError(path, dir, errno);
  }
  if (fd < 0) return WriteError(path, dir, EEXIST);
  FdCloser closer(fd);
  const auto fail = [&](int error) {
    ::close(closer.Release());
    ::unlink(temp.c_str());
    return WriteError(path, dir, error);
  };

  if (keep_mode && ::fchmod(fd, *keep_mode) != 0) return fail(errno);
  size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(errno);
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) return fail(errno);
  if (::close(closer.Release()) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    return WriteError(path, dir, error);
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    return WriteError(path, dir, error);
  }
  // Make the rename itself durable. Some file systems refuse fsync on a folder (EINVAL); the
  // new content is in place either way, so this step is best effort.
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    (void)::fsync(dir_fd);
    ::close(dir_fd);
  }
  return Status::Ok();
}

}  // namespace carbonpeak
