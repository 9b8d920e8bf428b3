#!/usr/bin/env python3
# Runs a command with stdout to /dev/null and prints "wall_seconds peak_rss_kib exit_code cpu_seconds"
# (peak RSS and user+system CPU time of the child tree).
import resource, subprocess, sys, time
t = time.monotonic()
p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wall = time.monotonic() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{wall:.3f} {ru.ru_maxrss} {p.returncode} {ru.ru_utime + ru.ru_stime:.3f}")
