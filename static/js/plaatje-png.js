// "Download als PNG" on the organisation picture: fetches the standalone SVG (the same file as "Download als
// SVG"), draws it on a canvas at twice its size and downloads the canvas as a PNG. A file, not inline script (CSP);
// the SVG goes in as a data: URL because the CSP allows images from 'self' and data: only.
(function () {
  "use strict";
  var SCHAAL = 2; // sharp on paper and on high-resolution screens
  var MAX_ZIJDE = 16000; // browsers refuse larger canvases

  function tekenPng(svgTekst, klaar, fout) {
    var beeld = new Image();
    beeld.onload = function () {
      var schaal = Math.min(SCHAAL, MAX_ZIJDE / Math.max(beeld.width, beeld.height));
      var doek = document.createElement("canvas");
      doek.width = Math.round(beeld.width * schaal);
      doek.height = Math.round(beeld.height * schaal);
      var ctx = doek.getContext("2d");
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, doek.width, doek.height);
      ctx.drawImage(beeld, 0, 0, doek.width, doek.height);
      doek.toBlob(function (png) { if (png) { klaar(png); } else { fout(); } }, "image/png");
    };
    beeld.onerror = fout;
    beeld.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svgTekst);
  }

  function bewaar(png, bestandsnaam) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(png);
    link.download = bestandsnaam;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
  }

  function meld(knop, tekst) {
    var melding = document.createElement("p");
    melding.className = "alert alert-danger mt-2";
    melding.setAttribute("role", "alert");
    melding.textContent = tekst;
    knop.insertAdjacentElement("afterend", melding);
  }

  // The page's language (<html lang>): these two messages are not in Django's catalogue.
  var NL = { bezig: "PNG wordt gemaakt…",
             mislukt: "De PNG kon niet worden gemaakt. Download het plaatje als SVG, of probeer het opnieuw." };
  var TEKST = { nl: NL, en: { bezig: "Making the PNG…",
                               mislukt: "The PNG could not be made. Download the chart as SVG, or try again." }
              }[document.documentElement.lang] || NL;

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-plaatje-png]").forEach(function (knop) {
      knop.hidden = false;
      knop.addEventListener("click", function () {
        var naam = knop.textContent;
        knop.disabled = true;
        knop.textContent = TEKST.bezig;
        function terug() { knop.disabled = false; knop.textContent = naam; }
        function mislukt() {
          terug();
          meld(knop, TEKST.mislukt);
        }
        fetch(knop.dataset.plaatjePng, { credentials: "same-origin" })
          .then(function (antwoord) { if (!antwoord.ok) { throw new Error(antwoord.status); } return antwoord.text(); })
          .then(function (svg) {
            tekenPng(svg, function (png) { bewaar(png, knop.dataset.bestandsnaam); terug(); }, mislukt);
          })
          .catch(mislukt);
      });
    });
  });
})();
