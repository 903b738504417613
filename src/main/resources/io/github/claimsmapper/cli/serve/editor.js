// The mapping editor: a text area over a highlighted copy of its text, with a line-number gutter
// and the diagnostics at their lines. Hand-written and small: the page works offline, from the jar.
'use strict';

const MappingEditor = (() => {
  const escape = (text) =>
    text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

  const span = (cls, text) => '<span class="' + cls + '">' + escape(text) + '</span>';

  // a quoted string, with ${...} (templates, placeholders) marked inside it
  const quoted = (text) =>
    '<span class="s">' +
    escape(text).replace(/\$\{[^}]*\}?/g, (m) => '<span class="p">' + m + '</span>') +
    '</span>';

  // a scalar value: quoted text, a number, true/false/null, or a plain (JMESPath) expression
  const scalar = (text) => {
    const value = text.trim();
    if (value === '') return escape(text);
    const lead = text.slice(0, text.indexOf(value));
    const tail = text.slice(lead.length + value.length);
    let html;
    if (/^(['"]).*\1$/.test(value)) html = quoted(value);
    else if (/^-?(\d+(\.\d+)?([eE][-+]?\d+)?)$/.test(value)) html = span('n', value);
    else if (/^(true|false|null|~)$/.test(value)) html = span('b', value);
    else if (/^[[{]/.test(value)) html = flow(value);
    else html = span('p', value);
    return escape(lead) + html + escape(tail);
  };

  // a flow collection ({ a: b } or [a, b]): keys, strings and punctuation
  const flow = (text) => {
    let html = '';
    const token = /("[^"]*"?|'[^']*'?)|([\w$./:-]+)(\s*:(?=\s))|([[\]{},])|([^"'[\]{},]+)/g;
    let m;
    while ((m = token.exec(text)) !== null) {
      if (m[1]) html += quoted(m[1]);
      else if (m[2]) html += span('k', m[2]) + escape(m[3]);
      else if (m[4]) html += escape(m[4]);
      else html += scalar(m[5]);
    }
    return html;
  };

  // where a comment starts: a # at the line's start or after a space, outside quotes
  const commentAt = (line) => {
    let quote = null;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quote) {
        if (c === quote) quote = null;
      } else if (c === '"' || c === "'") {
        quote = c;
      } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) {
        return i;
      }
    }
    return -1;
  };

  const line = (text) => {
    const at = commentAt(text);
    const code = at < 0 ? text : text.slice(0, at);
    const comment = at < 0 ? '' : span('c', text.slice(at));
    const m = /^(\s*(?:-\s+)*)((?:"[^"]*"|'[^']*'|[^\s#'"{[][^:#]*?))(:)(\s+|$)(.*)$/.exec(code);
    if (m) {
      return escape(m[1]) + span('k', m[2]) + escape(m[3] + m[4]) + scalar(m[5]) + comment;
    }
    const item = /^(\s*-\s+)(.*)$/.exec(code);
    if (item) return escape(item[1]) + scalar(item[2]) + comment;
    return scalar(code) + comment;
  };

  /** Highlights YAML text: one block per line, so a line can carry its diagnostics' colour. */
  const highlight = (text, marks) =>
    text
      .split('\n')
      .map((t, i) => {
        const mark = marks.get(i + 1);
        return '<div' + (mark ? ' class="line-' + mark + '"' : '') + '>' + line(t) + '</div>';
      })
      .join('');

  const attach = (textarea, pre, gutter) => {
    let marks = new Map();
    let titles = new Map();
    let focus = 0;
    const render = () => {
      pre.innerHTML = highlight(textarea.value, marks) + '<div></div><div></div>';
      if (focus > 0 && pre.children[focus - 1]) pre.children[focus - 1].classList.add('line-focus');
      const lines = textarea.value.split('\n').length;
      const rows = [];
      for (let i = 1; i <= lines; i++) {
        const mark = marks.get(i);
        const title = titles.get(i);
        rows.push(
          '<div data-line="' + i + '"' + (mark ? ' class="' + mark + '"' : '') +
            (title ? ' title="' + escape(title).replace(/"/g, '&quot;') + '"' : '') + '>' + i + '</div>');
      }
      gutter.innerHTML = rows.join('') + '<div></div><div></div>';
      sync();
    };
    const sync = () => {
      pre.scrollTop = textarea.scrollTop;
      pre.scrollLeft = textarea.scrollLeft;
      gutter.scrollTop = textarea.scrollTop;
    };
    textarea.addEventListener('input', render);
    textarea.addEventListener('scroll', sync);
    textarea.addEventListener('keydown', (e) => {
      if (e.key === 'Tab' && !e.shiftKey && !e.ctrlKey && !e.metaKey) {
        e.preventDefault(); // YAML indents with spaces
        textarea.setRangeText('  ', textarea.selectionStart, textarea.selectionEnd, 'end');
        textarea.dispatchEvent(new Event('input'));
      }
    });
    return {
      /** Colours the lines with diagnostics: errors over warnings. */
      mark(diagnostics) {
        marks = new Map();
        titles = new Map();
        for (const d of diagnostics) {
          if (d.severity === 'error' || !marks.has(d.line)) marks.set(d.line, d.severity);
          titles.set(d.line, (titles.has(d.line) ? titles.get(d.line) + '\n' : '') + d.message);
        }
        render();
      },
      /** Shows a line: the caret at its start, scrolled into view, outlined. */
      reveal(lineNumber) {
        const lines = textarea.value.split('\n');
        let offset = 0;
        for (let i = 0; i < lineNumber - 1 && i < lines.length; i++) offset += lines[i].length + 1;
        textarea.focus();
        textarea.setSelectionRange(offset, offset);
        textarea.scrollTop = Math.max(0, (lineNumber - 5) * 18);
        focus = lineNumber;
        render();
      },
      render,
    };
  };

  return { attach, highlight };
})();
