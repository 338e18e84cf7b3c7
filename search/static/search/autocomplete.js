/* Suggestions as you type, for the search page. Progressive enhancement only: without
   this script (or if it fails) the search form works exactly the same. Suggestions go in
   a native <datalist>, which browsers and screen readers already know how to offer. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-autocomplete-url]");
  var input = form && form.querySelector("input[name=q]");
  if (!input || !window.fetch || !("JSON" in window)) {
    return;
  }
  var list = document.createElement("datalist");
  list.id = "search-suggestions";
  form.appendChild(list);
  input.setAttribute("list", list.id);

  var url = form.getAttribute("data-autocomplete-url");
  var timer = null;
  var latest = 0;

  function show(suggestions) {
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    suggestions.forEach(function (suggestion) {
      var option = document.createElement("option");
      option.value = suggestion.title; // textContent-like: never parsed as HTML
      option.label = suggestion.type;
      list.appendChild(option);
    });
  }

  function ask() {
    var words = input.value.trim();
    if (words.length < 2) {
      show([]);
      return;
    }
    var asked = ++latest;
    fetch(url + "?q=" + encodeURIComponent(words), { headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : { suggestions: [] };
      })
      .then(function (data) {
        if (asked === latest) {
          show(data.suggestions || []);
        }
      })
      .catch(function () {
        /* No suggestions: the form still works. */
      });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, 200);
  });
})();
