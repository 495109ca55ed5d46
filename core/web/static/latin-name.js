// The registration and correction forms: while staff type the names as
// written, the Latin-name input shows the spelling the hub proposes, to be
// corrected from the passport. Once staff type in it themselves, it is theirs
// and is left alone. Without scripts the hub proposes it when the form comes
// back, and stores it when the input is left empty.
(function () {
  var latin = document.querySelector("input[data-latin-suggestion-url]");
  if (!latin) {
    return;
  }
  var form = latin.form;
  var sources = ["given_name", "family_name", "nationality"].map(function (name) {
    return form.elements.namedItem(name);
  }).filter(Boolean);
  // a value present when the page opens was entered (or accepted) by someone
  var proposed = latin.value === "" ? "" : null;
  var timer = null;
  var asked = 0;

  latin.addEventListener("input", function () {
    proposed = latin.value === "" ? "" : null;
  });

  function propose() {
    if (proposed === null) {
      return;
    }
    var body = new FormData();
    ["csrf_token", "given_name", "family_name", "nationality"].forEach(function (name) {
      var input = form.elements.namedItem(name);
      if (input) {
        body.append(name, input.value);
      }
    });
    var ask = ++asked;
    fetch(latin.dataset.latinSuggestionUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (answer) {
        // only the latest answer counts, and never over what staff typed
        if (answer && ask === asked && proposed !== null && latin.value === proposed) {
          latin.value = proposed = answer.name_latin;
        }
      })
      .catch(function () {
        // offline or signed out: the hub proposes the spelling on save anyway
      });
  }

  sources.forEach(function (input) {
    var event = input.tagName === "SELECT" ? "change" : "input";
    input.addEventListener(event, function () {
      clearTimeout(timer);
      timer = setTimeout(propose, 250);
    });
  });
})();
