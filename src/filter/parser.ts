// Display-filter grammar (Wireshark 4.0's grammar.lemon, as a recursive-descent parser).
//   expr     := and ( ('or' | '||') and )*
//   and      := not ( ('and' | '&&') not )*
//   not      := ('not' | '!') not | '(' expr ')' | relation
//   relation := arith ( CMP arith )*  |  arith ['not'] 'in' set        (a < b < c means a < b and b < c)
//   arith    := sum ( '&' sum )* ; sum := prod ( ('+'|'-') prod )* ; prod := unary ( ('*'|'/'|'%') unary )*
//   unary    := '-' unary | postfix ; postfix := primary ( '#' layer )? ( '[' ranges ']' )*
//   primary  := WORD | STRING | CHARCONST | WORD '(' args ')' | '{' arith '}' | '$' '{' WORD '}'
import { SyntaxErr, T, type Token, tokenize } from './lexer.js';

export interface RangeSpec { text: string; pos: number; len: number }

export type Node =
  | { k: 'or' | 'and'; a: Node; b: Node; tok: Token }
  | { k: 'not'; a: Node; tok: Token }
  | { k: 'test'; op: string; a: Node; b: Node; tok: Token }
  | { k: 'in'; a: Node; items: SetItem[]; neg: boolean; tok: Token }
  | { k: 'word'; tok: Token; layer: RangeSpec[] | null }
  | { k: 'string'; tok: Token }
  | { k: 'char'; tok: Token }
  | { k: 'slice'; a: Node; ranges: RangeSpec[]; tok: Token }
  | { k: 'func'; name: string; args: Node[]; tok: Token }
  | { k: 'arith'; op: string; a: Node; b: Node; tok: Token }
  | { k: 'neg'; a: Node; tok: Token }
  | { k: 'ref'; name: string; tok: Token };

export interface SetItem { lo: Node; hi: Node | null }

/** Start position and length of the text a node covers (for error carets). */
export function span(n: Node): { pos: number; len: number } {
  switch (n.k) {
    case 'word': case 'string': case 'char': case 'ref': return { pos: n.tok.pos, len: n.tok.len };
    case 'func': return { pos: n.tok.pos, len: n.tok.len };
    case 'slice': return span(n.a);
    default: return { pos: n.tok.pos, len: n.tok.len };
  }
}

/**
 * tshark's parser (lemon) has a stack of 100 entries: a filter nested deeper (parentheses, braces, function calls,
 * unary minus) overflows it, the parser drops what it had and goes on with the token after the one that overflowed.
 * We count nesting as lemon would grow its stack at each opener and restart the same way (iteratively, so no
 * JavaScript stack overflow either).
 */
const MAX_NESTING = 99;
class Overflow { constructor(readonly at: number) {} }

/**
 * A chain x0 op x1 op ... xn of an associative operator as a balanced tree (evaluated in the same order as the
 * left-deep one): a filter of thousands of clauses must not make compiling or matching recurse thousands deep.
 * ops[i] is the operator token between xs[i] and xs[i + 1].
 */
function balanced(k: 'and' | 'or', xs: Node[], ops: Token[], lo = 0, hi = xs.length - 1): Node {
  if (lo === hi) return xs[lo]!;
  const mid = (lo + hi) >> 1;
  return { k, a: balanced(k, xs, ops, lo, mid), b: balanced(k, xs, ops, mid + 1, hi), tok: ops[mid]! } as Node;
}

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly toks: Token[], start = 0) { this.i = start; }
  private open(n = 1): void { this.depth += n; if (this.depth > MAX_NESTING) throw new Overflow(this.i); }
  /** Parses a right operand with its left operand and operator pending on the stack. */
  private rhs<N>(f: () => N): N { this.depth += 2; const r = f(); this.depth -= 2; return r; }
  private get cur(): Token { return this.toks[this.i]!; }
  private tt(): T { return this.toks[this.i]!.t; }
  private next(): Token { return this.toks[this.i++]!; }
  private unexpected(tok: Token = this.cur): never {
    if (tok.t === T.EOF) throw new SyntaxErr('Unexpected end of filter expression.', tok.pos, 0);
    throw new SyntaxErr(`"${tok.text}" was unexpected in this context.`, tok.pos, tok.len);
  }
  private expect(t: T): Token {
    if (this.tt() !== t) this.unexpected();
    return this.next();
  }

  parse(): Node {
    const n = this.expr();
    if (this.tt() !== T.EOF) this.unexpected();
    return n;
  }

  private expr(): Node {
    const a = this.and();
    if (this.tt() !== T.OR) return a;
    const xs = [a], ops: Token[] = [];
    while (this.tt() === T.OR) { ops.push(this.next()); xs.push(this.rhs(() => this.and())); }
    return balanced('or', xs, ops);
  }
  private and(): Node {
    const a = this.not();
    if (this.tt() !== T.AND) return a;
    const xs = [a], ops: Token[] = [];
    while (this.tt() === T.AND) { ops.push(this.next()); xs.push(this.rhs(() => this.not())); }
    return balanced('and', xs, ops);
  }
  private not(): Node {
    if (this.tt() === T.NOT) {
      // a run of negations, without recursion: an even number cancels out
      const tok = this.next();
      let n = 1;
      while (this.tt() === T.NOT) { this.next(); n++; }
      const a = this.not();
      return n % 2 ? { k: 'not', a, tok } : a;
    }
    if (this.tt() === T.LPAREN) {
      this.open();
      this.next();
      const e = this.expr();
      this.expect(T.RPAREN);
      this.depth--;
      return e;
    }
    return this.relation();
  }
  private relation(): Node {
    const a = this.arith();
    if (this.tt() === T.IN || (this.tt() === T.NOT && this.toks[this.i + 1]?.t === T.IN)) {
      const neg = this.tt() === T.NOT;
      if (neg) this.next();
      const tok = this.next();
      return { k: 'in', a, items: this.set(), neg, tok };
    }
    if (this.tt() !== T.CMP) return a;
    let tok = this.next();
    let b = this.rhs(() => this.arith());
    const tests: Node[] = [{ k: 'test', op: tok.value, a, b, tok }], ops: Token[] = [];
    while (this.tt() === T.CMP) {
      tok = this.next();
      const c = this.rhs(() => this.arith());
      tests.push({ k: 'test', op: tok.value, a: b, b: c, tok });
      ops.push(tok);
      b = c;
    }
    return balanced('and', tests, ops);
  }
  private set(): SetItem[] {
    this.expect(T.LBRACE);
    const items: SetItem[] = [];
    for (;;) {
      const lo = this.unary();
      let hi: Node | null = null;
      if (this.tt() === T.DOTDOT) { this.next(); hi = this.unary(); }
      items.push({ lo, hi });
      if (this.tt() === T.COMMA) { this.next(); continue; }
      if (this.tt() === T.RBRACE) { this.next(); break; }
      this.unexpected();
    }
    return items;
  }
  private arith(): Node {
    let a = this.sum();
    while (this.tt() === T.BITAND) { const tok = this.next(); a = { k: 'arith', op: '&', a, b: this.rhs(() => this.sum()), tok }; }
    return a;
  }
  private sum(): Node {
    let a = this.prod();
    while (this.tt() === T.PLUS || this.tt() === T.MINUS) { const tok = this.next(); a = { k: 'arith', op: tok.value, a, b: this.rhs(() => this.prod()), tok }; }
    return a;
  }
  private prod(): Node {
    let a = this.unary();
    while (this.tt() === T.STAR || this.tt() === T.SLASH || this.tt() === T.PERCENT) {
      const tok = this.next(); a = { k: 'arith', op: tok.value, a, b: this.rhs(() => this.unary()), tok };
    }
    return a;
  }
  private unary(): Node {
    if (this.tt() === T.MINUS) { this.open(); const tok = this.next(); const a = this.unary(); this.depth--; return { k: 'neg', a, tok }; }
    if (this.tt() === T.PLUS) { this.next(); return this.unary(); }
    return this.postfix();
  }
  private postfix(): Node {
    let a = this.primary();
    if (this.tt() === T.HASH) {
      if (a.k !== 'word') this.unexpected();
      this.next();
      if (this.tt() === T.INDEX) {
        const t = this.next();
        a.layer = [{ text: t.value, pos: t.pos, len: t.len }];
      } else {
        a.layer = this.ranges();
      }
    }
    while (this.tt() === T.LBRACKET) {
      const tok = this.cur;
      a = { k: 'slice', a, ranges: this.ranges(), tok };
    }
    return a;
  }
  private ranges(): RangeSpec[] {
    this.expect(T.LBRACKET);
    const out: RangeSpec[] = [];
    for (;;) {
      const t = this.expect(T.RANGE);
      out.push({ text: t.value, pos: t.pos, len: t.len });
      if (this.tt() === T.COMMA) { this.next(); continue; }
      this.expect(T.RBRACKET);
      return out;
    }
  }
  private primary(): Node {
    const tok = this.cur;
    switch (tok.t) {
      case T.WORD: {
        this.next();
        if (this.tt() === T.LPAREN && /^[A-Za-z_][A-Za-z0-9_]*$/.test(tok.value)) {
          this.open(2);
          this.next();
          const args: Node[] = [];
          if (this.tt() !== T.RPAREN) {
            for (;;) {
              args.push(this.arith());
              if (this.tt() === T.COMMA) { this.next(); continue; }
              break;
            }
          }
          this.expect(T.RPAREN);
          this.depth -= 2;
          return { k: 'func', name: tok.value, args, tok };
        }
        return { k: 'word', tok, layer: null };
      }
      case T.STRING: this.next(); return { k: 'string', tok };
      case T.CHARCONST: this.next(); return { k: 'char', tok };
      case T.LBRACE: {
        this.open();
        this.next();
        const e = this.arith();
        this.expect(T.RBRACE);
        this.depth--;
        return e;
      }
      case T.DOLLAR: {
        this.next();
        this.expect(T.LBRACE);
        const w = this.expect(T.WORD);
        this.expect(T.RBRACE);
        return { k: 'ref', name: w.value, tok: w };
      }
      default: return this.unexpected();
    }
  }
}

export function parseFilter(text: string): Node {
  const toks = tokenize(text);
  let start = 0;
  for (;;) {
    try {
      const n = new Parser(toks, start).parse();
      if (start === 0) return n;
      // what follows an overflow parsed on its own: tshark still fails, on the token that overflowed
      const t = toks[start - 1]!;
      throw new SyntaxErr(`"${t.text}" was unexpected in this context.`, t.pos, t.len);
    } catch (e) {
      if (!(e instanceof Overflow)) throw e;
      start = e.at + 1;
    }
  }
}
