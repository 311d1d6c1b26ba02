// Stable, byte-reproducible writers.
import fs from 'node:fs';
import path from 'node:path';

function csvField(v) {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

/** RFC 4180 CSV, LF line endings, UTF-8 without BOM. */
export function writeCsv(file, columns, rows) {
  const lines = [columns.join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c])).join(','));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, lines.join('\n') + '\n', 'utf8');
}

export function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n', 'utf8');
}

/** GeoJSON FeatureCollection with one feature per line (diff-friendly, still compact). */
export function writeFeatureCollection(file, features) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const body = features.map((f) => JSON.stringify(f)).join(',\n');
  fs.writeFileSync(file, '{"type":"FeatureCollection","features":[\n' + body + '\n]}\n', 'utf8');
}

/** Polygon when there is one part, MultiPolygon otherwise. */
export function geometryOf(multi) {
  return multi.length === 1
    ? { type: 'Polygon', coordinates: multi[0] }
    : { type: 'MultiPolygon', coordinates: multi };
}
