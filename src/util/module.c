/* module.c: see module.h. */
#include "util/module.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void *module_entry(const char *name, const char *symbol, char *why, size_t whysz) {
  char exe[4096], path[4200];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  exe[n > 0 ? n : 0] = 0;
  char *slash = strrchr(exe, '/');
  if (slash) *slash = 0;
  const char *dirs[] = {exe, XPOSIM_MODULE_DIR};
  void *h = NULL;
  for (size_t i = 0; i < sizeof dirs / sizeof dirs[0] && !h; i++) {
    snprintf(path, sizeof path, "%s/%s", dirs[i], name);
    h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  }
  void *entry = h ? dlsym(h, symbol) : NULL;
  if (!entry) {
    const char *e = dlerror();
    snprintf(why, whysz, "the module %s cannot be loaded (%s)", name,
             e ? e : "not found beside the program or in its build directory");
  }
  return entry;
}
