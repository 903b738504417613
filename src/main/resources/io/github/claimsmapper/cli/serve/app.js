// The preview page: sends the editors' texts to the server as you type and shows what the
// function would do with them. Every request carries the token of the page's own URL.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const token = new URLSearchParams(location.search).get('token') || '';
  const DEBOUNCE_MS = 120;

  // saved: what the last save wrote, shown before the preview's summary until the mapping is edited
  const state = { file: '', version: '', errors: 0, sources: [], items: {}, table: false, seq: 0, saved: '' };
  let controller = null;
  let timer = null;

  const api = async (path, body, signal) => {
    const response = await fetch(path + '?token=' + encodeURIComponent(token), {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      credentials: 'same-origin',
    });
    const json = await response.json().catch(() => ({ error: 'HTTP ' + response.status }));
    if (!response.ok) throw new Error(json.error || 'HTTP ' + response.status);
    return json;
  };

  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };

  const fill = (list, values, make) => {
    list.replaceChildren(...values.map(make));
  };

  const status = (text) => {
    $('status').textContent = text;
  };

  const editor = MappingEditor.attach($('mapping'), $('highlight'), $('gutter'));

  // ---- items: one editor per source the mapping reads ----
  const itemEditors = () => {
    const box = $('items');
    const names = state.sources;
    if (box.dataset.names === names.join(',')) return;
    box.dataset.names = names.join(',');
    box.replaceChildren();
    for (const name of names) {
      if (!state.items[name]) {
        state.items[name] = { mode: state.table ? 'table' : 'none', text: '{\n}\n' };
      }
      const item = state.items[name];
      const div = el('div', 'item');
      const h = el('h3', null, name === 'item' ? 'Item (primary source)' : 'Item of source ' + name);
      const mode = el('select');
      mode.id = 'item-mode-' + name;
      const modes = [['json', 'plain or DynamoDB JSON'], ['none', 'no item']];
      if (state.table) modes.push(['table', 'read from the table']);
      for (const [value, label] of modes) {
        const option = el('option', null, label);
        option.value = value;
        mode.append(option);
      }
      mode.value = item.mode;
      const text = el('textarea', 'json');
      text.id = 'item-' + name;
      text.spellcheck = false;
      text.wrap = 'off';
      text.value = item.text;
      text.hidden = item.mode !== 'json';
      mode.addEventListener('change', () => {
        item.mode = mode.value;
        text.hidden = item.mode !== 'json';
        schedule();
      });
      text.addEventListener('input', () => {
        item.text = text.value;
        schedule();
      });
      h.append(mode);
      div.append(h, text);
      box.append(div);
    }
  };

  const itemsRequest = () => {
    const items = {};
    for (const name of new Set(Object.keys(state.items).concat(state.sources))) {
      const item = state.items[name];
      if (!item || item.mode === 'none') items[name] = null;
      else if (item.mode === 'json') items[name] = item.text;
    }
    return items;
  };

  // ---- the preview ----
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(preview, DEBOUNCE_MS);
  };

  const preview = async () => {
    if (controller) controller.abort();
    controller = new AbortController();
    const seq = ++state.seq;
    const started = performance.now();
    let answer;
    try {
      answer = await api(
        '/api/preview',
        { mapping: $('mapping').value, event: $('event').value, items: itemsRequest() },
        controller.signal,
      );
    } catch (e) {
      if (e.name !== 'AbortError') status(e.message);
      return;
    }
    if (seq !== state.seq) return;
    show(answer);
    document.body.dataset.seq = String(seq);
    status((state.saved ? state.saved + ' · ' : '') + answer.summary + ' · updated in '
      + Math.round(performance.now() - started) + ' ms');
  };

  const show = (answer) => {
    state.errors = answer.errors;
    const errors = answer.diagnostics.filter((d) => d.severity === 'error');
    const warnings = answer.diagnostics.filter((d) => d.severity === 'warning');
    const diagnostic = (d) => {
      const li = el('li', null, d.line + ':' + d.column + ': ' + d.path + ': ' + d.message);
      li.dataset.line = d.line;
      li.addEventListener('click', () => editor.reveal(d.line));
      return li;
    };
    fill($('errors'), errors, diagnostic);
    fill($('warnings'), warnings, diagnostic);
    $('error-count').textContent = '(' + errors.length + ')';
    $('warning-count').textContent = '(' + warnings.length + ')';
    $('summary').textContent = answer.summary;
    editor.mark(answer.diagnostics);
    const stale = !answer.sources;
    $('stale').hidden = !stale;
    document.querySelector('.result').classList.toggle('stale', stale);
    if (stale) return;
    state.sources = answer.sources;
    itemEditors();
    $('input-problem').hidden = !answer.inputProblem;
    $('input-problem').textContent = answer.inputProblem || '';
    if (answer.render) showRender(answer.render);
    if (answer.diff) showDiff(answer.diff);
  };

  const located = (line) => {
    const prefix = state.file + ':';
    if (!line.startsWith(prefix)) return 0;
    const m = /^(\d+):/.exec(line.slice(prefix.length));
    return m ? Number(m[1]) : 0;
  };

  const showRender = (render) => {
    $('denied').hidden = !render.denied;
    $('denied').textContent = render.denied
      ? 'Denied: the function would fail this sign-in.\nThe user would see: ' + render.userMessage +
        '\nWhy: ' + render.reason
      : '';
    const tokens = render.tokens || [];
    fill($('tokens'), tokens, (t) => {
      const div = el('div', 'token');
      div.dataset.token = t.name;
      const h = el('h3');
      h.append(el('span', null, t.name), el('span', 'muted', t.bytes + ' bytes (preview)'));
      div.append(h, el('pre', null, JSON.stringify(t.claims, null, 2)));
      return div;
    });
    const sizes = (render.sizes || []).map((s) => {
      const name = s.token === 'idToken' ? 'ID token' : 'access token';
      return s.limit === null
        ? name + ' added claims: ' + s.bytes + ' bytes (no limits.maxClaimBytes)'
        : name + ' added claims: ' + s.bytes + ' of ' + s.limit + ' bytes (limits.maxClaimBytes)' +
            (s.bytes > s.limit ? ' OVER' : '');
    });
    $('sizes').textContent = render.denied ? '' : sizes.join(' · ');
    $('token-note').textContent = render.denied ? '' : render.tokenNote;
    $('response').textContent = render.denied ? '' : JSON.stringify(render.response, null, 2);
    fill($('explain'), render.explain, (line) => {
      const m = /: (applied|omitted|defaulted|skipped|overridden|failed|denied|missing): /.exec(line);
      const at = located(line);
      // the file is the one in the editor: its line and column say enough
      const li = el('li', m ? m[1] : null, at > 0 ? line.slice(state.file.length + 1) : line);
      li.title = line;
      if (at > 0) li.addEventListener('click', () => editor.reveal(at));
      return li;
    });
    fill($('notes'), render.notes.concat(render.log), (line) => el('li', 'muted', line));
  };

  const showDiff = (diff) => {
    $('baseline').textContent = diff.baseline;
    if (diff.problem) {
      fill($('diff'), [diff.problem], (t) => el('li', 'problem', t));
    } else if (diff.changes.length === 0) {
      fill($('diff'), ['no changes'], (t) => el('li', 'muted', t));
    } else {
      fill($('diff'), diff.changes, (t) => el('li', null, t));
    }
  };

  // ---- the event ----
  const setEvent = (text) => {
    $('event').value = text;
    try {
      $('trigger').value = JSON.parse(text).triggerSource || '';
    } catch (e) {
      // an edited event that is not JSON: the server says where
    }
  };

  const retrigger = () => {
    try {
      const event = JSON.parse($('event').value);
      event.triggerSource = $('trigger').value;
      $('event').value = JSON.stringify(event, null, 2) + '\n';
      schedule();
    } catch (e) {
      status('the event is not valid JSON: fix it before choosing a trigger source');
    }
  };

  // ---- save, after confirming (twice for a mapping with errors) ----
  const confirmBar = (text, yes) =>
    new Promise((resolve) => {
      $('confirm-text').textContent = text;
      $('confirm-yes').textContent = yes;
      $('confirm').hidden = false;
      const done = (answer) => {
        $('confirm').hidden = true;
        $('confirm-yes').onclick = null;
        $('confirm-no').onclick = null;
        resolve(answer);
      };
      $('confirm-yes').onclick = () => done(true);
      $('confirm-no').onclick = () => done(false);
    });

  const save = async () => {
    const errors = state.errors;
    const first = errors > 0
      ? 'The mapping has ' + errors + ' error(s): the function would not start with it. Save it anyway?'
      : 'Write the editor\'s text to ' + state.file + '?';
    if (!(await confirmBar(first, errors > 0 ? 'Continue' : 'Save'))) return;
    if (errors > 0 &&
        !(await confirmBar('Really write ' + state.file + ' with ' + errors + ' error(s)?', 'Save anyway'))) {
      return;
    }
    try {
      const saved = await api('/api/save', {
        mapping: $('mapping').value, version: state.version, confirmed: true, despiteErrors: errors > 0,
      });
      state.version = saved.version;
      state.saved = 'saved ' + saved.saved;
      status(state.saved);
      schedule();
    } catch (e) {
      status(e.message);
    }
  };

  const runTests = async () => {
    $('tests-summary').textContent = 'running...';
    try {
      const result = await api('/api/tests', { mapping: $('mapping').value });
      $('tests-summary').textContent = result.summary;
      fill($('tests'), result.cases, (c) => {
        const li = el('li', c.passed ? 'pass' : 'fail', (c.passed ? 'PASS ' : 'FAIL ') + c.name);
        for (const reason of c.failures) li.append(el('div', null, '  ' + reason));
        return li;
      });
    } catch (e) {
      $('tests-summary').textContent = e.message;
      $('tests').replaceChildren();
    }
  };

  const start = async () => {
    let initial;
    try {
      initial = await api('/api/state');
    } catch (e) {
      status(e.message);
      return;
    }
    state.file = initial.file;
    state.version = initial.version;
    state.table = initial.table;
    for (const [name, text] of Object.entries(initial.items)) {
      state.items[name] = text === null ? { mode: 'none', text: '{\n}\n' } : { mode: 'json', text };
    }
    $('file').textContent = initial.file;
    $('baseline').textContent = initial.baseline;
    $('run-tests').disabled = !initial.tests;
    $('tests-summary').textContent = initial.tests ? 'cases in ' + initial.tests : 'start serve with --tests DIR to run test cases';
    $('mapping').value = initial.mapping;
    editor.render();
    for (const s of initial.samples) {
      const option = el('option', null, s.label + ' (' + s.name + ')');
      option.value = s.name;
      $('sample').append(option);
    }
    for (const t of initial.triggerSources) {
      const option = el('option', null, t);
      option.value = t;
      $('trigger').append(option);
    }
    const samples = new Map(initial.samples.map((s) => [s.name, s.event]));
    setEvent(initial.samples[0].event);
    $('sample').addEventListener('change', () => {
      setEvent(samples.get($('sample').value));
      schedule();
    });
    $('trigger').addEventListener('change', retrigger);
    $('mapping').addEventListener('input', () => {
      state.saved = '';
      schedule();
    });
    $('event').addEventListener('input', schedule);
    $('save').addEventListener('click', save);
    $('run-tests').addEventListener('click', runTests);
    preview();
  };

  start();
})();
