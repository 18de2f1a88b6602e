#include "monitor/internal/cold_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace carbonpeak::monitor::internal {
namespace {

std::atomic<uint64_t> next_store_id{1};

[[noreturn]] void Die(const char* what, int error) {
  std::fprintf(stderr,
               "carbonpeak monitor: the spill file of old readings could not be %s (%s); the "
               "engine cannot continue. Check the data folder's disk, then restart: the log and "
               "segments hold everything\n",
               what, std::strerror(error));
  std::abort();
}

}  // namespace

Result<std::unique_ptr<ColdStore>> ColdStore::Create(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  int fd = -1;
#ifdef O_TMPFILE
  fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
#endif
  if (fd < 0) {  // no O_TMPFILE here: a named file, unlinked at once
    std::string pattern = dir + "/spill-XXXXXX";
    fd = ::mkstemp(pattern.data());
    if (fd >= 0) ::unlink(pattern.c_str());
  }
  if (fd < 0) {
    return Status::Unavailable("cannot create the monitor's spill file in " + dir + ": " +
                               std::strerror(errno) + "; check that the folder is writable");
  }
  return std::unique_ptr<ColdStore>(new ColdStore(fd, next_store_id.fetch_add(1)));
}

ColdStore::~ColdStore() { ::close(fd_); }

ColdRef ColdStore::Append(std::string_view bytes) {
  ColdRef ref{size_, static_cast<uint32_t>(bytes.size())};
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n =
        ::pwrite(fd_, bytes.data() + done, bytes.size() - done, static_cast<off_t>(size_ + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) Die("written", n < 0 ? errno : ENOSPC);
    done += static_cast<size_t>(n);
  }
  size_ += bytes.size();
  return ref;
}

void ColdStore::Read(ColdRef ref, std::string& out) const {
  out.resize(ref.length);
  size_t done = 0;
  while (done < ref.length) {
    const ssize_t n =
        ::pread(fd_, out.data() + done, ref.length - done, static_cast<off_t>(ref.offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) Die("read", n < 0 ? errno : EIO);
    done += static_cast<size_t>(n);
  }
}

}  // namespace carbonpeak::monitor::internal
