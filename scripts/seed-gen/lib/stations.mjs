// Synthetic stations and plan targets. Nothing here is real: it only has to look like a plausible
// roll-out of "three years of pilots (2021–2023), two years of expansion (2024–2025)".
import { rng } from './prng.mjs';

export const REFERENCE_DATE = '2026-10-31';
export const SERVICES = ['needs', 'resources', 'assistance', 'care', 'governance', 'industry'];
export const MODES = ['provincialSubsidy', 'governancePilot', 'civilAffairsInstitution', 'countySelfBuilt', 'existingVenue'];

const DAY = 86400000;
export const dayOf = (iso) => Math.round(Date.parse(iso + 'T00:00:00Z') / DAY);
export const isoOf = (day) => new Date(day * DAY).toISOString().slice(0, 10);
const REF = dayOf(REFERENCE_DATE);
const MONTH = 30.44;

/**
 * Per prefecture: coverage (share of countable townships with an operating station) at the end of 2024, at the end
 * of 2025 (the plan's last year, target 100 %) and at the reference date, plus the plan target for the end of 2024.
 * Chosen so that by the reference date the plan years are over, most townships are covered, and a tail of late
 * stations remains — longest in the three autonomous prefectures of the plateau and the mountains (阿坝, 甘孜, 凉山)
 * and some of the north-east, where the 2024 plan was missed as well.
 */
export const PREFECTURE_PROFILE = {
  5101: { c24: 0.95, c25: 0.990, ref: 0.997, t24: 85.0 }, // 成都市 ahead
  5103: { c24: 0.81, c25: 0.960, ref: 0.985, t24: 80.0 },
  5104: { c24: 0.87, c25: 0.975, ref: 0.990, t24: 80.0 },
  5105: { c24: 0.78, c25: 0.950, ref: 0.980, t24: 78.0 },
  5106: { c24: 0.89, c25: 0.980, ref: 0.995, t24: 80.0 },
  5107: { c24: 0.84, c25: 0.970, ref: 0.990, t24: 80.0 },
  5108: { c24: 0.75, c25: 0.930, ref: 0.970, t24: 75.0 },
  5109: { c24: 0.86, c25: 0.970, ref: 0.990, t24: 78.0 },
  5110: { c24: 0.77, c25: 0.950, ref: 0.980, t24: 78.0 },
  5111: { c24: 0.79, c25: 0.950, ref: 0.980, t24: 78.0 },
  5113: { c24: 0.72, c25: 0.920, ref: 0.965, t24: 75.0 },
  5114: { c24: 0.86, c25: 0.975, ref: 0.990, t24: 80.0 },
  5115: { c24: 0.81, c25: 0.955, ref: 0.980, t24: 78.0 },
  5116: { c24: 0.83, c25: 0.960, ref: 0.985, t24: 78.0 },
  5117: { c24: 0.68, c25: 0.900, ref: 0.955, t24: 75.0 },
  5118: { c24: 0.84, c25: 0.960, ref: 0.985, t24: 78.0 },
  5119: { c24: 0.70, c25: 0.900, ref: 0.950, t24: 75.0 },
  5120: { c24: 0.76, c25: 0.930, ref: 0.975, t24: 75.0 },
  5132: { c24: 0.57, c25: 0.780, ref: 0.870, t24: 70.0 }, // 阿坝州 behind
  5133: { c24: 0.51, c25: 0.740, ref: 0.840, t24: 70.0 }, // 甘孜州 behind
  5134: { c24: 0.54, c25: 0.760, ref: 0.860, t24: 70.0 }, // 凉山州 behind
};

/** The hardest areas, where the late tail is longest and more stations are suspended. */
const HARD = new Set(['5132', '5133', '5134']);

/** Build-mode mix by year of the station's decisive date (go-live, else construction start, else plan). */
const MODE_MIX = {
  2021: { provincialSubsidy: 40, governancePilot: 45, civilAffairsInstitution: 7, countySelfBuilt: 4, existingVenue: 4 },
  2022: { provincialSubsidy: 38, governancePilot: 35, civilAffairsInstitution: 10, countySelfBuilt: 9, existingVenue: 8 },
  2023: { provincialSubsidy: 30, governancePilot: 25, civilAffairsInstitution: 15, countySelfBuilt: 15, existingVenue: 15 },
  2024: { provincialSubsidy: 18, governancePilot: 10, civilAffairsInstitution: 22, countySelfBuilt: 27, existingVenue: 23 },
  2025: { provincialSubsidy: 14, governancePilot: 6, civilAffairsInstitution: 22, countySelfBuilt: 30, existingVenue: 28 },
  2026: { provincialSubsidy: 10, governancePilot: 4, civilAffairsInstitution: 24, countySelfBuilt: 32, existingVenue: 30 },
};

const PILOT_START = dayOf('2021-05-01');
const PILOT_END = dayOf('2023-12-31');
const YEAR_2024 = dayOf('2024-01-01');
const YEAR_2025 = dayOf('2025-01-01');
const YEAR_2026 = dayOf('2026-01-01');
const EARLIEST = dayOf('2021-01-04');

/** Share of the prefecture's countable townships live by the end of the pilot years. */
const pilotShare = (c24) => c24 * 0.62;

/** `count` days in [from, to], skewed towards `to` by `skew` (1 = uniform), sorted. */
function spread(r, count, from, to, skew) {
  const out = [];
  for (let i = 0; i < count; i++) out.push(Math.round(from + (to - from) * Math.pow(r.next(), 1 / skew)));
  return out.sort((a, b) => a - b);
}

/**
 * @param {Array} townships all townships (sorted by code) with countyCode
 * @param {Map} countyByCode county records (name, prefectureCode)
 */
export function generateStations(townships, countyByCode, prefectures) {
  const countable = townships.filter((t) => t.kind !== 'special');
  const byPref = new Map();
  for (const t of countable) {
    const p = countyByCode.get(t.countyCode).prefectureCode;
    if (!byPref.has(p)) byPref.set(p, []);
    byPref.get(p).push(t);
  }

  const plan = new Map(); // township code -> { golive, live, prefecture }
  for (const pref of prefectures) {
    const list = byPref.get(pref.code) ?? [];
    const profile = PREFECTURE_PROFILE[pref.code];
    const r = rng(`rollout:${pref.code}`);
    // county effect: some counties move first (and the last ones form the late tail)
    const countyEffect = new Map();
    for (const c of [...new Set(list.map((t) => t.countyCode))].sort()) countyEffect.set(c, r.normal() * 0.22);
    const kindBias = { subdistrict: -0.3, town: 0, township: 0.12 };
    const scored = list.map((t) => ({ t, score: r.next() + countyEffect.get(t.countyCode) + kindBias[t.kind] }));
    scored.sort((a, b) => a.score - b.score || (a.t.code < b.t.code ? -1 : 1));

    const n = list.length;
    const nPilot = Math.round(pilotShare(profile.c24) * n);
    const nBy24 = Math.round(profile.c24 * n);
    const nBy25 = Math.round(profile.c25 * n);
    const nLive = Math.round(profile.ref * n);
    // go-live dates: accelerating within the pilot years, the expansion years 2024 and 2025, then the stragglers of 2026
    const dates = [
      ...spread(r, nPilot, PILOT_START, PILOT_END, 1.8),
      ...spread(r, nBy24 - nPilot, YEAR_2024, YEAR_2025 - 1, 1.25),
      ...spread(r, nBy25 - nBy24, YEAR_2025, YEAR_2026 - 1, 1.0),
      ...spread(r, nLive - nBy25, YEAR_2026, REF, 1.0),
    ];
    scored.forEach(({ t }, i) => plan.set(t.code, { golive: dates[i] ?? null, live: i < nLive, prefecture: pref.code }));
  }

  const stations = [];
  let id = 0;
  for (const t of countable) {
    id++;
    const county = countyByCode.get(t.countyCode);
    const r = rng(`station:${t.code}`);
    const p = plan.get(t.code);
    let status, construction = null, operating = null, suspended = null, planned;
    if (p.live) {
      // construction 2–10 months before go-live, planning 1–8 months before construction
      const G = p.golive;
      let C = Math.round(G - r.uniform(2, 10) * MONTH);
      C = Math.max(C, EARLIEST + 20);
      if (C >= G) C = G - 1;
      let P = Math.round(C - r.uniform(1, 8) * MONTH);
      P = Math.max(P, EARLIEST);
      if (P > C) P = C;
      status = 'operating';
      planned = P;
      construction = C;
      operating = G;
    } else if (r.chance(HARD.has(p.prefecture) ? 0.6 : 0.5)) {
      // the late tail: building sites opened from mid-2024 on, many of them for more than a year by now
      status = 'underConstruction';
      construction = Math.round(dayOf('2024-06-01') + r.next() * (REF - 30 - dayOf('2024-06-01')));
      planned = Math.max(EARLIEST, Math.round(construction - r.uniform(1, 8) * MONTH));
    } else {
      // still only on paper: planned from mid-2023 on
      status = 'planned';
      planned = Math.round(dayOf('2023-06-01') + r.next() * (REF - 10 - dayOf('2023-06-01')));
    }
    stations.push({ id, t, county, status, planned, construction, operating, suspended, r, hard: HARD.has(p.prefecture) });
  }

  // ~1% suspended (about 3% in the hardest areas): mostly stations that had been live for a while, a few stalled
  // building sites
  const rs = rng('suspensions');
  for (const s of stations) {
    if (s.status === 'operating' && s.operating < REF - 150 && rs.chance(s.hard ? 0.03 : 0.01)) {
      s.status = 'suspended';
      s.suspended = Math.round(s.operating + 60 + rs.next() * (REF - s.operating - 61));
    } else if (s.status === 'underConstruction' && s.construction < REF - 120 && rs.chance(0.03)) {
      s.status = 'suspended';
      s.suspended = Math.round(s.construction + 45 + rs.next() * (REF - s.construction - 46));
    }
  }

  return stations.map((s) => {
    const { r, t, county } = s;
    const decisive = s.operating ?? s.construction ?? s.planned;
    const year = Math.min(2026, Math.max(2021, Number(isoOf(decisive).slice(0, 4))));
    const mix = { ...MODE_MIX[year] };
    if (t.kind === 'subdistrict') mix.governancePilot *= 1.6; // community-governance pilots are urban
    if (t.kind === 'township') mix.existingVenue *= 1.3;
    const mode = r.weighted(mix);

    // staff
    const range = { subdistrict: [3, 10], town: [2, 6], township: [1, 4] }[t.kind];
    let workers;
    if (s.status === 'planned') workers = r.chance(0.75) ? 0 : r.int(1, 2);
    else if (s.status === 'underConstruction') workers = r.int(0, 3);
    else if (s.status === 'suspended') workers = r.int(0, 2);
    else workers = r.int(range[0], range[1]);
    // certified share rises with the go-live year (newer cohorts recruited from a larger pool)
    const share = Math.min(0.9, 0.22 + 0.09 * (year - 2021) + r.uniform(-0.1, 0.1));
    let certified = 0;
    for (let k = 0; k < workers; k++) if (r.chance(share)) certified++;

    // services: always `needs`; operating stations mostly 4–6
    let count;
    if (s.status === 'operating') count = r.chance(0.87) ? r.int(4, 6) : r.int(2, 3);
    else if (s.status === 'suspended') count = r.int(1, 4);
    else count = r.int(1, 3);
    const others = r.shuffle(SERVICES.slice(1)).slice(0, count - 1);
    const services = SERVICES.filter((x) => x === 'needs' || others.includes(x));

    const operator = mode === 'civilAffairsInstitution' || mode === 'existingVenue'
      ? `${county.name}民政服务中心`
      : `${county.name}社会工作服务中心`;

    return {
      id: s.id,
      township_code: t.code,
      name: `${t.name}社会工作服务站`,
      mode,
      status: s.status,
      planned_on: isoOf(s.planned),
      construction_started_on: s.construction === null ? null : isoOf(s.construction),
      operating_since: s.operating === null ? null : isoOf(s.operating),
      suspended_on: s.suspended === null ? null : isoOf(s.suspended),
      social_workers: workers,
      certified_social_workers: certified,
      services: services.join(';'),
      operator,
    };
  });
}

/** Yearly targets per prefecture: non-decreasing, 100.0 in 2025, 2024 from the profile. */
export function generatePlanTargets(prefectures) {
  const rows = [];
  for (const p of prefectures) {
    const r = rng(`plan:${p.code}`);
    const t24 = PREFECTURE_PROFILE[p.code].t24;
    const laggard = t24 <= 70;
    const t21 = (laggard ? 8 : 12) + r.uniform(-2, 3);
    const t22 = (laggard ? 22 : 30) + r.uniform(-3, 4);
    const t23 = (laggard ? 42 : 52) + r.uniform(-4, 5);
    const values = [t21, t22, t23, t24, 100];
    let prev = 0;
    values.forEach((v, i) => {
      const val = Math.max(prev, Math.round(v * 10) / 10);
      prev = val;
      rows.push({ prefecture_code: p.code, year: 2021 + i, target_coverage: val.toFixed(1) });
    });
  }
  return rows;
}
