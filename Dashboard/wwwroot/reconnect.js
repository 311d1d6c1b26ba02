// Self-healing connection for every page (and the unattended wall above all): never a dialog waiting for a
// human. While the circuit is down it retries with backoff, forever; when the server answers but no longer
// knows the circuit (restart, expiry, a long network cut) it waits until /healthz says the server is ready and
// reloads the page. Coming back from sleep or a hidden tab retries at once.
// A node that is shutting down (a rolling restart) calls coverageMove: the page keeps a picture of its map, waits until the
// load balancer reaches a ready node and reloads there, with no "connection lost" state on the way; the new page shows the
// kept picture where the map was until its own map has painted (move-picture.js), so the map never goes blank.
(() => {
  const PICTURE = "coverage-move-picture";

  const banner = () => {
    let el = document.getElementById("connection-banner");
    if (!el) {
      el = document.createElement("div");
      el.id = "connection-banner";
      el.setAttribute("role", "status");
      document.body.appendChild(el);
    }
    return el;
  };
  const text = (zh, en) => (document.documentElement.lang || "zh").startsWith("en") ? en : zh;
  const sleep = ms => new Promise(r => setTimeout(r, ms));
  const backoff = attempt => Math.min(500 * 2 ** attempt, 10000) * (0.8 + Math.random() * 0.4);

  let down = false;
  let wake = null;

  let moving = false;

  async function serverReady() {
    try {
      const r = await fetch("healthz/ready", { cache: "no-store" });
      return r.ok;
    } catch {
      return false;
    }
  }

  async function reloadWhenReady() {
    banner().textContent = text("服务已重启，正在重新载入…", "The server restarted; reloading…");
    for (let attempt = 0; ; attempt++) {
      if (await serverReady()) {
        location.reload();
        return;
      }
      await Promise.race([sleep(backoff(attempt)), new Promise(r => (wake = r))]);
    }
  }

  // The map as it is now (its canvas), kept for the next page of this tab (move-picture.js shows it).
  function keepMapPicture() {
    const map = document.querySelector("[data-testid=coverage-map][data-painted]");
    const canvas = map?.querySelector(".leaflet-overlay-pane canvas");
    if (!canvas) return;
    try {
      const m = map.getBoundingClientRect();
      const c = canvas.getBoundingClientRect();
      sessionStorage.setItem(PICTURE, JSON.stringify({
        page: location.pathname + location.search,
        url: canvas.toDataURL(),
        map: [m.left, m.top, m.width, m.height],
        canvas: [c.left - m.left, c.top - m.top, c.width, c.height],
        background: getComputedStyle(map).backgroundColor,
      }));
    } catch {
      // no room in sessionStorage: the new page draws its map as usual
    }
  }

  window.coverageMove = () => {
    if (moving) return;
    moving = true;
    keepMapPicture();
    (async () => {
      for (let attempt = 0; ; attempt++) {
        if (await serverReady()) {
          location.reload();
          return;
        }
        await sleep(Math.min(250 * 2 ** attempt, 2000));
      }
    })();
  };

  async function onConnectionDown() {
    if (moving) return; // a move is under way: the page reloads on another node by itself
    if (down) return;
    down = true;
    document.documentElement.classList.add("connection-down");
    banner().textContent = text("连接中断，正在重连…", "Connection lost; reconnecting…");
    for (let attempt = 0; down; attempt++) {
      await Promise.race([sleep(attempt === 0 ? 250 : backoff(attempt)), new Promise(r => (wake = r))]);
      if (!down) return;
      try {
        if (await Blazor.reconnect()) return; // onConnectionUp clears the state
        await reloadWhenReady(); // reached the server, but it no longer knows this circuit
        return;
      } catch {
        // server not reachable yet: keep trying
      }
    }
  }

  function onConnectionUp() {
    down = false;
    document.documentElement.classList.remove("connection-down");
    document.getElementById("connection-banner")?.remove();
  }

  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && wake) wake();
  });
  window.addEventListener("online", () => wake && wake());

  // A circuit that cannot start at all (the server refused it: a revoked display link, an expired sign-in) reloads the
  // page once the server is up, and the server then answers what is right: the sign-in page or "显示链接已停用". It waits a
  // few seconds first, so a refusal that persists (too many open screens: 429) never becomes a tight reload loop.
  Blazor.start({
    circuit: {
      reconnectionHandler: { onConnectionDown, onConnectionUp },
    },
  }).catch(async () => {
    await sleep(3000 + Math.random() * 2000);
    await reloadWhenReady();
  });
})();
