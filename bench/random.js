// Deterministic draws for the benchmarks, so that every run measures the same inputs.

/** Pseudo-random numbers in [0, 1) from a seed (mulberry32). */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The index drawn by `r` in [0, 1) from cumulative `weights` (the last one is `total`). */
export function pickWeighted(weights, total, r) {
  const target = r * total;
  let lo = 0;
  let hi = weights.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (weights[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
