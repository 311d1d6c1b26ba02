// Writes seed-data/indicators.csv and indicator-values.csv on their own (generate.mjs writes them too, identically):
// node scripts/seed-gen/indicators.mjs [outDir]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCsv } from './lib/output.mjs';
import { INDICATORS, INDICATOR_COLUMNS, VALUE_COLUMNS, generateIndicatorValues } from './lib/indicators.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.resolve(process.argv[2] ?? path.join(here, '..', '..', 'seed-data'));
const readCsv = (file) => {
  const [head, ...lines] = fs.readFileSync(path.join(outDir, file), 'utf8').trim().split('\n');
  const cols = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
};
const prefectures = readCsv('prefectures.csv');
const countyPrefecture = new Map(readCsv('counties.csv').map((c) => [c.code, c.prefecture_code]));
const townships = new Map(prefectures.map((p) => [p.code, 0]));
for (const t of readCsv('townships.csv')) {
  if (t.kind === 'special') continue;
  const p = countyPrefecture.get(t.county_code);
  townships.set(p, townships.get(p) + 1);
}
writeCsv(path.join(outDir, 'indicators.csv'), INDICATOR_COLUMNS, INDICATORS);
const values = generateIndicatorValues(prefectures, townships);
writeCsv(path.join(outDir, 'indicator-values.csv'), VALUE_COLUMNS, values);
console.log(`indicators: ${INDICATORS.length}; values: ${values.length}`);
