// One ECharts chart per element, drawn with the SVG renderer (a few hundred marks at most: crisp at any zoom and in
// print, and the tooltip is plain DOM). Options arrive as JSON from a typed C# model; nothing here is evaluated.
import * as echarts from '../../../lib/echarts/echarts.esm.min.js';

const charts = new WeakMap();

export function create(el, json, locale) {
  dispose(el);
  const chart = echarts.init(el, null, { renderer: 'svg', locale });
  chart.setOption(withMotion(JSON.parse(json)));
  // Follows its box (panel resizes, the phone's rotation); one resize per frame at most.
  let pending = 0;
  const observer = new ResizeObserver(() => {
    if (pending) return;
    pending = requestAnimationFrame(() => { pending = 0; chart.resize(); });
  });
  observer.observe(el);
  charts.set(el, { chart, observer });
}

export function update(el, json) {
  const state = charts.get(el);
  // Series are replaced, not merged by position, so a series that is gone does not linger.
  if (state) state.chart.setOption(withMotion(JSON.parse(json)), { replaceMerge: ['series'] });
}

export function dispose(el) {
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
