// Small planar geometry helpers on GeoJSON-style coordinate arrays.
// A "multi" is a MultiPolygon coordinate array: [polygon][ring][point] with closed rings.
import polygonClipping from 'polygon-clipping';

export const round4 = (v) => Math.round(v * 1e4) / 1e4;
export const round7 = (v) => Math.round(v * 1e7) / 1e7;
export const onGrid4 = (v) => round4(v) === v;

/** Signed shoelace area of a closed ring (counter-clockwise positive). */
export function ringArea(ring) {
  let s = 0;
  for (let i = 0, n = ring.length - 1; i < n; i++) {
    s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  }
  return s / 2;
}

/** Area of a multi whose shells and holes may be wound either way. */
export function multiArea(multi) {
  let a = 0;
  for (const poly of multi) {
    poly.forEach((ring, i) => {
      const r = Math.abs(ringArea(ring));
      a += i === 0 ? r : -r;
    });
  }
  return a;
}

/** Area-weighted centroid of a multi. */
export function multiCentroid(multi) {
  let ax = 0, ay = 0, aa = 0;
  for (const poly of multi) {
    poly.forEach((ring, idx) => {
      const sign = Math.sign(ringArea(ring)) * (idx === 0 ? 1 : -1) || 1;
      for (let i = 0, n = ring.length - 1; i < n; i++) {
        const [x0, y0] = ring[i];
        const [x1, y1] = ring[i + 1];
        const f = x0 * y1 - x1 * y0;
        ax += sign * (x0 + x1) * f;
        ay += sign * (y0 + y1) * f;
        aa += sign * f;
      }
    });
  }
  if (Math.abs(aa) < 1e-300) return null;
  return [ax / (3 * aa), ay / (3 * aa)];
}

export function multiBBox(multi) {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const poly of multi) for (const ring of poly) for (const [x, y] of ring) {
    if (x < x0) x0 = x;
    if (y < y0) y0 = y;
    if (x > x1) x1 = x;
    if (y > y1) y1 = y;
  }
  return [x0, y0, x1, y1];
}

/** Even–odd point in multi test. */
export function pointInMulti([px, py], multi) {
  let inside = false;
  for (const poly of multi) for (const ring of poly) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if ((yi > py) !== (yj > py) && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

export const mapMulti = (multi, f) => multi.map((poly) => poly.map((ring) => ring.map(f)));

export function countPoints(multi) {
  let n = 0;
  for (const poly of multi) for (const ring of poly) n += ring.length;
  return n;
}

/** Removes consecutive duplicate points; returns null for rings that collapse. */
export function dedupeRing(ring) {
  const out = [];
  for (const p of ring) {
    const q = out[out.length - 1];
    if (!q || q[0] !== p[0] || q[1] !== p[1]) out.push(p);
  }
  if (out.length > 1) {
    const a = out[0], b = out[out.length - 1];
    if (a[0] !== b[0] || a[1] !== b[1]) out.push([a[0], a[1]]);
  }
  return out.length >= 4 ? out : null;
}

/**
 * Turns arbitrary (self-intersecting, duplicated, overlapping) polygon input into a clean multi
 * whose coordinates all lie on the 4-decimal grid: union, snap new vertices to the grid, repeat
 * until the union no longer creates off-grid vertices.
 */
export function cleanToGrid(multi) {
  let cur = mapMulti(multi, ([x, y]) => [round4(x), round4(y)]);
  for (let iter = 0; iter < 20; iter++) {
    const u = polygonClipping.union(cur);
    let offGrid = false;
    for (const poly of u) for (const ring of poly) for (const p of ring) {
      if (!onGrid4(p[0]) || !onGrid4(p[1])) offGrid = true;
    }
    if (!offGrid) return u;
    cur = mapMulti(u, ([x, y]) => [round4(x), round4(y)]);
  }
  throw new Error('cleanToGrid did not converge');
}

// ---- validity (the parts of OGC validity that coordinate rounding could break) ----

function orient(a, b, c) {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}
function onSeg(a, b, p) {
  return Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) &&
    Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
}
const same = (p, q) => p[0] === q[0] && p[1] === q[1];

/** Returns 'none' | 'touch' (meet at an endpoint only) | 'cross' | 'overlap'. */
export function segRelation(a, b, c, d) {
  const o1 = orient(a, b, c), o2 = orient(a, b, d), o3 = orient(c, d, a), o4 = orient(c, d, b);
  if (o1 === 0 && o2 === 0) {
    // collinear
    if (!onSeg(a, b, c) && !onSeg(a, b, d) && !onSeg(c, d, a) && !onSeg(c, d, b)) return 'none';
    const shared = (same(a, c) || same(a, d) || same(b, c) || same(b, d));
    if (shared) {
      // collinear sharing an endpoint: overlap unless they point away from each other
      const p = same(a, c) || same(a, d) ? a : b;
      const q1 = same(p, a) ? b : a;
      const q2 = same(p, c) ? d : c;
      const dot = (q1[0] - p[0]) * (q2[0] - p[0]) + (q1[1] - p[1]) * (q2[1] - p[1]);
      return dot > 0 ? 'overlap' : 'touch';
    }
    return 'overlap';
  }
  if (((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0))) return 'cross';
  if ((o1 === 0 && onSeg(a, b, c)) || (o2 === 0 && onSeg(a, b, d)) ||
      (o3 === 0 && onSeg(c, d, a)) || (o4 === 0 && onSeg(c, d, b))) return 'touch';
  return 'none';
}

/**
 * Checks a multi for what coordinate snapping can break: short rings, repeated points, zero-area
 * rings, rings that cross or self-touch, edges shared between rings. Returns null when fine,
 * otherwise a reason. Rings of different polygons/holes may touch at single points (allowed by OGC).
 */
export function invalidReason(multi) {
  const segs = [];
  let rid = 0;
  let pid = 0;
  for (const poly of multi) {
    pid++;
    if (poly.length === 0) return 'empty polygon';
    for (const ring of poly) {
      if (ring.length < 4) return 'ring with fewer than 4 points';
      if (!same(ring[0], ring[ring.length - 1])) return 'unclosed ring';
      if (ringArea(ring) === 0) return 'zero-area ring';
      const n = ring.length - 1;
      for (let i = 0; i < n; i++) {
        if (same(ring[i], ring[i + 1])) return 'repeated point';
        segs.push({ a: ring[i], b: ring[i + 1], r: rid, p: pid, i, n });
      }
      rid++;
    }
  }
  if (segs.length === 0) return 'empty';
  const [x0, y0, x1, y1] = multiBBox(multi);
  const g = Math.max(8, Math.ceil(Math.sqrt(segs.length / 2)));
  const cw = (x1 - x0) / g || 1, ch = (y1 - y0) / g || 1;
  const cells = new Map();
  const touchesPerRing = new Map();
  segs.forEach((s, k) => {
    const cx0 = Math.max(0, Math.min(g - 1, Math.floor((Math.min(s.a[0], s.b[0]) - x0) / cw)));
    const cx1 = Math.max(0, Math.min(g - 1, Math.floor((Math.max(s.a[0], s.b[0]) - x0) / cw)));
    const cy0 = Math.max(0, Math.min(g - 1, Math.floor((Math.min(s.a[1], s.b[1]) - y0) / ch)));
    const cy1 = Math.max(0, Math.min(g - 1, Math.floor((Math.max(s.a[1], s.b[1]) - y0) / ch)));
    for (let cx = cx0; cx <= cx1; cx++) for (let cy = cy0; cy <= cy1; cy++) {
      const key = cx * g + cy;
      let l = cells.get(key);
      if (!l) cells.set(key, (l = []));
      l.push(k);
    }
  });
  const seen = new Set();
  for (const list of cells.values()) {
    for (let x = 0; x < list.length; x++) for (let y = x + 1; y < list.length; y++) {
      const k1 = Math.min(list[x], list[y]), k2 = Math.max(list[x], list[y]);
      const pk = k1 * segs.length + k2;
      if (seen.has(pk)) continue;
      seen.add(pk);
      const s = segs[k1], t = segs[k2];
      const rel = segRelation(s.a, s.b, t.a, t.b);
      if (rel === 'none') continue;
      if (rel === 'cross') return `crossing edges near ${s.a}`;
      if (rel === 'overlap') return `overlapping edges near ${s.a}`;
      if (s.r === t.r) {
        const adjacent = Math.abs(s.i - t.i) === 1 || Math.abs(s.i - t.i) === s.n - 1;
        if (!adjacent) return `self-touching ring near ${s.a}`;
      } else if (s.p === t.p) {
        // shell and holes of one polygon may touch at one point only (else the interior splits)
        const key = s.r + ':' + t.r;
        const p = [s.a, s.b].find((q) => orient(t.a, t.b, q) === 0 && onSeg(t.a, t.b, q)) ??
          [t.a, t.b].find((q) => orient(s.a, s.b, q) === 0 && onSeg(s.a, s.b, q));
        const pt = p.join(',');
        const prev = touchesPerRing.get(key);
        if (prev === undefined) touchesPerRing.set(key, pt);
        else if (prev !== pt) return `rings touch at more than one point near ${s.a}`;
      }
      // rings of different polygons may touch at points
    }
  }
  return null;
}
