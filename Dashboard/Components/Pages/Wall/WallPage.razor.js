// The wall's own watchdog. The clock is redrawn by the server every second (data-server-tick); if that stops —
// circuit down, server gone, browser asleep — the numbers on screen are no longer live, so the wall says so in
// red until the server draws again. Reconnecting and reloading are reconnect.js's job. start() answers whether the system asks
// for reduced motion.
const watchers = new WeakMap();
const STALE_AFTER_MS = 10000;

export function start(root) {
  document.documentElement.classList.add('wall-mode');
  const check = () => {
    const tick = root.querySelector('[data-server-tick]');
    const last = Number(tick?.dataset.serverTick ?? 0);
    const seen = watchers.get(root);
    if (last !== seen.last) {
      seen.last = last;
      seen.at = Date.now();
    }
    root.classList.toggle('wall-stale', Date.now() - seen.at > STALE_AFTER_MS);
  };
  watchers.set(root, { last: 0, at: Date.now(), timer: setInterval(check, 1000) });
  // The system's reduced-motion setting: the page holds its rotation still (issue 16).
  return matchMedia('(prefers-reduced-motion: reduce)').matches;
}

export function stop(root) {
  const seen = watchers.get(root);
  if (seen) clearInterval(seen.timer);
  watchers.delete(root);
  document.documentElement.classList.remove('wall-mode');
}
