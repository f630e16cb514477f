/**
 * The embeddable chat widget: `<script src="https://host/widget.js" data-locale="fr" data-position="right">`.
 * A classic script (no import/export, compiled by tsconfig.widget.json to dist/public/widget.js) that adds a
 * launcher button and a chat panel to the host page, talks to the aiguillage server it was loaded from
 * (docs/web-protocol.md: WebSocket /ws, HTTP API as a fallback) and takes every interface string from
 * GET /api/texts/:lang (locales/<lang>/widget.json). Text goes into the page with textContent only.
 * Once an answer is shown, and when GET /api/features says the server can send SMS, "Recevoir par SMS"
 * opens a small form that sends that answer to a mobile number (POST /api/conversations/:id/sms).
 * "Effacer la conversation" asks for a yes/no inline, then forgets it on the server (DELETE, always HTTP) and
 * here (sessionStorage, the log), and starts a new one.
 * RGAA / WCAG 2.1 AA: role="log" for messages, lang/dir per message, real buttons, visible focus, Escape
 * closes, rem units, no horizontal scroll at 200 % zoom, prefers-reduced-motion, contrast ≥ 4.5:1.
 */
(function () {
  type Lang = 'fr' | 'en' | 'ar' | 'fr-x-falc';
  interface Recommendation {
    type: string;
    name: string;
    what: string;
    phone?: string;
    address?: string;
    hours?: string;
    /** Caveats shown under the card (no known contact, information dated), when the server sends them. */
    notes?: string[];
    text: string;
  }
  interface Message {
    kind: string;
    lang: Lang;
    text: string;
    question?: string;
    choices?: { id: string; label: string }[];
    recommendations?: Recommendation[];
  }
  interface Frame {
    type?: string;
    id?: string;
    messages?: Message[];
    ended?: boolean;
    error?: { code: string; message: string };
    /** POST /api/conversations/:id/sms: how many SMS carried the answer. */
    sms?: number;
  }
  type Texts = Record<string, string>;

  const P = 'aiguillage-';
  const LANGS = ['fr', 'en', 'ar', 'fr-x-falc'];
  const KEY = 'aiguillage.conversation';
  const DELAYS = [1000, 2000, 5000, 10000];
  const script = (document.currentScript ||
    document.querySelector('script[src*="widget.js"]')) as HTMLScriptElement | null;
  if (!script || document.querySelector('.' + P + 'root')) return;
  const base = new URL(script.src, location.href);
  const origin = base.origin;
  const secure = base.protocol === 'https:' || location.protocol === 'https:';
  const wsUrl = (secure ? 'wss://' : 'ws://') + base.host + '/ws';
  const asked = (script.getAttribute('data-locale') || document.documentElement.lang || 'fr').toLowerCase();
  let lang = ([asked, asked.split('-')[0]].find((l) => l && LANGS.indexOf(l) >= 0) || 'fr') as Lang;
  const onLeft = script.getAttribute('data-position') === 'left';
  const cache: Record<string, Texts> = {};
  let t: Texts = {};

  const CSS = `.P-root{font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a}
.P-root *,.P-root *::before,.P-root *::after{box-sizing:border-box}
.P-root h2,.P-root h3,.P-root p,.P-root ul,.P-root li,.P-root label,.P-root a,.P-root button,.P-root input{float:none;width:auto;font-family:inherit;letter-spacing:normal;text-transform:none;text-shadow:none}
.P-launcher,.P-panel{position:fixed;z-index:2147483000;bottom:1rem;right:1rem}
.P-left .P-launcher,.P-left .P-panel{right:auto;left:1rem}
.P-launcher{min-height:3rem;padding:.625rem 1.25rem;border:.125rem solid #fff;border-radius:1.5rem;background:#004a99;color:#fff;font:inherit;font-weight:700;line-height:1.25;cursor:pointer;box-shadow:0 .125rem .5rem rgba(0,0,0,.35);transition:background-color .15s}
.P-launcher:hover{background:#003a78}
.P-panel{bottom:5rem;display:flex;flex-direction:column;width:24rem;max-width:calc(100vw - 2rem);height:38rem;max-height:calc(100vh - 6rem);background:#fff;color:#1a1a1a;border:1px solid #595959;border-radius:.5rem;box-shadow:0 .25rem 1rem rgba(0,0,0,.3);overflow:hidden}
.P-root [hidden]{display:none!important}
.P-head{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem;padding:.5rem .75rem;border-bottom:1px solid #595959}
.P-head h2{flex:1 1 auto;margin:0;font-size:1.125rem;line-height:1.3;color:#1a1a1a}
.P-btn{min-height:2.75rem;padding:.375rem .875rem;border:.125rem solid #004a99;border-radius:.375rem;background:#fff;color:#004a99;font:inherit;font-weight:700;cursor:pointer;transition:background-color .15s}
.P-btn:hover{background:#e6eef8}
.P-primary{background:#004a99;color:#fff}
.P-primary:hover{background:#003a78}
.P-log{position:relative;flex:1 1 auto;min-height:6rem;overflow-y:auto;display:flex;flex-direction:column;gap:.75rem;padding:.75rem;scroll-behavior:smooth}
.P-msg{flex-shrink:0;max-width:90%;padding:.5rem .75rem;border-radius:.75rem;overflow-wrap:anywhere}
.P-msg p,.P-msg h3,.P-msg ul{margin:0}
.P-bot{align-self:flex-start;background:#eef1f6;border:1px solid #8a8a8a}
.P-me{align-self:flex-end;background:#004a99;color:#fff}
.P-wide{align-self:stretch;max-width:none}
.P-emergency{background:#fff4f4;border:.1875rem solid #b00020}
.P-badge{display:inline-block;margin-inline-end:.5rem;padding:0 .5rem;border-radius:.25rem;background:#b00020;color:#fff;font-weight:700}
.P-text{white-space:pre-line}
.P-msg .P-cards{display:grid;gap:.5rem;margin-top:.5rem;padding:0;list-style:none}
.P-card{padding:.5rem .75rem;border:1px solid #8a8a8a;border-radius:.5rem;background:#fff}
.P-card h3{font-size:1rem;line-height:1.3;color:#1a1a1a}
.P-card p{margin-top:.25rem}
.P-label{font-weight:700}
.P-note{font-style:italic}
.P-tel{display:inline-block;padding:.5rem .875rem;border-radius:.375rem;background:#004a99;color:#fff;font-weight:700;text-decoration:underline}
.P-tel:hover{background:#003a78}
.P-choices{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:.5rem}
.P-status{margin:0;padding:0 .75rem;font-weight:700}
.P-form{display:flex;flex-wrap:wrap;gap:.5rem;padding:.75rem;border-top:1px solid #595959}
.P-form label{flex-basis:100%;font-weight:700}
.P-form input{flex:1 1 8rem;min-width:0;min-height:2.75rem;padding:.375rem .5rem;border:.125rem solid #595959;border-radius:.375rem;background:#fff;color:#1a1a1a;font:inherit}
.P-form p{flex-basis:100%;margin:0;padding:0}
.P-sms{background:#f5f7fa}
.P-ask{border-width:0 0 1px;font-weight:700}
.P-sr{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.P-root :focus{outline:.1875rem solid #1a1a1a;outline-offset:.125rem;box-shadow:0 0 0 .125rem #fff}
.P-root :focus:not(:focus-visible){outline:0;box-shadow:none}
@media (max-width:32rem),(max-height:32rem){.P-panel{top:0;right:0;bottom:0;left:0;width:auto;height:auto;max-width:100vw;max-height:none;border-radius:0}.P-left .P-panel{left:0}.P-open .P-launcher{display:none}}
@media (prefers-reduced-motion:reduce){.P-root *{transition:none!important;scroll-behavior:auto!important}}
@media print{html:not(.P-printing) .P-root{display:none}
.P-printing body>:not(.P-root),.P-printing .P-launcher,.P-printing .P-head button,.P-printing .P-choices,.P-printing .P-status,.P-printing .P-form{display:none!important}
.P-printing .P-panel{position:static;width:auto;max-width:none;height:auto;max-height:none;border:0;box-shadow:none;overflow:visible}
.P-printing .P-log{overflow:visible}
.P-printing .P-msg{max-width:none;break-inside:avoid}
.P-printing .P-sr{position:static;width:auto;height:auto;margin:0;clip:auto;font-weight:700}}`;

  /** Creates an element; `cls` holds class names without the prefix. Text only through textContent. */
  function h<K extends keyof HTMLElementTagNameMap>(
    tag: K,
    cls?: string,
    text?: string,
    parent?: Element,
  ): HTMLElementTagNameMap[K] {
    const e = document.createElement(tag);
    if (cls) e.className = P + cls.split(' ').join(' ' + P);
    if (text) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }
  const dirOf = (l: string) => (l === 'ar' ? 'rtl' : 'ltr');

  function stored(): string | null {
    try {
      return sessionStorage.getItem(KEY);
    } catch {
      return null; // storage disabled: the conversation lasts as long as the page
    }
  }
  /** Keeps the conversation's id for this tab; an empty value forgets it. */
  function store(value: string) {
    try {
      if (value) sessionStorage.setItem(KEY, value);
      else sessionStorage.removeItem(KEY);
    } catch {
      // storage disabled
    }
  }

  function loadTexts(l: Lang): Promise<Texts> {
    const known = cache[l];
    if (known) return Promise.resolve(known);
    return fetch(origin + '/api/texts/' + l)
      .then((r) => {
        if (!r.ok) throw new Error('texts ' + r.status);
        return r.json() as Promise<Texts>;
      })
      .then((json) => (cache[l] = json));
  }

  // ---- interface -------------------------------------------------------------------------------------
  const root = h('div', 'root' + (onLeft ? ' left' : ''));
  const launcher = h('button', 'launcher', '', root);
  const panel = h('section', 'panel', '', root);
  const head = h('div', 'head', '', panel);
  const title = h('h2', '', '', head);
  const printButton = h('button', 'btn', '', head);
  const smsButton = h('button', 'btn', '', head);
  const eraseButton = h('button', 'btn', '', head);
  const closeButton = h('button', 'btn', '', head);
  // The erase confirmation: a bar under the header, next in the Tab order.
  const ask = h('div', 'form sms ask', '', panel);
  const askText = h('p', '', '', ask);
  const yesButton = h('button', 'btn primary', '', ask);
  const noButton = h('button', 'btn', '', ask);
  const log = h('div', 'log', '', panel);
  const smsForm = h('form', 'form sms', '', panel);
  const smsLabel = h('label', '', '', smsForm);
  const smsNote = h('p', '', '', smsForm);
  const phone = h('input', '', '', smsForm);
  const smsSubmit = h('button', 'btn primary', '', smsForm);
  const smsStatus = h('p', 'status', '', smsForm);
  const status = h('p', 'status', '', panel);
  const form = h('form', 'form', '', panel);
  const label = h('label', '', '', form);
  const input = h('input', '', '', form);
  const sendButton = h('button', 'btn primary', '', form);

  launcher.type = printButton.type = smsButton.type = eraseButton.type = closeButton.type = 'button';
  yesButton.type = noButton.type = 'button';
  sendButton.type = smsSubmit.type = 'submit';
  smsButton.hidden = smsForm.hidden = smsForm.noValidate = ask.hidden = true;
  ask.setAttribute('role', 'group');
  ask.setAttribute('aria-labelledby', (askText.id = P + 'ask'));
  eraseButton.setAttribute('aria-controls', (ask.id = P + 'erase'));
  eraseButton.setAttribute('aria-expanded', 'false');
  smsButton.setAttribute('aria-controls', (smsForm.id = P + 'sms'));
  smsButton.setAttribute('aria-expanded', 'false');
  smsLabel.htmlFor = phone.id = P + 'phone';
  phone.type = 'tel';
  phone.name = 'phone';
  phone.autocomplete = 'tel';
  phone.inputMode = 'tel';
  phone.maxLength = 40;
  phone.dir = 'ltr'; // a phone number reads left to right, in Arabic too
  phone.setAttribute(
    'aria-describedby',
    (smsNote.id = P + 'sms-note') + ' ' + (smsStatus.id = P + 'sms-status'),
  );
  panel.id = P + 'panel';
  panel.hidden = true;
  panel.setAttribute('aria-labelledby', (title.id = P + 'title'));
  launcher.setAttribute('aria-controls', panel.id);
  launcher.setAttribute('aria-expanded', 'false');
  log.setAttribute('role', 'log');
  log.setAttribute('aria-live', 'polite');
  log.tabIndex = 0; // scrollable: reachable by keyboard
  for (const s of [status, smsStatus]) {
    s.setAttribute('role', 'status');
    s.setAttribute('aria-live', 'polite');
  }
  label.htmlFor = input.id = P + 'input';
  input.type = 'text';
  input.name = 'message';
  input.autocomplete = 'off';
  input.maxLength = 2000;
  input.dir = 'auto';
  input.setAttribute('enterkeyhint', 'send');

  function applyTexts() {
    root.lang = lang;
    root.dir = dirOf(lang);
    launcher.textContent = t.launcher || '';
    title.textContent = t.title || '';
    printButton.textContent = t.print || '';
    smsButton.textContent = t.sms || '';
    eraseButton.textContent = t.erase || '';
    askText.textContent = t.eraseAsk || '';
    yesButton.textContent = t.eraseYes || '';
    noButton.textContent = t.eraseNo || '';
    closeButton.textContent = t.close || '';
    label.textContent = t.input || '';
    sendButton.textContent = t.send || '';
    smsLabel.textContent = t.smsPhone || '';
    smsNote.textContent = t.smsNote || '';
    smsSubmit.textContent = t.smsSend || '';
    log.setAttribute('aria-label', t.log || '');
  }

  /** Follows the conversation's language (chosen in the dialogue) for the interface strings. */
  function follow(l: Lang): Promise<void> {
    if (l === lang || LANGS.indexOf(l) < 0) return Promise.resolve();
    return loadTexts(l).then(
      (texts) => {
        lang = l;
        t = texts;
        applyTexts();
      },
      () => undefined, // keep the current language
    );
  }

  let clearTimer = 0;
  function say(text: string, clearLater?: boolean) {
    status.textContent = text;
    clearTimeout(clearTimer);
    if (clearLater) clearTimer = window.setTimeout(() => (status.textContent = ''), 5000);
  }

  function prefix(parent: Element, text: string) {
    h('span', 'sr', text + ' ', parent).lang = lang;
  }

  function field(parent: Element, name: string, value?: string) {
    if (!value) return;
    const p = h('p', '', '', parent);
    h('span', 'label', name, p);
    p.append(' ');
    h('bdi', '', value, p);
  }

  function card(r: Recommendation, item: HTMLElement) {
    h('h3', '', r.name, item).dir = 'auto';
    if (r.what) h('p', '', r.what, item);
    if (r.phone) {
      const a = h('a', 'tel', '', h('p', '', '', item));
      a.href = 'tel:' + r.phone.replace(/[^\d+]/g, '');
      const parts = (t.call || '{{phone}}').split('{{phone}}');
      a.append(parts[0] || '');
      h('bdi', '', r.phone, a);
      a.append(parts[1] || '');
    }
    field(item, t.address || '', r.address);
    field(item, t.hours || '', r.hours);
    (r.notes || []).forEach((note) => h('p', 'note', note, item));
  }

  function clearChoices() {
    const old = log.querySelectorAll('.' + P + 'choices');
    for (let i = 0; i < old.length; i++) old[i]?.remove();
  }

  function showBot(m: Message): HTMLElement {
    const recs = m.recommendations || [];
    const emergency = m.kind === 'emergency';
    const d = h(
      'div',
      'msg bot' + (emergency ? ' emergency' : '') + (recs.length || emergency ? ' wide' : ''),
    );
    d.lang = m.lang;
    d.dir = dirOf(m.lang);
    const p = h('p', 'text', '', d);
    prefix(p, t.bot || '');
    if (emergency) h('strong', 'badge', t.emergency, p);
    // With cards, the first line (the header) introduces them; the numbered lines would repeat the cards.
    p.append(recs.length ? m.text.split('\n')[0] || '' : m.text);
    if (recs.length) {
      const list = h('ul', 'cards', '', d);
      recs.forEach((r) => card(r, h('li', 'card', '', list)));
      if (m.kind === 'recommendation') offerSms();
    }
    if (m.choices && m.choices.length) {
      const group = h('div', 'choices', '', d);
      group.setAttribute('role', 'group');
      group.setAttribute('aria-label', t.choices || '');
      m.choices.forEach((c) => {
        const b = h('button', 'btn', c.label, group);
        b.type = 'button';
        b.addEventListener('click', () => {
          if (send(c.label)) log.focus(); // not the input: no keyboard popping up on a phone
        });
      });
    }
    log.appendChild(d);
    return d;
  }

  function showMine(text: string): HTMLElement {
    const d = h('div', 'msg me', '', log);
    d.lang = lang;
    const p = h('p', 'text', '', d);
    prefix(p, t.you || '');
    h('bdi', '', text, p);
    reveal(d);
    return d;
  }

  /** Scrolls the log so that the start of `el` is in view (long answers are read from their start). */
  function reveal(el: HTMLElement) {
    log.scrollTop = el.offsetTop - 8;
  }

  let queue = Promise.resolve();
  /** Renders a batch in order, once the interface strings are in the batch's language. */
  function show(messages?: Message[]) {
    if (!messages || !messages.length) return;
    const batch = messages;
    queue = queue
      .then(() => follow((batch[batch.length - 1] as Message).lang))
      .then(() => {
        clearChoices();
        reveal(batch.map(showBot)[0] as HTMLElement);
      });
  }

  // ---- transport -------------------------------------------------------------------------------------
  let id = stored();
  let mode: '' | 'ws' | 'http' = '';
  let socket: WebSocket | null = null;
  let everOpen = false;
  let tries = 0;
  let lost = false;

  function retry() {
    lost = true;
    say(t.lost || '');
    const delay = DELAYS[Math.min(tries++, DELAYS.length - 1)];
    window.setTimeout(connect, delay);
  }

  function back() {
    tries = 0;
    if (lost) say(t.back || '', true);
    lost = false;
  }

  let failed = false;
  function fail() {
    failed = true;
    say(t.error || '');
  }

  function receive(f: Frame) {
    if (f.id) store((id = f.id));
    if (f.type === 'error') return fail();
    if (failed) say('');
    failed = false;
    show(f.messages);
  }

  function connect() {
    mode = 'ws';
    let ws: WebSocket;
    try {
      ws = new WebSocket(wsUrl);
    } catch {
      return startHttp();
    }
    let opened = false;
    ws.onopen = () => {
      opened = everOpen = true;
      socket = ws;
      // After a dropped connection the page still shows the conversation: resume without repeating the question.
      ws.send(
        JSON.stringify(
          id ? { type: 'resume', id, quiet: log.childElementCount > 0 } : { type: 'start', locale: lang },
        ),
      );
      back();
    };
    ws.onmessage = (e) => {
      try {
        receive(JSON.parse(String(e.data)) as Frame);
      } catch {
        // not JSON: ignore
      }
    };
    ws.onclose = () => {
      socket = null;
      // WebSocket never worked from this page (blocked by a proxy, a firewall…): use the HTTP API.
      if (!opened && !everOpen) startHttp();
      else retry();
    };
  }

  function post(path: string, body: object): Promise<Frame> {
    return fetch(origin + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }).then((r) =>
      r.json().then((json: Frame) => {
        if (!r.ok) throw json.error || { code: 'http-' + r.status };
        return json;
      }),
    );
  }

  function startHttp(): void {
    mode = 'http';
    const begin = () =>
      post('/api/conversations', { locale: lang }).then((f) => {
        receive(f);
        back();
      }, retry);
    if (!id) {
      begin();
      return;
    }
    // After a reload: continue the stored conversation; an expired one starts again.
    fetch(origin + '/api/conversations/' + encodeURIComponent(id)).then(
      (r) =>
        r.ok
          ? r.json().then((f: Frame) => {
              if (log.childElementCount === 0) receive(f);
              back();
            })
          : begin(),
      retry,
    );
  }

  /** Sends the person's text; false when it could not leave (the text stays in the input). */
  function send(raw: string): boolean {
    const text = raw.trim();
    if (!text) return false;
    const ws = mode === 'ws' && socket && socket.readyState === WebSocket.OPEN ? socket : null;
    if (!ws && !(mode === 'http' && id && !lost)) {
      say(t.lost || '');
      return false;
    }
    clearChoices();
    if (status.textContent === t.erased) say('');
    const mine = showMine(text);
    if (ws) ws.send(JSON.stringify({ type: 'message', text }));
    else
      post('/api/conversations/' + encodeURIComponent(id || '') + '/messages', { text }).then(
        receive,
        (e: { code?: string }) => {
          // Not delivered: take the bubble back and give the text back to retype or resend.
          mine.remove();
          if (!input.value) input.value = text;
          if (e && e.code === 'unknown-conversation') startHttp();
          else fail();
        },
      );
    return true;
  }

  // ---- send the answer by SMS ------------------------------------------------------------------------
  let canSms: Promise<boolean> | null = null;
  /** Shows "Recevoir par SMS" once an answer is on screen, when this server can send SMS. */
  function offerSms() {
    canSms =
      canSms ||
      fetch(origin + '/api/features')
        .then((r) => r.json())
        .then(
          (f: { sendSms?: boolean }) => f.sendSms === true,
          () => false,
        );
    canSms.then((yes) => (smsButton.hidden = !yes));
  }

  function showSms(on: boolean) {
    smsForm.hidden = !on;
    smsButton.setAttribute('aria-expanded', String(on));
    (on ? phone : smsButton).focus();
  }

  let smsTimer = 0;
  /** Empties the status first, so that the same words said twice are announced twice. */
  function smsSay(text?: string) {
    smsStatus.textContent = '';
    clearTimeout(smsTimer);
    smsTimer = window.setTimeout(() => (smsStatus.textContent = text || ''), 100);
  }

  function wrongPhone() {
    phone.setAttribute('aria-invalid', 'true');
    phone.focus();
    smsSay(t.smsInvalid);
  }

  let smsBusy = false;
  smsButton.addEventListener('click', () => showSms(smsForm.hidden));
  smsForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const number = phone.value.trim();
    if (smsBusy) return;
    phone.removeAttribute('aria-invalid');
    if (!number) return wrongPhone();
    smsBusy = true;
    smsSay(t.smsSending);
    post('/api/conversations/' + encodeURIComponent(id || '') + '/sms', { phone: number })
      .then(
        (f) => {
          phone.value = ''; // the number is not kept here either
          smsSay((t.smsSent || '').replace('{{count}}', String(f.sms)));
        },
        (error: { code?: string }) => {
          const code = error && error.code;
          if (code === 'invalid-phone') wrongPhone();
          else
            smsSay(
              code === 'too-many'
                ? t.smsTooMany
                : code === 'opted-out'
                  ? t.smsOptedOut
                  : code === 'no-answer-yet' || code === 'unknown-conversation'
                    ? t.smsNoAnswer
                    : t.smsFailed,
            );
        },
      )
      .then(() => (smsBusy = false));
  });

  // ---- erase the conversation (the right to erasure) -------------------------------------------------
  function showAsk(on: boolean) {
    ask.hidden = !on;
    eraseButton.setAttribute('aria-expanded', String(on));
    (on ? noButton : eraseButton).focus(); // "No" first: pressing Enter twice does not erase
  }

  let erasing = false;
  eraseButton.addEventListener('click', () => showAsk(ask.hidden));
  noButton.addEventListener('click', () => showAsk(false));
  yesButton.addEventListener('click', () => {
    if (erasing) return;
    erasing = true;
    fetch(origin + '/api/conversations/' + encodeURIComponent(id || '-'), { method: 'DELETE' })
      .then((r) => {
        if (!r.ok) throw r;
        store((id = ''));
        log.textContent = '';
        smsButton.hidden = smsForm.hidden = ask.hidden = true;
        for (const b of [smsButton, eraseButton]) b.setAttribute('aria-expanded', 'false');
        say(t.erased || '');
        input.focus();
        // A new conversation, the welcome again: on the same socket, or over HTTP.
        if (mode === 'ws' && socket && socket.readyState === WebSocket.OPEN)
          socket.send(JSON.stringify({ type: 'start', locale: lang }));
        else if (mode === 'http' && !lost) startHttp();
      })
      .catch(() => {
        showAsk(false);
        say(t.eraseFailed || '');
      })
      .then(() => (erasing = false));
  });

  // ---- behaviour -------------------------------------------------------------------------------------
  function open() {
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    root.classList.add(P + 'open');
    input.focus();
    if (!mode) connect();
  }
  function close() {
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    root.classList.remove(P + 'open');
    launcher.focus();
  }

  launcher.addEventListener('click', () => (panel.hidden ? open() : close()));
  closeButton.addEventListener('click', close);
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      // In the SMS form, Escape closes that form only.
      if (smsForm.contains(document.activeElement)) showSms(false);
      else if (ask.contains(document.activeElement)) showAsk(false);
      else close();
    } else if (e.key === 'Tab' && panel.offsetWidth >= window.innerWidth) {
      // Full screen (small screen, zoom): the page is hidden behind the panel, so Tab cycles inside it.
      const [from, to] = e.shiftKey ? [printButton, sendButton] : [sendButton, printButton];
      if (document.activeElement === from) {
        e.preventDefault();
        to.focus();
      }
    }
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (send(input.value)) input.value = '';
    input.focus();
  });
  printButton.addEventListener('click', () => {
    const classes = document.documentElement.classList;
    classes.add(P + 'printing');
    window.addEventListener('afterprint', () => classes.remove(P + 'printing'), { once: true });
    window.print();
  });

  function mount() {
    const style = h('style');
    style.textContent = CSS.replace(/\.P-/g, '.' + P);
    document.head.appendChild(style);
    applyTexts();
    document.body.appendChild(root);
  }

  loadTexts(lang)
    .catch(() => loadTexts((lang = 'fr')))
    .then((texts) => {
      t = texts;
      if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount);
      else mount();
    })
    .catch(() => console.warn('aiguillage: the widget texts could not be loaded from ' + origin));
})();
