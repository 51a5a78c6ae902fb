#!/usr/bin/python3
"""PyTorch baseline for `moe bench train`: one forward+backward step of a Mixtral-style MoE layer.

Same shapes and loss as TrainStepBench: x [T, d]; router Linear(d, E) without bias; top-k of the
softmax, renormalised; SwiGLU experts w1, w3 [f, d], w2 [d, f]; tokens gathered per expert (the HF
Mixtral loop); loss = sum(y * g) / T. Prints one JSON line with the median and min milliseconds.
Run by the bench with /usr/bin/python3 (Debian's python3-torch); never needs the network.
"""
import json
import statistics
import sys
import time

import torch


def step(x, g, gate, w1, w2, w3, k):
    for p in (gate, w1, w2, w3):
        p.grad = None
    probs = torch.softmax(x @ gate.t(), dim=-1)
    weights, chosen = torch.topk(probs, k, dim=-1)
    weights = weights / weights.sum(dim=-1, keepdim=True)
    y = torch.zeros_like(x)
    for e in range(w1.shape[0]):
        token, slot = torch.where(chosen == e)
        if token.numel() == 0:
            continue
        xe = x[token]
        h = torch.nn.functional.silu(xe @ w1[e].t()) * (xe @ w3[e].t())
        y = y.index_add(0, token, (h @ w2[e].t()) * weights[token, slot].unsqueeze(-1))
    loss = (y * g).sum() / x.shape[0]
    loss.backward()
    return loss


def main():
    t, d, f, e, k, runs = (int(a) for a in sys.argv[1:7])
    torch.manual_seed(0)
    x = torch.randn(t, d)
    g = torch.randn(t, d)
    gate = (torch.rand(e, d) * 2 - 1).div_(d ** 0.5).requires_grad_()
    w1 = (torch.rand(e, f, d) * 2 - 1).div_(d ** 0.5).requires_grad_()
    w3 = (torch.rand(e, f, d) * 2 - 1).div_(d ** 0.5).requires_grad_()
    w2 = (torch.rand(e, d, f) * 2 - 1).div_(f ** 0.5).requires_grad_()
    step(x, g, gate, w1, w2, w3, k)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step(x, g, gate, w1, w2, w3, k)
        times.append((time.perf_counter() - start) * 1e3)
    print(json.dumps({"median_ms": statistics.median(times), "min_ms": min(times), "threads": torch.get_num_threads(),
                      "torch": torch.__version__, "blas": torch.__config__.show().count("openblas") > 0}))


if __name__ == "__main__":
    main()
