// Topology-preserving simplification of the county boundaries.
//
// The source is quantised to a 1/1024° grid (≈100 m), so borders are staircases with many points that
// carry no information. Borders are split into arcs at junctions (where the set of counties sharing a
// segment changes); each arc is simplified once (Douglas–Peucker, tolerance well below the source's
// step) and used by both neighbours, so shared borders stay shared. Arcs whose simplified form would
// cross another arc, collapse a ring or invalidate a polygon are kept as they were.
import { ringArea, invalidReason, segRelation, multiBBox } from './geom.mjs';

const key = (p) => p[0] + ',' + p[1];

/**
 * @param {Map<string, multi>} multis county code -> clean multi on the 4-decimal grid
 * @param {number} tolerance in degrees of latitude (longitudes are scaled by cos(latitude))
 * @returns {{ result: Map<string, multi>, before: number, after: number, keptArcs: number, arcs: number }}
 */
export function simplifyShared(multis, tolerance) {
  // rings: { code, poly, ring, pts (open: no closing point) }
  const rings = [];
  for (const [code, multi] of multis) {
    multi.forEach((poly, pi) => poly.forEach((ring, ri) => rings.push({ code, pi, ri, pts: ring.slice(0, -1) })));
  }
  insertSharedVertices(rings);
  // segment signatures: which rings use an (unordered) segment
  const segRings = new Map();
  const segKey = (a, b) => { const ka = key(a), kb = key(b); return ka < kb ? ka + '|' + kb : kb + '|' + ka; };
  const occurrences = new Map();
  rings.forEach((r, id) => {
    const n = r.pts.length;
    for (let i = 0; i < n; i++) {
      const k = segKey(r.pts[i], r.pts[(i + 1) % n]);
      if (!segRings.has(k)) segRings.set(k, []);
      segRings.get(k).push(id);
      const kp = key(r.pts[i]);
      occurrences.set(kp, (occurrences.get(kp) ?? 0) + 1);
    }
  });
  const sig = (a, b) => segRings.get(segKey(a, b)).slice().sort((x, y) => x - y).join(',');

  // split every ring into arcs between fixed vertices
  const arcsByKey = new Map(); // canonical arc key -> { pts (canonical orientation), simplified }
  const ringArcs = rings.map((r) => {
    const n = r.pts.length;
    const fixed = [];
    for (let i = 0; i < n; i++) {
      const p = r.pts[i], prev = r.pts[(i - 1 + n) % n], next = r.pts[(i + 1) % n];
      if (occurrences.get(key(p)) > 2 || sig(prev, p) !== sig(p, next)) fixed.push(i);
    }
    if (fixed.length === 0) {
      // a ring that is one arc all round (island / enclave): fix its smallest vertex
      let best = 0;
      for (let i = 1; i < n; i++) if (key(r.pts[i]) < key(r.pts[best])) best = i;
      fixed.push(best);
    }
    if (fixed.length === 1) {
      // and the vertex farthest from it, so no arc starts and ends at the same point
      const f = r.pts[fixed[0]];
      let best = -1, bd = -1;
      for (let i = 0; i < n; i++) {
        const d = (r.pts[i][0] - f[0]) ** 2 + (r.pts[i][1] - f[1]) ** 2;
        if (d > bd || (d === bd && key(r.pts[i]) < key(r.pts[best]))) { bd = d; best = i; }
      }
      fixed.push(best);
      fixed.sort((a, b) => a - b);
    }
    const arcs = [];
    for (let k = 0; k < fixed.length; k++) {
      const from = fixed[k], to = fixed[(k + 1) % fixed.length];
      const seq = [];
      for (let i = from; ; i = (i + 1) % n) {
        seq.push(r.pts[i]);
        if (i === to && seq.length > 1) break;
      }
      const fwd = seq.map(key).join(';');
      const rev = seq.slice().reverse().map(key).join(';');
      const canonical = fwd <= rev ? fwd : rev;
      if (!arcsByKey.has(canonical)) {
        arcsByKey.set(canonical, { pts: fwd <= rev ? seq : seq.slice().reverse(), keep: false, simplified: null });
      }
      arcs.push({ canonical, reversed: fwd > rev });
    }
    return arcs;
  });

  const arcList = [...arcsByKey.values()];
  const midLat = (() => {
    let y0 = Infinity, y1 = -Infinity;
    for (const m of multis.values()) { const b = multiBBox(m); y0 = Math.min(y0, b[1]); y1 = Math.max(y1, b[3]); }
    return (y0 + y1) / 2;
  })();
  const kx = Math.cos((midLat * Math.PI) / 180);
  for (const arc of arcList) arc.simplified = douglasPeucker(arc.pts, tolerance, kx);

  const assemble = () => {
    const out = new Map();
    rings.forEach((r, id) => {
      const pts = [];
      for (const { canonical, reversed } of ringArcs[id]) {
        const arc = arcsByKey.get(canonical);
        let seq = arc.keep ? arc.pts : arc.simplified;
        if (reversed) seq = seq.slice().reverse();
        pts.push(...seq.slice(0, -1));
      }
      pts.push(pts[0]);
      if (!out.has(r.code)) out.set(r.code, []);
      const multi = out.get(r.code);
      if (!multi[r.pi]) multi[r.pi] = [];
      multi[r.pi][r.ri] = pts;
    });
    return out;
  };

  // conflicts: simplified arcs crossing each other or themselves
  for (let round = 0; round < 50; round++) {
    const bad = crossingArcs(arcList.map((a) => (a.keep ? a.pts : a.simplified)));
    let changed = false;
    for (const i of bad) if (!arcList[i].keep) { arcList[i].keep = true; changed = true; }
    const result = assemble();
    rings.forEach((r, id) => {
      const ring = result.get(r.code)[r.pi][r.ri];
      const orig = multis.get(r.code)[r.pi][r.ri];
      const a0 = ringArea(orig), a1 = ringArea(ring);
      if (ring.length < 4 || Math.sign(a0) !== Math.sign(a1) || Math.abs(a1) < Math.abs(a0) * 0.5) {
        for (const { canonical } of ringArcs[id]) {
          const arc = arcsByKey.get(canonical);
          if (!arc.keep) { arc.keep = true; changed = true; }
        }
      }
    });
    if (!changed) {
      for (const [code, multi] of result) {
        if (invalidReason(multi)) {
          rings.forEach((r, id) => {
            if (r.code !== code) return;
            for (const { canonical } of ringArcs[id]) {
              const arc = arcsByKey.get(canonical);
              if (!arc.keep) { arc.keep = true; changed = true; }
            }
          });
        }
      }
    }
    if (!changed) {
      let before = 0, after = 0;
      for (const m of multis.values()) for (const p of m) for (const r of p) before += r.length;
      for (const m of result.values()) for (const p of m) for (const r of p) after += r.length;
      return { result, before, after, arcs: arcList.length, keptArcs: arcList.filter((a) => a.keep).length };
    }
  }
  throw new Error('simplification did not settle');
}

/**
 * Polygon clipping drops collinear points, so one county may run straight past a vertex where its
 * neighbour's border has a junction. Put every vertex that lies exactly on a segment back into that
 * segment (integer arithmetic on the 4-decimal grid), so both sides of a border have the same points.
 */
function insertSharedVertices(rings) {
  const I = (v) => Math.round(v * 1e4);
  const cell = 0.02;
  const grid = new Map();
  const seen = new Set();
  for (const r of rings) for (const p of r.pts) {
    const k = key(p);
    if (seen.has(k)) continue;
    seen.add(k);
    const gk = Math.floor(p[0] / cell) + ':' + Math.floor(p[1] / cell);
    if (!grid.has(gk)) grid.set(gk, []);
    grid.get(gk).push(p);
  }
  for (const r of rings) {
    const out = [];
    const n = r.pts.length;
    for (let i = 0; i < n; i++) {
      const a = r.pts[i], b = r.pts[(i + 1) % n];
      out.push(a);
      const ax = I(a[0]), ay = I(a[1]), bx = I(b[0]), by = I(b[1]);
      const hits = [];
      for (let gx = Math.floor(Math.min(a[0], b[0]) / cell); gx <= Math.floor(Math.max(a[0], b[0]) / cell); gx++) {
        for (let gy = Math.floor(Math.min(a[1], b[1]) / cell); gy <= Math.floor(Math.max(a[1], b[1]) / cell); gy++) {
          for (const p of grid.get(gx + ':' + gy) ?? []) {
            const px = I(p[0]), py = I(p[1]);
            if ((bx - ax) * (py - ay) - (by - ay) * (px - ax) !== 0) continue;
            const t = (px - ax) * (bx - ax) + (py - ay) * (by - ay);
            const len = (bx - ax) ** 2 + (by - ay) ** 2;
            if (t > 0 && t < len) hits.push([t, p]);
          }
        }
      }
      hits.sort((x, y) => x[0] - y[0]);
      for (const [, p] of hits) out.push(p);
    }
    r.pts = out;
  }
}

function douglasPeucker(pts, tol, kx) {
  if (pts.length <= 2) return pts;
  const keep = new Uint8Array(pts.length);
  keep[0] = keep[pts.length - 1] = 1;
  const stack = [[0, pts.length - 1]];
  while (stack.length) {
    const [i, j] = stack.pop();
    const ax = pts[i][0] * kx, ay = pts[i][1], bx = pts[j][0] * kx, by = pts[j][1];
    const dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
    let md = -1, mi = -1;
    for (let k = i + 1; k < j; k++) {
      const px = pts[k][0] * kx - ax, py = pts[k][1] - ay;
      let d;
      if (len2 === 0) d = Math.hypot(px, py);
      else {
        const t = Math.max(0, Math.min(1, (px * dx + py * dy) / len2));
        d = Math.hypot(px - t * dx, py - t * dy);
      }
      if (d > md) { md = d; mi = k; }
    }
    if (md > tol) {
      keep[mi] = 1;
      stack.push([i, mi], [mi, j]);
    }
  }
  return pts.filter((_, k) => keep[k]);
}

/** Indices of polylines that cross/overlap/touch another polyline or themselves (shared endpoints aside). */
function crossingArcs(lines) {
  const segs = [];
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  lines.forEach((pts, li) => {
    for (let i = 0; i + 1 < pts.length; i++) {
      segs.push({ a: pts[i], b: pts[i + 1], li, i, n: pts.length - 1 });
      for (const p of [pts[i], pts[i + 1]]) {
        x0 = Math.min(x0, p[0]); y0 = Math.min(y0, p[1]); x1 = Math.max(x1, p[0]); y1 = Math.max(y1, p[1]);
      }
    }
  });
  const g = Math.max(16, Math.ceil(Math.sqrt(segs.length / 4)));
  const cw = (x1 - x0) / g || 1, ch = (y1 - y0) / g || 1;
  const cells = new Map();
  segs.forEach((s, k) => {
    const cx0 = Math.min(g - 1, Math.floor((Math.min(s.a[0], s.b[0]) - x0) / cw));
    const cx1 = Math.min(g - 1, Math.floor((Math.max(s.a[0], s.b[0]) - x0) / cw));
    const cy0 = Math.min(g - 1, Math.floor((Math.min(s.a[1], s.b[1]) - y0) / ch));
    const cy1 = Math.min(g - 1, Math.floor((Math.max(s.a[1], s.b[1]) - y0) / ch));
    for (let cx = cx0; cx <= cx1; cx++) for (let cy = cy0; cy <= cy1; cy++) {
      const kk = cx * g + cy;
      let l = cells.get(kk);
      if (!l) cells.set(kk, (l = []));
      l.push(k);
    }
  });
  const bad = new Set();
  const seen = new Set();
  const same = (p, q) => p[0] === q[0] && p[1] === q[1];
  for (const list of cells.values()) {
    for (let x = 0; x < list.length; x++) for (let y = x + 1; y < list.length; y++) {
      const k1 = Math.min(list[x], list[y]), k2 = Math.max(list[x], list[y]);
      const pk = k1 * segs.length + k2;
      if (seen.has(pk)) continue;
      seen.add(pk);
      const s = segs[k1], t = segs[k2];
      const rel = segRelation(s.a, s.b, t.a, t.b);
      if (rel === 'none') continue;
      if (rel === 'touch') {
        // allowed: consecutive segments of one line, or lines meeting at a shared endpoint (a junction)
        if (s.li === t.li && Math.abs(s.i - t.i) === 1) continue;
        const sharedPoint = [s.a, s.b].find((p) => same(p, t.a) || same(p, t.b));
        const isEnd = (seg, p) => (seg.i === 0 && same(seg.a, p)) || (seg.i === seg.n - 1 && same(seg.b, p));
        if (sharedPoint && s.li !== t.li && isEnd(s, sharedPoint) && isEnd(t, sharedPoint)) continue;
        if (sharedPoint && s.li === t.li && isEnd(s, sharedPoint) && isEnd(t, sharedPoint)) continue; // closed loop
      }
      bad.add(s.li);
      bad.add(t.li);
    }
  }
  return bad;
}
