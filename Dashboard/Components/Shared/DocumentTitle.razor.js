// The circuit's page title (DocumentTitle.razor): set after an interactive navigation or a change of what the page shows.
export function set(text) {
  document.title = text;
}
