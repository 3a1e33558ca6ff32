// Finds the vector selectors of a PromQL expression, for lint checks on the generated JSON. Not a
// full parser (the live-Prometheus test has the real one): it knows functions, the label lists of
// by/without/on/ignoring/group_left/group_right, strings, numbers and ranges, which is all our
// queries use.
export interface VectorSelector {
  name: string;
  matchers: Record<string, { op: string; value: string }>;
  range?: string;
  /** Innermost function whose argument list holds the selector. */
  fn?: string;
}

const LABEL_LIST_KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
const OPERATOR_KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset']);

export function vectorSelectors(expr: string): VectorSelector[] {
  const out: VectorSelector[] = [];
  const stack: string[] = [];
  let i = 0;
  const skipSpace = () => {
    while (/\s/.test(expr[i] ?? '')) i++;
  };
  const readString = () => {
    const quote = expr[i++];
    let s = '';
    while (i < expr.length && expr[i] !== quote) {
      if (expr[i] === '\\') s += expr[i++];
      s += expr[i++];
    }
    i++;
    return s;
  };
  const readMatchers = () => {
    const matchers: VectorSelector['matchers'] = {};
    i++; // {
    for (;;) {
      skipSpace();
      if (expr[i] === '}') return (i++, matchers);
      if (expr[i] === ',') {
        i++;
        continue;
      }
      const label = /^[a-zA-Z_]\w*/.exec(expr.slice(i));
      if (!label) throw new Error(`bad matcher at ${i} in ${expr}`);
      i += label[0].length;
      skipSpace();
      const op = /^(=~|!~|!=|=)/.exec(expr.slice(i))![0];
      i += op.length;
      skipSpace();
      matchers[label[0]] = { op, value: readString() };
    }
  };
  while (i < expr.length) {
    const c = expr[i];
    if (c === '"' || c === "'") {
      readString();
    } else if (c === '(') {
      stack.push('');
      i++;
    } else if (c === ')') {
      stack.pop();
      i++;
    } else if (c === '{') {
      out.push(selectorAt('', readMatchers()));
    } else if (/[0-9.]/.test(c)) {
      i += /^[0-9.]+(e[+-]?\d+)?/i.exec(expr.slice(i))?.[0].length ?? 1;
    } else if (/[a-zA-Z_:]/.test(c)) {
      const id = /^[a-zA-Z_:][\w:]*/.exec(expr.slice(i))![0];
      i += id.length;
      skipSpace();
      // `sum by (a, b) (...)`: an aggregation with its grouping before the argument list.
      const grouping = /^(by|without)\s*\(/.exec(expr.slice(i));
      if (grouping && !LABEL_LIST_KEYWORDS.has(id)) {
        i = expr.indexOf(')', i) + 1;
        skipSpace();
      }
      if (LABEL_LIST_KEYWORDS.has(id)) {
        if (expr[i] === '(') i = expr.indexOf(')', i) + 1;
      } else if (OPERATOR_KEYWORDS.has(id)) {
        // binary operator keyword
      } else if (expr[i] === '(') {
        stack.push(id);
        i++;
      } else {
        out.push(selectorAt(id, expr[i] === '{' ? readMatchers() : {}));
      }
    } else {
      i++;
    }
  }
  return out;

  function selectorAt(name: string, matchers: VectorSelector['matchers']): VectorSelector {
    skipSpace();
    let range: string | undefined;
    if (expr[i] === '[') {
      const end = expr.indexOf(']', i);
      range = expr.slice(i + 1, end);
      i = end + 1;
    }
    const fn = [...stack].reverse().find((f) => f !== '');
    return {
      name: name || matchers.__name__?.value || '',
      matchers,
      range,
      fn: stack.length ? stack[stack.length - 1] || fn : undefined,
    };
  }
}
