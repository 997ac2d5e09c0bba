// libsystemc.so carries a main() that calls sc_main() and is linked with
// BIND_NOW, so whatever loads SystemC needs an sc_main symbol even though
// our programs have their own main() and start SystemC themselves. This
// weak stub is built into the SystemC module (xposim-systemc.so), visible
// so that libsystemc, loaded with the module, finds it.
extern "C" __attribute__((weak, visibility("default"))) int sc_main(int, char **) { return 1; }
