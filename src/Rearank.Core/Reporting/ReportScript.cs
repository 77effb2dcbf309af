namespace Rearank.Core.Reporting;

/// <summary>
/// The report's inline style and script. The script reads the data blob and draws what depends on the reader's
/// choices: the per-query chart for the chosen measure (with axes and a note when nothing changed), the per-query
/// table sorted by the clicked column, and one page of queries at a time with passages and reasoning.
/// </summary>
internal static class ReportScript
{
    public const string Style = """
        body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}
        td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right;vertical-align:top}th{background:#f3f3f3}td.t,th.t{text-align:left}
        .win{fill:#2e7d32}.loss{fill:#c62828}.tie{fill:#9e9e9e}.axis{stroke:#555}.label{font-size:12px;fill:#333}
        .query{border-top:2px solid #ddd;padding-top:1em}.runs{display:flex;gap:1em;flex-wrap:wrap;align-items:flex-start}
        .g2{background:#c8e6c9}.g1{background:#fff9c4}.g0{background:#ffebee}details{margin:.3em 0}pre{white-space:pre-wrap;background:#fafafa;padding:.5em}
        #per-query td:nth-child(2){min-width:22em}.passage{text-align:left;font-size:.85em;max-width:22em;color:#333}.note{color:#8a4b00;font-weight:600}
        #per-query th{cursor:pointer;user-select:none}#per-query th.asc::after{content:" \25B2"}#per-query th.desc::after{content:" \25BC"}
        .scroll{max-height:32em;max-width:100%;overflow:auto;display:inline-block}nav button.on{font-weight:bold}dl.prov{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dl.prov dt{font-weight:600}dl.prov dd{margin:0}
        """;

    public const string Script = """
        const D = JSON.parse(document.getElementById('report-data').textContent);
        const PER = 20;
        const esc = s => String(s ?? '').replace(/[&<>"']/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));
        const f4 = v => v == null || Number.isNaN(v) ? '–' : v.toFixed(4);

        function drawChart(box) {
          const run = +box.dataset.run, m = +box.querySelector('select').value, name = D.Measures[m];
          const d = D.Queries.filter(q => q.V[0][m] != null && q.V[run][m] != null)
            .map(q => ({ id: q.Id, b: q.V[0][m], r: q.V[run][m], x: q.V[run][m] - q.V[0][m] })).sort((a, b) => b.x - a.x);
          const left = 64, top = 12, plot = 200, bar = 6, w = Math.max(420, left + d.length * bar + 12), h = top + plot + 46, mid = top + plot / 2;
          const scale = Math.max(1e-9, ...d.map(e => Math.abs(e.x)));
          const wins = d.filter(e => e.x >= 5e-5).length, losses = d.filter(e => e.x <= -5e-5).length;
          let s = '';
          d.forEach((e, i) => {
            const len = Math.abs(e.x) / scale * (plot / 2 - 4), css = Math.abs(e.x) < 5e-5 ? 'tie' : e.x > 0 ? 'win' : 'loss';
            s += `<rect class="${css}" x="${left + 2 + i * bar}" y="${(e.x >= 0 ? mid - len : mid).toFixed(1)}" width="${bar - 1}" height="${Math.max(1, len).toFixed(1)}"><title>${esc(e.id)}: ${f4(e.b)} → ${f4(e.r)} (${e.x >= 0 ? '+' : ''}${e.x.toFixed(4)})</title></rect>`;
          });
          s += `<line class="axis" x1="${left}" y1="${top}" x2="${left}" y2="${top + plot}"/><line class="axis" x1="${left}" y1="${mid}" x2="${w - 4}" y2="${mid}"/>`;
          for (const [v, y] of [[scale, top + 4], [0, mid + 4], [-scale, top + plot]])
            s += `<text class="label tick" x="${left - 6}" y="${y}" text-anchor="end">${v > 0 ? '+' : ''}${v.toFixed(3)}</text>`;
          s += `<text class="label axis-title" x="${left + (w - left) / 2}" y="${h - 8}" text-anchor="middle">queries (${d.length}), sorted by difference; hover a bar for its query</text>`;
          s += `<text class="label axis-title" transform="translate(14 ${mid}) rotate(-90)" text-anchor="middle">${esc(name)} difference</text>`;
          const svg = box.querySelector('svg');
          svg.setAttribute('width', w); svg.setAttribute('height', h); svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
          svg.innerHTML = s;
          const note = box.querySelector('.note');
          note.textContent = d.length === 0 ? `No query has ${name} in both runs.`
            : wins + losses === 0 ? `All ${d.length} differences in ${name} are zero: the two runs score every query the same.`
            : `${wins} queries better, ${d.length - wins - losses} unchanged, ${losses} worse on ${name}.`;
          note.classList.toggle('zero', wins + losses === 0);
        }

        let sortKey = -1, sortDir = 1;
        function perQueryRows() {
          const rows = D.Queries.map((q, qi) => {
            const cells = [q.Id, q.Text];
            D.Measures.forEach((_, m) => {
              D.Runs.forEach((_, r) => cells.push(q.V[r][m]));
              for (let r = 1; r < D.Runs.length; r++) cells.push(q.V[r][m] == null || q.V[0][m] == null ? null : q.V[r][m] - q.V[0][m]);
            });
            return { qi, cells };
          });
          if (sortKey >= 0) rows.sort((a, b) => {
            const x = a.cells[sortKey], y = b.cells[sortKey];
            if (x == null || y == null) return (x == null) - (y == null);
            return (typeof x === 'number' ? x - y : String(x).localeCompare(String(y))) * sortDir;
          });
          document.querySelector('#per-query tbody').innerHTML = rows.map(({ qi, cells }) =>
            `<tr><td class="t"><a href="#q-${qi}" data-q="${qi}">${esc(cells[0])}</a></td><td class="t">${esc(cells[1])}</td>` +
            cells.slice(2).map(v => `<td>${f4(v)}</td>`).join('') + '</tr>').join('');
        }

        function hitRow(q, qi, r, hit) {
          const w = hit.W >= 0 ? q.W[r][hit.W] : null;
          const moved = w ? ` <a class="moved" href="#q${qi}r${r}w${hit.W}">moved in window [${w.S},${w.E})</a>` : '';
          const was = hit.O != null && hit.O !== hit.R ? ` <small>was #${hit.O}</small>` : '';
          return `<tr><td>${hit.R}</td><td class="t g${hit.G == null ? '' : Math.min(hit.G, 2)}">${esc(hit.D)}${was}</td><td>${hit.G ?? '–'}</td>` +
            `<td class="passage">${hit.T ? '<b>' + esc(hit.T) + '</b> ' : ''}${esc(hit.P)}${moved}</td></tr>`;
        }

        function queryHtml(q, qi) {
          let s = `<div class="query" id="q-${qi}"><h3>${esc(q.Id)}: ${esc(q.Text)}</h3><div class="runs">`;
          D.Runs.forEach((run, r) => {
            s += `<table class="hits"><caption>${esc(run)}</caption><tr><th>#</th><th class="t">document</th><th>grade</th><th class="t">passage</th></tr>`;
            s += q.H[r].map(hit => hitRow(q, qi, r, hit)).join('') + '</table>';
          });
          s += '</div>';
          D.Runs.forEach((run, r) => q.W[r].forEach((w, wi) => {
            const moves = w.M.length ? ' — moved ' + w.M.map(([doc, from, to]) => `${esc(doc)} ${from}→${to}`).join(', ') : ' — no change';
            s += `<details class="reasoning" id="q${qi}r${r}w${wi}"><summary>${esc(run)} window [${w.S},${w.E}): ${esc(w.A)}${moves}${w.Failure ? ' (failed: ' + esc(w.Failure) + ')' : ''}</summary><pre>${esc(w.Think)}</pre></details>`;
          }));
          return s + '</div>';
        }

        function show(p) {
          p = +p;
          document.getElementById('pages').innerHTML = `<div class="page on" data-page="${p}">` +
            D.Queries.slice(p * PER, (p + 1) * PER).map((q, i) => queryHtml(q, p * PER + i)).join('') + '</div>';
          document.querySelectorAll('nav.pages button').forEach(b => b.classList.toggle('on', +b.dataset.page === p));
        }

        document.querySelectorAll('.chart').forEach(box => { box.querySelector('select').addEventListener('change', () => drawChart(box)); drawChart(box); });
        document.querySelectorAll('#per-query th').forEach(th => th.addEventListener('click', () => {
          const k = +th.dataset.k;
          sortDir = sortKey === k ? -sortDir : (k < 2 ? 1 : -1);
          sortKey = k;
          document.querySelectorAll('#per-query th').forEach(h => h.classList.remove('asc', 'desc'));
          th.classList.add(sortDir > 0 ? 'asc' : 'desc');
          perQueryRows();
        }));
        document.querySelectorAll('nav.pages button').forEach(b => b.addEventListener('click', () => show(b.dataset.page)));
        document.addEventListener('click', e => {
          const a = e.target.closest('a[data-q], a.moved');
          if (!a) return;
          if (a.dataset.q != null) { show(Math.floor(+a.dataset.q / PER)); }
          const target = document.getElementById(a.getAttribute('href').slice(1));
          if (target && target.tagName === 'DETAILS') target.open = true;
        });
        perQueryRows();
        show(0);
        """;
}
