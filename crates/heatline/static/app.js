// Heatline's small client script: htmx sends the session's CSRF token with
// every request, and a few keyboard shortcuts help the operators.
document.addEventListener("htmx:configRequest", function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) {
    event.detail.headers["X-CSRF-Token"] = meta.content;
  }
});

document.addEventListener("keydown", function (event) {
  // Alt+/ focuses the search field of the page, if it has one.
  if (event.altKey && event.key === "/") {
    var search = document.querySelector("[data-search]");
    if (search) {
      event.preventDefault();
      search.focus();
    }
  }
});

// Validation problems (422) come back as rendered fragments: show them.
document.addEventListener("htmx:beforeSwap", function (event) {
  if (event.detail.xhr.status === 422) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
