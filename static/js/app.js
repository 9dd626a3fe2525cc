// An expired session answers an htmx request with HX-Redirect (see
// accounts.middleware); htmx follows that header itself. This file only makes
// elements marked data-confirm ask before a destructive action.
document.addEventListener("click", (event) => {
  const target = event.target.closest("[data-confirm]");
  if (target && !window.confirm(target.dataset.confirm)) {
    event.preventDefault();
  }
});
