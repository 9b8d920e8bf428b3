// -V: the protocol tree as text, four spaces per level, generated items in brackets, hidden ones left out.
import { ItemFlag, type PNode } from '../dissect/tree.js';
import { renderLabel } from './labels.js';

function walk(n: PNode, depth: number, out: string[]): void {
  if (!n.children) return;
  for (const c of n.children) {
    if (c.flags & ItemFlag.Hidden) continue;
    const label = renderLabel(c);
    out.push(' '.repeat(depth * 4) + (c.flags & ItemFlag.Generated ? `[${label}]` : label) + '\n');
    walk(c, depth + 1, out);
  }
}

export function treeText(root: PNode): string {
  const out: string[] = [];
  walk(root, 0, out);
  return out.join('');
}
