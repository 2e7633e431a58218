// Preloaded into a benchmarked child process (node -r): prints its peak
// resident set size and the CPU time it used (user and system, every
// thread) when it exits, so the parent can read them from stderr without
// depending on GNU time being installed.
process.on('exit', () => {
  const usage = process.resourceUsage();
  process.stderr.write(`\nCREWCOUNT_PEAK_RSS_KB=${usage.maxRSS}\nCREWCOUNT_CPU_US=${usage.userCPUTime + usage.systemCPUTime}\n`);
});
