// Synthetic stations and plan targets. Nothing here is real: it only has to look like a plausible
// roll-out of "three years of pilots (2021–2023), two years of expansion (2024–2025)".
import { rng } from './prng.mjs';

export const REFERENCE_DATE = '2024-10-31';
export const SERVICES = ['needs', 'resources', 'assistance', 'care', 'governance', 'industry'];
export const MODES = ['provincialSubsidy', 'governancePilot', 'civilAffairsInstitution', 'countySelfBuilt', 'existingVenue'];

const DAY = 86400000;
export const dayOf = (iso) => Math.round(Date.parse(iso + 'T00:00:00Z') / DAY);
export const isoOf = (day) => new Date(day * DAY).toISOString().slice(0, 10);
const REF = dayOf(REFERENCE_DATE);
const MONTH = 30.44;

/**
 * Per prefecture: coverage reached at the reference date (share of countable townships with an
 * operating station) and the plan target for the end of 2024. Chosen so that some prefectures are
 * ahead of their 2024 plan and others (the three autonomous prefectures, some of the north-east) behind.
 */
export const PREFECTURE_PROFILE = {
  5101: { ref: 0.93, t24: 85.0 }, // 成都市 ahead
  5103: { ref: 0.77, t24: 80.0 },
  5104: { ref: 0.84, t24: 80.0 },
  5105: { ref: 0.74, t24: 78.0 },
  5106: { ref: 0.86, t24: 80.0 },
  5107: { ref: 0.80, t24: 80.0 },
  5108: { ref: 0.71, t24: 75.0 },
  5109: { ref: 0.82, t24: 78.0 },
  5110: { ref: 0.73, t24: 78.0 },
  5111: { ref: 0.75, t24: 78.0 },
  5113: { ref: 0.68, t24: 75.0 },
  5114: { ref: 0.83, t24: 80.0 },
  5115: { ref: 0.77, t24: 78.0 },
  5116: { ref: 0.79, t24: 78.0 },
  5117: { ref: 0.64, t24: 75.0 },
  5118: { ref: 0.80, t24: 78.0 },
  5119: { ref: 0.66, t24: 75.0 },
  5120: { ref: 0.72, t24: 75.0 },
  5132: { ref: 0.53, t24: 70.0 }, // 阿坝州 behind
  5133: { ref: 0.47, t24: 70.0 }, // 甘孜州 behind
  5134: { ref: 0.50, t24: 70.0 }, // 凉山州 behind
};

/** Build-mode mix by year of the station's decisive date (go-live, else construction start, else plan). */
const MODE_MIX = {
  2021: { provincialSubsidy: 40, governancePilot: 45, civilAffairsInstitution: 7, countySelfBuilt: 4, existingVenue: 4 },
  2022: { provincialSubsidy: 38, governancePilot: 35, civilAffairsInstitution: 10, countySelfBuilt: 9, existingVenue: 8 },
  2023: { provincialSubsidy: 30, governancePilot: 25, civilAffairsInstitution: 15, countySelfBuilt: 15, existingVenue: 15 },
  2024: { provincialSubsidy: 18, governancePilot: 10, civilAffairsInstitution: 22, countySelfBuilt: 27, existingVenue: 23 },
  2025: { provincialSubsidy: 14, governancePilot: 6, civilAffairsInstitution: 22, countySelfBuilt: 30, existingVenue: 28 },
};

const PILOT_START = dayOf('2021-05-01');
const PILOT_END = dayOf('2023-12-31');
const EXPANSION_START = dayOf('2024-01-01');
const PLAN_END = dayOf('2025-12-31');
const EARLIEST = dayOf('2021-01-04');

/** Share of the prefecture's countable townships live by the end of the pilot years. */
const pilotShare = (refCoverage) => refCoverage * 0.62;

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

  const plan = new Map(); // township code -> { golive?, construction?, planned }
  for (const pref of prefectures) {
    const list = byPref.get(pref.code) ?? [];
    const profile = PREFECTURE_PROFILE[pref.code];
    const r = rng(`rollout:${pref.code}`);
    // county effect: some counties move first
    const countyEffect = new Map();
    for (const c of [...new Set(list.map((t) => t.countyCode))].sort()) countyEffect.set(c, r.normal() * 0.22);
    const kindBias = { subdistrict: -0.3, town: 0, township: 0.12 };
    const scored = list.map((t) => ({ t, score: r.next() + countyEffect.get(t.countyCode) + kindBias[t.kind] }));
    scored.sort((a, b) => a.score - b.score || (a.t.code < b.t.code ? -1 : 1));

    const n = list.length;
    const nLiveByRef = Math.round(profile.ref * n);
    const nPilot = Math.round(pilotShare(profile.ref) * n);
    const nExpansion = nLiveByRef - nPilot;
    // go-live dates: accelerating within the pilot years, then the expansion up to the reference date
    const pilotDates = [];
    for (let i = 0; i < nPilot; i++) pilotDates.push(Math.round(PILOT_START + (PILOT_END - PILOT_START) * Math.pow(r.next(), 1 / 1.8)));
    const expDates = [];
    for (let i = 0; i < nExpansion; i++) expDates.push(Math.round(EXPANSION_START + (REF - EXPANSION_START) * Math.pow(r.next(), 1 / 1.25)));
    const future = [];
    for (let i = nLiveByRef; i < n; i++) future.push(Math.round(REF + 1 + (PLAN_END - REF - 1) * r.next()));
    const dates = [...pilotDates.sort((a, b) => a - b), ...expDates.sort((a, b) => a - b), ...future.sort((a, b) => a - b)];
    scored.forEach(({ t }, i) => plan.set(t.code, { golive: dates[i], live: i < nLiveByRef }));
  }

  const stations = [];
  let id = 0;
  for (const t of countable) {
    id++;
    const county = countyByCode.get(t.countyCode);
    const r = rng(`station:${t.code}`);
    const p = plan.get(t.code);
    const G = Math.min(p.golive, PLAN_END);
    // construction 2–10 months before go-live, planning 1–8 months before construction
    let C = Math.round(G - r.uniform(2, 10) * MONTH);
    C = Math.max(C, EARLIEST + 20);
    if (C >= G) C = G - 1;
    let P = Math.round(C - r.uniform(1, 8) * MONTH);
    P = Math.max(P, EARLIEST);
    if (P > C) P = C;
    let status, construction = null, operating = null, suspended = null, planned = P;
    if (p.live) {
      status = 'operating';
      construction = C;
      operating = G;
    } else if (C <= REF) {
      status = 'underConstruction';
      construction = C;
    } else {
      status = 'planned';
      // still only on paper at the reference date: the plan was made on or before it
      if (planned > REF) planned = Math.round(REF - r.uniform(0, 16) * MONTH);
    }
    stations.push({
      id, t, county, status, planned, construction, operating, suspended, r,
      expectedGoLive: G,
    });
  }

  // ~1% suspended: mostly stations that had been live for a while, a few stalled building sites
  const rs = rng('suspensions');
  for (const s of stations) {
    if (s.status === 'operating' && s.operating < REF - 150 && rs.chance(0.014)) {
      s.status = 'suspended';
      s.suspended = Math.round(s.operating + 60 + rs.next() * (REF - s.operating - 61));
    } else if (s.status === 'underConstruction' && s.construction < REF - 120 && rs.chance(0.03)) {
      s.status = 'suspended';
      s.suspended = Math.round(s.construction + 45 + rs.next() * (REF - s.construction - 46));
    }
  }

  return stations.map((s) => {
    const { r, t, county } = s;
    const decisive = s.operating ?? s.construction ?? s.expectedGoLive;
    const year = Math.min(2025, Math.max(2021, Number(isoOf(decisive).slice(0, 4))));
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
