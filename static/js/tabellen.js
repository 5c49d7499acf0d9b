// Tables on a narrow screen (a phone): every table in the content scrolls sideways inside its own box
// (.table-responsive), so the page itself never does, and a cell that holds only a date does not wrap (.datum).
// A box that really scrolls (also the organisation picture's .plaatje-kader) becomes a labelled, focusable region,
// so it can also be scrolled with the keyboard.
(function () {
  "use strict";
  var DATUM = /^(vanaf |t\/m )?\d{2}-\d{2}-\d{4}( t\/m \d{2}-\d{2}-\d{4})?$/;

  function vakVoor(tabel) {
    var ouder = tabel.parentElement;
    if (ouder && ouder.classList.contains("table-responsive")) {
      return ouder;
    }
    var vak = document.createElement("div");
    vak.className = "table-responsive";
    ouder.insertBefore(vak, tabel);
    vak.appendChild(tabel);
    return vak;
  }

  // The page's language (<html lang>, set by the server): these few words are not in Django's catalogue.
  var TEKST = {
    nl: { tabel: "Tabel", plaatje: "Plaatje", schuif: " (schuif opzij voor de rest)" },
    en: { tabel: "Table", plaatje: "Chart", schuif: " (scroll sideways for the rest)" }
  }[document.documentElement.lang] || { tabel: "Tabel", plaatje: "Plaatje", schuif: " (schuif opzij voor de rest)" };

  function naamVan(inhoud) {
    var bijschrift = inhoud.querySelector("caption, title");
    var tekst = bijschrift ? bijschrift.textContent.trim() : "";
    var soort = inhoud.tagName.toLowerCase() === "table" ? TEKST.tabel : TEKST.plaatje;
    return tekst ? soort + ": " + tekst : soort;
  }

  function werkBij(vak, inhoud) {
    if (vak.scrollWidth > vak.clientWidth + 1) {
      vak.setAttribute("tabindex", "0");
      vak.setAttribute("role", "region");
      vak.setAttribute("aria-label", naamVan(inhoud) + TEKST.schuif);
    } else {
      vak.removeAttribute("tabindex");
      vak.removeAttribute("role");
      vak.removeAttribute("aria-label");
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var paren = [];
    document.querySelectorAll("main table").forEach(function (tabel) {
      paren.push([vakVoor(tabel), tabel]);
      tabel.querySelectorAll("td, th").forEach(function (cel) {
        if (DATUM.test(cel.textContent.trim())) {
          cel.classList.add("datum");
        }
      });
    });
    document.querySelectorAll(".plaatje-kader").forEach(function (kader) {
      paren.push([kader, kader.querySelector("svg") || kader]);
    });
    function allemaal() { paren.forEach(function (p) { werkBij(p[0], p[1]); }); }
    allemaal();
    window.addEventListener("resize", allemaal);
  });
})();
