// Progress of a background export (controle/exports/<id>/): polls the JSON status and updates the bar,
// the status text (aria-live) and the download link. A file, not inline script: the CSP forbids inline.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var blok = document.getElementById("exportstatus");
  if (!blok) {
    return;
  }
  var statusUrl = blok.getAttribute("data-status-url");
  var balk = document.getElementById("voortgang");
  var tekst = document.getElementById("voortgang-tekst");
  var download = document.getElementById("download");
  var fout = document.getElementById("foutmelding");
  var foutTekst = document.getElementById("foutmelding-tekst");
  var vorigeTekst = tekst.textContent;

  function toon(stand) {
    balk.value = stand.voortgang;
    balk.textContent = stand.voortgang + "%";
    var nieuw = stand.status_tekst.charAt(0).toUpperCase() + stand.status_tekst.slice(1);
    if (stand.status === "bezig" || stand.klaar) {
      nieuw += ": " + stand.voortgang + "%";
    }
    if (nieuw !== vorigeTekst) {  // only changes are announced by screen readers
      tekst.textContent = nieuw;
      vorigeTekst = nieuw;
    }
    if (stand.klaar) {
      download.href = stand.download;
      download.hidden = false;
    }
    if (stand.status === "mislukt") {
      foutTekst.textContent = stand.foutmelding;
      fout.hidden = false;
    }
  }

  function vraag(wacht) {
    window.setTimeout(function () {
      fetch(statusUrl, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
        .then(function (antwoord) {
          if (!antwoord.ok) {
            throw new Error("status " + antwoord.status);
          }
          return antwoord.json();
        })
        .then(function (stand) {
          toon(stand);
          if (!stand.klaar && stand.status !== "mislukt") {
            vraag(1000);
          }
        })
        .catch(function () {
          vraag(5000);  // the server may be restarting: try again a little later
        });
    }, wacht);
  }

  vraag(0);
});
