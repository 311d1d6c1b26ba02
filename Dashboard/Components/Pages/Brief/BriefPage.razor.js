// The brief's print button: the browser's own print dialog, where "Save as PDF" is one of the printers.
export function print() {
  window.print();
}
