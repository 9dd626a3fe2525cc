// The agenda's drag and drop (templates/casusoverleg/agenda/_agenda.html).
// SortableJS (npm, served as vendor/sortablejs/Sortable.min.js) lets the
// ketenregisseur drag an item by its handle; on "end" the list element, which
// carries hx-post and hx-trigger="end", sends the hidden item inputs in their new
// DOM order and htmx swaps the renumbered list back in. The "Omhoog"/"Omlaag"
// buttons are plain forms that do the same without JavaScript or a mouse
// (WCAG 2.5.7): the handles stay hidden until this script runs.
(function () {
  "use strict";

  function setUp(root) {
    if (typeof Sortable === "undefined") {
      return;
    }
    const lists = root.matches && root.matches("[data-sortable]")
      ? [root]
      : Array.from(root.querySelectorAll("[data-sortable]"));
    lists.forEach((list) => {
      if (list.dataset.sortableReady) {
        return;
      }
      list.dataset.sortableReady = "true";
      list.querySelectorAll(".app-agenda__handle").forEach((handle) => {
        handle.hidden = false;
      });
      Sortable.create(list, {
        handle: ".app-agenda__handle",
        draggable: ".app-agenda__item",
        animation: 150,
        ghostClass: "app-agenda__item--ghost",
        // Sortable itself dispatches the DOM event "end" on the list, which
        // htmx takes as the trigger of the list's hx-post.
      });
    });
  }

  function start() {
    setUp(document);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  // The swapped-in list (htmx) gets its own Sortable.
  document.addEventListener("htmx:load", (event) => {
    setUp(event.detail.elt);
  });
})();
