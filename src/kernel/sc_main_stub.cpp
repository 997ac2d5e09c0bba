// libsystemc.so carries a main() that calls sc_main() and is linked with
// BIND_NOW, so every program that links SystemC needs an sc_main symbol even
// though our programs have their own main() and start SystemC themselves.
// This weak stub is compiled into each executable that links xposim_core
// (CMake INTERFACE source), whether or not it pulls the SystemC shim from the
// static library.
extern "C" __attribute__((weak)) int sc_main(int, char **) { return 1; }
