// Staff picker: the text field becomes a combobox with a list of professionals (name,
// organisation, role), following the WAI-ARIA "combobox with listbox popup" pattern.
// The chosen place goes into the hidden field; typing again clears it. Without this
// script the server searches the typed text on submit (collaboration/staff.py).
(() => {
  "use strict";

  function setUp(box) {
    const input = box.querySelector("input[data-staff-picker]");
    const list = box.querySelector("[role=listbox]");
    const status = box.querySelector("[role=status]");
    const multi = input && input.dataset.staffPicker === "multi";
    const hidden = multi ? null : box.querySelector("input[type=hidden]");
    const chosen = multi ? box.querySelector("[data-chosen]") : null;
    if (!input || !list || (!hidden && !chosen)) return;
    const search = box.querySelector(".nd-staff-picker__search");
    if (search) search.hidden = true;  // the combobox replaces the no-script search
    const url = box.dataset.staffUrl;
    let options = [];
    let active = -1;
    let timer = null;
    let asked = 0;

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      options.forEach((li, i) => li.setAttribute("aria-selected", String(i === index)));
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function tick(value, label) {
      // Several people: the choice becomes a ticked box (untick to remove).
      const name = box.dataset.chosenName;
      const existing = Array.from(chosen.querySelectorAll("input[type=checkbox]"))
        .find((cb) => cb.value === value);
      if (existing) { existing.checked = true; return; }
      const none = chosen.querySelector(".nd-staff-picker__none");
      if (none) none.remove();
      const row = document.createElement("div");
      row.className = "nd-check";
      const cb = document.createElement("input");
      cb.type = "checkbox";
      cb.name = name;
      cb.value = value;
      cb.checked = true;
      cb.id = box.dataset.chosenId + "_k" + value;
      cb.className = "utrecht-checkbox utrecht-checkbox--html-input";
      const lab = document.createElement("label");
      lab.className = "utrecht-form-label utrecht-form-label--checkbox";
      lab.htmlFor = cb.id;
      lab.textContent = label;
      row.append(cb, lab);
      chosen.append(row);
    }

    function choose(li) {
      if (multi) {
        tick(li.dataset.value, li.dataset.label);
        input.value = "";
        status.textContent = "Toegevoegd: " + li.dataset.label;
      } else {
        input.value = li.dataset.label;
        hidden.value = li.dataset.value;
        status.textContent = "Gekozen: " + li.dataset.label;
      }
      close();
    }

    function show(results) {
      list.replaceChildren();
      options = results.map((r, i) => {
        const li = document.createElement("li");
        li.id = list.id + "_" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.dataset.value = r.value;
        li.dataset.label = r.label;
        const name = document.createElement("span");
        name.className = "nd-staff-picker__name";
        name.textContent = r.name;
        const where = document.createElement("span");
        where.className = "nd-staff-picker__where";
        where.textContent = r.organisation + " · " + r.role;
        li.append(name, where);
        li.addEventListener("mousedown", (event) => event.preventDefault());
        li.addEventListener("click", () => choose(li));
        list.append(li);
        return li;
      });
      active = -1;
      const open = options.length > 0;
      list.hidden = !open;
      input.setAttribute("aria-expanded", String(open));
      status.textContent = open
        ? (options.length === 1 ? "1 professional gevonden" : options.length + " professionals gevonden")
        : "Geen professional gevonden";
    }

    function lookUp() {
      const q = input.value.trim();
      if (q.length < 2) { close(); list.replaceChildren(); options = []; return; }
      const ticket = ++asked;
      const sep = url.includes("?") ? "&" : "?";
      fetch(url + sep + "q=" + encodeURIComponent(q), {
        credentials: "same-origin", headers: { Accept: "application/json" },
      })
        .then((r) => (r.ok ? r.json() : { results: [] }))
        .then((data) => { if (ticket === asked) show(data.results || []); })
        .catch(() => {});
    }

    input.addEventListener("input", () => {
      if (hidden) hidden.value = "";
      clearTimeout(timer);
      timer = setTimeout(lookUp, 200);
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden && options.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
        if (options.length) highlight((active + 1) % options.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (options.length) highlight(active <= 0 ? options.length - 1 : active - 1);
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault();
        choose(options[active]);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(".nd-staff-picker").forEach(setUp);
  });
})();
