/*
 * module.h: the parts of xposim built as modules of their own (the SystemC
 * kernel, MPI) so that the common path never loads their libraries. A
 * module is looked for beside the program, then in the build directory it
 * was built in (test programs live below it); nothing from an input or the
 * environment names the path.
 */
#ifndef XPOSIM_MODULE_H
#define XPOSIM_MODULE_H

#include <stddef.h>

/* Module name's entry symbol, or NULL with the reason in why. The module
 * stays loaded until exit. */
void *module_entry(const char *name, const char *symbol, char *why, size_t whysz);

#endif
