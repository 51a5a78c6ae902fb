"""Kernel start time, execute round trip and idle CPU: MoE Lab's kernel against Debian's ipykernel.

Not a unit test. Both kernels are started by Jupyter's own client in the same run, so the numbers
compare on the same machine and load:

    mvn -q -pl kernel -am test-compile dependency:build-classpath \
        -Dmdep.outputFile=/tmp/moe-cp.txt -Dmdep.includeScope=test
    /usr/bin/python3 kernel/src/test/python/bench_latency.py \
        --classpath "$PWD/kernel/target/classes:$(cat /tmp/moe-cp.txt)"

Round trip: from sending execute_request until the kernel's idle status for it has arrived (the
reply and all output included), for a trivial cell, after warm-up. Start: from launching the
process until the first kernel_info_reply. Idle CPU: user+system time of the kernel process over
a quiet interval, as a share of one core.
"""

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time

from jupyter_client.manager import start_new_kernel

CLK_TCK = os.sysconf("SC_CLK_TCK")


def write_moe_spec(root, classpath):
    spec_dir = os.path.join(root, "kernels", "moe-bench")
    os.makedirs(spec_dir)
    argv = [os.path.join(os.environ.get("JAVA_HOME", "/usr"), "bin", "java"),
            "-Dai.djl.offline=true", "-cp", classpath, "org.moelab.kernel.MoeKernel", "{connection_file}"]
    with open(os.path.join(spec_dir, "kernel.json"), "w") as f:
        json.dump({"argv": argv, "display_name": "MoE Lab (bench)", "language": "moe",
                   "interrupt_mode": "message", "env": {"OPT_OUT_TRACKING": "true"}}, f)


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def round_trip(kc, code):
    start = time.perf_counter()
    msg_id = kc.execute(code)
    while True:
        msg = kc.get_iopub_msg(timeout=30)
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"):
            break
    elapsed = time.perf_counter() - start
    reply = kc.get_shell_msg(timeout=30)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=30)
    assert reply["content"]["status"] == "ok", reply["content"]
    return elapsed


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def measure(kernel_name, code, starts, cells, idle_seconds):
    start_times = []
    for _ in range(starts):
        t0 = time.perf_counter()
        km, kc = start_new_kernel(kernel_name=kernel_name, startup_timeout=120)
        start_times.append(time.perf_counter() - t0)
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    km, kc = start_new_kernel(kernel_name=kernel_name, startup_timeout=120)
    try:
        for _ in range(50):
            round_trip(kc, code)
        trips = [round_trip(kc, code) for _ in range(cells)]
        pid = km.provisioner.process.pid
        time.sleep(1.0)
        before = cpu_seconds(pid)
        time.sleep(idle_seconds)
        idle_cpu = (cpu_seconds(pid) - before) / idle_seconds
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return {
        "kernel": kernel_name,
        "cell": code,
        "start_s_median": statistics.median(start_times),
        "round_trip_ms_p50": 1000 * percentile(trips, 50),
        "round_trip_ms_p99": 1000 * percentile(trips, 99),
        "idle_cpu_percent": 100 * idle_cpu,
        "cells": cells,
        "starts": starts,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--classpath", required=True, help="class path that runs org.moelab.kernel.MoeKernel")
    parser.add_argument("--starts", type=int, default=3)
    parser.add_argument("--cells", type=int, default=500)
    parser.add_argument("--idle-seconds", type=float, default=10.0)
    args = parser.parse_args()

    root = tempfile.mkdtemp(prefix="moe-bench-")
    try:
        os.environ["JUPYTER_PATH"] = root
        os.environ["JUPYTER_RUNTIME_DIR"] = os.path.join(root, "runtime")
        write_moe_spec(root, args.classpath)
        rows = [
            measure("moe-bench", "1 + 2", args.starts, args.cells, args.idle_seconds),
            measure("python3", "1 + 2", args.starts, args.cells, args.idle_seconds),
        ]
    finally:
        shutil.rmtree(root, ignore_errors=True)

    print("| kernel | start (median) | execute round trip p50 | p99 | idle CPU |")
    print("|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['kernel']} | {r['start_s_median']:.2f} s | {r['round_trip_ms_p50']:.2f} ms"
              f" | {r['round_trip_ms_p99']:.2f} ms | {r['idle_cpu_percent']:.2f} % |")
    print(json.dumps(rows, indent=2), file=sys.stderr)


if __name__ == "__main__":
    main()
