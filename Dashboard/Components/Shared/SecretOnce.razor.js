// Copies a shown-once secret. The Clipboard API needs a secure context (HTTPS or localhost); on a plain-HTTP
// intranet address the text is selected and copied the old way, or left selected for Ctrl+C.
export async function copy(input) {
  input.focus();
  input.select();
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(input.value);
      return true;
    } catch {
      // Permission refused: fall through to the selection.
    }
  }
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}
