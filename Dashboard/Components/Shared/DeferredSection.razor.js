// Tells a DeferredSection when it comes within reach of the window: half a window ahead, so a part is usually drawn before
// the user (or the keyboard's focus, which scrolls the page) reaches it. One observer per section, dropped once it fired.
const observers = new WeakMap();

export function observe(el, section) {
  if (!el || observers.has(el)) return;
  const observer = new IntersectionObserver((entries) => {
    if (!entries.some((e) => e.isIntersecting)) return;
    unobserve(el);
    section.invokeMethodAsync('ShowAsync');
  }, { rootMargin: '50% 0px 50% 0px' });
  observers.set(el, observer);
  observer.observe(el);
}

export function unobserve(el) {
  observers.get(el)?.disconnect();
  observers.delete(el);
}
