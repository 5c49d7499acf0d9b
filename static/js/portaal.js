// Moves keyboard and screen-reader focus to the error summary when a form comes back with errors,
// so the user hears what to fix (WCAG 3.3.1). Loaded as a file: the CSP allows no inline script.
document.addEventListener("DOMContentLoaded", function () {
  var samenvatting = document.getElementById("foutmeldingen");
  if (samenvatting) {
    samenvatting.focus();
  }
});
