// An expired session answers an htmx request with HX-Redirect (see
// accounts.middleware); htmx follows that header itself. This file makes elements
// marked data-confirm ask before a destructive action, moves focus to a form's
// error summary, and folds the main menu behind a button at small widths.
document.addEventListener("click", (event) => {
  const target = event.target.closest("[data-confirm]");
  if (target && !window.confirm(target.dataset.confirm)) {
    event.preventDefault();
  }
});

// The error summary (templates/includes/form_errors.html) takes focus when the
// page or an htmx swap brings one, so a failed submit is heard and seen at once.
function focusErrorSummary(root) {
  const summary = root.matches && root.matches("[data-error-summary]")
    ? root
    : root.querySelector("[data-error-summary]");
  if (summary && document.activeElement !== summary) {
    summary.focus();
  }
}

// A link in the summary moves focus to its field, not only the scroll position.
document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-error-summary] a[href^='#']");
  const field = link && document.getElementById(link.hash.slice(1));
  if (field) {
    event.preventDefault();
    field.focus();
    field.scrollIntoView({ block: "center" });
  }
});

// The main menu: without JavaScript its list simply stays open.
function setUpMenu() {
  const nav = document.querySelector(".app-nav");
  const toggle = nav && nav.querySelector(".app-nav__toggle");
  if (!toggle) {
    return;
  }
  toggle.hidden = false;
  nav.classList.add("app-nav--collapsible");
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") === "true";
    toggle.setAttribute("aria-expanded", String(!open));
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
      toggle.setAttribute("aria-expanded", "false");
      toggle.focus();
    }
  });
}

function start() {
  setUpMenu();
  focusErrorSummary(document);
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}
// htmx:load fires for each piece of content an htmx swap puts in the page.
document.addEventListener("htmx:load", (event) => {
  if (event.detail.elt !== document.body) {
    focusErrorSummary(event.detail.elt);
  }
});
