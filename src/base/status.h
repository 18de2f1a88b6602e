// carbonpeak::Status and carbonpeak::Result<T>: errors as values across module boundaries.
//
// A Status is OK or carries a code, a message written for a county statistics officer and a
// context chain ("while importing plan.json: targets[3]: ..."). Result<T> holds a value or a
// non-OK Status. The API is the shared subset of absl::StatusOr and std::expected.
//
//   Result<Plan> LoadPlan(const std::string& path) {
//     CPK_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
//     if (text.empty()) return Status::InvalidArgument(path + ": file is empty");
//     return ParsePlan(text);
//   }
//
// Thread safety: values; copy freely. Failure: value() on an error Result aborts (a bug).
#pragma once

#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace carbonpeak {

/// Canonical error codes. Stored and sent over the API: append only.
enum class StatusCode : int {
  kOk = 0,
  kInvalidArgument = 1,
  kNotFound = 2,
  kAlreadyExists = 3,
  kFailedPrecondition = 4,
  kUnauthenticated = 5,
  kPermissionDenied = 6,
  kUnavailable = 7,
  kInternal = 8,
  kDataLoss = 9,
  kOutOfRange = 10,
  kUnimplemented = 11,
};

/// Short stable English name of a code ("invalid_argument").
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string m) {
    return {StatusCode::kInvalidArgument, std::move(m)};
  }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
  static Status FailedPrecondition(std::string m) {
    return {StatusCode::kFailedPrecondition, std::move(m)};
  }
  static Status Unauthenticated(std::string m) {
    return {StatusCode::kUnauthenticated, std::move(m)};
  }
  static Status PermissionDenied(std::string m) {
    return {StatusCode::kPermissionDenied, std::move(m)};
  }
  static Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
  static Status DataLoss(std::string m) { return {StatusCode::kDataLoss, std::move(m)}; }
  static Status OutOfRange(std::string m) { return {StatusCode::kOutOfRange, std::move(m)}; }
  static Status Unimplemented(std::string m) { return {StatusCode::kUnimplemented, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  /// Returns a copy whose message is prefixed by `context` ("plan.json: " + message).
  /// OK statuses stay OK.
  Status WithContext(std::string_view context) const;

  /// "invalid_argument: <message>", or "ok".
  std::string ToString() const;

  friend bool operator==(const Status& a, const Status& b) {
    return a.code_ == b.code_ && a.message_ == b.message_;
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

[[noreturn]] void CheckFailed(const char* file, int line, const char* condition,
                              std::string_view message);

template <typename T>
class [[nodiscard]] Result {
 public:
  // Implicit on purpose: `return value;` and `return Status::NotFound(...)` both work.
  Result(T value) : data_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Status status) : data_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    if (std::get<Status>(data_).ok()) {
      CheckFailed(__FILE__, __LINE__, "!status.ok()", "Result constructed from an OK Status");
    }
  }

  bool ok() const { return std::holds_alternative<T>(data_); }
  Status status() const { return ok() ? Status() : std::get<Status>(data_); }

  T& value() & { return Get(); }
  const T& value() const& { return const_cast<Result*>(this)->Get(); }
  T&& value() && { return std::move(Get()); }
  T& operator*() & { return Get(); }
  const T& operator*() const& { return const_cast<Result*>(this)->Get(); }
  T&& operator*() && { return std::move(Get()); }
  T* operator->() { return &Get(); }
  const T* operator->() const { return &const_cast<Result*>(this)->Get(); }

  /// The value, or `fallback` when this holds an error.
  T value_or(T fallback) const& { return ok() ? std::get<T>(data_) : std::move(fallback); }

 private:
  T& Get() {
    if (!ok()) {
      CheckFailed(__FILE__, __LINE__, "ok()", std::get<Status>(data_).ToString());
    }
    return std::get<T>(data_);
  }
  std::variant<Status, T> data_;
};

namespace internal {
inline Status AsStatus(Status s) { return s; }
template <typename T>
Status AsStatus(const Result<T>& r) {
  return r.status();
}
}  // namespace internal

}  // namespace carbonpeak

#define CPK_INTERNAL_CONCAT_(a, b) a##b
#define CPK_INTERNAL_CONCAT(a, b) CPK_INTERNAL_CONCAT_(a, b)

/// Returns from the enclosing function when `expr` (a Status or Result) is not OK.
#define CPK_RETURN_IF_ERROR(expr)                                                \
  do {                                                                           \
    ::carbonpeak::Status cpk_status_ = ::carbonpeak::internal::AsStatus((expr)); \
    if (!cpk_status_.ok()) return cpk_status_;                                   \
  } while (false)

/// `CPK_ASSIGN_OR_RETURN(auto x, MakeX());` declares/assigns lhs or returns the error.
#define CPK_ASSIGN_OR_RETURN(lhs, rexpr) \
  CPK_INTERNAL_ASSIGN_OR_RETURN(CPK_INTERNAL_CONCAT(cpk_result_, __LINE__), lhs, rexpr)
#define CPK_INTERNAL_ASSIGN_OR_RETURN(result, lhs, rexpr) \
  auto result = (rexpr);                                  \
  if (!result.ok()) return result.status();               \
  lhs = std::move(result).value()

/// Always-on invariant check. Never use it on user input.
#define CPK_CHECK(cond)                                                    \
  do {                                                                     \
    if (!(cond)) ::carbonpeak::CheckFailed(__FILE__, __LINE__, #cond, ""); \
  } while (false)

#ifdef NDEBUG
#define CPK_DCHECK(cond) \
  do {                   \
  } while (false)
#else
#define CPK_DCHECK(cond) CPK_CHECK(cond)
#endif
