// The plan's indicators: the definitions as the plan publishes them (real) and yearly values for them (synthetic).
import { rng } from './prng.mjs';

export const INDICATOR_SOURCE =
  '四川省“十四五”社会工作发展规划的量化目标（摘录：养老服务、未成年人关爱保护、社区治理、社会救助、救灾防灾；基线未公布，按 0 计）';

const START = '2021-01-01';
const DEADLINE = '2025-12-31';

/** The definitions, in the order the board shows them. Targets, comparisons and deadlines are the plan's; baselines are 0. */
export const INDICATORS = [
  { id: 'elderly-institution-posts', field: 'elderlyCare', name: '百人以上养老机构设置社会工作岗位比例',
    name_en: 'Elderly-care institutions with over 100 residents that have a social-work post', unit: 'percent',
    comparison: 'shareAtLeast', target: '100', level: 'prefecture', derived: 'none' },
  { id: 'elderly-community-workers', field: 'elderlyCare', name: '老年人口千人以上社区配备社会工作者比例',
    name_en: 'Communities with over 1,000 elderly residents that have a social worker', unit: 'percent',
    comparison: 'shareAtLeast', target: '100', level: 'prefecture', derived: 'none' },
  { id: 'minors-certified-workers', field: 'minorsProtection', name: '未成年人保护领域持证社会工作者',
    name_en: 'Certified social workers in minors\u2019 protection', unit: 'persons',
    comparison: 'moreThan', target: '1000', level: 'province', derived: 'none' },
  { id: 'minors-team', field: 'minorsProtection', name: '未成年人保护社会工作服务队伍',
    name_en: 'Minors\u2019 protection social-work team', unit: 'persons',
    comparison: 'atLeast', target: '10000', level: 'province', derived: 'none' },
  { id: 'community-training', field: 'communityGovernance', name: '社区工作者社会工作专业人才万人培养工程（累计培养）',
    name_en: 'Community workers trained in social work (ten-thousand programme, cumulative)', unit: 'persons',
    comparison: 'atLeast', target: '10000', level: 'province', derived: 'none' },
  { id: 'assistance-participation', field: 'socialAssistance', name: '社会工作参与社会救助机制全面建立',
    name_en: 'Social work\u2019s part in social assistance established', unit: 'milestone',
    comparison: 'milestone', target: '1', level: 'province', derived: 'none' },
  { id: 'disaster-professionalisation', field: 'disasterRelief', name: '救灾防灾社会工作专业化队伍建成',
    name_en: 'A professional disaster social-work force in place', unit: 'milestone',
    comparison: 'milestone', target: '1', level: 'province', derived: 'none' },
  { id: 'station-coverage', field: 'townshipStations', name: '乡镇（街道）社会工作服务站覆盖率',
    name_en: 'Township social-work station coverage', unit: 'percent',
    comparison: 'shareAtLeast', target: '100', level: 'prefecture', derived: 'stationCoverage' },
  { id: 'station-social-workers', field: 'townshipStations', name: '社工站驻站社会工作者',
    name_en: 'Social workers stationed in township stations', unit: 'persons',
    comparison: 'tracked', target: '', level: 'prefecture', derived: 'stationedSocialWorkers' },
  { id: 'station-certified-share', field: 'townshipStations', name: '驻站社会工作者持证比例',
    name_en: 'Certified share of stationed social workers', unit: 'percent',
    comparison: 'tracked', target: '', level: 'prefecture', derived: 'certifiedShare' },
  { id: 'station-six-services', field: 'townshipStations', name: '开展全部六项服务的社工站比例',
    name_en: 'Stations offering all six services', unit: 'percent',
    comparison: 'tracked', target: '', level: 'prefecture', derived: 'allSixServices' },
].map((d) => ({ ...d, baseline: '0', start: START, deadline: DEADLINE, source: INDICATOR_SOURCE }));

export const INDICATOR_COLUMNS = ['id', 'field', 'name', 'name_en', 'unit', 'comparison', 'target', 'baseline', 'start', 'deadline',
  'level', 'derived', 'source'];
export const VALUE_COLUMNS = ['indicator_id', 'scope', 'year', 'value', 'as_of', 'source'];

const VALUE_SOURCE = 'synthetic: seed-gen（示例数据，非统计数字）';
const YEARS = [2021, 2022, 2023, 2024, 2025];
const LAGGARDS = new Set(['5132', '5133', '5134']);
// A year's figure is reported by the end of the next March.
const asOf = (year) => `${year + 1}-03-31`;

/** Where each entered indicator ends in 2025 (share of its target) and how the years ramp up to it. */
const SHAPE = {
  'elderly-institution-posts': { end: 0.93, ramp: [0.35, 0.55, 0.72, 0.86, 1] },
  'elderly-community-workers': { end: 1.0, ramp: [0.3, 0.5, 0.7, 0.88, 1] },
  'minors-certified-workers': { end: 1.39, ramp: [0.3, 0.5, 0.7, 0.88, 1] },
  'minors-team': { end: 0.94, ramp: [0.2, 0.4, 0.6, 0.8, 1] },
  'community-training': { end: 1.12, ramp: [0.2, 0.45, 0.7, 0.95, 1] },
};

/**
 * Yearly values 2021–2025 for the entered indicators: shares per prefecture (the province is their township-weighted mean),
 * counts for the province with a prefecture breakdown that adds up to it, milestones for the province.
 * @param prefectures [{ code }] @param townships Map prefecture code → countable townships
 */
export function generateIndicatorValues(prefectures, townships) {
  const rows = [];
  const total = prefectures.reduce((a, p) => a + townships.get(p.code), 0);
  for (const def of INDICATORS.filter((d) => d.derived === 'none' && d.unit !== 'milestone')) {
    const shape = SHAPE[def.id];
    const target = Number(def.target);
    for (const [i, year] of YEARS.entries()) {
      const r = rng(`indicator:${def.id}:${year}`);
      const perPrefecture = prefectures.map((p) => {
        const lag = LAGGARDS.has(p.code) ? 0.85 : 1;
        const noise = 1 + r.uniform(-0.06, 0.06) * (1 - shape.ramp[i] / 1.2);
        return { code: p.code, weight: townships.get(p.code) / total, factor: shape.ramp[i] * shape.end * lag * noise };
      });
      if (def.unit === 'percent') {
        let sum = 0;
        for (const p of perPrefecture) {
          const v = Math.min(100, Math.round(target * p.factor * 10) / 10);
          sum += v * p.weight;
          rows.push({ indicator_id: def.id, scope: p.code, year, value: v.toFixed(1), as_of: asOf(year), source: VALUE_SOURCE });
        }
        rows.push({ indicator_id: def.id, scope: '51', year, value: sum.toFixed(1), as_of: asOf(year), source: VALUE_SOURCE });
      } else {
        const province = Math.round(target * shape.ramp[i] * shape.end);
        const weights = perPrefecture.map((p) => p.weight * p.factor);
        const wsum = weights.reduce((a, w) => a + w, 0);
        let left = province;
        perPrefecture.forEach((p, k) => {
          const v = k === perPrefecture.length - 1 ? left : Math.round(province * weights[k] / wsum);
          left -= v;
          rows.push({ indicator_id: def.id, scope: p.code, year, value: String(v), as_of: asOf(year), source: VALUE_SOURCE });
        });
        rows.push({ indicator_id: def.id, scope: '51', year, value: String(province), as_of: asOf(year), source: VALUE_SOURCE });
      }
    }
  }
  // Milestones: social assistance reached in 2023; the disaster force not yet by 2025.
  for (const year of YEARS) {
    rows.push({ indicator_id: 'assistance-participation', scope: '51', year, value: year >= 2023 ? '1' : '0', as_of: asOf(year), source: VALUE_SOURCE });
    rows.push({ indicator_id: 'disaster-professionalisation', scope: '51', year, value: '0', as_of: asOf(year), source: VALUE_SOURCE });
  }
  const order = new Map(INDICATORS.map((d, i) => [d.id, i]));
  return rows.sort((a, b) => order.get(a.indicator_id) - order.get(b.indicator_id) || a.year - b.year || a.scope.localeCompare(b.scope));
}

export const INDICATOR_DATASET_SOURCES = (version) => [
  {
    name: 'Plan indicators',
    version: 'Sichuan 14th Five-Year social-work plan (targets to 2025)',
    licence: 'public government document',
    what: 'The plan\u2019s quantitative and milestone targets (indicators.csv): elderly care, minors\u2019 protection, community governance, social assistance, disaster relief, and the station-derived figures',
    kind: 'real',
  },
  {
    name: 'Synthetic indicator values',
    version,
    licence: 'MIT',
    what: 'Yearly values 2021–2025 of the entered indicators per prefecture and for the province (indicator-values.csv), invented; the station-derived indicators are computed from the stations instead',
    kind: 'synthetic',
  },
];
