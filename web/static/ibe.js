// Progressive enhancement for the booking pages. Every page works without this file; with it:
// - airport inputs (data-airports) become an accessible combobox (WAI-ARIA 1.2 pattern) suggesting as you type,
// - the results page shows the running total of the chosen fares,
// - the hold's remaining minutes count down,
// - forms check the same rules as the server before posting (the server still checks everything).
// No framework and no third-party code; the Content-Security-Policy allows only same-origin scripts.
(function () {
  "use strict";

  var lang = document.documentElement.lang || "en";

  function text(key, fallback) {
    var holder = document.querySelector("[data-texts]");
    if (!holder) return fallback;
    try {
      var texts = JSON.parse(holder.getAttribute("data-texts"));
      return texts[key] || fallback;
    } catch (e) {
      return fallback;
    }
  }

  // ---- airport combobox --------------------------------------------------------------------------------------
  var comboboxCount = 0;

  function Combobox(input) {
    var id = input.id || "airport-" + ++comboboxCount;
    var list = document.createElement("ul");
    var status = document.createElement("p");
    var timer = null;
    var active = -1;
    var items = [];
    var lastQuery = "";

    list.id = id + "-listbox";
    list.className = "combobox-list";
    list.setAttribute("role", "listbox");
    // Its own name ("From: suggestions"), so that the input stays the one control labelled "From".
    list.setAttribute("aria-label", (input.labels && input.labels[0] ? input.labels[0].textContent : id) + ": " +
                      text("suggestions", "suggestions"));
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.parentNode.classList.add("combobox");
    input.parentNode.insertBefore(list, input.nextSibling);
    input.parentNode.insertBefore(status, list.nextSibling);

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      for (var i = 0; i < options.length; i++) options[i].setAttribute("aria-selected", i === index ? "true" : "false");
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      var airport = items[index];
      if (!airport) return;
      input.value = airport.city + " (" + airport.code + ")";
      lastQuery = input.value;
      close();
    }

    function render(airports) {
      items = airports;
      list.textContent = "";
      airports.forEach(function (a, i) {
        var option = document.createElement("li");
        option.id = id + "-option-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = a.city + " (" + a.code + ") – " + a.name + ", " + a.country;
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();  // keep focus in the input
          choose(i);
        });
        list.appendChild(option);
      });
      var open = airports.length > 0;
      list.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      active = -1;
      status.textContent = airports.length + " " + text("suggestions", airports.length === 1 ? "suggestion" : "suggestions");
    }

    function lookup() {
      var query = input.value.trim();
      if (query === lastQuery) return;
      lastQuery = query;
      if (query.length < 2) {
        render([]);
        return;
      }
      fetch("/api/v1/airports?limit=8&q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { airports: [] }; })
        .then(function (body) {
          if (input.value.trim() === query) render(body.airports || []);
        })
        .catch(function () { render([]); });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(lookup, 150);
    });
    input.addEventListener("keydown", function (event) {
      var count = items.length;
      if (event.key === "ArrowDown") {
        if (list.hidden && count) {
          list.hidden = false;
          input.setAttribute("aria-expanded", "true");
        }
        if (count) highlight((active + 1) % count);
        event.preventDefault();
      } else if (event.key === "ArrowUp") {
        if (count) highlight(active <= 0 ? count - 1 : active - 1);
        event.preventDefault();
      } else if (event.key === "Enter") {
        if (!list.hidden && active >= 0) {
          choose(active);
          event.preventDefault();  // choosing is not submitting
        }
      } else if (event.key === "Escape") {
        if (!list.hidden) {
          close();
          event.preventDefault();
        }
      } else if (event.key === "Tab") {
        if (!list.hidden && active >= 0) choose(active);
        else close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  // ---- running total on the results page ---------------------------------------------------------------------
  function formatMoney(minor, currency) {
    try {
      var format = new Intl.NumberFormat(lang, { style: "currency", currency: currency });
      var digits = format.resolvedOptions().maximumFractionDigits;
      return format.format(minor / Math.pow(10, digits));
    } catch (e) {
      return currency + " " + (minor / 100).toFixed(2);
    }
  }

  function RunningTotal(form, output) {
    function update() {
      var chosen = form.querySelectorAll("input[type=radio][data-amount]:checked");
      var directions = form.querySelectorAll("section.direction").length;
      var sum = 0;
      var currency = "";
      for (var i = 0; i < chosen.length; i++) {
        sum += parseInt(chosen[i].getAttribute("data-amount"), 10);
        currency = chosen[i].getAttribute("data-currency");
      }
      if (!chosen.length) {
        output.textContent = "";
        return;
      }
      var label = chosen.length < directions ? text("total_so_far", "Total so far") : text("total", "Total");
      output.textContent = label + ": " + formatMoney(sum, currency);
    }
    form.addEventListener("change", update);
    update();
  }

  // ---- hold countdown ----------------------------------------------------------------------------------------
  function Countdown(element) {
    var expires = parseInt(element.getAttribute("data-hold-expires"), 10) * 1000;
    var target = element.querySelector("[data-hold-minutes]");
    if (!expires || !target) return;
    function tick() {
      var minutes = Math.max(0, Math.floor((expires - Date.now()) / 60000));
      if (target.textContent !== String(minutes)) target.textContent = String(minutes);
      if (minutes > 0) setTimeout(tick, 15000);
    }
    tick();
  }

  // ---- the server's rules, checked before posting ------------------------------------------------------------
  // Inputs carry the rule as HTML attributes (required, pattern, type=email, min/max) and the message to show as
  // data-error-*, so one template states both; the server repeats every check.
  function messageFor(input) {
    var v = input.validity;
    if (v.valueMissing) return input.getAttribute("data-error-required");
    if (v.patternMismatch || v.typeMismatch || v.badInput) return input.getAttribute("data-error-pattern");
    if (v.rangeUnderflow || v.rangeOverflow) return input.getAttribute("data-error-range");
    return null;
  }

  function showError(input, message) {
    var id = input.id + "-error";
    var existing = document.getElementById(id);
    if (!message) {
      if (existing && existing.hasAttribute("data-client")) existing.remove();
      if (!existing || existing.hasAttribute("data-client")) input.removeAttribute("aria-invalid");
      return;
    }
    if (!existing) {
      existing = document.createElement("p");
      existing.id = id;
      existing.className = "field-error";
      existing.setAttribute("data-client", "");
      input.parentNode.appendChild(existing);
      var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      if (described.indexOf(id) < 0) described.push(id);
      input.setAttribute("aria-describedby", described.join(" "));
    }
    existing.textContent = message;
    input.setAttribute("aria-invalid", "true");
  }

  function CheckedForm(form) {
    form.addEventListener("submit", function (event) {
      var first = null;
      var inputs = form.querySelectorAll("[data-error-required], [data-error-pattern], [data-error-range]");
      for (var i = 0; i < inputs.length; i++) {
        var message = messageFor(inputs[i]);
        if (message) {
          showError(inputs[i], message);
          first = first || inputs[i];
        } else {
          showError(inputs[i], null);
        }
      }
      if (first) {
        event.preventDefault();
        first.focus();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-airports]"), Combobox);
    var results = document.querySelector("form.choose");
    var total = document.querySelector("[data-total]");
    if (results && total) RunningTotal(results, total);
    Array.prototype.forEach.call(document.querySelectorAll("[data-hold-expires]"), Countdown);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-checked]"), CheckedForm);
  });
})();
