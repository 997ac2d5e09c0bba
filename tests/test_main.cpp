// The tests' main(). It is an object file, not gtest_main from a static
// archive: libsystemc.so exports a main() of its own, and the linker would
// otherwise take that one (it calls sc_main and runs no test).
#include <gtest/gtest.h>

#include <cstdlib>

#include "test_support.h"

namespace {
// A passed test's scratch directories go; a failed one's stay to be read.
class ScratchCleaner : public ::testing::EmptyTestEventListener {
  void OnTestEnd(const ::testing::TestInfo &info) override {
    std::vector<std::string> &made = xt::scratch_made();
    if (info.result()->Passed() && !std::getenv("XPOSIM_KEEP_SCRATCH"))
      for (const std::string &d : made) xt::sh("rm -rf '" + d + "'");
    made.clear();
  }
};
}  // namespace

int main(int argc, char **argv) {
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::UnitTest::GetInstance()->listeners().Append(new ScratchCleaner);
  return RUN_ALL_TESTS();
}
