// The system's reduced-motion setting, for the playback control: with it, nothing advances by itself (issue 16).
export function prefersReducedMotion() {
  return matchMedia('(prefers-reduced-motion: reduce)').matches;
}
