/**
 * The counts page (`/staff/counts`, coordinators): the anonymous counts from GET /staff/api/counts as a
 * table (month, need, rights, département, recommended type, gap, count), in words from the texts.
 */
import { api } from './api.js';
import type { CountRow } from './api-types.js';
import { byId, h } from './dom.js';
import { tx } from './texts.js';

const COLUMNS = ['month', 'need', 'rights', 'departement', 'type', 'gap', 'count'] as const;

export function countsPage(): void {
  const box = byId('counts');
  const status = byId('counts-status');
  api<CountRow[] | { rows: CountRow[] }>('GET', 'counts').then(
    (answer) => {
      if (answer.status === 403) {
        status.textContent = tx('countsPage.forbidden');
        return;
      }
      const json = answer.json;
      const rows = Array.isArray(json) ? json : json && Array.isArray(json.rows) ? json.rows : null;
      if (answer.status !== 200 || !rows) {
        status.textContent = tx('results.error');
        return;
      }
      if (!rows.length) {
        status.textContent = tx('countsPage.none');
        return;
      }
      renderTable(box, rows);
      status.textContent = '';
    },
    () => (status.textContent = tx('results.error')),
  );
}

function renderTable(box: HTMLElement, rows: CountRow[]): void {
  const table = h('table', 'counts-table', '', box);
  h('caption', '', tx('countsPage.caption'), table).id = 'counts-caption';
  // A wide table scrolls sideways at 200 % zoom: the scrolling box is reachable by keyboard.
  box.tabIndex = 0;
  box.setAttribute('role', 'region');
  box.setAttribute('aria-labelledby', 'counts-caption');
  const headRow = h('tr', '', '', h('thead', '', '', table));
  COLUMNS.forEach((c) => {
    const th = h('th', c === 'count' ? 'num' : '', tx('countsPage.' + c), headRow);
    th.scope = 'col';
  });
  const body = h('tbody', '', '', table);
  rows.forEach((row) => {
    const tr = h('tr', '', '', body);
    COLUMNS.forEach((c) => {
      const v = row[c];
      let text: string;
      if (c === 'need') text = tx('need.' + v) || String(v);
      else if (c === 'rights') text = tx('rights.' + v) || String(v);
      else if (c === 'gap') text = v === true ? tx('countsPage.gapYes') : v ? String(v) : '';
      else text = v === null || v === undefined ? '' : String(v);
      if (c === 'month') h('th', '', text, tr).scope = 'row';
      else h('td', c === 'count' ? 'num' : '', text, tr);
    });
  });
}
