// The page after a move (a node draining for a restart: coverageMove in reconnect.js kept the map's picture): the picture
// is drawn where the map was from this page's very first paint — a style on the root element, so no element has to exist
// yet — until this page's own map has painted. Loaded in <head>, so it runs before anything is painted.
(() => {
  const KEY = "coverage-move-picture";
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return;
  sessionStorage.removeItem(KEY);
  let kept;
  try {
    kept = JSON.parse(raw);
  } catch {
    return;
  }
  if (kept.page !== location.pathname + location.search) return;
  const [left, top, width, height] = kept.map;
  const [x, y, w, h] = kept.canvas;
  const style = document.createElement("style");
  style.id = "map-move-picture";
  style.textContent = `html::after { content: ""; position: fixed; left: ${left}px; top: ${top}px; width: ${width}px;
    height: ${height}px; z-index: 1000; pointer-events: none;
    background: url("${kept.url}") ${x}px ${y}px / ${w}px ${h}px no-repeat, ${kept.background}; }`;
  document.head.appendChild(style);
  const started = Date.now();
  const timer = setInterval(() => {
    if (document.querySelector("[data-testid=coverage-map][data-painted]") || Date.now() - started > 30000) {
      clearInterval(timer);
      style.remove();
    }
  }, 50);
})();
