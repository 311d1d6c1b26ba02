// Tells a page's DeferredPanels when one of its sections comes within reach of the window: half a window ahead, so a part is
// usually drawn before the user (or the keyboard's focus, which scrolls the page) reaches it. One observer per page, watching
// the sections inside the page's container that still wait; a section is dropped from it once it fired.
const observers = new WeakMap();

export function observe(container, panels) {
  if (!container) return;
  let observer = observers.get(container);
  if (!observer) {
    observer = new IntersectionObserver((entries) => {
      const names = [];
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        observer.unobserve(entry.target);
        names.push(entry.target.dataset.deferred);
      }
      // All that came into reach at once, in one call: the page draws them in one render. A page left meanwhile (its
      // reference already let go) has nothing to draw: its refusal is not an error.
      if (names.length > 0) panels.invokeMethodAsync('ShowAsync', names).catch(() => {});
    }, { rootMargin: '50% 0px 50% 0px' });
    observers.set(container, observer);
  }
  for (const el of container.querySelectorAll('[data-deferred]:not([data-shown]):not([data-observed])')) {
    observer.observe(el);
    // Marks the section as live (its circuit is listening), e.g. for a test that scrolls to it only once that is so.
    el.dataset.observed = 'true';
  }
}

export function unobserve(container) {
  observers.get(container)?.disconnect();
  observers.delete(container);
}
