// Preloaded into a benchmarked child process (node -r): prints its peak
// resident set size when it exits, so the parent can read it from stderr
// without depending on GNU time being installed.
process.on('exit', () => {
  process.stderr.write(`\nCREWCOUNT_PEAK_RSS_KB=${process.resourceUsage().maxRSS}\n`);
});
