// A season row added on the show page starts with the show's next season number, as the
// server rendered it (#next-season-number); a row added below another new row takes the
// number after that row's.
"use strict";
document.addEventListener("formset:added", (event) => {
  if (event.detail.formsetName !== "seasons") {
    return;
  }
  const row = event.target;
  const number = row.querySelector('input[name$="-number"]');
  const next = document.getElementById("next-season-number");
  if (!number || number.value || !next) {
    return;
  }
  const added = Array.from(
    document.querySelectorAll("#seasons-group .dynamic-seasons:not(.has_original)"),
  );
  const above = added
    .slice(0, added.indexOf(row))
    .map((other) => Number.parseInt(other.querySelector('input[name$="-number"]').value, 10))
    .filter(Number.isInteger);
  number.value = above.length ? above.at(-1) + 1 : JSON.parse(next.textContent);
});
