// The coverage map: Leaflet with the canvas renderer, drawing our own vector layers from /api/map/* (no tile
// server needed). One state object per map element; Blazor drives it through the exported functions.
import * as L from '../../../lib/leaflet/leaflet.min.js';

const TOWNSHIP_ZOOM = 8; // below this, at province scope, the county choropleth stands in for township cells
// How long a go-live pulse lasts: the ring's CSS animation is given this duration and the ring is removed after it.
const PULSE_MS = 1600;
const states = new WeakMap();

const escapeHtml = (value) => String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

// Options, views and changes arrive as JSON text (see ScriptJson in CoverageMap.razor).
const parsed = (value) => (typeof value === 'string' ? JSON.parse(value) : value);

// The data attributes the module writes on a map's element (a map taken over by its circuit carries them to its new element).
const ELEMENT_DATA = ['painted', 'shownScope', 'shownAsOf', 'townships', 'townshipScope'];

// The prerendered page's maps, drawn before the circuit starts (startEarly), until their circuit takes them over (create).
const early = new Set();
let takeoverWatch = null;

/**
 * Called by the circuit once its first render is on the page. A map the prerendered page has already drawn (the same options)
 * is taken over, pan and zoom as the user left them; otherwise a new map is made.
 */
export function create(el, dotnet, optionsJson) {
  const state = takeOver(el, optionsJson);
  // A prerendered map left without an element (its page rendered differently in the circuit) is never shown again.
  for (const orphan of [...early]) if (!orphan.host.isConnected) discard(orphan);
  if (early.size === 0) stopWatchingForTakeover();
  if (!state) {
    makeMap(el, dotnet, optionsJson);
    return;
  }
  state.dotnet = dotnet;
  state.takenOver = true;
  performance.mark('coverage-map:taken-over');
  if (state.paintedAt !== null) state.el.dataset.painted = String(state.paintedAt);
  // A township clicked while the circuit was starting is answered now.
  if (state.pendingClick) {
    const code = state.pendingClick;
    state.pendingClick = null;
    dotnet.invokeMethodAsync('OnFeatureClicked', code);
  }
}

// optionsJson: the circuit's options, as text (the prerendered page's must be the same text).
function takeOver(el, optionsJson) {
  const moved = states.get(el);
  const state = moved && early.has(moved) ? moved : [...early].find((s) => !s.host.isConnected);
  if (!state) return null;
  early.delete(state);
  if (state.optionsJson !== optionsJson) {
    discard(state);
    return null;
  }
  attach(state, el);
  return state;
}

// One Leaflet map, drawn in a container of its own inside the element: the container can move to the element the circuit
// renders in place of the prerendered one, where Leaflet's own container could not.
function makeMap(el, dotnet, optionsJson) {
  const options = parsed(optionsJson);
  const host = document.createElement('div');
  host.className = 'coverage-map__leaflet';
  el.appendChild(host);
  const map = L.map(host, {
    preferCanvas: true,
    renderer: L.canvas({ padding: 0.2 }),
    zoomSnap: 0.25,
    attributionControl: false,
    zoomControl: options.interactive,
    dragging: options.interactive,
    scrollWheelZoom: options.interactive,
    doubleClickZoom: options.interactive,
    boxZoom: options.interactive,
    keyboard: options.interactive,
    touchZoom: options.interactive,
  });
  // The element is the tab stop (its role and label are the page's): its focus drives Leaflet's keyboard handling, and the
  // container is focused only by a click on the map, as Leaflet does.
  host.tabIndex = -1;
  map.setView([30.6, 103.0], 6);
  const state = {
    el: null, host, map, dotnet, options, optionsJson,
    view: null, loadToken: 0, loaded: false, takenOver: false, pendingClick: null,
    counties: null, prefectures: null, townships: null, townshipScope: null, etags: new Map(),
    townshipByCode: new Map(), countyByCode: new Map(),
    centres: new Map(), centreLoads: new Map(),
    pulses: { queue: [], timer: null, summarised: 0, summary: null, summaryTimer: null },
    paintScheduled: false, paintedAt: null,
    onFocus: () => map.fire('focus'),
    onBlur: () => map.fire('blur'),
  };
  map.on('zoomend', () => updateVisibility(state));
  // The hover tooltip never covers an open popup: tooltips are hidden while one is open (see a11y.css).
  map.on('popupopen', () => { state.el.classList.add('coverage-map--popup-open'); map.eachLayer((l) => l.closeTooltip?.()); });
  map.on('popupclose', () => state.el.classList.remove('coverage-map--popup-open'));
  // The page may still be laying out when the map is created, and wall displays resize: keep Leaflet's size right.
  state.resizeObserver = new ResizeObserver(() => map.invalidateSize({ pan: false }));
  state.resizeObserver.observe(host);
  attach(state, el);
  return state;
}

// Binds a map to the element it is drawn in: first its own, then (taken over) the one its circuit rendered in its place.
function attach(state, el) {
  const previous = state.el;
  if (previous === el) return;
  if (previous) {
    states.delete(previous);
    previous.removeEventListener('focus', state.onFocus);
    previous.removeEventListener('blur', state.onBlur);
    for (const key of ELEMENT_DATA) if (key in previous.dataset) el.dataset[key] = previous.dataset[key];
  }
  state.el = el;
  states.set(el, state);
  if (state.host.parentNode !== el) el.appendChild(state.host);
  el.addEventListener('focus', state.onFocus);
  el.addEventListener('blur', state.onBlur);
}

function discard(state) {
  early.delete(state);
  state.loadToken++;
  clearTimeout(state.pulses.timer);
  clearTimeout(state.pulses.summaryTimer);
  state.resizeObserver.disconnect();
  state.map.remove();
  state.host.remove();
  if (state.el) {
    state.el.removeEventListener('focus', state.onFocus);
    state.el.removeEventListener('blur', state.onBlur);
    // What it said of itself goes with it (a map made afresh in the same element writes its own).
    for (const key of ELEMENT_DATA) delete state.el.dataset[key];
    if (states.get(state.el) === state) states.delete(state.el);
  }
}

// On the prerendered page the module is a script of the page's own (MapModuleScripts.razor): each map is drawn at once, from
// the options and view its markup carries, while the circuit starts — the map's layers are fetched as the circuit connects,
// not after it. The circuit's first render replaces the prerendered markup; in the same turn (before anything is painted) the
// drawn map moves into the element rendered in its place, so it never blinks; create then hands it to its circuit.
// The script is async (it runs as soon as it and Leaflet are fetched): a map the parser has not reached yet is started when it has.
startEarlyMaps();
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', startEarlyMaps, { once: true });

function startEarlyMaps() {
  for (const el of document.querySelectorAll('[data-map-options][data-map-view]')) startEarly(el);
}

function startEarly(el) {
  if (states.has(el)) return;
  let view;
  try {
    view = JSON.parse(el.dataset.mapView);
    JSON.parse(el.dataset.mapOptions);
  } catch {
    return; // the circuit draws it
  }
  performance.mark('coverage-map:prerendered-start');
  // The layers are asked for first: the map is made while they are on their way.
  const requests = requestLayers(view);
  const state = makeMap(el, null, el.dataset.mapOptions);
  state.view = view;
  early.add(state);
  watchForTakeover();
  // A failure (the server restarting, the session gone) leaves the map to its circuit, which fetches the layers again.
  load(state, true, requests).catch(() => {});
}

// The circuit's first render replaces the whole prerendered page in one batch; this sees it (before the next paint) and
// moves each drawn map into the element rendered in its place, in document order. Its work is then done: a map whose page
// rendered no element for it waits, out of the page, for create (or is discarded there).
function watchForTakeover() {
  if (takeoverWatch) return;
  takeoverWatch = new MutationObserver(() => {
    const orphans = [...early].filter((s) => !s.host.isConnected);
    if (orphans.length === 0) return;
    const successors = [...document.querySelectorAll('.coverage-map__canvas')]
      .filter((el) => !states.has(el) && !el.hasAttribute('data-map-options'));
    orphans.forEach((state, i) => { if (successors[i]) attach(state, successors[i]); });
    stopWatchingForTakeover();
  });
  takeoverWatch.observe(document.body, { childList: true, subtree: true });
}

function stopWatchingForTakeover() {
  takeoverWatch?.disconnect();
  takeoverWatch = null;
}

export async function show(el, viewJson) {
  const view = parsed(viewJson);
  const state = states.get(el);
  if (!state) return;
  const previous = state.view;
  state.view = view;
  if (state.takenOver) {
    state.takenOver = false;
    // The prerendered page's map, taken over for the same view: its layers are asked for again (a change may have come while
    // the circuit started) and drawn again only where one changed (its ETag); fitted to its scope if that had not happened yet.
    if (JSON.stringify(previous) === JSON.stringify(view)) {
      await load(state, !state.loaded);
      return;
    }
  }
  const scopeChanged = !previous || previous.prefecture !== view.prefecture || previous.county !== view.county;
  if (scopeChanged || previous.asOf !== view.asOf) {
    // A new as-of date (a playback step) reloads the layers but keeps the user's pan and zoom.
    await load(state, scopeChanged);
  } else {
    restyleAll(state);
  }
}

export async function reload(el) {
  const state = states.get(el);
  if (state?.view) await load(state, false);
}

export function restyle(el, townshipsJson, countiesJson) {
  const townships = parsed(townshipsJson);
  const counties = parsed(countiesJson);
  const state = states.get(el);
  if (!state) return;
  for (const change of townships) {
    const layer = state.townshipByCode.get(change.code);
    if (!layer) continue;
    layer.feature.properties.status = change.status;
    layer.feature.properties.mode = change.mode;
    layer.setStyle(townshipStyle(state, layer.feature.properties));
    layer.setTooltipContent(townshipTooltip(state, layer.feature.properties));
  }
  for (const change of counties) {
    const layer = state.countyByCode.get(change.code);
    if (!layer) continue;
    Object.assign(layer.feature.properties, change);
    layer.setStyle(countyStyle(state, layer.feature.properties));
    layer.setTooltipContent(countyTooltip(state, layer.feature.properties));
  }
}

// Go-lives are drawn one after another, at most PULSES_PER_SECOND, so a burst becomes a visible sequence rather
// than one blur; at most PULSE_QUEUE wait their turn. Any beyond that are not drawn but counted, on the map, in a
// summary ("N more go-lives") that stays up for SUMMARY_MS after the last one: a go-live is never dropped silently.
const PULSES_PER_SECOND = 4;
const PULSE_QUEUE = 12;
const SUMMARY_MS = 8000;

/** Queues a go-live pulse on each township code (one code or a list), newest last. */
export function pulse(el, codes) {
  const state = states.get(el);
  if (!state) return;
  const pulses = state.pulses;
  for (const code of Array.isArray(codes) ? codes : [codes]) {
    if (pulses.queue.length < PULSE_QUEUE) pulses.queue.push(code);
    else summarise(state, 1);
  }
  drainPulses(state);
}

function drainPulses(state) {
  const pulses = state.pulses;
  if (pulses.timer) return;
  const next = () => {
    pulses.timer = null;
    const code = pulses.queue.shift();
    if (code === undefined || !states.has(state.el)) return;
    drawPulse(state, code);
    pulses.timer = setTimeout(next, 1000 / PULSES_PER_SECOND);
  };
  next();
}

function summarise(state, count) {
  const pulses = state.pulses;
  pulses.summarised += count;
  if (!pulses.summary) {
    pulses.summary = L.DomUtil.create('div', 'map-pulse-summary', state.map.getContainer());
    pulses.summary.dataset.testid = 'map-pulse-summary';
    pulses.summary.setAttribute('role', 'status');
  }
  pulses.summary.dataset.count = String(pulses.summarised);
  pulses.summary.textContent = state.options.labels.pulseMore.replace('{0}', pulses.summarised);
  clearTimeout(pulses.summaryTimer);
  pulses.summaryTimer = setTimeout(() => {
    pulses.summary?.remove();
    pulses.summary = null;
    pulses.summarised = 0;
  }, SUMMARY_MS);
}

function reducedMotion(state) {
  return state.options.reducedMotion || matchMedia('(prefers-reduced-motion: reduce)').matches;
}

// A pulse: the township's cell (where cells are drawn) or the county's outline (on the province's county
// choropleth) lights up, and a ring grows and fades over the township. Both are CSS-animated on top of the canvas,
// opacity and transform only, so the animation runs in the compositor and never redraws the map; with reduced motion
// they appear still and go after the same time. Each removes itself. The glow is drawn in a small SVG of its own
// whose root fades (glowOverlay): a fading path inside the map-sized SVG was repainted, whole, at every frame (no
// compositor for SVG children), which on a wall without a GPU cost more than the change it marks (bench/README.md).
function drawPulse(state, code) {
  const reduced = reducedMotion(state);
  const dark = state.options.dark ? ' map-pulse--dark' : '';
  const still = reduced ? ' map-pulse--still' : '';
  const duration = reduced ? PULSE_MS * 2 : PULSE_MS;
  const parts = [];
  const cell = state.choropleth ? null : state.townshipByCode.get(code);
  const county = state.countyByCode.get(code.slice(0, 6));
  const province = !(state.view?.prefecture || state.view?.county);
  const glow = (layer, kind) => {
    const overlay = glowOverlay(state.map, layer, kind, `map-pulse-shape map-pulse-shape--${kind}${dark}${still}`);
    overlay.getElement().style.animationDuration = `${duration}ms`;
    const path = overlay.getElement().firstElementChild;
    path.dataset.township = code;
    path.dataset.kind = kind;
    parts.push(overlay);
  };
  // At province scope the county lights up too (on the choropleth it is all there is); the township's cell where drawn.
  if (province && county) glow(county, 'county');
  if (cell) glow(cell, 'township');
  const ring = (at) => {
    if (!states.has(state.el)) return;
    // Leaflet places the icon with a transform, so the ring that scales is the icon's inner element.
    const marker = L.marker(at, {
      interactive: false,
      keyboard: false,
      icon: L.divIcon({ className: `map-pulse${dark}${still}`, iconSize: [16, 16], html: '<span class="map-pulse__ring"></span>' }),
    }).addTo(state.map);
    const element = marker.getElement();
    if (element) {
      element.dataset.township = code;
      element.dataset.at = String(Math.round(performance.now()));
      const inner = element.firstElementChild;
      if (inner) inner.style.animationDuration = `${duration}ms`;
    }
    setTimeout(() => marker.remove(), duration + 200);
  };
  if (cell) ring(cell.getBounds().getCenter());
  else if (county) {
    // On the choropleth the cells are not loaded: find the township's centre from its county's cells (fetched once
    // per county); until then, or if that fails, the ring marks the county.
    const known = state.centres.get(code);
    if (known) ring(known);
    else {
      townshipCentres(state, code.slice(0, 6))
        .then(() => ring(state.centres.get(code) ?? county.getBounds().getCenter()))
        .catch(() => ring(county.getBounds().getCenter()));
    }
  }
  setTimeout(() => { for (const part of parts) part.remove(); }, duration + 200);
}

// The glow of one pulse: the shape's outline in an SVG of its own, just its size (its bounds plus the stroke), which
// Leaflet keeps over the shape when the map moves or zooms (L.svgOverlay). The SVG's root fades (map-pulse-layer), so
// only that small box is composited again at each frame.
function glowOverlay(map, layer, kind, className) {
  const weight = kind === 'township' ? 3 : 5;
  const zoom = map.getZoom();
  const bounds = layer.getBounds();
  const nw = map.project(bounds.getNorthWest(), zoom).subtract([weight, weight]);
  const se = map.project(bounds.getSouthEast(), zoom).add([weight, weight]);
  const rings = (latlngs) => (latlngs.length && latlngs[0].lat !== undefined ? [latlngs] : latlngs.flatMap(rings));
  const d = rings(layer.getLatLngs()).map((ring) => 'M' + ring.map((ll) => {
    const p = map.project(ll, zoom);
    return `${(p.x - nw.x).toFixed(1)} ${(p.y - nw.y).toFixed(1)}`;
  }).join('L') + 'Z').join('');
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${(se.x - nw.x).toFixed(1)} ${(se.y - nw.y).toFixed(1)}`);
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('aria-hidden', 'true');
  svg.style.overflow = 'visible';
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', d);
  path.setAttribute('class', className);
  path.setAttribute('fill-rule', 'evenodd');
  path.setAttribute('stroke-width', String(weight));
  path.setAttribute('stroke-linejoin', 'round');
  path.setAttribute('vector-effect', 'non-scaling-stroke');
  svg.appendChild(path);
  const still = className.includes('map-pulse--still');
  return L.svgOverlay(svg, L.latLngBounds(map.unproject(nw, zoom), map.unproject(se, zoom)), {
    interactive: false,
    className: `map-pulse-layer${still ? ' map-pulse--still' : ''}`,
    // Leaflet writes the overlay's opacity inline: still pulses stay at the still opacity; the fade overrides it.
    opacity: still ? 0.85 : 1,
  }).addTo(map);
}

function townshipCentres(state, countyCode) {
  let pending = state.centreLoads.get(countyCode);
  if (!pending) {
    pending = getJson(`api/map/townships${query({ county: countyCode })}`).then((data) => {
      const layer = L.geoJSON(data);
      layer.eachLayer((l) => state.centres.set(l.feature.properties.code, l.getBounds().getCenter()));
    });
    pending.catch(() => state.centreLoads.delete(countyCode));
    state.centreLoads.set(countyCode, pending);
  }
  return pending;
}

// The map's link to its table: focus the table's heading (made focusable) and bring it into view.
export function focusElement(id) {
  const target = document.getElementById(id);
  if (!target) return;
  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus();
  target.scrollIntoView({ block: 'start' });
}

export function openPopup(el, code, html) {
  const state = states.get(el);
  const layer = state?.townshipByCode.get(code);
  if (!layer) return;
  L.popup({ maxWidth: 320 }).setLatLng(state.lastClick ?? layer.getBounds().getCenter()).setContent(html).openOn(state.map);
}

export function dispose(el) {
  const state = states.get(el);
  if (state) discard(state);
}

function query(params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) q.set(key, value);
  const s = q.toString();
  return s ? `?${s}` : '';
}

async function fetchLayer(url) {
  // no-cache: revalidate with the ETag every time (a 304 costs nothing), so a changed station is never stale.
  const response = await fetch(url, { cache: 'no-cache', headers: { Accept: 'application/geo+json' } });
  if (!response.ok) {
    letGo(response);
    throw new Error(`${url} answered ${response.status}`);
  }
  return response;
}

// A response whose body is not wanted is still read to its end (in the background): an unread body keeps its request open,
// and its connection taken, until the page goes, and the page never goes quiet on the network. (Cancelling it instead makes
// the browser report the request as failed.)
function letGo(response) {
  response.arrayBuffer().catch(() => {});
}

async function getJson(url) {
  return (await fetchLayer(url)).json();
}

// A layer for the map: null when it is the one drawn now (the same ETag: the server derives it from the layer's data and
// filter), else its ETag and its GeoJSON.
async function getLayer(state, kind, request) {
  const response = await request;
  const etag = response.headers.get('ETag');
  if (etag && state.etags.get(kind) === etag) {
    letGo(response); // a 304 has no body; a 200 with the same ETag (the browser's cache did not ask conditionally) has one
    return null;
  }
  return { etag, data: await response.json() };
}

// The requests for a view's layers, all made at once (the prerendered page makes them before its map exists).
function requestLayers(view) {
  const scope = townshipQuery(view);
  return {
    scope,
    counties: fetchLayer(`api/map/counties${query({ asOf: view.asOf })}`),
    prefectures: fetchLayer('api/map/prefectures'),
    townships: view.prefecture || view.county ? fetchLayer(`api/map/townships${scope}`) : null,
  };
}

// Everything a scope needs is fetched first and swapped in at once, so a wall moving between scopes never shows a
// blank or half-drawn map: the old scope stays until the new one is ready.
async function load(state, fit, requests = requestLayers(state.view)) {
  const token = ++state.loadToken;
  const view = state.view;
  const scope = requests.scope;
  // A layer unchanged since it was drawn (null) is kept as it is, with the restyles it has had since.
  const [counties, prefectures, townships] = await Promise.all([
    getLayer(state, 'counties', requests.counties),
    getLayer(state, 'prefectures', requests.prefectures),
    requests.townships ? getLayer(state, 'townships', requests.townships) : Promise.resolve(undefined),
  ]);
  if (token !== state.loadToken) return;
  if (!state.loaded) performance.mark('coverage-map:layers-received');
  if (counties) replaceCounties(state, counties);
  if (prefectures) replacePrefectures(state, prefectures);
  if (townships) setTownships(state, scope, townships);
  else if (townships === undefined) clearTownships(state);
  state.loaded = true;
  if (fit) fitScope(state);
  updateVisibility(state);
  // User timing for the bench (bench/Bench: where a cold load's time goes): the first layers received and on the map.
  if (!state.paintScheduled) performance.mark('coverage-map:layers-drawn');
  state.el.dataset.shownScope = view.county ?? view.prefecture ?? 'province';
  state.el.dataset.shownAsOf = view.asOf ?? 'now';
  markPainted(state);
}

function townshipQuery(view) {
  return query({ prefecture: view.county ? null : view.prefecture, county: view.county, asOf: view.asOf });
}

async function loadTownships(state, token) {
  const scope = townshipQuery(state.view);
  const layer = await getLayer(state, 'townships', fetchLayer(`api/map/townships${scope}`));
  if (token !== state.loadToken || !layer) return;
  setTownships(state, scope, layer);
}

function setTownships(state, scope, layer) {
  clearTownships(state);
  state.townshipScope = scope;
  state.etags.set('townships', layer.etag);
  state.townships = featureLayer(state, layer.data, state.townshipByCode, townshipStyle, townshipTooltip);
  state.el.dataset.townships = String(state.townshipByCode.size);
  state.el.dataset.townshipScope = scope;
}

function clearTownships(state) {
  if (state.townships) state.map.removeLayer(state.townships);
  state.townships = null;
  state.townshipScope = null;
  state.etags.delete('townships');
  state.townshipByCode.clear();
  state.el.dataset.townships = '0';
}

function replaceCounties(state, layer) {
  if (state.counties) state.map.removeLayer(state.counties);
  state.countyByCode.clear();
  state.etags.set('counties', layer.etag);
  state.counties = featureLayer(state, layer.data, state.countyByCode, countyStyle, countyTooltip);
}

// A GeoJSON layer whose features are indexed by code (for restyling in place) and, on interactive maps, have a
// tooltip and report clicks to Blazor.
function featureLayer(state, data, byCode, style, tooltip) {
  return L.geoJSON(data, {
    style: (feature) => style(state, feature.properties),
    interactive: state.options.interactive,
    onEachFeature: (feature, layer) => {
      byCode.set(feature.properties.code, layer);
      if (!state.options.interactive) return;
      layer.bindTooltip(tooltip(state, feature.properties), { sticky: true });
      layer.on('click', (e) => {
        state.lastClick = e.latlng;
        // Before the circuit has taken the map over, the last click waits for it (create).
        if (state.dotnet) state.dotnet.invokeMethodAsync('OnFeatureClicked', feature.properties.code);
        else state.pendingClick = feature.properties.code;
      });
    },
  });
}

function replacePrefectures(state, layer) {
  if (state.prefectures) state.map.removeLayer(state.prefectures);
  state.etags.set('prefectures', layer.etag);
  state.prefectures = L.geoJSON(layer.data, {
    interactive: false,
    style: () => ({ fill: false, color: state.options.dark ? '#dbe6f1' : '#37474f', weight: 1.6, opacity: 0.9 }),
  });
}

function fitScope(state) {
  const view = state.view;
  let bounds = null;
  if (view.county) bounds = state.countyByCode.get(view.county)?.getBounds();
  if (!bounds && view.prefecture) {
    for (const [code, layer] of state.countyByCode) {
      if (code.startsWith(view.prefecture)) bounds = bounds ? bounds.extend(layer.getBounds()) : L.latLngBounds(layer.getBounds().getSouthWest(), layer.getBounds().getNorthEast());
    }
  }
  if (!bounds && state.townships && state.townshipByCode.size > 0) bounds = state.townships.getBounds();
  if (!bounds && state.prefectures) bounds = state.prefectures.getBounds();
  state.map.invalidateSize({ pan: false });
  if (bounds && bounds.isValid()) state.map.fitBounds(bounds, { padding: [12, 12], animate: false });
}

// Layer order (bottom → top): counties (choropleth or plain), townships, prefecture outlines. The canvas hit
// test picks the topmost interactive layer, so township clicks win over their county.
function updateVisibility(state) {
  const view = state.view;
  if (!view) return;
  const map = state.map;
  const scoped = view.prefecture || view.county;
  const showTownships = scoped || map.getZoom() >= TOWNSHIP_ZOOM;
  state.choropleth = !showTownships;

  if (!scoped && showTownships && !state.townships) {
    // Zoomed in at province scope: fetch the whole province's cells once.
    const token = state.loadToken;
    loadTownships(state, token).then(() => { if (token === state.loadToken) updateVisibility(state); });
  }
  for (const layer of [state.counties, state.townships, state.prefectures]) if (layer) map.removeLayer(layer);
  if (state.counties) {
    state.counties.eachLayer((l) => {
      l.options.interactive = state.options.interactive && state.choropleth;
      l.setStyle(countyStyle(state, l.feature.properties));
    });
    state.counties.addTo(map);
  }
  if (state.townships && showTownships) {
    state.townships.addTo(map);
    // An outlined cell is drawn last, so its neighbours' borders do not cover the outline.
    if (view.highlight) state.townshipByCode.get(view.highlight)?.bringToFront();
  }
  if (state.prefectures) state.prefectures.addTo(map);
}

function restyleAll(state) {
  state.townships?.eachLayer((l) => l.setStyle(townshipStyle(state, l.feature.properties)));
  state.counties?.eachLayer((l) => l.setStyle(countyStyle(state, l.feature.properties)));
}

// data-painted: when the map was first on screen (performance.now()), written once its circuit drives it (at once for a map
// its circuit made; for a prerendered map, when taken over), so the attribute still says the map is live.
function markPainted(state) {
  if (state.paintScheduled) return;
  state.paintScheduled = true;
  // Leaflet's canvas draws on the next animation frame; the frame after it has been painted.
  requestAnimationFrame(() => requestAnimationFrame(() => {
    state.paintedAt = Math.round(performance.now());
    if (state.dotnet) state.el.dataset.painted = String(state.paintedAt);
  }));
}

function matches(view, p) {
  const modes = view.modes ? view.modes.split(',') : [];
  const statuses = view.statuses ? view.statuses.split(',') : [];
  return (modes.length === 0 || (p.mode && modes.includes(p.mode))) && (statuses.length === 0 || statuses.includes(p.status || 'none'));
}

function townshipStyle(state, p) {
  const { palette, dark } = state.options;
  const view = state.view ?? {};
  const border = p.code === view.highlight
    ? { color: dark ? '#ffffff' : '#b71c1c', weight: 3, opacity: 1 }
    : { color: dark ? '#0b1623' : '#ffffff', weight: 0.6, opacity: 0.9 };
  if (!matches(view, p)) return { ...border, fillColor: dark ? '#25313d' : '#e0e0e0', fillOpacity: 0.5, pattern: null };
  const patterns = palette.patterns;
  if (view.colouring === 'mode') {
    const colour = p.mode ? palette.mode[p.mode] : palette.none;
    const name = p.mode ? patterns.mode[p.mode] : patterns.none;
    return { ...border, fillColor: fillPattern(colour, name, patterns), pattern: name, fillOpacity: p.status === 'operating' ? 0.9 : 0.35 };
  }
  const colour = p.status ? palette.status[p.status] : palette.none;
  const name = p.status ? patterns.status[p.status] : patterns.none;
  return { ...border, fillColor: fillPattern(colour, name, patterns), pattern: name, fillOpacity: 0.85 };
}

// Colour is never the only carrier of meaning (issue 16): each status or mode fills its cells with its colour and a pattern
// (MapPalette.PatternPaths, the same paths as the legend's swatches) — a CanvasPattern is a valid fillStyle for Leaflet's canvas.
// One pattern per colour and name, drawn at the screen's pixel ratio.
const fillPatterns = new Map();
function fillPattern(colour, name, patterns) {
  const path = patterns.paths[name];
  if (!path) return colour;
  const key = `${colour}|${name}`;
  let pattern = fillPatterns.get(key);
  if (!pattern) {
    const ratio = Math.max(1, Math.round(window.devicePixelRatio || 1));
    const tile = document.createElement('canvas');
    tile.width = tile.height = patterns.tile * ratio;
    const ctx = tile.getContext('2d');
    ctx.scale(ratio, ratio);
    ctx.fillStyle = colour;
    ctx.fillRect(0, 0, patterns.tile, patterns.tile);
    ctx.strokeStyle = patterns.ink;
    ctx.lineWidth = patterns.inkWidth;
    ctx.stroke(new Path2D(path));
    pattern = ctx.createPattern(tile, 'repeat');
    pattern.setTransform(new DOMMatrix().scale(1 / ratio));
    fillPatterns.set(key, pattern);
  }
  return pattern;
}

/** What each township cell is filled with, for tests and tools: its status, mode, pattern name and whether a pattern is drawn. */
export function describeCells(el) {
  const state = states.get(el);
  if (!state) return [];
  return [...state.townshipByCode].map(([code, layer]) => ({
    code,
    status: layer.feature.properties.status ?? 'none',
    mode: layer.feature.properties.mode ?? null,
    pattern: layer.options.pattern ?? null,
    patterned: layer.options.fillColor instanceof CanvasPattern,
  }));
}

function countyStyle(state, p) {
  const { dark } = state.options;
  const outline = { color: dark ? '#7f93a8' : '#546e7a', weight: state.choropleth ? 0.6 : 1.1, opacity: 0.9 };
  if (!state.choropleth) return { ...outline, fill: true, fillOpacity: 0 };
  return { ...outline, fill: true, fillColor: coverageColour(state, p), fillOpacity: 0.9 };
}

function coverageColour(state, p) {
  if (!p.townships) return state.options.palette.none;
  let colour = state.options.palette.coverage[0].colour;
  for (const c of state.options.palette.coverage) if (p.coverage >= c.from) colour = c.colour;
  return colour;
}

function townshipTooltip(state, p) {
  const { labels } = state.options;
  const status = p.status ? labels.status[p.status] : labels.none;
  const mode = p.mode ? ` · ${escapeHtml(labels.mode[p.mode])}` : '';
  return `<strong>${escapeHtml(p.name)}</strong><br>${escapeHtml(status)}${mode}`;
}

function countyTooltip(state, p) {
  const text = state.options.labels.coverage
    .replace('{0}', p.coverage.toFixed(1)).replace('{1}', p.covered).replace('{2}', p.townships);
  return `<strong>${escapeHtml(p.name)}</strong><br>${escapeHtml(text)}`;
}
