// One ECharts chart per element, drawn with the SVG renderer (a few hundred marks at most: crisp at any zoom and in
// print, and the tooltip is plain DOM). Options arrive as JSON from a typed C# model; nothing here is evaluated.
// ECharts (lib/echarts/echarts.min.js, only the parts the charts use: frontend/echarts.js) is the largest script of a
// page, so it is fetched only once a chart is on screen and the page's map has painted (or at once on a page without one): it never competes
// with the first map for the network or the main thread. Until it arrives the chart's text alternative stands in.

const charts = new WeakMap();
// The options each element should show, set by create/update while ECharts may still be loading.
const latest = new WeakMap();
const MAP_PAINT_WAIT_MS = 3000;
let library = null;

function load() {
  library ??= whenMapPainted().then(() => import('../../../lib/echarts/echarts.min.js'));
  return library;
}

function whenMapPainted() {
  const map = document.querySelector('[data-testid=coverage-map]');
  if (!map || map.dataset.painted) return Promise.resolve();
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => { if (map.dataset.painted) done(); });
    // A map that cannot paint (no data, the database away) must not keep the charts away for long.
    const timer = setTimeout(done, MAP_PAINT_WAIT_MS);
    function done() { observer.disconnect(); clearTimeout(timer); resolve(); }
    observer.observe(map, { attributes: true, attributeFilter: ['data-painted'] });
  });
}

// A chart is drawn once it is on screen: a page whose charts are below the fold (the overview at 1920×1080) fetches ECharts
// only when the user scrolls to one. The promise is not returned to .NET, which must not wait for a scroll that may never come.
const waiting = new WeakMap();

function whenInView(el) {
  return new Promise((resolve) => {
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      observer.disconnect();
      waiting.delete(el);
      resolve();
    });
    waiting.set(el, observer);
    observer.observe(el);
  });
}

export function create(el, json, locale) {
  dispose(el);
  latest.set(el, json);
  whenInView(el).then(load).then((echarts) => {
    // Disposed, re-created or removed while ECharts loaded: nothing to draw here.
    if (!latest.has(el) || charts.has(el) || !el.isConnected) return;
    const chart = echarts.init(el, null, { renderer: 'svg', locale });
    chart.setOption(withMotion(JSON.parse(latest.get(el))));
    // Follows its box (panel resizes, the phone's rotation); one resize per frame at most.
    let pending = 0;
    const observer = new ResizeObserver(() => {
      if (pending) return;
      pending = requestAnimationFrame(() => { pending = 0; chart.resize(); });
    });
    observer.observe(el);
    charts.set(el, { chart, observer });
  }).catch((e) => console.warn('A chart could not be drawn:', e));
}

export function update(el, json) {
  if (!latest.has(el)) return;
  latest.set(el, json);
  const state = charts.get(el);
  // Series are replaced, not merged by position, so a series that is gone does not linger.
  if (state) state.chart.setOption(withMotion(JSON.parse(json)), { replaceMerge: ['series'] });
}

export function dispose(el) {
  latest.delete(el);
  waiting.get(el)?.disconnect();
  waiting.delete(el);
  const state = charts.get(el);
  if (!state) return;
  state.observer.disconnect();
  state.chart.dispose();
  charts.delete(el);
}

// The system's reduced-motion setting: no ECharts transitions (a playback step or a live update redraws at once).
function withMotion(option) {
  if (matchMedia('(prefers-reduced-motion: reduce)').matches) option.animation = false;
  return option;
}
