// The concept editor (blauwdruk modelleren): an edit link of a row ("Naam wijzigen", "Verplaatsen", ...) opens its
// form right under that row instead of reloading the page, so a long concept does not jump thousands of pixels.
// The form gets the row's object chosen and the row's id (name "rij"), so saving comes back to the same row.
// Without script the link itself does this on the server (?bewerk=…&rij=…#row); this file only saves the reload.
// Loaded as a file: the CSP allows no inline script.
(function () {
  "use strict";

  function eersteInvoer(formulier, gekozen) {
    var velden = Array.prototype.filter.call(formulier.elements, function (el) {
      return el.type !== "hidden" && !el.disabled && el.tagName !== "BUTTON" && el !== gekozen;
    });
    return velden[0] || gekozen;
  }

  function openOnderRij(link) {
    var sectie = document.getElementById(link.dataset.bewerk);
    var plek = document.querySelector('.in-plaats[data-rij="' + link.dataset.rij + '"]');
    var formulier = sectie && sectie.querySelector("form");
    if (!formulier || !plek) { return false; }  // not on this page: let the link reload it
    plek.appendChild(sectie);
    var gekozen = formulier.elements[link.dataset.bewerk + "-" + link.dataset.veld];
    if (gekozen) { gekozen.value = link.dataset.waarde; }
    formulier.elements.rij.value = link.dataset.rij;
    formulier.action = formulier.action.split("#")[0] + "#" + link.dataset.rij;
    eersteInvoer(formulier, gekozen).focus();
    return true;
  }

  document.addEventListener("click", function (gebeurtenis) {
    var link = gebeurtenis.target.closest("a.bewerk-link");
    if (link && openOnderRij(link)) {
      gebeurtenis.preventDefault();
    }
  });
})();
