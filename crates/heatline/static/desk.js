// The call card's keyboard and glue: address candidates picked with the arrows
// and Enter (or taken automatically when the server says the match is sure),
// the caller's earlier addresses, the suggested category accepted with one
// key, the duplicate check, and Ctrl+Enter to save. The server renders every
// fragment; this script only moves values between fields.
(function () {
  "use strict";
  var form = document.getElementById("desk-form");
  if (!form) {
    return;
  }
  function $(id) {
    return document.getElementById(id);
  }
  var phone = $("phone");
  var address = $("address");
  var buildingId = $("building_id");
  var picked = $("building-picked");
  var candidates = $("address-candidates");
  var category = $("category");
  var pickOnSwap = false;
  var locked = false;

  function options() {
    return Array.prototype.slice.call(candidates.querySelectorAll('[role="option"]'));
  }

  function active() {
    return candidates.querySelector('[aria-selected="true"]');
  }

  function listQuery() {
    var list = candidates.querySelector("[data-query]");
    return list ? list.getAttribute("data-query") : null;
  }

  function highlight(option) {
    options().forEach(function (o) {
      o.setAttribute("aria-selected", o === option ? "true" : "false");
    });
    if (option) {
      address.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    } else {
      address.removeAttribute("aria-activedescendant");
    }
  }

  function check() {
    var warnings = $("warnings");
    if (!buildingId.value || !category.value) {
      warnings.innerHTML = "";
      return;
    }
    htmx.trigger(warnings, "desk:check");
  }

  function showBuilding(text, auto) {
    var words = form.dataset;
    picked.textContent = text ? words.wordBuilding + ": " + text + (auto ? " — " + words.wordAuto : "") : "";
  }

  function setBuilding(id, text, auto) {
    buildingId.value = id || "";
    showBuilding(id ? text : "", auto);
    check();
  }

  function fillIfEmpty(field, value) {
    if (value && !field.value) {
      field.value = value;
    }
  }

  function closeList() {
    candidates.innerHTML = "";
    address.setAttribute("aria-expanded", "false");
    highlight(null);
  }

  // Takes a candidate: the registry's address replaces the typed one, and an
  // apartment typed with it («Ленина 5-12») moves to its own field.
  function pick(option) {
    var list = candidates.querySelector("[data-query]");
    address.value = option.dataset.address;
    setBuilding(option.dataset.buildingId, option.dataset.address + " · " + option.dataset.percent + "%", false);
    if (list) {
      fillIfEmpty($("apartment"), list.dataset.apartment);
      fillIfEmpty($("entrance"), list.dataset.entrance);
    }
    closeList();
    $("apartment").focus();
  }

  address.addEventListener("input", function () {
    setBuilding("", "", false);
  });

  address.addEventListener("keydown", function (event) {
    var list = options();
    var idx = list.indexOf(active());
    if (event.key === "ArrowDown" && list.length) {
      event.preventDefault();
      highlight(list[Math.min(idx + 1, list.length - 1)]);
    } else if (event.key === "ArrowUp" && list.length) {
      event.preventDefault();
      highlight(list[Math.max(idx - 1, 0)]);
    } else if (event.key === "Escape") {
      closeList();
    } else if (event.key === "Enter" && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      if (listQuery() !== address.value) {
        // The list is for an older text: ask now and take the best answer.
        pickOnSwap = true;
        htmx.ajax("GET", "/desk/addresses?address=" + encodeURIComponent(address.value), {
          target: candidates,
          source: address,
        });
      } else if (list.length) {
        pick(active() || list[0]);
      } else {
        $("apartment").focus();
      }
    }
  });

  candidates.addEventListener("mousedown", function (event) {
    var option = event.target.closest('[role="option"]');
    if (option) {
      event.preventDefault();
      pick(option);
    }
  });

  phone.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      var first = document.querySelector("#history .history-pick");
      (first || address).focus();
    }
  });

  $("history").addEventListener("click", function (event) {
    var button = event.target.closest(".history-pick");
    if (!button) {
      return;
    }
    address.value = button.dataset.address;
    setBuilding(button.dataset.buildingId, button.dataset.address, false);
    $("apartment").value = button.dataset.apartment || "";
    $("entrance").value = button.dataset.entrance || "";
    closeList();
    $("description").focus();
  });

  function acceptSuggestion() {
    var button = $("accept-category");
    if (!button) {
      return;
    }
    category.value = button.dataset.category;
    check();
    $("save").focus();
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest("#accept-category")) {
      acceptSuggestion();
    }
  });

  category.addEventListener("change", check);
  category.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && !locked) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  document.body.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target === candidates) {
      var list = options();
      var auto = candidates.querySelector('[data-auto="true"]');
      address.setAttribute("aria-expanded", list.length ? "true" : "false");
      highlight(auto || list[0] || null);
      if (pickOnSwap) {
        pickOnSwap = false;
        if (list.length) {
          pick(auto || list[0]);
        } else {
          $("apartment").focus();
        }
      } else if (auto && listQuery() === address.value) {
        setBuilding(auto.dataset.buildingId, auto.dataset.address + " · " + auto.dataset.percent + "%", true);
        var list0 = candidates.querySelector("[data-query]");
        fillIfEmpty($("apartment"), list0.dataset.apartment);
        fillIfEmpty($("entrance"), list0.dataset.entrance);
      }
    } else if (target.id === "desk-result" && $("new-call")) {
      locked = true;
      $("desk-fields").disabled = true;
      $("new-call").focus();
    }
  });
})();
