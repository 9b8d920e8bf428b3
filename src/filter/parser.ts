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

class Parser {
  private i = 0;
  constructor(private readonly toks: Token[]) {}
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
    let a = this.and();
    while (this.tt() === T.OR) { const tok = this.next(); a = { k: 'or', a, b: this.and(), tok }; }
    return a;
  }
  private and(): Node {
    let a = this.not();
    while (this.tt() === T.AND) { const tok = this.next(); a = { k: 'and', a, b: this.not(), tok }; }
    return a;
  }
  private not(): Node {
    if (this.tt() === T.NOT) { const tok = this.next(); return { k: 'not', a: this.not(), tok }; }
    if (this.tt() === T.LPAREN) {
      this.next();
      const e = this.expr();
      this.expect(T.RPAREN);
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
    let b = this.arith();
    let res: Node = { k: 'test', op: tok.value, a, b, tok };
    while (this.tt() === T.CMP) {
      tok = this.next();
      const c = this.arith();
      res = { k: 'and', a: res, b: { k: 'test', op: tok.value, a: b, b: c, tok }, tok };
      b = c;
    }
    return res;
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
    while (this.tt() === T.BITAND) { const tok = this.next(); a = { k: 'arith', op: '&', a, b: this.sum(), tok }; }
    return a;
  }
  private sum(): Node {
    let a = this.prod();
    while (this.tt() === T.PLUS || this.tt() === T.MINUS) { const tok = this.next(); a = { k: 'arith', op: tok.value, a, b: this.prod(), tok }; }
    return a;
  }
  private prod(): Node {
    let a = this.unary();
    while (this.tt() === T.STAR || this.tt() === T.SLASH || this.tt() === T.PERCENT) {
      const tok = this.next(); a = { k: 'arith', op: tok.value, a, b: this.unary(), tok };
    }
    return a;
  }
  private unary(): Node {
    if (this.tt() === T.MINUS) { const tok = this.next(); return { k: 'neg', a: this.unary(), tok }; }
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
          return { k: 'func', name: tok.value, args, tok };
        }
        return { k: 'word', tok, layer: null };
      }
      case T.STRING: this.next(); return { k: 'string', tok };
      case T.CHARCONST: this.next(); return { k: 'char', tok };
      case T.LBRACE: {
        this.next();
        const e = this.arith();
        this.expect(T.RBRACE);
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
  return new Parser(tokenize(text)).parse();
}
