// The store conformance suite: one set of tests every store backend must pass (SQLite now,
// PostgreSQL later). The tests are in store_conformance_test.cc; a backend joins by adding
// one instantiation with its own StoreBackendParam there (behind its build option):
//
//   INSTANTIATE_TEST_SUITE_P(Postgres, StoreConformanceTest,
//                            ::testing::Values(PostgresBackend()), BackendName);
//
// Each test calls `new_database()` once to get an empty database and the factory that opens
// it. The factory may be called again to reopen the same database: for durable backends the
// tests do so between writes, to prove that data survives and that migrations are not
// reapplied.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "domain/plan.h"
#include "store/store.h"
#include "tests/testing/fake_clock.h"

namespace carbonpeak::store {

using StoreFactory = std::function<Result<std::unique_ptr<Store>>(const Clock&)>;

struct StoreBackendParam {
  std::string name;  ///< gtest parameter name, e.g. "SqliteMemory".
  /// Creates a fresh, empty database and returns the factory that opens it. The factory owns
  /// whatever the database needs (temp files are removed when it is destroyed).
  std::function<StoreFactory()> new_database;
  /// True when reopening through the factory sees the data written before.
  bool durable = false;
};

/// gtest prints the backend by name, not as bytes.
inline void PrintTo(const StoreBackendParam& param, std::ostream* os) { *os << param.name; }

inline std::string BackendName(const ::testing::TestParamInfo<StoreBackendParam>& info) {
  return info.param.name;
}

class StoreConformanceTest : public ::testing::TestWithParam<StoreBackendParam> {
 protected:
  void SetUp() override {
    factory_ = GetParam().new_database();
    auto opened = factory_(clock_);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
  }

  void TearDown() override {
    store_.reset();
    factory_ = nullptr;  // removes temp files
  }

  /// Closes and reopens the database when the backend is durable; a no-op otherwise.
  void Reopen() {
    if (!GetParam().durable) return;
    store_.reset();
    auto opened = factory_(clock_);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
  }

  Store& store() { return *store_; }

  // Shared steps (defined with the tests).
  /// Registers 湖南省 430000, 常德市 430700, 鼎城区 430703, 怀化市 431200, 鹤城区 431202.
  void AddRegions();
  /// The audit entries matching `prefix` (all when empty), in id order.
  std::vector<AuditEntry> Audit(const std::string& prefix = "");
  /// Creates the plan, expecting success; 0 on failure.
  int64_t CreatePlan(const domain::Plan& plan);
  /// Gets the plan, expecting success; an empty plan on failure.
  domain::Plan GetPlan(int64_t id, std::optional<Timestamp> as_of = std::nullopt);

  FakeClock clock_;  // declared before store_: the store holds a reference to it
  StoreFactory factory_;
  std::unique_ptr<Store> store_;
};

}  // namespace carbonpeak::store
