/**
 * The reception staff's pages (docs/staff.md): `/staff` (triage) and `/staff/counts` (anonymous counts).
 * A classic script (no import/export, compiled by tsconfig.staff.json to dist/public/staff/staff.js) that
 * takes every interface string from GET /staff/api/session (locales/fr/staff.json) and talks to the
 * /staff/api routes with the session cookie and the X-CSRF-Token header. Text goes into the page with
 * textContent only; nothing about the person is kept in the browser beyond the page's life.
 *
 * Triage: the situation's fields as native radio groups (arrow keys, Space), the place as a text input with
 * the server's resolution, the fields in `missing` highlighted and moved first; every change asks
 * POST /staff/api/triage again (radios at once, typing after 150 ms), aborting the older request so an old
 * answer never overwrites a newer one. After each rendering the page dispatches `staff:updated` on document
 * and sets `data-updated` on the results (the latency benchmark listens for it).
 */
(function () {
  type Texts = Record<string, unknown>;
  type Situation = Record<string, unknown>;
  interface Contact {
    phone?: string;
    phoneE164?: string;
    address?: string;
    hours?: string;
    email?: string;
    website?: string;
  }
  interface StaffRecommendation {
    type: string;
    typeLabel?: string;
    name: string;
    what?: string;
    text?: string;
    rule?: string;
    ruleDescription?: string;
    sources?: string[];
    cost?: string;
    appointment?: string;
    bring?: string[];
    practicalSources?: string[];
    contact?: Contact;
    nearness?: string | null;
    record?: { id?: string; source?: string; reference?: string; dateMaj?: string } | null;
    toVerify?: boolean;
    inferred?: boolean;
    notes?: string[];
  }
  interface PlaceChoice {
    insee: string;
    commune: string;
    departement: string | { code: string; nom?: string };
    postcodes?: string[];
  }
  type PlaceAnswer =
    | { status: 'found'; insee: string; commune: string; departement?: { code: string; nom?: string } }
    | { status: 'ambiguous'; choices: PlaceChoice[] }
    | { status: 'not-found'; suggestions: PlaceChoice[] }
    | null;
  interface SlipItem {
    name?: string;
    what?: string;
    phone?: string;
    address?: string;
    hours?: string;
    cost?: string;
    appointment?: string;
    bring?: string[];
    notes?: string[];
  }
  interface SlipColumn {
    lang: string;
    dir?: string;
    title?: string;
    intro?: string;
    labels?: Record<string, string>;
    items?: SlipItem[];
    /** Said when no service could be given. */
    none?: string;
    emergency?: string;
    footer?: string;
  }
  interface TriageAnswer {
    emergency?: boolean;
    place?: PlaceAnswer;
    missing?: string[];
    missingLabels?: string[];
    recommendations?: StaffRecommendation[];
    slip?: { languages?: string[]; columns?: SlipColumn[] } | null;
    gaps?: string[];
    error?: { code: string; message?: string; fields?: { field: string; message: string }[] };
  }
  interface Session {
    account: string;
    role: string;
    csrf: string;
    sendSms?: boolean;
    languages?: string[];
    /** The taxonomy's codes, from the server (src/orientation/situation.ts): one list, never copied here. */
    codes: { need: string[]; rights: string[]; substance: string[]; contact: string[] };
    texts: Texts;
  }
  interface ApiAnswer<T> {
    status: number;
    json: T | null;
  }

  const API = '/staff/api/';
  const BOOLEANS = ['emergency', 'canWait', 'knownToCmp', 'precarious', 'forRelative'];
  /** Types that answer an emergency: shown first, in red. */
  const EMERGENCY_TYPES = ['samu-15', 'urgences', 'ligne-3114'];
  const TYPING_DELAY = 150;

  let texts: Texts = {};
  let csrf = '';

  // ---- helpers -----------------------------------------------------------------------------------------

  /** The text at `key` ("card.phone"), with {{name}} placeholders filled; '' when there is none. */
  function tx(key: string, vars?: Record<string, string | number>): string {
    let value: unknown = texts[key];
    if (value === undefined) {
      value = texts;
      for (const part of key.split('.')) {
        value = value && typeof value === 'object' ? (value as Texts)[part] : undefined;
      }
    }
    let text = typeof value === 'string' ? value : '';
    if (vars) {
      for (const name of Object.keys(vars)) text = text.split('{{' + name + '}}').join(String(vars[name]));
    }
    return text;
  }

  /** Creates an element with classes and text (textContent only), appended to `parent` when given. */
  function h<K extends keyof HTMLElementTagNameMap>(
    tag: K,
    cls?: string,
    text?: string,
    parent?: Element,
  ): HTMLElementTagNameMap[K] {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }

  function byId<T extends HTMLElement = HTMLElement>(id: string): T {
    const e = document.getElementById(id);
    if (!e) throw new Error('staff page: #' + id + ' is missing');
    return e as T;
  }

  const dirOf = (lang: string) => (lang === 'ar' ? 'rtl' : 'ltr');

  function api<T>(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal) {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (method === 'POST') {
      headers['content-type'] = 'application/json';
      headers['x-csrf-token'] = csrf;
    }
    return fetch(API + path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    }).then((res): Promise<ApiAnswer<T>> => {
      if (res.status === 401) signedOut();
      if (res.status === 204) return Promise.resolve({ status: res.status, json: null });
      return res.json().then(
        (json: T) => ({ status: res.status, json }),
        () => ({ status: res.status, json: null }),
      );
    });
  }

  function fillTexts(): void {
    const marked = document.querySelectorAll<HTMLElement>('[data-t]');
    for (let i = 0; i < marked.length; i++) {
      const e = marked[i];
      if (e) e.textContent = tx(e.getAttribute('data-t') || '');
    }
    const title = tx('title');
    if (title) document.title = title;
  }

  /** Without a session (expired, logged out elsewhere): say so, with a link to sign in again. */
  function signedOut(): void {
    const banner = byId('banner');
    if (!banner.hidden) return;
    banner.textContent = '';
    banner.append(tx('results.signedOut') || 'Session terminée.', ' ');
    const a = h('a', '', tx('results.signIn') || 'Se reconnecter', banner);
    a.href = '/staff/login';
    banner.hidden = false;
  }

  function loadSession(): Promise<Session | null> {
    return api<Session>('GET', 'session').then(
      (answer) => {
        if (answer.status !== 200 || !answer.json) return null;
        texts = answer.json.texts || {};
        csrf = answer.json.csrf;
        fillTexts();
        const who = document.getElementById('who');
        if (who) who.textContent = tx('signedInAs', { account: answer.json.account });
        const logoutCsrf = document.getElementById('logout-csrf') as HTMLInputElement | null;
        if (logoutCsrf) logoutCsrf.value = csrf;
        const countsLink = document.getElementById('counts-link');
        if (countsLink) countsLink.hidden = answer.json.role !== 'coordinator';
        return answer.json;
      },
      () => null,
    );
  }

  function newTriageId(): string {
    const c = window.crypto;
    if (c && typeof c.randomUUID === 'function') return c.randomUUID();
    const b = new Uint8Array(16);
    c.getRandomValues(b);
    b[6] = ((b[6] || 0) & 0x0f) | 0x40;
    b[8] = ((b[8] || 0) & 0x3f) | 0x80;
    const hex = Array.prototype.map.call(b, (x: number) => (x + 0x100).toString(16).slice(1)).join('');
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join('-');
  }

  // ---- triage page ---------------------------------------------------------------------------------------

  function triagePage(session: Session): void {
    const form = byId<HTMLFormElement>('situation');
    const more = byId('more');
    const placeInput = byId<HTMLInputElement>('place');
    const placeStatus = byId('place-status');
    const placeChoices = byId('place-choices');
    const ageInput = byId<HTMLInputElement>('age');
    const langSelect = byId<HTMLSelectElement>('lang');
    const substanceField = byId('field-substance');
    const results = byId('results');
    const announce = byId('announce');
    const toAsk = byId('to-ask');
    const cards = byId('cards');
    const printButton = byId<HTMLButtonElement>('print');
    const smsButton = byId<HTMLButtonElement>('sms-open');
    const handoffButton = byId<HTMLButtonElement>('handoff-open');
    const nextButton = byId<HTMLButtonElement>('next');
    const smsForm = byId<HTMLFormElement>('sms');
    const phoneInput = byId<HTMLInputElement>('phone');
    const smsStatus = byId('sms-status');
    const handoffForm = byId<HTMLFormElement>('handoff');
    const handoffServices = byId('handoff-services');
    const consent = byId<HTMLInputElement>('consent');
    const handoffStatus = byId('handoff-status');
    const ficheBox = byId('fiche');
    const ficheText = byId('fiche-text');
    const ficheCopy = byId<HTMLButtonElement>('fiche-copy');
    const fichePrint = byId<HTMLButtonElement>('fiche-print');
    const fichePrinted = byId('fiche-printed');
    const slip = byId('slip');

    // -- building the fields --
    function radios(field: string, values: [string, string][], defaultValue?: string): void {
      const box = document.querySelector('[data-field="' + field + '"] .options');
      if (!box) throw new Error('staff page: no options for ' + field);
      values.forEach(([value, label], i) => {
        const option = h('label', 'option', '', box);
        const input = h('input', '', '', option);
        input.type = 'radio';
        input.name = field;
        input.value = value;
        input.id = field + '-' + (value || 'unset') + '-' + i;
        if (value === defaultValue) input.checked = input.defaultChecked = true;
        h('span', '', label, option);
      });
    }
    const yesNo: [string, string][] = [
      ['yes', tx('answer.yes')],
      ['no', tx('answer.no')],
      ['', tx('answer.unknown')],
    ];
    BOOLEANS.forEach((field) => radios(field, yesNo, ''));
    radios(
      'need',
      session.codes.need.map((n): [string, string] => [n, tx('need.' + n)]),
    );
    radios(
      'rights',
      session.codes.rights.map((r): [string, string] => [r, tx('rights.' + r)]),
    );
    radios(
      'substance',
      session.codes.substance.map((s): [string, string] => [s, tx('substance.' + s)]),
    );
    radios(
      'contact',
      session.codes.contact.map((value): [string, string] => [value, tx('handoff.contactBy.' + value)]),
      'phone',
    );
    for (const lang of session.languages || ['fr', 'en', 'ar', 'fr-x-falc']) {
      const option = h('option', '', tx('language.' + lang) || lang, langSelect);
      option.value = lang;
      option.lang = lang;
    }
    langSelect.value = 'fr';
    if (session.sendSms === false) smsButton.hidden = true;

    // -- state --
    let triageId = newTriageId();
    let counted = false;
    let chosenInsee = '';
    let seq = 0;
    let controller: AbortController | null = null;
    let typingTimer = 0;
    let current: { situation: Situation; lang: string; answer: TriageAnswer } | null = null;
    let pendingOrder: string[] | null = null;

    function value(name: string, scope: HTMLElement = form): string {
      const checked = scope.querySelector<HTMLInputElement>('input[name="' + name + '"]:checked');
      return checked ? checked.value : '';
    }

    function placeQuery(): unknown {
      const text = placeInput.value.trim();
      if (chosenInsee) return { insee: chosenInsee };
      if (!text) return undefined;
      if (/^\d{5}$/.test(text)) return { postcode: text };
      if (!/\d/.test(text)) return { commune: text };
      return text; // "71100 Chalon": the server reads free text typed by staff
    }

    function situation(): Situation {
      const s: Situation = {};
      for (const field of BOOLEANS) {
        const v = value(field);
        if (v) s[field] = v === 'yes';
      }
      const need = value('need');
      if (need) s.need = need;
      const rights = value('rights');
      if (rights) s.rights = rights;
      const substance = value('substance');
      if (need === 'addiction' && substance) s.substance = substance;
      const age = ageInput.value.trim();
      if (/^\d{1,3}$/.test(age)) s.age = Number(age);
      const place = placeQuery();
      if (place !== undefined) s.place = place;
      return s;
    }

    // -- asking the server --
    function update(): void {
      window.clearTimeout(typingTimer);
      substanceField.hidden = value('need') !== 'addiction';
      const s = situation();
      const lang = langSelect.value || 'fr';
      if (controller) controller.abort();
      controller = null;
      const mine = ++seq;
      if (Object.keys(s).length === 0) {
        render(null, s, lang, mine);
        return;
      }
      const aborter = typeof AbortController === 'function' ? new AbortController() : null;
      controller = aborter;
      results.setAttribute('aria-busy', 'true');
      api<TriageAnswer>('POST', 'triage', { situation: s, lang }, aborter ? aborter.signal : undefined).then(
        (answer) => {
          if (mine !== seq) return; // a newer change is on its way
          if (answer.status === 401) return;
          if (!answer.json || (answer.status >= 500 && !answer.json.error)) return failed(mine);
          render(answer.json, s, lang, mine);
        },
        (error: Error) => {
          if (mine !== seq || (error && error.name === 'AbortError')) return;
          failed(mine);
        },
      );
    }

    function updateSoon(): void {
      window.clearTimeout(typingTimer);
      typingTimer = window.setTimeout(update, TYPING_DELAY);
    }

    function failed(mine: number): void {
      results.removeAttribute('aria-busy');
      announce.textContent = tx('results.error');
      finished(mine);
    }

    function finished(mine: number): void {
      results.setAttribute('data-updated', String(mine));
      document.dispatchEvent(new CustomEvent('staff:updated', { detail: { seq: mine } }));
    }

    // -- rendering --
    function render(answer: TriageAnswer | null, s: Situation, lang: string, mine: number): void {
      results.removeAttribute('aria-busy');
      const hadFiche = !ficheBox.hidden;
      current = answer ? { situation: s, lang, answer } : null;
      cards.textContent = '';
      toAsk.textContent = '';
      renderPlace(answer ? answer.place : null);
      markInvalid(answer);
      const recs = (answer && answer.recommendations) || [];
      if (!answer) {
        announce.textContent = '';
        h('p', 'empty', tx('results.empty'), cards);
      } else if (answer.error && !recs.length) {
        const message = tx('results.invalid', { message: answer.error.message || answer.error.code });
        h('p', 'problem', message, cards);
        announce.textContent = message;
      } else {
        renderCards(answer, recs);
        announce.textContent = recs.length
          ? tx(answer.emergency ? 'results.emergencyCount' : 'results.count', {
              count: recs.length,
              first: recs[0] ? recs[0].name : '',
            })
          : tx('results.none');
      }
      highlightMissing(answer);
      renderSlip(answer);
      const usable = recs.length > 0;
      printButton.disabled = handoffButton.disabled = !usable;
      smsButton.disabled = !usable;
      if (!usable) {
        closeSms();
        closeHandoff();
      }
      renderHandoffServices(recs);
      if (hadFiche) {
        ficheBox.hidden = true;
        ficheText.textContent = '';
        handoffStatus.textContent = tx('handoff.stale');
      }
      finished(mine);
    }

    function departementOf(choice: PlaceChoice): string {
      return typeof choice.departement === 'string' ? choice.departement : choice.departement.code;
    }

    /**
     * The server's reading of the place. Choices (a shared postcode, homonyms) and suggestions are radios;
     * once one is chosen they stay, so the arrow keys can still change the commune. The list is rebuilt
     * only when it changes, and the focus never falls back to the top of the page.
     */
    function renderPlace(place: PlaceAnswer | undefined): void {
      placeInput.removeAttribute('aria-invalid');
      if (place && place.status === 'found') {
        placeStatus.textContent = tx('place.found', {
          commune: place.commune,
          departement: place.departement ? place.departement.code : '',
        });
        if (!chosenInsee) showChoices('', [], '');
        return;
      }
      if (!place) {
        placeStatus.textContent = '';
        showChoices('', [], '');
        return;
      }
      const list = place.status === 'ambiguous' ? place.choices : place.suggestions;
      placeStatus.textContent =
        place.status === 'ambiguous'
          ? tx('place.ambiguous')
          : tx('place.notFound') + ' ' + (list.length ? '' : tx('place.noSuggestion'));
      if (place.status === 'not-found') placeInput.setAttribute('aria-invalid', 'true');
      showChoices(
        place.status,
        list,
        place.status === 'ambiguous' ? tx('place.choose') : tx('place.suggestions'),
      );
    }

    function showChoices(kind: string, list: PlaceChoice[], legend: string): void {
      const key = kind + JSON.stringify(list.map((c) => c.insee));
      if (placeChoices.getAttribute('data-key') === key) return;
      placeChoices.setAttribute('data-key', key);
      const hadFocus = placeChoices.contains(document.activeElement);
      placeChoices.textContent = '';
      placeChoices.hidden = !list.length;
      if (!list.length) {
        if (hadFocus) placeInput.focus();
        return;
      }
      const group = h('fieldset', 'choices', '', placeChoices);
      h('legend', '', legend, group);
      const options = h('div', 'options', '', group);
      list.forEach((choice, i) => {
        const option = h('label', 'option', '', options);
        const input = h('input', '', '', option);
        input.type = 'radio';
        input.name = 'place-choice';
        input.value = choice.insee;
        input.id = 'place-choice-' + i;
        input.setAttribute('data-commune', choice.commune);
        const postcodes =
          choice.postcodes && choice.postcodes.length ? ' ' + choice.postcodes.join(', ') : '';
        h(
          'span',
          '',
          tx('place.choice', { commune: choice.commune, departement: departementOf(choice) }) + postcodes,
          option,
        );
      });
      if (hadFocus) placeInput.focus();
    }

    function markInvalid(answer: TriageAnswer | null): void {
      const fields = (answer && answer.error && answer.error.fields) || [];
      const bad = (name: string) => fields.some((f) => f.field === name || f.field.indexOf(name + '.') === 0);
      if (bad('age')) ageInput.setAttribute('aria-invalid', 'true');
      else ageInput.removeAttribute('aria-invalid');
      if (bad('place')) placeInput.setAttribute('aria-invalid', 'true');
    }

    function line(parent: Element, label: string, text: string | undefined, cls?: string): void {
      if (!text) return;
      const p = h('p', cls || 'line', '', parent);
      h('span', 'label', label, p);
      p.append(' ');
      h('bdi', '', text, p);
    }

    function renderCards(answer: TriageAnswer, recs: StaffRecommendation[]): void {
      const urgent = (r: StaffRecommendation) => !!answer.emergency && EMERGENCY_TYPES.indexOf(r.type) >= 0;
      const ordered = recs.filter(urgent).concat(recs.filter((r) => !urgent(r)));
      if (ordered.some(urgent)) h('p', 'emergency-banner', tx('results.emergency'), cards);
      const list = h('ol', 'cards', '', cards);
      ordered.forEach((r) => card(r, urgent(r), h('li', '', '', list)));
    }

    function card(r: StaffRecommendation, urgent: boolean, item: HTMLElement): void {
      const box = h('article', 'card' + (urgent ? ' card-emergency' : ''), '', item);
      box.setAttribute('data-type', r.type);
      const head = h('p', 'card-type', '', box);
      if (urgent) h('strong', 'badge badge-emergency', tx('results.emergency'), head);
      head.append(r.typeLabel || r.type);
      if (r.toVerify) h('strong', 'badge badge-verify', tx('card.toVerify'), head);
      if (r.inferred) h('strong', 'badge badge-inferred', tx('card.inferred'), head);
      h('h3', '', r.name, box);
      if (r.what) h('p', 'what', r.what, box);
      const c = r.contact || {};
      if (c.phone) {
        const p = h('p', 'line', '', box);
        h('span', 'label', tx('card.phone'), p);
        p.append(' ');
        const a = h('a', 'tel', '', p);
        a.href = 'tel:' + (c.phoneE164 || c.phone.replace(/[^\d+]/g, ''));
        a.setAttribute('aria-label', tx('card.call', { phone: c.phone }));
        h('bdi', '', c.phone, a);
      }
      line(box, tx('card.address'), c.address);
      line(box, tx('card.hours'), c.hours);
      if (c.email) {
        const p = h('p', 'line', '', box);
        h('span', 'label', tx('card.email'), p);
        p.append(' ');
        const a = h('a', '', c.email, p);
        a.href = 'mailto:' + c.email;
      }
      if (c.website && /^https?:\/\//.test(c.website)) {
        const p = h('p', 'line', '', box);
        h('span', 'label', tx('card.website'), p);
        p.append(' ');
        const a = h('a', '', c.website, p);
        a.href = c.website;
        a.rel = 'noopener noreferrer';
        a.target = '_blank';
      }

      line(box, tx('card.cost'), r.cost);
      line(box, tx('card.appointment'), r.appointment);
      if (r.bring && r.bring.length) {
        h('p', 'label', tx('card.bring'), box);
        const ul = h('ul', 'bring', '', box);
        r.bring.forEach((b) => h('li', '', b, ul));
      }
      // The server's notes say why a record is to check or has no contact; without them, the page says it.
      const notes = r.notes || [];
      notes.forEach((n) => h('p', 'note', n, box));
      if (!notes.length) {
        if (!c.phone && !c.address && !c.email) h('p', 'note', tx('card.noContact'), box);
        if (r.toVerify) h('p', 'note', tx('card.toVerifyNote'), box);
        if (r.inferred) h('p', 'note', tx('card.inferredNote'), box);
      }

      const why = h('div', 'why', '', box);
      h('h4', '', tx('card.why'), why);
      if (r.rule) {
        const p = h('p', 'line rule', '', why);
        h('span', 'label', tx('card.rule'), p);
        p.append(' ');
        h('code', '', r.rule, p);
        if (r.ruleDescription) p.append(' — ' + r.ruleDescription);
      }
      if (r.sources && r.sources.length) {
        h('p', 'label', tx('card.sources'), why);
        const ul = h('ul', 'sources', '', why);
        r.sources.forEach((s) => h('li', '', s, ul));
      }
      if (r.record) {
        const parts = [r.record.source, r.record.reference].filter(Boolean).join(' · ');
        const date = r.record.dateMaj ? ' (' + tx('card.recordDate', { date: r.record.dateMaj }) + ')' : '';
        line(why, tx('card.record'), parts + date, 'line record');
      }
      if (r.nearness) line(why, tx('card.nearness'), tx('nearness.' + r.nearness) || r.nearness);
      if (r.practicalSources && r.practicalSources.length) {
        // Long (one per cost, appointment and paper): folded, open on demand.
        const more = h('details', 'practical', '', why);
        h('summary', '', tx('card.practicalSources'), more);
        const ul = h('ul', 'sources practical-sources', '', more);
        r.practicalSources.forEach((s) => h('li', '', s, ul));
      }
    }

    /** Fields that would change the answer: marked, and (when the focus is elsewhere) moved first. */
    function highlightMissing(answer: TriageAnswer | null): void {
      const missing = (answer && answer.missing) || [];
      // The server's labels, or the fields' own legends ("place" is the place field's label).
      const labels =
        answer && answer.missingLabels && answer.missingLabels.length === missing.length
          ? answer.missingLabels
          : missing.map((f) => tx('field.' + f) || f);
      const fields = form.querySelectorAll<HTMLElement>('[data-field]');
      for (let i = 0; i < fields.length; i++) {
        const f = fields[i];
        if (!f) continue;
        const on = missing.indexOf(f.getAttribute('data-field') || '') >= 0;
        f.classList.toggle('is-missing', on);
        const badge = f.querySelector<HTMLElement>('.badge-missing');
        if (badge) badge.hidden = !on;
      }
      if (answer && !answer.error) {
        toAsk.textContent = labels.length ? tx('toAsk', { fields: labels.join(', ') }) : tx('complete');
      }
      pendingOrder = missing;
      reorder();
    }

    function reorder(): void {
      if (!pendingOrder || more.contains(document.activeElement)) return;
      const missing = pendingOrder;
      pendingOrder = null;
      const children = Array.prototype.slice.call(more.children) as HTMLElement[];
      const rank = (e: HTMLElement) => {
        const i = missing.indexOf(e.getAttribute('data-field') || '');
        return i < 0 ? missing.length + Number(e.getAttribute('data-order') || 0) : i;
      };
      const sorted = children.slice().sort((a, b) => rank(a) - rank(b));
      if (sorted.every((e, i) => e === children[i])) return;
      sorted.forEach((e) => more.appendChild(e));
    }
    more.addEventListener('focusout', (e) => {
      if (!more.contains(e.relatedTarget as Node | null)) window.setTimeout(reorder, 0);
    });

    // -- the slip (printed for the person) --
    function renderSlip(answer: TriageAnswer | null): void {
      slip.textContent = '';
      const columns = (answer && answer.slip && answer.slip.columns) || [];
      slip.classList.toggle('two', columns.length > 1);
      slip.hidden = !columns.length || !(answer && answer.recommendations && answer.recommendations.length);
      columns.forEach((col) => {
        const div = h('div', 'slip-col', '', slip);
        div.lang = col.lang;
        div.dir = col.dir || dirOf(col.lang);
        const labels = col.labels || {};
        if (col.title) h('h2', '', col.title, div);
        if (col.intro) h('p', 'slip-intro', col.intro, div);
        if (col.emergency) h('p', 'slip-emergency', col.emergency, div);
        const ol = h('ol', 'slip-items', '', div);
        (col.items || []).forEach((item) => {
          const li = h('li', '', '', ol);
          if (item.name) h('h3', '', item.name, li);
          if (item.what) h('p', '', item.what, li);
          slipLine(li, labels.phone, item.phone, true);
          slipLine(li, labels.address, item.address);
          slipLine(li, labels.hours, item.hours);
          slipLine(li, labels.cost, item.cost);
          slipLine(li, labels.appointment, item.appointment);
          if (item.bring && item.bring.length) slipLine(li, labels.bring, item.bring.join(' ; '));
          (item.notes || []).forEach((n) => h('p', 'note', n, li));
        });
        if (col.none) h('p', '', col.none, div);
        if (col.footer) h('p', 'slip-footer', col.footer, div);
      });
    }

    function slipLine(parent: Element, label: string | undefined, text: string | undefined, ltr?: boolean) {
      if (!text) return;
      const p = h('p', '', '', parent);
      if (label) {
        h('span', 'label', label, p);
        p.append(' ');
      }
      const value = h('bdi', '', text, p);
      if (ltr) value.dir = 'ltr';
    }

    // -- counting (anonymous) --
    /** Counts this triage once; `s` is the situation to count (by default, the one on screen). */
    function count(s?: Situation): void {
      if (counted || !current || !(current.answer.recommendations || []).length) return;
      counted = true;
      api('POST', 'done', { triageId, situation: s || current.situation }).catch(() => undefined);
    }

    // -- print --
    function print(fiche: boolean): void {
      const root = document.documentElement.classList;
      root.toggle('print-fiche', fiche);
      window.addEventListener('afterprint', () => root.remove('print-fiche'), { once: true });
      count();
      window.print();
    }
    printButton.addEventListener('click', () => print(false));

    // -- SMS --
    function closeSms(): void {
      smsForm.hidden = true;
      smsButton.setAttribute('aria-expanded', 'false');
      phoneInput.value = '';
      phoneInput.removeAttribute('aria-invalid');
    }
    smsButton.addEventListener('click', () => {
      if (!smsForm.hidden) return closeSms();
      closeHandoff();
      smsForm.hidden = false;
      smsButton.setAttribute('aria-expanded', 'true');
      smsStatus.textContent = '';
      phoneInput.focus();
    });
    smsForm.addEventListener('submit', (e) => {
      e.preventDefault();
      const phone = phoneInput.value.trim();
      if (!current) return;
      if (!/\d{6,}/.test(phone.replace(/[\s.\-()]/g, ''))) {
        phoneInput.setAttribute('aria-invalid', 'true');
        smsStatus.textContent = tx('sms.invalid');
        return;
      }
      smsStatus.textContent = tx('sms.sending');
      const sent = current;
      api<{ sent?: boolean; sms?: number; error?: { code: string } }>('POST', 'sms', {
        phone,
        situation: sent.situation,
        lang: sent.lang,
      }).then(
        (answer) => {
          const code = answer.json && answer.json.error ? answer.json.error.code : '';
          if (answer.status === 202 || (answer.status === 200 && answer.json && answer.json.sent)) {
            phoneInput.value = '';
            phoneInput.removeAttribute('aria-invalid');
            smsStatus.textContent = tx('sms.sent', { count: (answer.json && answer.json.sms) || 1 });
            count();
            return;
          }
          const key =
            code === 'invalid-phone'
              ? 'invalid'
              : code === 'no-answer'
                ? 'noAnswer'
                : code === 'too-many'
                  ? 'tooMany'
                  : code === 'sms-unavailable'
                    ? 'unavailable'
                    : 'failed';
          if (key === 'invalid') phoneInput.setAttribute('aria-invalid', 'true');
          smsStatus.textContent = tx('sms.' + key);
          phoneInput.focus();
        },
        () => (smsStatus.textContent = tx('sms.failed')),
      );
    });

    // -- hand-off fiche --
    function closeHandoff(): void {
      handoffForm.hidden = true;
      handoffButton.setAttribute('aria-expanded', 'false');
      ficheBox.hidden = true;
      ficheText.textContent = '';
      fichePrinted.textContent = '';
      handoffStatus.textContent = '';
    }
    /** The services a fiche may go to; kept as they are (and focused) when the list did not change. */
    function renderHandoffServices(recs: StaffRecommendation[]): void {
      const labels = recs.map((r) => (r.typeLabel ? r.typeLabel + ' — ' : '') + r.name);
      const key = JSON.stringify(labels);
      if (handoffServices.getAttribute('data-key') === key) return;
      handoffServices.setAttribute('data-key', key);
      const hadFocus = handoffServices.contains(document.activeElement);
      const previous = value('service', handoffForm);
      handoffServices.textContent = '';
      labels.forEach((label, i) => {
        const option = h('label', 'option', '', handoffServices);
        const input = h('input', '', '', option);
        input.type = 'radio';
        input.name = 'service';
        input.value = String(i);
        input.id = 'service-' + i;
        input.checked = previous && Number(previous) < labels.length ? previous === String(i) : i === 0;
        h('span', '', label, option);
      });
      const checked = handoffForm.querySelector<HTMLInputElement>('input[name="service"]:checked');
      if (hadFocus && checked) checked.focus();
    }
    handoffButton.addEventListener('click', () => {
      if (!handoffForm.hidden) return closeHandoff();
      closeSms();
      handoffForm.hidden = false;
      handoffButton.setAttribute('aria-expanded', 'true');
      const first = handoffForm.querySelector<HTMLInputElement>('input[name="service"]:checked');
      if (first) first.focus();
    });
    consent.addEventListener('change', () => {
      if (consent.checked) {
        consent.removeAttribute('aria-invalid');
        if (handoffStatus.textContent === tx('handoff.consentRequired')) handoffStatus.textContent = '';
      } else {
        ficheBox.hidden = true;
        ficheText.textContent = '';
      }
    });
    handoffForm.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!current) return;
      if (!consent.checked) {
        consent.setAttribute('aria-invalid', 'true');
        handoffStatus.textContent = tx('handoff.consentRequired');
        ficheBox.hidden = true;
        consent.focus();
        return;
      }
      const asked = current;
      api<{ text?: string; error?: { code: string } }>('POST', 'handoff', {
        situation: asked.situation,
        serviceIndex: Number(value('service', handoffForm) || 0),
        contact: value('contact', handoffForm) || 'phone',
        consent: true,
        lang: asked.lang,
      }).then(
        (answer) => {
          if (answer.status !== 200 || !answer.json || !answer.json.text) {
            const code = answer.json && answer.json.error ? answer.json.error.code : '';
            handoffStatus.textContent =
              code === 'consent-required' ? tx('handoff.consentRequired') : tx('results.error');
            return;
          }
          ficheText.textContent = answer.json.text;
          fichePrinted.textContent = answer.json.text;
          ficheBox.hidden = false;
          handoffStatus.textContent = tx('handoff.made');
          count();
        },
        () => (handoffStatus.textContent = tx('results.error')),
      );
    });
    ficheCopy.addEventListener('click', () => {
      const text = ficheText.textContent || '';
      const done = () => (handoffStatus.textContent = tx('handoff.copied'));
      const fallback = () => {
        const range = document.createRange();
        range.selectNodeContents(ficheText);
        const selection = window.getSelection();
        if (selection) {
          selection.removeAllRanges();
          selection.addRange(range);
        }
        let ok = false;
        try {
          ok = document.execCommand('copy');
        } catch {
          ok = false;
        }
        handoffStatus.textContent = ok ? tx('handoff.copied') : tx('handoff.copyFailed');
      };
      if (navigator.clipboard && navigator.clipboard.writeText)
        navigator.clipboard.writeText(text).then(done, fallback);
      else fallback();
    });
    fichePrint.addEventListener('click', () => print(true));

    // -- next person --
    nextButton.addEventListener('click', () => {
      count(situation()); // the fields as they are, even when the last typing is not yet answered
      if (controller) controller.abort();
      controller = null;
      window.clearTimeout(typingTimer);
      form.reset();
      chosenInsee = '';
      showChoices('', [], '');
      langSelect.value = 'fr';
      consent.checked = false;
      consent.removeAttribute('aria-invalid');
      closeSms();
      closeHandoff();
      smsStatus.textContent = '';
      triageId = newTriageId();
      counted = false;
      update();
      announce.textContent = tx('actions.nextDone');
      const first = form.querySelector<HTMLInputElement>('input[name="emergency"]:checked');
      if (first) first.focus();
    });

    // -- listening to the fields --
    form.addEventListener('submit', (e) => e.preventDefault());
    form.addEventListener('change', (e) => {
      const target = e.target as HTMLInputElement | HTMLSelectElement;
      if (target === placeInput || target === ageInput) return; // typed: handled on input
      if (target.name === 'place-choice') {
        chosenInsee = target.value;
        placeInput.value = target.getAttribute('data-commune') || placeInput.value;
      }
      update();
    });
    placeInput.addEventListener('input', () => {
      chosenInsee = '';
      updateSoon();
    });
    ageInput.addEventListener('input', updateSoon);
    // Enter in a text field asks at once (no waiting for the typing delay, no form submission).
    form.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.target === placeInput || e.target === ageInput)) {
        e.preventDefault();
        update();
      }
    });
    document.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape') return;
      if (!smsForm.hidden && smsForm.contains(document.activeElement)) {
        closeSms();
        smsButton.focus();
      } else if (!handoffForm.hidden && handoffForm.contains(document.activeElement)) {
        closeHandoff();
        handoffButton.focus();
      }
    });

    update();
  }

  // ---- counts page ---------------------------------------------------------------------------------------

  interface CountRow {
    month: string;
    need: string;
    rights: string;
    departement: string;
    type: string;
    gap: boolean | string | null;
    count: number;
  }

  function countsPage(): void {
    const box = byId('counts');
    const status = byId('counts-status');
    const columns = ['month', 'need', 'rights', 'departement', 'type', 'gap', 'count'] as const;
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
        const table = h('table', 'counts-table', '', box);
        h('caption', '', tx('countsPage.caption'), table).id = 'counts-caption';
        // A wide table scrolls sideways at 200 % zoom: the scrolling box is reachable by keyboard.
        box.tabIndex = 0;
        box.setAttribute('role', 'region');
        box.setAttribute('aria-labelledby', 'counts-caption');
        const headRow = h('tr', '', '', h('thead', '', '', table));
        columns.forEach((c) => {
          const th = h('th', c === 'count' ? 'num' : '', tx('countsPage.' + c), headRow);
          th.scope = 'col';
        });
        const body = h('tbody', '', '', table);
        rows.forEach((row) => {
          const tr = h('tr', '', '', body);
          columns.forEach((c) => {
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
        status.textContent = '';
      },
      () => (status.textContent = tx('results.error')),
    );
  }

  // ---- start ---------------------------------------------------------------------------------------------

  function start(): void {
    const page = document.body.getAttribute('data-page');
    loadSession().then((session) => {
      if (!session) {
        signedOut();
        return;
      }
      if (page === 'counts') countsPage();
      else triagePage(session);
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
