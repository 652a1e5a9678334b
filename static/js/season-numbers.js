// A season row added on the show page starts with the next season number.
"use strict";
document.addEventListener("formset:added", (event) => {
  if (event.detail.formsetName !== "seasons") {
    return;
  }
  const numbers = Array.from(
    document.querySelectorAll('#seasons-group input[name^="seasons-"][name$="-number"]'),
    (input) => Number.parseInt(input.value, 10) || 0,
  );
  const row = event.target;
  const number = row.querySelector('input[name$="-number"]');
  if (number && !number.value) {
    number.value = Math.max(0, ...numbers) + 1;
  }
});
