/*
 * The modern layout's widgets, behaving as Element Plus's do on the portals built with it:
 * el-select (a combobox whose option list is teleported to the end of <body>), el-date-picker
 * (a text input with a pop-up calendar; typing YYYY-MM-DD then Enter or leaving the field also
 * works) and the drop area of el-upload (a click anywhere on it opens the hidden file input).
 *
 * The page stays a plain server-rendered form: each select and date keeps its value in a hidden
 * input named after the field. Uploading itself (the chosen or the dropped file) is upload.js's
 * job.
 */
(function () {
  "use strict";

  // Element Plus derives ids from a random prefix per page load: nothing to rely on.
  var idPrefix = "el-id-" + Math.floor(Math.random() * 9000 + 1000) + "-";
  var idCount = 0;
  var zIndex = 2000;
  var current = null; // the open popper: {anchor, popper, close}

  function newId() {
    idCount += 1;
    return idPrefix + idCount;
  }

  function fire(el, type) {
    el.dispatchEvent(new Event(type, { bubbles: true }));
  }

  /* ---------- poppers: positioned under their anchor, flipped above when there is no room ---------- */

  function place(popper, anchor) {
    var gap = 12;
    var margin = 8;
    var rect = anchor.getBoundingClientRect();
    var viewWidth = document.documentElement.clientWidth;
    var viewHeight = window.innerHeight;
    popper.style.maxWidth = viewWidth - 2 * margin + "px";
    var width = popper.offsetWidth;
    var height = popper.offsetHeight;
    var roomBelow = viewHeight - rect.bottom;
    var below = roomBelow >= height + gap || roomBelow >= rect.top;
    var top = below ? rect.bottom + gap : rect.top - gap - height;
    var left = Math.max(margin, Math.min(rect.left, viewWidth - width - margin));
    popper.style.top = top + window.scrollY + "px";
    popper.style.left = left + window.scrollX + "px";
    popper.setAttribute("data-popper-placement", below ? "bottom-start" : "top-start");
    var arrow = popper.querySelector(".el-popper__arrow");
    if (arrow) {
      var arrowLeft = Math.min(Math.max(rect.left - left + 18, 10), width - 20);
      arrow.style.left = arrowLeft + "px";
    }
  }

  function show(popper, anchor, close) {
    if (current && current.popper !== popper) current.close();
    zIndex += 1;
    popper.style.zIndex = String(zIndex);
    popper.style.display = "block";
    place(popper, anchor);
    current = { anchor: anchor, popper: popper, close: close };
  }

  function hide(popper) {
    popper.style.display = "none";
    if (current && current.popper === popper) current = null;
  }

  document.addEventListener(
    "mousedown",
    function (event) {
      if (!current) return;
      var target = event.target;
      if (current.anchor.contains(target) || current.popper.contains(target)) return;
      current.close();
    },
    true
  );

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && current) current.close();
  });

  window.addEventListener("resize", function () {
    if (current) place(current.popper, current.anchor);
  });

  /* ---------- el-select ---------- */

  function initSelect(root) {
    if (root.elSelect) return;
    var input = root.querySelector(".el-input__inner");
    var wrapper = root.querySelector(".el-input__wrapper");
    var hidden = root.querySelector('input[type="hidden"]');
    var dropdown = root.querySelector(".el-select-dropdown");
    var hovered = null;

    dropdown.id = newId();
    root.setAttribute("aria-controls", dropdown.id);
    root.setAttribute("tabindex", "-1");
    if (dropdown.parentNode !== document.body) document.body.appendChild(dropdown);
    dropdown.style.minWidth = root.offsetWidth + "px";

    function items() {
      return Array.prototype.slice.call(dropdown.querySelectorAll(".el-select-dropdown__item"));
    }

    function hover(item) {
      if (hovered) hovered.classList.remove("is-hovering", "hover");
      hovered = item;
      if (item) {
        if (!item.id) item.id = newId();
        item.classList.add("is-hovering", "hover");
        root.setAttribute("aria-activedescendant", item.id);
        item.scrollIntoView({ block: "nearest" });
      } else {
        root.removeAttribute("aria-activedescendant");
      }
    }

    function isOpen() {
      return dropdown.style.display !== "none";
    }

    function close() {
      hide(dropdown);
      hover(null);
      root.classList.remove("is-focus");
      wrapper.classList.remove("is-focus");
      root.setAttribute("aria-expanded", "false");
    }

    function open() {
      dropdown.style.minWidth = root.offsetWidth + "px";
      show(dropdown, root, close);
      root.classList.add("is-focus");
      wrapper.classList.add("is-focus");
      root.setAttribute("aria-expanded", "true");
      var chosen = dropdown.querySelector(".el-select-dropdown__item.is-selected");
      hover(chosen || items()[0] || null);
      input.focus({ preventScroll: true });
    }

    function choose(item) {
      var value = item.getAttribute("data-value");
      items().forEach(function (other) {
        var selected = other === item;
        other.classList.toggle("is-selected", selected);
        other.classList.toggle("selected", selected);
        other.setAttribute("aria-selected", selected ? "true" : "false");
      });
      input.value = item.textContent.trim();
      close();
      if (hidden.value !== value) {
        hidden.value = value;
        fire(hidden, "input");
        fire(hidden, "change");
      }
    }

    root.addEventListener("click", function () {
      if (isOpen()) close();
      else open();
    });

    // A click inside the list must not take the focus away from the select.
    dropdown.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    dropdown.addEventListener("click", function (event) {
      var item = event.target.closest(".el-select-dropdown__item");
      if (item && !item.classList.contains("is-disabled")) choose(item);
    });
    dropdown.addEventListener("mousemove", function (event) {
      var item = event.target.closest(".el-select-dropdown__item");
      if (item && item !== hovered) hover(item);
    });

    input.addEventListener("keydown", function (event) {
      var list = items();
      var at = list.indexOf(hovered);
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!isOpen()) return open();
        var step = event.key === "ArrowDown" ? 1 : -1;
        hover(list[(at + step + list.length) % list.length] || null);
      } else if (event.key === "Enter" || event.key === " ") {
        // Enter must not submit the surrounding form, as in Element Plus.
        event.preventDefault();
        if (!isOpen()) open();
        else if (hovered) choose(hovered);
      } else if (event.key === "Tab") {
        if (isOpen()) close();
      }
    });

    root.elSelect = { open: open, close: close };
  }

  /* ---------- el-date-picker ---------- */

  var WEEKDAYS = ["一", "二", "三", "四", "五", "六", "日"];
  var MONTHS = ["一月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "十一月", "十二月"];

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function formatDate(y, m, d) {
    return y + "-" + pad(m + 1) + "-" + pad(d);
  }

  // Accepts what people type for a date (2026-10-20, 2026/10/20, 2026.10.20, 2026年10月20日);
  // answers {y, m (0-11), d} for a real calendar day, else null.
  function parseDate(text) {
    var match = /^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$/.exec(text || "");
    if (!match) return null;
    var y = Number(match[1]);
    var m = Number(match[2]) - 1;
    var d = Number(match[3]);
    var probe = new Date(y, m, d);
    if (probe.getFullYear() !== y || probe.getMonth() !== m || probe.getDate() !== d) return null;
    return { y: y, m: m, d: d };
  }

  function today() {
    var now = new Date();
    return { y: now.getFullYear(), m: now.getMonth(), d: now.getDate() };
  }

  var ICON_PATHS = {
    dleft: "M529.408 149.376a29.12 29.12 0 0 1 41.728 0 30.592 30.592 0 0 1 0 42.688L259.264 511.936l311.872 319.936a30.592 30.592 0 0 1-.512 43.264 29.12 29.12 0 0 1-41.216-.512L197.76 534.272a32 32 0 0 1 0-44.672zm256 0a29.12 29.12 0 0 1 41.728 0 30.592 30.592 0 0 1 0 42.688L515.264 511.936l311.872 319.936a30.592 30.592 0 0 1-.512 43.264 29.12 29.12 0 0 1-41.216-.512L453.76 534.272a32 32 0 0 1 0-44.672z",
    left: "M609.408 149.376 277.76 489.6a32 32 0 0 0 0 44.672l331.648 340.352a29.12 29.12 0 0 0 41.728 0 30.592 30.592 0 0 0 0-42.752L339.264 511.936l311.872-319.872a30.592 30.592 0 0 0 0-42.688 29.12 29.12 0 0 0-41.728 0z",
    right: "M340.864 149.312a30.592 30.592 0 0 0 0 42.752L652.736 512 340.864 831.872a30.592 30.592 0 0 0 0 42.752 29.12 29.12 0 0 0 41.728 0L714.24 534.336a32 32 0 0 0 0-44.672L382.592 149.376a29.12 29.12 0 0 0-41.728 0z",
    dright: "M452.864 149.312a29.12 29.12 0 0 1 41.728.064L826.24 489.664a32 32 0 0 1 0 44.672L494.592 874.624a29.12 29.12 0 0 1-41.728 0 30.592 30.592 0 0 1 0-42.752L764.736 512 452.864 192a30.592 30.592 0 0 1 0-42.688m-256 0a29.12 29.12 0 0 1 41.728.064L570.24 489.664a32 32 0 0 1 0 44.672L238.592 874.624a29.12 29.12 0 0 1-41.728 0 30.592 30.592 0 0 1 0-42.752L508.736 512 196.864 192a30.592 30.592 0 0 1 0-42.688"
  };

  function iconButton(cls, label, path, action) {
    return (
      '<button type="button" class="' + cls + ' el-picker-panel__icon-btn" aria-label="' + label +
      '" data-action="' + action + '"><i class="el-icon el-picker-panel__icon"><svg viewBox="0 0 1024 1024" aria-hidden="true"><path fill="currentColor" d="' +
      ICON_PATHS[path] + '"/></svg></i></button>'
    );
  }

  function initDate(root) {
    if (root.elDate) return;
    var input = root.querySelector(".el-input__inner");
    var wrapper = root.querySelector(".el-input__wrapper");
    var hidden = root.querySelector('input[type="hidden"]');
    var clear = root.querySelector(".el-input__clear");
    var panel = null;
    var view = "date";
    var shown = today(); // the month (and year) the panel shows

    function committed() {
      return parseDate(hidden.value);
    }

    function setValue(value) {
      input.value = value;
      root.classList.toggle("has-value", value !== "");
      if (hidden.value !== value) {
        hidden.value = value;
        fire(hidden, "input");
        fire(hidden, "change");
      }
    }

    // What is in the text box becomes the value if it is a date; anything else goes back to the
    // last good value (an empty box clears it), as Element Plus does on blur and Enter.
    function commitText() {
      if (input.value.trim() === "") return setValue("");
      var date = parseDate(input.value);
      if (date) setValue(formatDate(date.y, date.m, date.d));
      else input.value = hidden.value;
    }

    function isOpen() {
      return panel !== null && panel.style.display !== "none";
    }

    function close() {
      if (!panel) return;
      hide(panel);
      wrapper.classList.remove("is-focus");
      root.setAttribute("aria-expanded", "false");
    }

    function open() {
      if (!panel) build();
      var date = parseDate(input.value) || committed() || today();
      shown = { y: date.y, m: date.m };
      view = "date";
      render();
      show(panel, wrapper, close);
      wrapper.classList.add("is-focus");
      root.setAttribute("aria-expanded", "true");
    }

    function build() {
      panel = document.createElement("div");
      panel.className = "el-picker-panel el-date-picker el-popper is-light el-picker__popper";
      panel.setAttribute("role", "dialog");
      panel.setAttribute("aria-label", "选择日期");
      panel.id = newId();
      panel.style.display = "none";
      root.setAttribute("aria-controls", panel.id);
      document.body.appendChild(panel);
      // Clicks inside the calendar keep the focus in the text box, so leaving the box still
      // means leaving the picker.
      panel.addEventListener("mousedown", function (event) {
        event.preventDefault();
      });
      panel.addEventListener("click", onPanelClick);
      panel.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          var target = event.target.closest("[data-action]");
          if (target && target.tagName !== "BUTTON") {
            event.preventDefault();
            target.click();
          }
        }
      });
    }

    function header() {
      if (view === "year") {
        var start = Math.floor(shown.y / 10) * 10;
        return (
          '<div class="el-date-picker__header el-date-picker__header--bordered">' +
          '<span class="el-date-picker__prev-btn">' + iconButton("d-arrow-left", "前一年", "dleft", "prev-decade") + "</span>" +
          '<span class="el-date-picker__header-label">' + start + " 年 - " + (start + 9) + " 年</span>" +
          '<span class="el-date-picker__next-btn">' + iconButton("d-arrow-right", "后一年", "dright", "next-decade") + "</span></div>"
        );
      }
      var monthLabel =
        view === "date"
          ? '<span role="button" tabindex="0" class="el-date-picker__header-label" data-action="view-month">' + (shown.m + 1) + " 月</span>"
          : "";
      return (
        '<div class="el-date-picker__header' + (view === "date" ? "" : " el-date-picker__header--bordered") + '">' +
        '<span class="el-date-picker__prev-btn">' +
        iconButton("d-arrow-left", "前一年", "dleft", "prev-year") +
        (view === "date" ? iconButton("arrow-left", "上个月", "left", "prev-month") : "") +
        "</span>" +
        '<span role="button" tabindex="0" class="el-date-picker__header-label" data-action="view-year">' + shown.y + " 年</span>" +
        monthLabel +
        '<span class="el-date-picker__next-btn">' +
        (view === "date" ? iconButton("arrow-right", "下个月", "right", "next-month") : "") +
        iconButton("d-arrow-right", "后一年", "dright", "next-year") +
        "</span></div>"
      );
    }

    function dateTable() {
      var chosen = committed();
      var now = today();
      var first = new Date(shown.y, shown.m, 1);
      var lead = (first.getDay() + 6) % 7; // weeks start on Monday, as in zh-CN
      var html = '<table class="el-date-table" role="grid" cellspacing="0" cellpadding="0"><tbody><tr>';
      WEEKDAYS.forEach(function (name) {
        html += '<th scope="col">' + name + "</th>";
      });
      html += "</tr>";
      for (var cell = 0; cell < 42; cell += 1) {
        var day = new Date(shown.y, shown.m, 1 - lead + cell);
        var y = day.getFullYear();
        var m = day.getMonth();
        var d = day.getDate();
        var classes = [];
        if (m !== shown.m) classes.push(cell < lead ? "prev-month" : "next-month");
        else classes.push("available");
        var isToday = y === now.y && m === now.m && d === now.d;
        var isChosen = chosen && y === chosen.y && m === chosen.m && d === chosen.d;
        if (isToday) classes.push("today");
        if (isChosen) classes.push("current");
        if (cell % 7 === 0) html += '<tr class="el-date-table__row">';
        html +=
          '<td class="' + classes.join(" ") + '" role="gridcell" aria-selected="' + (isChosen ? "true" : "false") + '"' +
          (isToday ? ' aria-current="date"' : "") + ' data-action="pick-date" data-date="' + formatDate(y, m, d) + '">' +
          '<div class="el-date-table-cell"><span class="el-date-table-cell__text">' + d + "</span></div></td>";
        if (cell % 7 === 6) html += "</tr>";
      }
      return html + "</tbody></table>";
    }

    function monthTable() {
      var chosen = committed();
      var now = today();
      var html = '<table class="el-month-table" role="grid"><tbody>';
      MONTHS.forEach(function (name, m) {
        var classes = [];
        if (now.y === shown.y && now.m === m) classes.push("today");
        if (chosen && chosen.y === shown.y && chosen.m === m) classes.push("current");
        if (m % 4 === 0) html += "<tr>";
        html +=
          '<td class="' + classes.join(" ") + '" role="gridcell" data-action="pick-month" data-month="' + m + '">' +
          '<div class="el-date-table-cell"><span class="cell">' + name + "</span></div></td>";
        if (m % 4 === 3) html += "</tr>";
      });
      return html + "</tbody></table>";
    }

    function yearTable() {
      var chosen = committed();
      var now = today();
      var start = Math.floor(shown.y / 10) * 10;
      var html = '<table class="el-year-table" role="grid"><tbody>';
      for (var i = 0; i < 12; i += 1) {
        if (i % 4 === 0) html += "<tr>";
        if (i < 10) {
          var y = start + i;
          var classes = ["available"];
          if (y === now.y) classes.push("today");
          if (chosen && chosen.y === y) classes.push("current");
          html +=
            '<td class="' + classes.join(" ") + '" role="gridcell" data-action="pick-year" data-year="' + y + '">' +
            '<div class="el-date-table-cell"><span class="cell">' + y + "</span></div></td>";
        } else {
          html += "<td></td>";
        }
        if (i % 4 === 3) html += "</tr>";
      }
      return html + "</tbody></table>";
    }

    function render() {
      var table = view === "year" ? yearTable() : view === "month" ? monthTable() : dateTable();
      panel.innerHTML =
        '<div class="el-picker-panel__body-wrapper"><div class="el-picker-panel__body">' +
        header() +
        '<div class="el-picker-panel__content">' + table + "</div></div></div>" +
        '<span class="el-popper__arrow"></span>';
      place(panel, wrapper);
    }

    function onPanelClick(event) {
      var target = event.target.closest("[data-action]");
      if (!target) return;
      var action = target.getAttribute("data-action");
      var shift = { "prev-month": -1, "next-month": 1, "prev-year": -12, "next-year": 12, "prev-decade": -120, "next-decade": 120 }[action];
      if (shift !== undefined) {
        var moved = new Date(shown.y, shown.m + shift, 1);
        shown = { y: moved.getFullYear(), m: moved.getMonth() };
      } else if (action === "view-year") {
        view = "year";
      } else if (action === "view-month") {
        view = "month";
      } else if (action === "pick-year") {
        shown = { y: Number(target.getAttribute("data-year")), m: shown.m };
        view = "month";
      } else if (action === "pick-month") {
        shown = { y: shown.y, m: Number(target.getAttribute("data-month")) };
        view = "date";
      } else if (action === "pick-date") {
        setValue(target.getAttribute("data-date"));
        close();
        return;
      }
      render();
    }

    input.addEventListener("focus", function () {
      if (!isOpen()) open();
    });
    input.addEventListener("click", function () {
      if (!isOpen()) open();
    });
    // A complete date typed in the box moves the calendar to it straight away.
    input.addEventListener("input", function () {
      var date = parseDate(input.value);
      if (date && isOpen()) {
        shown = { y: date.y, m: date.m };
        view = "date";
        render();
      }
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        // Enter confirms the typed date; it must not submit the surrounding form.
        event.preventDefault();
        commitText();
        close();
      } else if (event.key === "Tab") {
        close();
      }
    });
    input.addEventListener("blur", function () {
      commitText();
      close();
    });
    clear.addEventListener("mousedown", function (event) {
      event.preventDefault();
      event.stopPropagation();
      setValue("");
      close();
    });

    root.setAttribute("aria-haspopup", "dialog");
    root.setAttribute("aria-expanded", "false");
    root.elDate = { open: open, close: close };
  }

  /* ---------- el-upload: the drop area in front of the hidden file input ---------- */

  function fileInputOf(node) {
    var upload = node.closest(".el-upload");
    return upload ? upload.querySelector(".el-upload__input") : null;
  }

  document.addEventListener("click", function (event) {
    var dragger = event.target.closest(".el-upload-dragger");
    if (!dragger) return;
    var fileInput = fileInputOf(dragger);
    if (!fileInput) return;
    event.preventDefault();
    fileInput.value = "";
    fileInput.click();
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if ((event.key === "Enter" || event.key === " ") && target.classList && target.classList.contains("el-upload")) {
      event.preventDefault();
      var fileInput = target.querySelector(".el-upload__input");
      if (fileInput) fileInput.click();
    }
  });

  function hasFiles(event) {
    var types = event.dataTransfer ? event.dataTransfer.types : null;
    return !!types && Array.prototype.indexOf.call(types, "Files") !== -1;
  }

  // Dropping on an upload item is upload.js's business (it posts the dropped file). A file
  // dropped anywhere else would make the browser open it and leave the half-filled form.
  ["dragover", "drop"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (!hasFiles(event)) return;
      var onItem = event.target.closest && event.target.closest("[data-upload-item]");
      if (!onItem) {
        event.preventDefault();
        event.dataTransfer.dropEffect = "none";
      }
    });
  });

  /* ---------- start ---------- */

  function init(scope) {
    Array.prototype.forEach.call(scope.querySelectorAll("[data-el-select]"), initSelect);
    Array.prototype.forEach.call(scope.querySelectorAll("[data-el-date]"), initDate);
  }

  init(document);
  // Content swapped in later (an upload item re-rendered by the server) gets the same widgets.
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      Array.prototype.forEach.call(record.addedNodes, function (node) {
        if (node.nodeType === 1 && node.querySelectorAll) {
          if (node.matches("[data-el-select]")) initSelect(node);
          else if (node.matches("[data-el-date]")) initDate(node);
          init(node);
        }
      });
    });
  }).observe(document.body, { childList: true, subtree: true });
})();
