/* Briefing generator: sortable columns and a filter form for the tables of the index pages.
   Copied into the docs folder as assets/tables.js; works offline, with no library.

   A template asks for it with a marker right before a Markdown table:
     <div class="table-tools" data-choose="Type,Status" data-dates="Date"></div>
   data-choose: columns filtered by a list of their values; data-dates: a column filtered by a date
   range (its cells hold <time datetime="YYYY[-MM[-DD]]">). Every column sorts on a click on its
   heading: numbers as numbers, dates by their datetime, text by the reader's locale. */
(function () {
  "use strict";

  function value(cell) {
    const time = cell.querySelector("time[datetime]");
    return time ? time.getAttribute("datetime") : cell.textContent.trim();
  }

  function number(text) {
    const plain = text.replace(/[,\u202f\u00a0 ]/g, "");
    return /^-?\d+(\.\d+)?$/.test(plain) ? parseFloat(plain) : null;
  }

  function compare(a, b) {
    const x = number(a), y = number(b);
    if (x !== null && y !== null) return x - y;
    if (!a || !b) return a ? -1 : b ? 1 : 0;  // empty cells last
    return a.localeCompare(b, undefined, {sensitivity: "base", numeric: true});
  }

  // "2012" spans 2012-01-01 to 2012-12-31; "2012-03" the month.
  function span(iso) {
    const [y, m, d] = iso.split("-");
    if (d) return [iso, iso];
    if (m) return [`${y}-${m}-01`, `${y}-${m}-31`];
    return [`${y}-01-01`, `${y}-12-31`];
  }

  function control(tag, attributes, label) {
    const wrapper = document.createElement("label");
    wrapper.textContent = label + " ";
    const element = document.createElement(tag);
    Object.entries(attributes).forEach(([key, val]) => element.setAttribute(key, val));
    wrapper.appendChild(element);
    return [wrapper, element];
  }

  function enhance(marker) {
    if (marker.dataset.ready) return;
    let table = null;
    for (let node = marker.nextElementSibling; node && !table; node = node.nextElementSibling) {
      table = node.matches("table") ? node : node.querySelector("table");
    }
    if (!table || !table.tHead || !table.tBodies.length) return;
    marker.dataset.ready = "1";
    const headings = Array.from(table.tHead.rows[0].cells);
    const names = headings.map(cell => cell.textContent.trim());
    const body = table.tBodies[0];
    const rows = Array.from(body.rows);
    const column = name => names.indexOf(name);

    const form = document.createElement("form");
    form.className = "table-filter";
    form.setAttribute("role", "search");
    form.addEventListener("submit", event => event.preventDefault());
    const [textLabel, text] = control("input", {type: "search", placeholder: "words in any column",
                                                "aria-label": "Filter the rows"}, "Filter");
    form.appendChild(textLabel);

    const choices = (marker.dataset.choose || "").split(",").map(s => s.trim()).filter(n => column(n) >= 0)
      .map(name => {
        const i = column(name);
        const values = Array.from(new Set(rows.map(row => value(row.cells[i])).filter(Boolean))).sort(compare);
        const [label, select] = control("select", {"aria-label": name}, name);
        select.appendChild(new Option("all", ""));
        values.forEach(v => select.appendChild(new Option(v, v)));
        form.appendChild(label);
        return [i, select];
      });

    let dates = null;
    if (column(marker.dataset.dates || "") >= 0) {
      const [fromLabel, from] = control("input", {type: "date", "aria-label": "From"}, "From");
      const [toLabel, to] = control("input", {type: "date", "aria-label": "To"}, "to");
      form.append(fromLabel, toLabel);
      dates = [column(marker.dataset.dates), from, to];
    }
    const count = document.createElement("output");
    form.appendChild(count);
    marker.appendChild(form);

    function apply() {
      const words = text.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      let shown = 0;
      rows.forEach(row => {
        const haystack = row.textContent.toLowerCase();
        let keep = words.every(word => haystack.includes(word));
        choices.forEach(([i, select]) => { keep = keep && (!select.value || value(row.cells[i]) === select.value); });
        if (keep && dates && (dates[1].value || dates[2].value)) {
          const when = value(row.cells[dates[0]]);
          if (!/^\d{4}/.test(when)) keep = false;  // undated rows leave a date-filtered list
          else {
            const [first, last] = span(when);
            keep = (!dates[1].value || last >= dates[1].value) && (!dates[2].value || first <= dates[2].value);
          }
        }
        row.hidden = !keep;
        shown += keep ? 1 : 0;
      });
      count.textContent = shown === rows.length ? `${rows.length} rows` : `${shown} of ${rows.length} rows`;
    }
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    apply();

    headings.forEach((heading, i) => {
      heading.classList.add("sortable");
      heading.setAttribute("tabindex", "0");
      heading.setAttribute("aria-sort", "none");
      const sort = () => {
        const ascending = heading.getAttribute("aria-sort") !== "ascending";
        headings.forEach(other => other.setAttribute("aria-sort", "none"));
        heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const sorted = rows.slice().sort((a, b) => {
          const x = value(a.cells[i]), y = value(b.cells[i]);
          if (!x || !y) return x ? -1 : y ? 1 : 0;  // empty cells last either way
          return ascending ? compare(x, y) : compare(y, x);
        });
        sorted.forEach(row => body.appendChild(row));
      };
      heading.addEventListener("click", sort);
      heading.addEventListener("keydown", event => { if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); } });
    });
  }

  function init() {
    document.querySelectorAll("div.table-tools").forEach(enhance);
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);  // Material's instant navigation swaps pages without a load event
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
