// Self-healing connection for every page (and the unattended wall above all): never a dialog waiting for a
// human. While the circuit is down it retries with backoff, forever; when the server answers but no longer
// knows the circuit (restart, expiry, a long network cut) it waits until /healthz says the server is ready and
// reloads the page. Coming back from sleep or a hidden tab retries at once.
(() => {
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

  async function serverReady() {
    try {
      const r = await fetch("healthz", { cache: "no-store" });
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

  async function onConnectionDown() {
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
