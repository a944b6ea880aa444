#!/usr/bin/env python3
"""SciPy's side of `mfsweep bench --cases flow`: the gradient flow of a completion problem,
    dU/dt = -(1/m) A*(A(U U^T) - y) U,   A(X)_i = X[j_i, k_i],
integrated by solve_ivp with LSODA and with DOP853 at the given tolerances.

Reads one JSON object on stdin: n, d, rows, cols (0-based, j <= k), y, u0 (n x d column-major),
horizon, rtol, atol, repeats (LSODA), dop853_repeats. Prints one JSON object: per method the best wall and CPU (process_time)
seconds of its repeats and the median CPU seconds, the steps (LSODA: its internal steps; DOP853: accepted steps), nfev, njev and the
endpoint (column-major)."""
import json
import sys
import time

import numpy as np
from scipy.integrate import solve_ivp


def main():
    spec = json.load(sys.stdin)
    n, d = spec["n"], spec["d"]
    rows = np.asarray(spec["rows"], dtype=np.intp)
    cols = np.asarray(spec["cols"], dtype=np.intp)
    y = np.asarray(spec["y"], dtype=float)
    m = len(y)
    u0 = np.asarray(spec["u0"], dtype=float).reshape((n, d), order="F")
    # A*(r) = sum_i r_i (e_j e_k^T + e_k e_j^T)/2: r_i/2 at (j, k) and at (k, j), which on the
    # diagonal (j = k) adds up to r_i
    weight = 0.5

    def field(_t, flat):
        u = flat.reshape((n, d))
        r = np.einsum("ij,ij->i", u[rows], u[cols]) - y
        g = np.zeros((n, n))
        np.add.at(g, (rows, cols), weight * r)
        np.add.at(g, (cols, rows), weight * r)
        return (-(1.0 / m) * (g @ u)).ravel()

    def jacobian(_t, flat):
        # dF[δ] = -(1/m) [A*(A(δU^T + Uδ^T)) U + A*(r) δ], column by column
        u = flat.reshape((n, d))
        r = np.einsum("ij,ij->i", u[rows], u[cols]) - y
        g = np.zeros((n, n))
        np.add.at(g, (rows, cols), weight * r)
        np.add.at(g, (cols, rows), weight * r)
        jac = np.zeros((n * d, n * d))
        for c in range(n * d):
            delta = np.zeros(n * d)
            delta[c] = 1.0
            dm = delta.reshape((n, d))
            s = np.einsum("ij,ij->i", dm[rows], u[cols]) + np.einsum("ij,ij->i", u[rows], dm[cols])
            h = np.zeros((n, n))
            np.add.at(h, (rows, cols), weight * s)
            np.add.at(h, (cols, rows), weight * s)
            jac[:, c] = (-(1.0 / m) * (h @ u + g @ dm)).ravel()
        return jac

    start = u0.ravel()  # row-major flattening of U inside the integrator
    out = {}
    for method in ("LSODA", "DOP853"):
        best = float("inf")
        cpu = []
        sol = None
        repeats = spec.get("repeats", 3) if method == "LSODA" else spec.get("dop853_repeats", 1)
        for _ in range(repeats):
            t0 = time.perf_counter()
            c0 = time.process_time()
            kwargs = {"jac": jacobian} if method == "LSODA" else {}
            sol = solve_ivp(field, (0.0, spec["horizon"]), start, method=method, rtol=spec["rtol"],
                            atol=spec["atol"], **kwargs)
            best = min(best, time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        end = sol.y[:, -1].reshape((n, d))
        cpu.sort()
        out[method] = {"seconds": best, "cpu_seconds": cpu[0], "median_cpu_seconds": cpu[len(cpu) // 2], "steps": int(len(sol.t) - 1), "nfev": int(sol.nfev),
                       "njev": int(sol.njev), "status": int(sol.status), "t_end": float(sol.t[-1]),
                       "u_end": end.ravel(order="F").tolist()}
    json.dump(out, sys.stdout)
    print()


if __name__ == "__main__":
    main()
