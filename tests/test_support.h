// Helpers shared by the tests that run the xposim binary and read its files.
#ifndef XPOSIM_TEST_SUPPORT_H
#define XPOSIM_TEST_SUPPORT_H

#include <dirent.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace xt {

inline std::string slurp(const std::string &path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

inline bool exists(const std::string &p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0;
}

inline std::vector<std::string> list(const std::string &dir, const std::string &suffix) {
  std::vector<std::string> out;
  if (DIR *d = opendir(dir.c_str())) {
    while (dirent *e = readdir(d)) {
      std::string n = e->d_name;
      if (n == "." || n == "..") continue;
      if (n.size() >= suffix.size() && n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0)
        out.push_back(n);
    }
    closedir(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Run a shell command; returns its exit code.
inline int sh(const std::string &cmd) {
  int st = std::system(cmd.c_str());
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

// The scratch directories the running test made: removed when it passes
// (test_main.cpp), kept when it fails or XPOSIM_KEEP_SCRATCH is set. Left
// in place, a suite's runs fill about 4 GB per build, and CI builds twice.
inline std::vector<std::string> &scratch_made() {
  static std::vector<std::string> made;
  return made;
}

// A fresh scratch directory under the build tree.
inline std::string scratch(const std::string &name) {
  char cwd[4096];
  std::string d = std::string(getcwd(cwd, sizeof cwd) ? cwd : ".") + "/test-scratch/" + name;
  sh("rm -rf '" + d + "' && mkdir -p '" + d + "'");
  scratch_made().push_back(d);
  return d;
}

// summary.json without the lines that may differ between equal runs.
inline std::string stable_summary(const std::string &dir) {
  std::istringstream in(slurp(dir + "/summary.json"));
  std::string line, out;
  while (std::getline(in, line))
    if (line.find("\"wall_time_s\"") == std::string::npos && line.find("\"kernel\"") == std::string::npos)
      out += line + "\n";
  return out;
}

// A number under "key": in summary.json.
inline double json_number(const std::string &json, const std::string &key) {
  size_t p = json.find("\"" + key + "\": ");
  if (p == std::string::npos || json.compare(p + key.size() + 4, 4, "null") == 0) return NAN;
  return std::strtod(json.c_str() + p + key.size() + 4, nullptr);
}

// A trace CSV as columns by name: time -> value (# lines skipped); a
// missing column or row fails the test.
struct Trace {
  std::vector<std::string> cols;
  std::vector<std::vector<double>> rows;
  explicit Trace(const std::string &path) {
    std::istringstream in(xt::slurp(path));
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      std::stringstream ss(line);
      std::string c;
      if (cols.empty()) {
        while (std::getline(ss, c, ',')) cols.push_back(c);
        continue;
      }
      std::vector<double> r;
      while (std::getline(ss, c, ',')) r.push_back(std::strtod(c.c_str(), nullptr));
      rows.push_back(r);
    }
  }
  size_t col(const std::string &name) const {
    for (size_t i = 0; i < cols.size(); i++)
      if (cols[i] == name) return i;
    ADD_FAILURE() << "no column " << name;
    return 0;
  }
  // The value at time t: the last row at or before t holds until the next
  // (a trace written on change leaves out rows that repeat the one before).
  double at(const std::string &name, double t) const {
    size_t c = col(name);
    const std::vector<double> *held = nullptr;
    for (const auto &r : rows) {
      if (r[0] > t + 1e-9) break;
      held = &r;
    }
    if (held && !rows.empty() && rows.back()[0] + 1e-9 >= t) return (*held)[c];
    ADD_FAILURE() << "no row at or before " << t << " (or the trace ends before it)";
    return NAN;
  }
};

// The reference topology stretched to an hour, its thermal clock kept busy:
// a run that is still going when a test interrupts it. Written into d.
inline std::string long_run(const std::string &src, const std::string &d) {
  std::string t = slurp(src + "/configs/reference.yaml");
  t.replace(t.find("duration: 60 s"), 14, "duration: 3600 s");
  t.replace(t.find("steady }"), 8, "steady, steady_tolerance: 0 K }");
  std::ofstream(d + "/long.yaml") << t;
  return d + "/long.yaml";
}

// Wait (at most 60 s) until the run writing into the partial directory has
// simulated something: its switch trace holds rows. Tests wait for this,
// not for a fixed time, so a loaded machine does not fail them.
inline bool wait_for_rows(const std::string &partial) {
  for (int i = 0; i < 600; i++) {
    if (slurp(partial + "/traces/switch.csv").size() > 3000) return true;
    usleep(100 * 1000);
  }
  return false;
}

// Run `bin run topo -o out`, wait until it has written rows, send it sig and
// wait for it: its exit code, -1 if the signal killed it, -2 if it never
// wrote a row.
inline int stop_run_midway(const std::string &bin, const std::string &topo, const std::string &out, int sig) {
  pid_t pid = fork();
  if (pid == 0) {
    execl(bin.c_str(), bin.c_str(), "run", topo.c_str(), "-o", out.c_str(), "--quiet", (char *)nullptr);
    _exit(127);
  }
  bool rows = wait_for_rows(out + ".partial-" + std::to_string(pid));
  kill(pid, rows ? sig : SIGKILL);
  int st;
  waitpid(pid, &st, 0);
  if (!rows) return -2;
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

}  // namespace xt
#endif
