// The export page's "Select all" box ticks or clears every column's box. It is a
// listener in a static file because the Content-Security-Policy runs no inline handler
// (the library's page wrote one, so the box did nothing).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const boxes = () =>
    document.querySelectorAll('.selectable-field-export-row input[type="checkbox"]');
  for (const toggle of document.querySelectorAll("input.select-toggle")) {
    toggle.addEventListener("change", () => {
      for (const box of boxes()) {
        box.checked = toggle.checked;
      }
    });
  }
});
