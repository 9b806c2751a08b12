"""Run a command under a numerical configuration that changes the floating-point path.

Usage:
    python tools/numerics_env.py PASS -- COMMAND [ARGS...]
    python tools/numerics_env.py PASS            # print what PASS sets on this machine

The notebooks store their outputs as text, and nbval compares them, so a shown number must not
depend on how the arithmetic happened to be carried out. ``make test-numerics`` runs the notebook
tests under the passes below, which change the order and the instructions of the floating-point
operations without changing the maths:

``blas1-sandybridge-nosimd``
    one BLAS/OpenMP thread; OpenBLAS's Sandybridge kernels (AVX, no FMA) instead of the ones it
    picks for this CPU; numpy's SIMD loops beyond its baseline switched off
    (``NPY_DISABLE_CPU_FEATURES`` lists every feature numpy's build dispatches to that this CPU
    has; numpy refuses to disable a baseline feature, so those are never listed).
``haswell-noavx512``
    two BLAS threads; OpenBLAS's Haswell kernels (AVX2 with FMA); numpy's AVX-512 loops off
    (its AVX2 ones stay on).

Settings that do not apply here are left out (no OpenBLAS core type on a non-x86 CPU or with a
BLAS other than OpenBLAS; MKL gets ``MKL_CBWR`` instead), so a pass never fails for a reason
unrelated to the notebooks. ``default`` and ``default-again`` set nothing (for
tools/audit_notebook_numbers.py, which compares two plain runs as well).
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys

THREAD_KEYS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
ALL_KEYS = (*THREAD_KEYS, "OPENBLAS_CORETYPE", "MKL_CBWR", "NPY_DISABLE_CPU_FEATURES")


def _numpy_facts() -> dict:
    """numpy's SIMD baseline/dispatch lists, the CPU's features and its BLAS, read in a clean child
    process (an ``NPY_DISABLE_CPU_FEATURES`` already set would change the answer, or stop numpy)."""
    code = (
        "import json, numpy\n"
        "try:\n    from numpy._core import _multiarray_umath as m\n"
        "except ImportError:\n    from numpy.core import _multiarray_umath as m\n"
        "try:\n    blas = numpy.show_config(mode='dicts')['Build Dependencies']['blas']['name']\n"
        "except Exception:\n    blas = ''\n"
        "print(json.dumps({'baseline': list(m.__cpu_baseline__), 'dispatch': list(m.__cpu_dispatch__),\n"
        "                  'has': [k for k, v in m.__cpu_features__.items() if v], 'blas': blas}))\n"
    )
    env = {key: value for key, value in os.environ.items() if key not in ALL_KEYS}
    import json

    return json.loads(subprocess.run([sys.executable, "-c", code], env=env, check=True,
                                     capture_output=True, text=True).stdout)


def _disabled_simd(facts: dict, keep=lambda feature: False) -> str:
    """The dispatched features this CPU has, minus the baseline (numpy refuses to disable those)."""
    baseline = set(facts["baseline"])
    return " ".join(f for f in facts["dispatch"] if f in facts["has"] and f not in baseline and not keep(f))


def configuration(name: str) -> dict[str, str]:
    """The environment variables a pass sets on this machine (``"all-keys"``: every key any pass sets)."""
    if name == "all-keys":
        return dict.fromkeys(ALL_KEYS, "")
    if name in ("default", "default-again"):
        return {}
    facts = _numpy_facts()
    blas = facts["blas"].lower()
    x86 = platform.machine().lower() in ("x86_64", "amd64", "i686", "i386")
    if name == "blas1-sandybridge-nosimd":
        env = dict.fromkeys(THREAD_KEYS, "1")
        coretype, mkl_cbwr = "Sandybridge", "AVX"
        simd = _disabled_simd(facts)
    elif name == "haswell-noavx512":
        env = dict.fromkeys(THREAD_KEYS, "2")
        coretype, mkl_cbwr = "Haswell", "AVX2"
        simd = _disabled_simd(facts, keep=lambda f: not ("AVX512" in f or f == "X86_V4"))
    else:
        raise SystemExit(f"unknown pass {name!r}; one of: blas1-sandybridge-nosimd, haswell-noavx512, default")
    if "openblas" in blas and x86:
        env["OPENBLAS_CORETYPE"] = coretype
    if "mkl" in blas:
        env["MKL_CBWR"] = mkl_cbwr
    if simd:
        env["NPY_DISABLE_CPU_FEATURES"] = simd
    return env


def main(argv: list[str]) -> int:
    if not argv or argv[0].startswith("-"):
        print(__doc__)
        return 2
    name, rest = argv[0], argv[1:]
    env = configuration(name)
    shown = " ".join(f"{key}={value!r}" if " " in value else f"{key}={value}" for key, value in env.items())
    if not rest:
        print(shown)
        return 0
    if rest[0] == "--":
        rest = rest[1:]
    print(f"numerical configuration '{name}': {shown or '(nothing set)'}", flush=True)
    child_env = {key: value for key, value in os.environ.items() if key not in ALL_KEYS}
    child_env.update(env)
    return subprocess.run(rest, env=child_env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
