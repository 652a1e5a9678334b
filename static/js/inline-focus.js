// A row added with "Add another …" takes the keyboard at once: its first empty field is
// focused, so the editor types and moves on with Tab instead of clicking into it. A
// person box opens its own search (person-autocomplete.js); other search boxes are left
// to their own scripts.
"use strict";
document.addEventListener("formset:added", (event) => {
  const row = event.target;
  if (row.querySelector("select.person-or-new, select.admin-autocomplete")) {
    return;
  }
  const fields = row.querySelectorAll(
    'input:not([type="hidden"]):not([type="checkbox"]):not([disabled]), select:not([disabled]), textarea:not([disabled])',
  );
  const empty = Array.from(fields).find((field) => field.value === "" && field.offsetParent);
  if (empty) {
    empty.focus();
  }
});
