// Checks seed-data/ against the formats in seed-data/README.md and the generator's promises.
//   npm --prefix scripts/seed-gen run verify             pure JavaScript checks
//   npm --prefix scripts/seed-gen run verify -- --postgis also load everything into a throwaway PostGIS
//                                                         database (psql on PATH, libpq PG* variables)
//                                                         and check ST_IsValid, ST_Covers, overlaps
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { multiArea, invalidReason, onGrid4 } from './lib/geom.mjs';
import { DEVZONE_HOSTS } from './lib/sources.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.resolve(here, '..', '..', 'seed-data');
const failures = [];
let passed = 0;
function check(name, ok, detail = '') {
  if (ok) passed++;
  else failures.push(`${name}${detail ? ': ' + detail : ''}`);
}

function readText(file) {
  const buf = fs.readFileSync(path.join(dir, file));
  check(`${file} has no BOM`, !(buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf));
  const text = buf.toString('utf8');
  check(`${file} is valid UTF-8`, Buffer.from(text, 'utf8').equals(buf));
  return text;
}

/** RFC 4180 parser. */
function parseCsv(file, header) {
  const text = readText(file);
  const rows = [];
  let row = [], field = '', q = false, i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (q) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (ch === '"') { q = false; i++; continue; }
      field += ch; i++; continue;
    }
    if (ch === '"') { q = true; i++; continue; }
    if (ch === ',') { row.push(field); field = ''; i++; continue; }
    if (ch === '\r') { i++; continue; }
    if (ch === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; continue; }
    field += ch; i++;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  check(`${file} header`, rows[0].join(',') === header.join(','), rows[0].join(','));
  const out = rows.slice(1).map((r, k) => {
    check(`${file} row ${k + 2} width`, r.length === header.length, r.join(','));
    return Object.fromEntries(header.map((h, j) => [h, r[j] ?? '']));
  });
  return out;
}

const unique = (rows, key) => new Set(rows.map((r) => r[key])).size === rows.length;

// ---- dataset.json ----
const dataset = JSON.parse(readText('dataset.json'));
check('dataset.json fields', ['name', 'referenceDate', 'datum', 'sources'].every((k) => k in dataset));
check('dataset.json referenceDate', /^\d{4}-\d{2}-\d{2}$/.test(dataset.referenceDate));
check('dataset.json sources', Array.isArray(dataset.sources) && dataset.sources.length > 0 &&
  dataset.sources.every((s) => ['name', 'version', 'licence', 'what', 'kind'].every((k) => typeof s[k] === 'string') &&
    ['real', 'approximate', 'synthetic'].includes(s.kind)));
const REF = dataset.referenceDate;

// ---- divisions ----
const prefectures = parseCsv('prefectures.csv', ['code', 'name']);
const counties = parseCsv('counties.csv', ['code', 'name', 'prefecture_code', 'kind']);
const townships = parseCsv('townships.csv', ['code', 'name', 'county_code', 'kind']);
check('21 prefectures', prefectures.length === 21, String(prefectures.length));
check('prefecture codes are 4 digits and unique', prefectures.every((p) => /^\d{4}$/.test(p.code)) && unique(prefectures, 'code'));
const prefSet = new Set(prefectures.map((p) => p.code));
const realCounties = counties.filter((c) => c.kind !== 'devZone');
const devzones = counties.filter((c) => c.kind === 'devZone');
check('183 counties besides dev zones', realCounties.length === 183, String(realCounties.length));
check('3 dev zones', devzones.length === 3, String(devzones.length));
check('county codes are 6 digits and unique', counties.every((c) => /^\d{6}$/.test(c.code)) && unique(counties, 'code'));
check('county kinds', counties.every((c) => ['district', 'county', 'city', 'devZone'].includes(c.kind)));
check('every county has its prefecture', counties.every((c) => prefSet.has(c.prefecture_code)),
  counties.filter((c) => !prefSet.has(c.prefecture_code)).map((c) => c.code).join(' '));
check('county code starts with its prefecture code', counties.every((c) => c.code.startsWith(c.prefecture_code)));
const countyMap = new Map(counties.map((c) => [c.code, c]));
check('at least 3,100 townships', townships.length >= 3100, String(townships.length));
check('township codes are 12 digits and unique', townships.every((t) => /^\d{12}$/.test(t.code)) && unique(townships, 'code'));
check('township kinds', townships.every((t) => ['subdistrict', 'town', 'township', 'special'].includes(t.kind)));
check('every township has its county', townships.every((t) => countyMap.has(t.county_code)),
  townships.filter((t) => !countyMap.has(t.county_code)).map((t) => t.code).join(' '));
check('township code starts with its county code', townships.every((t) => t.code.startsWith(t.county_code)));
check('every county has townships', counties.every((c) => townships.some((t) => t.county_code === c.code)));
const townshipMap = new Map(townships.map((t) => [t.code, t]));

// ---- boundaries ----
function readFc(file) {
  const fc = JSON.parse(readText(file));
  check(`${file} is a FeatureCollection`, fc.type === 'FeatureCollection' && Array.isArray(fc.features));
  check(`${file} has no non-WGS84 crs`, !fc.crs);
  return fc.features;
}
const toMulti = (g) => (g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : null);
function checkGeometry(file, code, g) {
  const multi = toMulti(g);
  if (!multi) { check(`${file} ${code} geometry type`, false, g.type); return null; }
  const why = invalidReason(multi);
  check(`${file} ${code} geometry valid`, !why, why ?? '');
  let inRange = true;
  for (const poly of multi) for (const ring of poly) for (const [x, y] of ring) {
    if (!(x > 97 && x < 109 && y > 25 && y < 35)) inRange = false;
  }
  check(`${file} ${code} lon/lat inside Sichuan`, inRange);
  return multi;
}
const countyFeatures = readFc('boundaries/counties.geojson');
const countyGeom = new Map();
for (const f of countyFeatures) {
  const { code, name, derived } = f.properties;
  check(`county feature ${code} is a county`, countyMap.has(code));
  check(`county feature ${code} name`, countyMap.get(code)?.name === name);
  check(`county feature ${code} derived flag`, derived === (countyMap.get(code)?.kind === 'devZone'));
  check(`county feature ${code} once`, !countyGeom.has(code));
  countyGeom.set(code, checkGeometry('counties.geojson', code, f.geometry));
}
check('every county has exactly one polygon', counties.every((c) => countyGeom.has(c.code)) && countyFeatures.length === counties.length);
const townshipFeatures = readFc('boundaries/townships.geojson');
const cellGeom = new Map();
let maxDecimals = 0;
for (const f of townshipFeatures) {
  const { code, name, approximate } = f.properties;
  check(`township feature ${code} is a township`, townshipMap.get(code)?.name === name);
  check(`township feature ${code} approximate`, approximate === true);
  check(`township feature ${code} once`, !cellGeom.has(code));
  const multi = checkGeometry('townships.geojson', code, f.geometry);
  cellGeom.set(code, multi);
  if (multi) for (const poly of multi) for (const ring of poly) for (const p of ring) {
    for (const v of p) if (!onGrid4(v)) maxDecimals = Math.max(maxDecimals, (String(v).split('.')[1] ?? '').length);
  }
}
check('every township has exactly one cell', townships.every((t) => cellGeom.has(t.code)) && townshipFeatures.length === townships.length);

// tiling: a county's cells (with its dev zone's cells for a host) add up to the county's area
const hostOf = (countyCode) => DEVZONE_HOSTS[countyCode] ?? countyCode;
const tiling = [];
for (const c of realCounties) {
  const cells = townships.filter((t) => hostOf(t.county_code) === c.code).map((t) => cellGeom.get(t.code)).filter(Boolean);
  const sum = cells.reduce((a, m) => a + multiArea(m), 0);
  const area = multiArea(countyGeom.get(c.code));
  const rel = Math.abs(sum - area) / area;
  tiling.push(rel);
  check(`county ${c.code} tiled by its cells (0.5%)`, rel <= 0.005, `${(rel * 100).toFixed(3)}%`);
}
for (const z of devzones) {
  const cells = townships.filter((t) => t.county_code === z.code).map((t) => cellGeom.get(t.code));
  const rel = Math.abs(cells.reduce((a, m) => a + multiArea(m), 0) - multiArea(countyGeom.get(z.code))) / multiArea(countyGeom.get(z.code));
  check(`dev zone ${z.code} outline = union of its cells`, rel <= 1e-6);
}

// ---- stations ----
const stations = parseCsv('stations.csv', ['id', 'township_code', 'name', 'mode', 'status', 'planned_on',
  'construction_started_on', 'operating_since', 'suspended_on', 'social_workers', 'certified_social_workers',
  'services', 'operator']);
const MODES = ['provincialSubsidy', 'governancePilot', 'civilAffairsInstitution', 'countySelfBuilt', 'existingVenue'];
const SERVICES = ['needs', 'resources', 'assistance', 'care', 'governance', 'industry'];
const isDate = (s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(s + 'T00:00:00Z').toISOString().slice(0, 10) === s;
check('station ids unique', unique(stations, 'id'));
check('at most one station per township', unique(stations, 'township_code'));
for (const s of stations) {
  const tag = `station ${s.id}`;
  check(`${tag} id`, /^[1-9]\d*$/.test(s.id));
  const t = townshipMap.get(s.township_code);
  check(`${tag} township exists`, !!t, s.township_code);
  check(`${tag} not on a special unit`, t?.kind !== 'special');
  check(`${tag} mode`, MODES.includes(s.mode), s.mode);
  check(`${tag} name`, s.name.length > 0);
  check(`${tag} operator`, s.operator.length > 0);
  const d = ['planned_on', 'construction_started_on', 'operating_since', 'suspended_on'].map((k) => s[k]);
  check(`${tag} dates are ISO dates`, d.every((x) => x === '' || isDate(x)), d.join(','));
  check(`${tag} planned_on present`, d[0] !== '');
  check(`${tag} no date after the reference date`, d.every((x) => x === '' || x <= REF));
  const present = d.filter((x) => x !== '');
  check(`${tag} dates never go backwards`, present.every((x, i) => i === 0 || present[i - 1] <= x), present.join(','));
  const [, c, o, su] = d.map((x) => x !== '');
  const byStatus = {
    planned: !c && !o && !su,
    underConstruction: c && !o && !su,
    operating: c && o && !su,
    suspended: c && su,
  };
  check(`${tag} status agrees with dates`, byStatus[s.status] === true, `${s.status} ${d.join(',')}`);
  const w = Number(s.social_workers), cw = Number(s.certified_social_workers);
  check(`${tag} staff`, /^\d+$/.test(s.social_workers) && /^\d+$/.test(s.certified_social_workers) && w >= cw && cw >= 0);
  const sv = s.services === '' ? [] : s.services.split(';');
  check(`${tag} services`, sv.every((x) => SERVICES.includes(x)) && new Set(sv).size === sv.length, s.services);
}

// ---- plan targets ----
const plan = parseCsv('plan-targets.csv', ['prefecture_code', 'year', 'target_coverage']);
for (const p of prefectures) {
  const rows = plan.filter((r) => r.prefecture_code === p.code).sort((a, b) => a.year - b.year);
  const values = rows.map((r) => Number(r.target_coverage));
  check(`plan ${p.code} years 2021–2025`, rows.map((r) => r.year).join(',') === '2021,2022,2023,2024,2025');
  check(`plan ${p.code} values 0–100, non-decreasing`, values.every((v, i) => v >= 0 && v <= 100 && (i === 0 || v >= values[i - 1])));
  check(`plan ${p.code} 100 in 2025`, values[4] === 100);
}
check('plan targets reference existing prefectures', plan.every((r) => prefSet.has(r.prefecture_code)));

// ---- summary ----
const countable = townships.filter((t) => t.kind !== 'special');
const operating = stations.filter((s) => s.status === 'operating').length;
const byStatus = {};
for (const s of stations) byStatus[s.status] = (byStatus[s.status] ?? 0) + 1;
console.log(`prefectures ${prefectures.length}, counties ${realCounties.length} + ${devzones.length} dev zones, townships ${townships.length} (countable ${countable.length}), stations ${stations.length}`);
console.log(`status at ${REF}: ${JSON.stringify(byStatus)}; coverage ${(100 * operating / countable.length).toFixed(1)}%`);
console.log(`tiling: worst county area mismatch ${(Math.max(...tiling) * 100).toExponential(2)}%; off-grid coordinates have at most ${maxDecimals} decimals`);
console.log('coverage at the reference date vs the 2024 target:');
for (const p of prefectures) {
  const inPref = (code) => countyMap.get(townshipMap.get(code).county_code).prefecture_code === p.code;
  const n = countable.filter((t) => inPref(t.code)).length;
  const op = stations.filter((s) => s.status === 'operating' && inPref(s.township_code)).length;
  const t24 = plan.find((r) => r.prefecture_code === p.code && r.year === '2024')?.target_coverage;
  console.log(`  ${p.code} ${p.name.padEnd(9, '\u3000')} ${String(op).padStart(4)}/${String(n).padEnd(4)} ${(100 * op / n).toFixed(1).padStart(5)}%  target 2024 ${t24}%`);
}

if (process.argv.includes('--postgis')) postgis();

console.log(`${passed} passed, ${failures.length} failed`);
if (failures.length) {
  for (const f of failures.slice(0, 50)) console.error('FAIL ' + f);
  process.exit(1);
}

/** Loads the boundaries into a throwaway database, checks with PostGIS, drops the database. */
function postgis() {
  const db = `seed_verify_${process.pid}`;
  const psql = (args, input) => execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', ...args], { input, encoding: 'utf8', maxBuffer: 1 << 28 });
  const lit = (s) => "'" + s.replace(/'/g, "''") + "'";
  const sqlFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'seedgen-')), 'load.sql');
  const lines = ['create extension postgis;',
    'create table county (code text primary key, host text, g geometry(Geometry, 4326));',
    'create table cell (code text primary key, county text, host text, g geometry(Geometry, 4326));'];
  for (const f of countyFeatures) {
    lines.push(`insert into county values (${lit(f.properties.code)}, ${lit(hostOf(f.properties.code))}, ST_SetSRID(ST_GeomFromGeoJSON(${lit(JSON.stringify(f.geometry))}), 4326));`);
  }
  for (const f of townshipFeatures) {
    const t = townshipMap.get(f.properties.code);
    lines.push(`insert into cell values (${lit(t.code)}, ${lit(t.county_code)}, ${lit(hostOf(t.county_code))}, ST_SetSRID(ST_GeomFromGeoJSON(${lit(JSON.stringify(f.geometry))}), 4326));`);
  }
  lines.push('create index on cell using gist (g);', 'analyze;');
  fs.writeFileSync(sqlFile, lines.join('\n'));
  psql(['-d', 'postgres', '-c', `create database ${db}`]);
  try {
    psql(['-d', db, '-f', sqlFile]);
    const q = (sql) => psql(['-d', db, '-At', '-F', '|', '-c', sql]).trim();
    const r = {
      invalidCounties: q('select count(*) from county where not ST_IsValid(g)'),
      invalidCells: q('select count(*) from cell where not ST_IsValid(g)'),
      emptyCells: q("select count(*) from cell where ST_IsEmpty(g) or GeometryType(g) not in ('POLYGON','MULTIPOLYGON')"),
      cellsNotCoveredExact: q('select count(*) from cell c join county k on k.code = c.host where not ST_Covers(k.g, c.g)'),
      cellsNotCoveredTol: q('select count(*) from cell c join county k on k.code = c.host where not ST_Covers(ST_Buffer(k.g, 1e-9), c.g)'),
      devzoneCellsNotCovered: q("select count(*) from cell c join county k on k.code = c.county where c.county <> c.host and not ST_Covers(ST_Buffer(k.g, 1e-9), c.g)"),
      overlappingCellPairs: q("select count(*) from cell a join cell b on a.host = b.host and a.code < b.code and a.g && b.g and ST_Relate(a.g, b.g, '2********')"),
      overlapArea: q("select coalesce(sum(ST_Area(ST_Intersection(a.g, b.g))), 0) from cell a join cell b on a.host = b.host and a.code < b.code and a.g && b.g and ST_Relate(a.g, b.g, '2********')"),
      worstTilingPct: q('select max(abs(s.a - ST_Area(k.g)) / ST_Area(k.g) * 100) from county k join (select host, sum(ST_Area(g)) a from cell group by host) s on s.host = k.code'),
      worstUnionGapPct: q("select max(ST_Area(ST_SymDifference(k.g, u.g)) / ST_Area(k.g) * 100) from county k join (select host, ST_Union(g) g from cell group by host) u on u.host = k.code"),
      countyOverlapPairs: q("select count(*) from county a join county b on a.code < b.code and a.host <> b.code and b.host <> a.code and a.g && b.g and ST_Relate(a.g, b.g, '2********')"),
      countyOverlapAreaKm2: q("select coalesce(round((sum(ST_Area(ST_Intersection(a.g, b.g)::geography)) / 1e6)::numeric, 4), 0) from county a join county b on a.code < b.code and a.host <> b.code and b.host <> a.code and a.g && b.g and ST_Relate(a.g, b.g, '2********')"),
      countyOverlapList: q("select coalesce(string_agg(a.code || '/' || b.code || ' ' || round(ST_Area(ST_Intersection(a.g, b.g)::geography)::numeric) || ' m2', ', ' order by a.code, b.code), '') from county a join county b on a.code < b.code and a.host <> b.code and b.host <> a.code and a.g && b.g and ST_Relate(a.g, b.g, '2********')"),
      cellOverlapPairsProvince: q("select count(*) from cell a join cell b on a.code < b.code and a.g && b.g and ST_Relate(a.g, b.g, '2********')"),
      provinceAreaKm2: q("select round((sum(ST_Area(g::geography)) / 1e6)::numeric) from county where host = code"),
    };
    console.log('PostGIS:', JSON.stringify(r, null, 1));
    check('PostGIS: counties valid', r.invalidCounties === '0', r.invalidCounties);
    check('PostGIS: cells valid', r.invalidCells === '0', r.invalidCells);
    check('PostGIS: cells non-empty polygons', r.emptyCells === '0', r.emptyCells);
    check('PostGIS: cells covered by their county', r.cellsNotCoveredTol === '0', r.cellsNotCoveredTol);
    check('PostGIS: dev-zone cells covered by the dev zone', r.devzoneCellsNotCovered === '0', r.devzoneCellsNotCovered);
    check('PostGIS: no overlapping cells within a county', r.overlappingCellPairs === '0', r.overlappingCellPairs);
    check('PostGIS: tiling within 0.5%', Number(r.worstTilingPct) <= 0.5, r.worstTilingPct);
  } finally {
    psql(['-d', 'postgres', '-c', `drop database if exists ${db}`]);
    fs.rmSync(path.dirname(sqlFile), { recursive: true, force: true });
  }
}
