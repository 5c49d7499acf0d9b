// A filter box for a long list or table: <input data-filter-items="CSS selector of the items"
// data-filter-status="id of an aria-live region" data-filter-soort="aanbieder,aanbieders"> inside a wrapper with
// the class "filterbox" and the attribute hidden. Typing hides every item whose text (its data-filter-tekst, or
// else its whole text) does not contain what was typed, and the live region says how many are shown.
// Optional data-filter-groepen: containers (e.g. a groep in the tree) hidden while none of their items match.
// Without script the box stays hidden and every item is shown. Loaded as a file: the CSP allows no inline script.
(function () {
  "use strict";

  function gewoon(tekst) {
    return tekst.toLocaleLowerCase("nl").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/\s+/g, " ").trim();
  }

  // The page's language (<html lang>, set by the server); the item words come translated in data-filter-soort.
  var TEKST = {
    en: { deel: function (n, van, w) { return n + " of " + van + " " + w + " shown."; },
          alle: function (van, w) { return "All " + van + " " + w + " shown."; } }
  }[document.documentElement.lang] || {
    deel: function (n, van, w) { return n + " van " + van + " " + w + " getoond."; },
    alle: function (van, w) { return "Alle " + van + " " + w + " getoond."; }
  };

  function richtIn(invoer) {
    var items = Array.prototype.slice.call(document.querySelectorAll(invoer.dataset.filterItems));
    var groepen = invoer.dataset.filterGroepen
      ? Array.prototype.slice.call(document.querySelectorAll(invoer.dataset.filterGroepen)) : [];
    var status = document.getElementById(invoer.dataset.filterStatus);
    var soort = (invoer.dataset.filterSoort || "item,items").split(",");
    var teksten = items.map(function (item) { return gewoon(item.dataset.filterTekst || item.textContent); });

    function filter() {
      var gezocht = gewoon(invoer.value);
      var getoond = 0;
      items.forEach(function (item, i) {
        var past = !gezocht || teksten[i].indexOf(gezocht) !== -1;
        item.hidden = !past;
        if (past) { getoond += 1; }
      });
      groepen.forEach(function (groep) {
        var zichtbaar = Array.prototype.some.call(groep.querySelectorAll(invoer.dataset.filterItems),
          function (item) { return !item.hidden; });
        groep.hidden = Boolean(gezocht) && !zichtbaar;
      });
      if (status) {
        var woord = soort[items.length === 1 ? 0 : 1];
        status.textContent = gezocht ? TEKST.deel(getoond, items.length, woord) : TEKST.alle(items.length, woord);
      }
    }

    invoer.addEventListener("input", filter);
    var vak = invoer.closest(".filterbox");
    if (vak) { vak.hidden = false; }
    if (invoer.value) { filter(); }  // a value kept by the browser after "back"
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-filter-items]").forEach(richtIn);
  });
})();
