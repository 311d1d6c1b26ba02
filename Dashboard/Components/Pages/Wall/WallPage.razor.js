// The wall's own watchdog. The clock is redrawn by the server every second (data-server-tick); if that stops —
// circuit down, server gone, browser asleep — the numbers on screen are no longer live, so the wall says so in
// red until the server draws again. Reconnecting and reloading are reconnect.js's job. start() answers whether the system asks
// for reduced motion.
const watchers = new WeakMap();
const STALE_AFTER_MS = 10000;

export function start(root) {
  document.documentElement.classList.add('wall-mode');
  // A wall whose browser composites without a GPU draws its short motion (the counter's roll, the map's pulse) in steps of
  // about 20 a second instead of 60: the frames between steps change nothing, so they are not drawn (bench/README.md).
  document.documentElement.classList.toggle('wall-software', softwareRendering());
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

// True when WebGL would run without a GPU (no context with failIfMajorPerformanceCaveat, or a software renderer named), as a
// wall PC without graphics acceleration, a virtual machine or a remote desktop has it; compositing is in software there too.
function softwareRendering() {
  try {
    const gl = document.createElement('canvas').getContext('webgl', { failIfMajorPerformanceCaveat: true });
    if (!gl) return true;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return /swiftshader|llvmpipe|softpipe|software/i.test(renderer);
  } catch {
    return true;
  }
}

export function stop(root) {
  const seen = watchers.get(root);
  if (seen) clearInterval(seen.timer);
  watchers.delete(root);
  document.documentElement.classList.remove('wall-mode', 'wall-software');
}
