// Deterministic pseudo-random numbers. Every consumer derives its own stream from a string key
// (e.g. a county code), so changing one county never shifts the numbers drawn for another.

/** FNV-1a 32-bit hash of a string. */
export function hashString(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** sfc32 generator seeded from a string key; returns an object with helpers. */
export function rng(key) {
  let a = hashString('a:' + key);
  let b = hashString('b:' + key);
  let c = hashString('c:' + key);
  let d = 1;
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const r = (t + d) | 0;
    c = (c + r) | 0;
    return (r >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  const r = {
    next,
    /** uniform in [lo, hi) */
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    /** integer in [lo, hi] */
    int: (lo, hi) => lo + Math.floor((hi - lo + 1) * next()),
    /** standard normal (Box–Muller) */
    normal: () => {
      let u = next();
      while (u <= 1e-12) u = next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    chance: (p) => next() < p,
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    /** pick a key of an object of weights */
    weighted: (weights) => {
      const keys = Object.keys(weights);
      const total = keys.reduce((s, k) => s + weights[k], 0);
      let x = next() * total;
      for (const k of keys) {
        x -= weights[k];
        if (x < 0) return k;
      }
      return keys[keys.length - 1];
    },
    shuffle: (arr) => {
      const a2 = arr.slice();
      for (let i = a2.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [a2[i], a2[j]] = [a2[j], a2[i]];
      }
      return a2;
    },
  };
  return r;
}
