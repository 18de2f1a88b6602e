#include "base/file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace carbonpeak {
namespace {

namespace fs = std::filesystem;

// A fresh temporary folder per test, removed afterwards.
class FileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "cpk_file_test_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::add, ignored);
    fs::remove_all(dir_, ignored);
  }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  static std::vector<std::string> Names(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) {
      names.push_back(entry.path().filename().string());
    }
    return names;
  }

  fs::path dir_;
};

TEST_F(FileTest, WriteThenReadRoundTrip) {
  const std::string path = Path("plan.json");
  static constexpr char kRaw[] = "碳达峰\r\n\0binary\xFF";
  const std::string content(kRaw, sizeof(kRaw) - 1);
  ASSERT_TRUE(WriteFileAtomic(path, content).ok());
  Result<std::string> read = ReadFile(path);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(*read, content);
  EXPECT_EQ(Names(dir_), std::vector<std::string>{"plan.json"});  // no temp file left
}

TEST_F(FileTest, EmptyFileAndLargeFile) {
  ASSERT_TRUE(WriteFileAtomic(Path("empty"), "").ok());
  EXPECT_EQ(ReadFile(Path("empty")).value(), "");
  std::string big(300000, 'x');
  big[123456] = 'y';
  ASSERT_TRUE(WriteFileAtomic(Path("big"), big).ok());
  EXPECT_EQ(ReadFile(Path("big")).value(), big);
}

TEST_F(FileTest, OverwriteReplacesContentAndKeepsMode) {
  const std::string path = Path("report.csv");
  ASSERT_TRUE(WriteFileAtomic(path, "old content that is longer").ok());
  ASSERT_EQ(::chmod(path.c_str(), 0640), 0);
  ASSERT_TRUE(WriteFileAtomic(path, "new").ok());
  EXPECT_EQ(ReadFile(path).value(), "new");
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0640u);
  EXPECT_EQ(Names(dir_).size(), 1u);
}

TEST_F(FileTest, ConcurrentWritersLeaveOneWholeContent) {
  const std::string path = Path("shared.txt");
  const std::string a(100000, 'a');
  const std::string b(100000, 'b');
  std::thread ta([&] {
    for (int round = 0; round < 10; ++round) ASSERT_TRUE(WriteFileAtomic(path, a).ok());
  });
  std::thread tb([&] {
    for (int round = 0; round < 10; ++round) ASSERT_TRUE(WriteFileAtomic(path, b).ok());
  });
  ta.join();
  tb.join();
  const std::string final_content = ReadFile(path).value();
  EXPECT_TRUE(final_content == a || final_content == b);
  EXPECT_EQ(Names(dir_).size(), 1u);
}

TEST_F(FileTest, MissingFileIsNotFoundAndNamesThePath) {
  const std::string path = Path("no_such_file.csv");
  Result<std::string> read = ReadFile(path);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), StatusCode::kNotFound);
  EXPECT_NE(read.status().message().find(path), std::string::npos);
  EXPECT_NE(read.status().message().find("does not exist"), std::string::npos);
  // A file "inside" a regular file: ENOTDIR, reported the same way.
  ASSERT_TRUE(WriteFileAtomic(Path("plain"), "x").ok());
  EXPECT_EQ(ReadFile(Path("plain") + "/child").status().code(), StatusCode::kNotFound);
}

TEST_F(FileTest, DirectoryIsRejected) {
  Result<std::string> read = ReadFile(dir_.string());
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(read.status().message().find("folder"), std::string::npos);

  fs::create_directory(dir_ / "sub");
  const Status write = WriteFileAtomic(Path("sub"), "x");
  EXPECT_EQ(write.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(write.message().find("folder"), std::string::npos);
  EXPECT_EQ(WriteFileAtomic(Path("sub") + "/", "x").code(), StatusCode::kInvalidArgument);
}

TEST_F(FileTest, EmptyPath) {
  EXPECT_EQ(ReadFile("").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(WriteFileAtomic("", "x").code(), StatusCode::kInvalidArgument);
}

TEST_F(FileTest, WriteIntoMissingFolder) {
  const std::string path = Path("missing/out.json");
  const Status s = WriteFileAtomic(path, "{}");
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_NE(s.message().find("missing"), std::string::npos);
  EXPECT_NE(s.message().find("create it"), std::string::npos);
}

TEST_F(FileTest, PermissionErrors) {
  if (::geteuid() == 0) GTEST_SKIP() << "running as root: file permissions are not enforced";
  const std::string path = Path("secret.csv");
  ASSERT_TRUE(WriteFileAtomic(path, "x").ok());
  ASSERT_EQ(::chmod(path.c_str(), 0), 0);
  EXPECT_EQ(ReadFile(path).status().code(), StatusCode::kPermissionDenied);

  fs::create_directory(dir_ / "locked");
  fs::permissions(dir_ / "locked", fs::perms::owner_read | fs::perms::owner_exec);
  const Status s = WriteFileAtomic(Path("locked/out.csv"), "x");
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied) << s.ToString();
}

TEST_F(FileTest, RelativePathInCurrentFolder) {
  const fs::path old_cwd = fs::current_path();
  fs::current_path(dir_);
  const Status s = WriteFileAtomic("relative.txt", "here");
  Result<std::string> read = ReadFile("relative.txt");
  fs::current_path(old_cwd);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(read.value(), "here");
}

}  // namespace
}  // namespace carbonpeak
