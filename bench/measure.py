#!/usr/bin/env python3
# Runs a command with stdout to /dev/null and prints "wall_seconds peak_rss_kib exit_code" (peak RSS of the child tree).
import resource, subprocess, sys, time
t = time.monotonic()
p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wall = time.monotonic() - t
print(f"{wall:.3f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss} {p.returncode}")
