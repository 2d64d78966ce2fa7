// The receipt page's "Print this page" button: shown only when JavaScript runs.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("print-receipt");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
