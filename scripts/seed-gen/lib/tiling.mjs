// Approximate township cells: deterministic seed points inside a county polygon, a little Lloyd
// relaxation, Voronoi cells clipped to the county. The cells tile the county exactly: Voronoi vertices
// are snapped to the 4-decimal grid BEFORE clipping, the county is already on that grid, and the only
// new vertices (where a Voronoi edge crosses the county border) are computed once per edge and written
// with 7 decimals, identical in both neighbouring cells.
import { Delaunay } from 'd3-delaunay';
import polygonClipping from 'polygon-clipping';
import { rng } from './prng.mjs';
import {
  round4, round7, onGrid4, multiArea, multiCentroid, multiBBox, pointInMulti, mapMulti, dedupeRing, invalidReason,
} from './geom.mjs';

const LLOYD_ITERATIONS = 4;
/** Voronoi vertices closer than this (degrees) are merged before snapping, so snapping cannot flip an edge. */
const MERGE_TOLERANCE = 3e-4;

/**
 * @param {object} county { code, multi (lon/lat, on the 4-decimal grid), cp: [lon, lat] }
 * @param {Array} units townships to place: { code, kind, group } where group is 'devzone' or 'host'
 * @returns {{ cells: Map<string, multi>, attempt: number }}
 */
export function tileCounty(county, units) {
  let lastError = null;
  for (let attempt = 0; attempt < 12; attempt++) {
    try {
      const cells = tryTile(county, units, attempt);
      return { cells, attempt };
    } catch (e) {
      lastError = e;
    }
  }
  throw new Error(`county ${county.code}: no valid tiling: ${lastError?.message}`);
}

function tryTile(county, units, attempt) {
  const r = rng(`cells:${county.code}:${attempt}`);
  const [bx0, by0, bx1, by1] = multiBBox(county.multi);
  const kx = Math.cos((((by0 + by1) / 2) * Math.PI) / 180);
  const proj = ([x, y]) => [x * kx, y];
  const unproj = ([x, y]) => [x / kx, y];
  const polyP = mapMulti(county.multi, proj);
  const areaP = multiArea(polyP);
  const n = units.length;
  const s = Math.sqrt(areaP / n);
  const [px0, py0, px1, py1] = multiBBox(polyP);
  const inside = (p) => pointInMulti(p, polyP);
  const uniformInside = () => {
    for (let k = 0; k < 100000; k++) {
      const p = [r.uniform(px0, px1), r.uniform(py0, py1)];
      if (inside(p)) return p;
    }
    throw new Error('cannot sample inside polygon');
  };

  // Urban centre: the boundary file's centre point if it is inside the county, else the nearest
  // of a few sampled inside points.
  let centre = proj(county.cp);
  if (!inside(centre)) {
    let best = null, bd = Infinity;
    for (let k = 0; k < 400; k++) {
      const p = uniformInside();
      const d = (p[0] - centre[0]) ** 2 + (p[1] - centre[1]) ** 2;
      if (d < bd) { bd = d; best = p; }
    }
    centre = best;
  }

  const urban = units.filter((u) => u.kind === 'subdistrict').length;
  const sigma = Math.max(0.12 * s * Math.sqrt(Math.max(urban, 1)), 1e-4);
  const dmin = 0.1 * s;
  const pts = [];
  const farEnough = (p, d) => pts.every((q) => (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2 >= d * d);
  // urban seeds: gaussian around the centre, tighter spacing
  for (let i = 0; i < urban; i++) {
    let p = null;
    for (let k = 0; k < 2000 && !p; k++) {
      const c = [centre[0] + r.normal() * sigma, centre[1] + r.normal() * sigma];
      if (inside(c) && farEnough(c, dmin * 0.4)) p = c;
    }
    for (let k = 0; k < 20000 && !p; k++) {
      const c = uniformInside();
      if (farEnough(c, dmin * 0.4)) p = c;
    }
    if (!p) throw new Error('cannot place urban seed');
    pts.push(p);
  }
  const isUrban = pts.map(() => true);
  while (pts.length < n) {
    let p = null;
    for (let k = 0; k < 20000 && !p; k++) {
      const c = uniformInside();
      if (farEnough(c, 0.25 * s)) p = c;
    }
    for (let k = 0; k < 20000 && !p; k++) {
      const c = uniformInside();
      if (farEnough(c, dmin * 0.3)) p = c;
    }
    if (!p) throw new Error('cannot place seed');
    pts.push(p);
    isUrban.push(false);
  }

  const margin = Math.max(px1 - px0, py1 - py0) * 0.2 + 0.01;
  const bounds = [px0 - margin, py0 - margin, px1 + margin, py1 + margin];

  // Lloyd relaxation (urban seeds move less, so the town centre keeps its small cells)
  for (let it = 0; it < LLOYD_ITERATIONS && n > 1; it++) {
    const vor = Delaunay.from(pts).voronoi(bounds);
    for (let i = 0; i < n; i++) {
      const cell = vor.cellPolygon(i);
      if (!cell) continue;
      const clipped = polygonClipping.intersection([cell], polyP);
      const c = multiCentroid(clipped);
      if (!c) continue;
      const w = isUrban[i] ? 0.35 : 1;
      const q = [pts[i][0] + w * (c[0] - pts[i][0]), pts[i][1] + w * (c[1] - pts[i][1])];
      if (inside(q)) pts[i] = q;
    }
  }

  // Final Voronoi in lon/lat: merge close vertices, snap to the grid.
  let rings;
  if (n === 1) {
    rings = [null];
  } else {
    const vor = Delaunay.from(pts).voronoi(bounds);
    const raw = [];
    for (let i = 0; i < n; i++) {
      const cell = vor.cellPolygon(i);
      if (!cell) throw new Error('empty voronoi cell');
      raw.push(cell.map(unproj));
    }
    rings = snapVertices(raw);
  }

  // Clip every cell to the county.
  const countyArea = multiArea(county.multi);
  const clipped = [];
  const offGrid = new Map(); // exact float key -> rounded point, shared by neighbouring cells
  for (let i = 0; i < n; i++) {
    let multi;
    if (rings[i] === null) {
      multi = county.multi;
    } else {
      multi = polygonClipping.intersection([rings[i]], county.multi);
    }
    multi = mapMulti(multi, (p) => {
      if (onGrid4(p[0]) && onGrid4(p[1])) return p;
      const key = p[0] + ',' + p[1];
      let q = offGrid.get(key);
      if (!q) offGrid.set(key, (q = [round7(p[0]), round7(p[1])]));
      return q;
    });
    const cleaned = [];
    for (const poly of multi) {
      const [shell, ...holes] = poly.map(dedupeRing);
      if (shell) cleaned.push([shell, ...holes.filter(Boolean)]);
    }
    if (cleaned.length === 0 || multiArea(cleaned) <= 0) throw new Error(`cell ${i} is empty after clipping`);
    const why = invalidReason(cleaned);
    if (why) throw new Error(`cell ${i} invalid: ${why}`);
    clipped.push(cleaned);
  }
  const sum = clipped.reduce((a, m) => a + multiArea(m), 0);
  if (Math.abs(sum - countyArea) > countyArea * 1e-7) {
    throw new Error(`cells do not tile the county: ${sum} vs ${countyArea}`);
  }

  return assign(county, units, clipped, pts.map(unproj), unproj(centre), r);
}

/** Merges Voronoi vertices closer than MERGE_TOLERANCE and snaps them to the 4-decimal grid. */
function snapVertices(rawRings) {
  const keys = new Map(); // key -> index
  const verts = [];
  const ringIdx = rawRings.map((ring) => ring.map((p) => {
    const k = p[0] + ',' + p[1];
    let id = keys.get(k);
    if (id === undefined) { id = verts.length; keys.set(k, id); verts.push(p); }
    return id;
  }));
  // union–find on a spatial hash
  const parent = verts.map((_, i) => i);
  const find = (i) => { while (parent[i] !== i) i = parent[i] = parent[parent[i]]; return i; };
  const grid = new Map();
  const cell = (v) => [Math.floor(v[0] / MERGE_TOLERANCE), Math.floor(v[1] / MERGE_TOLERANCE)];
  verts.forEach((v, i) => {
    const [cx, cy] = cell(v);
    for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) {
      for (const j of grid.get((cx + dx) + ':' + (cy + dy)) ?? []) {
        const w = verts[j];
        if (Math.abs(w[0] - v[0]) < MERGE_TOLERANCE && Math.abs(w[1] - v[1]) < MERGE_TOLERANCE) parent[find(i)] = find(j);
      }
    }
    const k = cx + ':' + cy;
    if (!grid.has(k)) grid.set(k, []);
    grid.get(k).push(i);
  });
  const sums = new Map();
  verts.forEach((v, i) => {
    const root = find(i);
    const s = sums.get(root) ?? [0, 0, 0];
    s[0] += v[0]; s[1] += v[1]; s[2] += 1;
    sums.set(root, s);
  });
  const snapped = verts.map((_, i) => {
    const s = sums.get(find(i));
    return [round4(s[0] / s[2]), round4(s[1] / s[2])];
  });
  return ringIdx.map((ids) => {
    const ring = dedupeRing(ids.map((id) => snapped[id]));
    if (!ring) throw new Error('voronoi cell collapsed when snapping');
    if (invalidReason([[ring]])) throw new Error('voronoi cell became invalid when snapping');
    return ring;
  });
}

/**
 * Assigns townships to cells: dev-zone townships get a connected group of cells next to the urban
 * core, subdistricts the cells nearest the centre, special units the most remote cells, the rest
 * shuffled deterministically.
 */
function assign(county, units, cells, seeds, centre, r) {
  const n = units.length;
  const d2 = (a, b) => (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2;
  const neighbours = seeds.map(() => new Set());
  if (n > 2) {
    const del = Delaunay.from(seeds);
    for (let i = 0; i < n; i++) for (const j of del.neighbors(i)) neighbours[i].add(j);
  } else if (n === 2) {
    neighbours[0].add(1); neighbours[1].add(0);
  }
  const free = new Set(seeds.map((_, i) => i));
  const result = new Map();

  const grow = (count, anchor) => {
    // connected region grown from the free seed nearest the anchor, always taking the nearest
    // free neighbour of the region (falls back to the nearest free seed if the region is enclosed)
    const region = [];
    const byDist = (a, b) => d2(seeds[a], anchor) - d2(seeds[b], anchor) || a - b;
    while (region.length < count) {
      const frontier = new Set();
      for (const i of region) for (const j of neighbours[i]) if (free.has(j)) frontier.add(j);
      const pool = frontier.size ? [...frontier] : [...free];
      pool.sort(byDist);
      const pick = pool[0];
      free.delete(pick);
      region.push(pick);
    }
    return region.sort(byDist);
  };

  const hostUnits = units.filter((u) => u.group !== 'devzone');
  const dzUnits = units.filter((u) => u.group === 'devzone');
  const urbanHost = hostUnits.filter((u) => u.kind === 'subdistrict');
  // the host's urban core first, then the dev zone right next to it
  const core = grow(urbanHost.length, centre);
  urbanHost.forEach((u, k) => result.set(u.code, cells[core[k]]));
  if (dzUnits.length) {
    // anchor: the free seed nearest the centre, i.e. on the edge of the urban core
    let anchor = null, best = Infinity;
    for (const i of free) { const d = d2(seeds[i], centre); if (d < best) { best = d; anchor = seeds[i]; } }
    const dzOrdered = [...dzUnits.filter((u) => u.kind === 'subdistrict'), ...dzUnits.filter((u) => u.kind !== 'subdistrict')];
    const region = grow(dzOrdered.length, anchor);
    dzOrdered.forEach((u, k) => result.set(u.code, cells[region[k]]));
  }
  const specials = hostUnits.filter((u) => u.kind === 'special');
  const remote = [...free].sort((a, b) => d2(seeds[b], centre) - d2(seeds[a], centre) || a - b);
  specials.forEach((u, k) => { result.set(u.code, cells[remote[k]]); free.delete(remote[k]); });
  const rest = hostUnits.filter((u) => u.kind !== 'subdistrict' && u.kind !== 'special');
  const order = r.shuffle([...free].sort((a, b) => a - b));
  rest.forEach((u, k) => result.set(u.code, cells[order[k]]));
  if (result.size !== n) throw new Error('assignment lost a township');
  return result;
}
