// The tests' main(). It is an object file, not gtest_main from a static
// archive: libsystemc.so exports a main() of its own, and the linker would
// otherwise take that one (it calls sc_main and runs no test).
#include <gtest/gtest.h>

int main(int argc, char **argv) {
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
