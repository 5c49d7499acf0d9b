// Address search for the locatie form (issue 18 §3): an ARIA 1.2 combobox above the address fields.
// The postcode input carries data-adres-suggesties (the JSON endpoint); the texts come from the hidden element
// #adres-zoeken-teksten, so they are translated with the page. Typing asks the endpoint (after a short pause);
// pijl omlaag/omhoog moves through the list, Enter fills postcode, huisnummer, toevoeging, straat and plaats,
// Escape closes the list (a second Escape empties the box). Without script the plain fields are all there is.
// Loaded as a file: the CSP allows no inline script.
(function () {
  "use strict";

  var PAUZE = 150;  // ms after the last key before asking

  function tekst(sjabloon, waarden) {
    return sjabloon.replace(/%\((\w+)\)s/g, function (_, naam) { return waarden[naam]; });
  }

  function veld(form, naam) { return form.querySelector("[name='" + naam + "']"); }

  function richtIn(postcode) {
    var form = postcode.form;
    var teksten = document.getElementById("adres-zoeken-teksten");
    if (!form || !teksten) { return; }
    var t = teksten.dataset;
    var wrapper = document.createElement("div");
    wrapper.className = "mb-3 adres-zoeken";
    wrapper.innerHTML =
      '<label class="form-label" for="adres-zoeken"></label>' +
      '<div class="position-relative">' +
      '<input type="text" id="adres-zoeken" class="form-control" role="combobox" autocomplete="off" ' +
      'aria-autocomplete="list" aria-expanded="false" aria-controls="adres-zoeken-lijst" ' +
      'aria-describedby="adres-zoeken-hulp" spellcheck="false" maxlength="100">' +
      '<ul id="adres-zoeken-lijst" role="listbox" class="list-group adres-zoeken-lijst" hidden></ul>' +
      "</div>" +
      '<div id="adres-zoeken-hulp" class="form-text"></div>' +
      '<div id="adres-zoeken-status" class="visually-hidden" role="status" aria-live="polite"></div>';
    wrapper.querySelector("label").textContent = t.label;
    wrapper.querySelector("#adres-zoeken-hulp").textContent = t.hulp;
    var doos = postcode.closest(".mb-3") || postcode.parentNode;
    doos.parentNode.insertBefore(wrapper, doos);

    var invoer = wrapper.querySelector("input");
    var lijst = wrapper.querySelector("ul");
    var status = wrapper.querySelector("[role=status]");
    var adressen = [];
    var actief = -1;
    var wachter = null;
    var vraagnummer = 0;

    function sluit() {
      lijst.hidden = true;
      invoer.setAttribute("aria-expanded", "false");
      invoer.removeAttribute("aria-activedescendant");
      actief = -1;
    }

    function markeer(index) {
      var opties = lijst.querySelectorAll("[role=option]");
      opties.forEach(function (optie, i) {
        var aan = i === index;
        optie.setAttribute("aria-selected", aan ? "true" : "false");
        optie.classList.toggle("active", aan);
      });
      actief = index;
      if (index >= 0) {
        invoer.setAttribute("aria-activedescendant", opties[index].id);
        opties[index].scrollIntoView({ block: "nearest" });
      } else {
        invoer.removeAttribute("aria-activedescendant");
      }
    }

    function toon(gevonden) {
      adressen = gevonden;
      lijst.textContent = "";
      gevonden.forEach(function (adres, i) {
        var optie = document.createElement("li");
        optie.id = "adres-zoeken-optie-" + i;
        optie.setAttribute("role", "option");
        optie.setAttribute("aria-selected", "false");
        optie.className = "list-group-item list-group-item-action";
        optie.textContent = adres.weergave;
        optie.addEventListener("mousedown", function (e) { e.preventDefault(); });  // keep the focus in the box
        optie.addEventListener("click", function () { kies(i); });
        lijst.appendChild(optie);
      });
      var open = gevonden.length > 0;
      lijst.hidden = !open;
      invoer.setAttribute("aria-expanded", open ? "true" : "false");
      actief = -1;
    }

    function kies(index) {
      var adres = adressen[index];
      if (!adres) { return; }
      var waarden = { postcode: adres.postcode.slice(0, 4) + " " + adres.postcode.slice(4),
        huisnummer: String(adres.huisnummer), huisnummertoevoeging: adres.toevoeging,
        straatnaam: adres.straatnaam, plaatsnaam: adres.plaatsnaam };
      Object.keys(waarden).forEach(function (naam) {
        var doel = veld(form, naam);
        if (doel) { doel.value = waarden[naam]; }
      });
      invoer.value = adres.weergave;
      sluit();
      status.textContent = tekst(t.gekozen, { adres: adres.weergave });
    }

    function vraag() {
      var gezocht = invoer.value.trim();
      if (gezocht.length < 2) { toon([]); status.textContent = ""; return; }
      var nummer = ++vraagnummer;
      var url = postcode.dataset.adresSuggesties + "?q=" + encodeURIComponent(gezocht);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (antwoord) { return antwoord.ok ? antwoord.json() : { adressen: [], bereikbaar: false }; })
        .catch(function () { return { adressen: [], bereikbaar: false }; })
        .then(function (data) {
          if (nummer !== vraagnummer) { return; }  // an older answer arriving late
          toon(data.adressen || []);
          status.textContent = !data.bereikbaar ? t.onbereikbaar
            : adressen.length ? tekst(t.gevonden, { aantal: adressen.length }) : t.geen;
        });
    }

    invoer.addEventListener("input", function () {
      clearTimeout(wachter);
      wachter = setTimeout(vraag, PAUZE);
    });
    invoer.addEventListener("keydown", function (e) {
      var open = !lijst.hidden;
      if (e.key === "ArrowDown") {
        e.preventDefault();
        if (!open && adressen.length) { toon(adressen); }
        if (adressen.length) { markeer((actief + 1) % adressen.length); }
      } else if (e.key === "ArrowUp") {
        e.preventDefault();
        if (open && adressen.length) { markeer(actief <= 0 ? adressen.length - 1 : actief - 1); }
      } else if (e.key === "Enter") {
        if (open && actief >= 0) { e.preventDefault(); kies(actief); }
        else if (open) { e.preventDefault(); }  // Enter in an open list never submits the form half-filled
      } else if (e.key === "Escape") {
        if (open) { e.preventDefault(); sluit(); } else { invoer.value = ""; }
      } else if (e.key === "Tab") {
        sluit();
      }
    });
    invoer.addEventListener("blur", function () { setTimeout(sluit, 100); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-adres-suggesties]").forEach(richtIn);
  });
})();
