// The main menu on a narrow screen (below Bootstrap's md, 768 px): folded behind the "Menu" button, which opens
// and closes it. Without this script the button stays hidden and the menu stays open, so it always works.
document.addEventListener("DOMContentLoaded", function () {
  var knop = document.querySelector(".portaal-kop .navbar-toggler");
  var menu = knop && document.getElementById(knop.getAttribute("aria-controls"));
  if (!menu) {
    return;
  }
  function zet(open) {
    menu.classList.toggle("show", open);
    knop.setAttribute("aria-expanded", open ? "true" : "false");
  }
  menu.classList.add("collapse");
  knop.hidden = false;
  zet(false);
  knop.addEventListener("click", function () {
    zet(knop.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && knop.getAttribute("aria-expanded") === "true") {
      zet(false);
      knop.focus();
    }
  });
});
