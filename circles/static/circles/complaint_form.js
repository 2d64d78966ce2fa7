// Raising a concern: show only the "which one" questions that fit the chosen subject,
// and the contact questions only to someone who chose to be contacted.
// Without JavaScript every question shows, each saying when it is needed.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector(".complaint-form");
  if (!form) return;
  const radios = form.querySelectorAll('input[name="about"]');
  const fields = form.querySelectorAll("[data-about]");
  const hint = document.getElementById("which-hint");
  const update = () => {
    const chosen = form.querySelector('input[name="about"]:checked');
    const about = chosen ? chosen.value : "";
    fields.forEach((field) => {
      const fits = field.dataset.about.split(" ").includes(about);
      // A question with a message by it always stays in view.
      field.hidden = !fits && !field.querySelector(".errorlist");
    });
    if (hint) hint.hidden = true;
  };
  radios.forEach((radio) => radio.addEventListener("change", update));
  update();

  const contactFields = form.querySelectorAll("[data-contact]");
  const showContact = () => {
    const chosen = form.querySelector('input[name="contact"]:checked');
    const yes = chosen && chosen.value === "yes";
    contactFields.forEach((field) => {
      field.hidden = !yes && !field.querySelector(".errorlist");
    });
  };
  form
    .querySelectorAll('input[name="contact"]')
    .forEach((radio) => radio.addEventListener("change", showContact));
  showContact();

  // A second press on a slow connection would send the concern twice, and only the
  // second receipt code would be shown.
  const send = form.querySelector('button[type="submit"]');
  if (send) {
    form.addEventListener("submit", () => {
      window.setTimeout(() => { send.disabled = true; }, 0);
    });
    // Back from the receipt page: the button works again.
    window.addEventListener("pageshow", () => { send.disabled = false; });
  }
});
